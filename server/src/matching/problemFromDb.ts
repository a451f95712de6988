import { isoWeekday, secondsOfDay } from "@tsunagu/contract";
import {
  type Db,
  type GtfsFeedDbRows,
  listDronePorts,
  listDroneRoutes,
  listGtfsFeeds,
  listHubs,
  listPlaces,
  listPlannableRequests,
  listResidents,
  listVehicles,
  loadGtfsFeedRows,
  type RequestRow,
  type ResidentRow,
  type VehicleRow,
} from "@tsunagu/db";
import { activeServiceIds } from "@tsunagu/geo";
import { haversineMeters, type TimeWindow } from "@tsunagu/matching";
import { availableWindowsOn } from "../domain/availability";
import { toEngineFeed } from "../domain/timetables/convert";
import type {
  DroneRoute,
  RegionalProblem,
  RegionalRequest,
  RoadVehicle,
  RoadVehicleKind,
  TimetabledStop,
  TimetabledTrip,
  TransferPoint,
} from "./engine";
import type { PlanRowNames } from "./planRows";

/**
 * Reads what one municipality has on one date from the database and builds
 * the regional planner's input. All the I/O of a match run's input is here;
 * the engine stays pure.
 */

/** A drone port or bus stop this close to a hub's place is "at" the hub (hand-overs use its transfer time). */
export const HUB_SERVES_WITHIN_M = 300;

/**
 * Vehicles the planner may send anywhere in their free hours. Not a route bus:
 * it drives its timetable all day, so what it offers is the spare seats and
 * cargo of its trips (the GTFS feed), never a detour. A school bus is both: its
 * runs are trips of the school-bus feed, and between them (its registry
 * availability) it is a vehicle like any van.
 */
const ROAD_KINDS: ReadonlySet<string> = new Set<RoadVehicleKind>([
  "car",
  "van",
  "wheelchair_van",
  "minibus",
  "school_bus",
  "truck",
]);

/**
 * The engine's view of one request row — the one conversion every caller uses
 * (match runs, live insertion, cost sharing). Contract priority 0–3 (3 =
 * medical/urgent) → engine weight 1–4. A rider is at least one passenger,
 * uses a wheelchair place when the request or the resident's record says so,
 * and walks to a stop only as far as the resident's limit (0 for wheelchair
 * users and for riders we know nothing about: door to door).
 */
export function regionalRequestOf(q: RequestRow, resident: ResidentRow | undefined): RegionalRequest {
  const base = {
    id: q.id,
    pickup: { lat: q.pickupLat, lon: q.pickupLon },
    dropoff: { lat: q.dropoffLat, lon: q.dropoffLon },
    earliest: secondsOfDay(q.earliest),
    latest: secondsOfDay(q.latest),
    priority: 1 + Math.max(0, Math.min(3, q.priority)),
  };
  if (q.kind === "parcel")
    return { ...base, kind: "parcel", weightKg: q.weightKg, sizeLitres: q.sizeLitres, cold: q.cold };
  const wheelchair = q.wheelchair || (resident?.wheelchair ?? false);
  return {
    ...base,
    kind: "ride",
    passengers: Math.max(1, q.passengers),
    wheelchair,
    escort: q.escort,
    maxWalkMeters: wheelchair ? 0 : (resident?.maxWalkM ?? 0),
  };
}

function parseJsonList<T>(text: string): T[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/**
 * A vehicle's windows on `date` in seconds, by the one availability rule
 * (domain/availability): disjoint and sorted, as the engine wants them.
 */
export function availabilityOn(
  row: Pick<VehicleRow, "availability" | "availabilityExceptions">,
  date: string,
): TimeWindow[] {
  return availableWindowsOn(row, date).map((w) => ({ start: w.from * 60, end: w.to * 60 }));
}

/** Stop times with untimed intermediate stops filled in linearly (GTFS allows them between timepoints). */
function timedStops(
  list: GtfsFeedDbRows["stopTimes"],
): { arrival: number; departure: number; row: GtfsFeedDbRows["stopTimes"][number] }[] {
  const times = list.map((st) => ({
    arrival: st.arrivalSec ?? st.departureSec,
    departure: st.departureSec ?? st.arrivalSec,
  }));
  let prev = -1;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!t || t.arrival === null) continue;
    if (prev >= 0 && i - prev > 1) {
      const a = times[prev]?.departure ?? 0;
      const b = t.arrival;
      for (let k = prev + 1; k < i; k++) {
        const at = Math.round(a + ((b - a) * (k - prev)) / (i - prev));
        times[k] = { arrival: at, departure: at };
      }
    }
    prev = i;
  }
  return list.flatMap((row, i) => {
    const t = times[i];
    return t && t.arrival !== null && t.departure !== null
      ? [{ arrival: t.arrival, departure: t.departure, row }]
      : [];
  });
}

/** The trips of one stored feed running on `date` that offer room, in the engine's shape. */
export function tripsOfFeed(rows: GtfsFeedDbRows, date: string): TimetabledTrip[] {
  const service = rows.feed.service === "school_bus" ? "school_bus" : "route_bus";
  const active = activeServiceIds(toEngineFeed(rows), date);
  const stops = new Map(rows.stops.map((s) => [s.stopId, s]));
  const routes = new Map(rows.routes.map((r) => [r.routeId, r]));
  const byTrip = new Map<string, GtfsFeedDbRows["stopTimes"]>();
  for (const st of rows.stopTimes) {
    const list = byTrip.get(st.tripId) ?? [];
    list.push(st);
    byTrip.set(st.tripId, list);
  }
  const trips: TimetabledTrip[] = [];
  for (const trip of rows.trips) {
    if (!active.has(trip.serviceId)) continue;
    if (trip.spareSeats <= 0 && trip.spareCargoKg <= 0 && trip.spareCargoLitres <= 0) continue;
    const list = [...(byTrip.get(trip.tripId) ?? [])].sort((a, b) => a.stopSequence - b.stopSequence);
    const tripStops: TimetabledStop[] = timedStops(list).flatMap(({ arrival, departure, row }) => {
      const stop = stops.get(row.stopId);
      if (!stop) return [];
      return [
        {
          // Prefixed with the feed: two feeds (route bus, school bus) may both have a stop "S01".
          stopId: `${rows.feed.id}:${stop.stopId}`,
          name: stop.name,
          point: { lat: stop.lat, lon: stop.lon },
          arrival,
          departure,
          boarding: row.pickupType !== 1,
          alighting: row.dropOffType !== 1,
        },
      ];
    });
    if (tripStops.length < 2) continue;
    const route = routes.get(trip.routeId);
    const routeName = route?.shortName || route?.longName || trip.routeId;
    trips.push({
      id: `${rows.feed.id}:${trip.tripId}`,
      service,
      label: trip.headsign ? `${routeName} ${trip.headsign}行` : routeName,
      stops: tripStops,
      spare: {
        seats: Math.max(0, trip.spareSeats),
        wheelchairs: 0,
        cargoKg: Math.max(0, trip.spareCargoKg),
        cargoLitres: Math.max(0, trip.spareCargoLitres),
      },
    });
  }
  return trips;
}

/** What was left out of the problem and why (ids only, for logs and the run's notes). */
export interface ProblemNotes {
  /** Road vehicles available on the date but without a depot to start from. */
  vehiclesWithoutDepot: string[];
  /** Drone routes that fly on the weekday but are suspended on the date. */
  suspendedDroneRoutes: string[];
}

/**
 * The regional problem of `municipalityCode` on `date`: road vehicles
 * available that day (weekly windows + dated exceptions; drones are routes,
 * not vehicles) starting at their depot; requests submitted or planned (not
 * approved); trips of every GTFS feed running that day with spare room; drone
 * routes flying that weekday and not suspended (one direction per row); hubs
 * as transfer points with the ports and stops near them.
 */
export async function problemFromDb(
  db: Db,
  municipalityCode: string,
  date: string,
): Promise<{ problem: RegionalProblem; names: PlanRowNames; notes: ProblemNotes }> {
  const [vehicleRows, places, requestRows, residentRows, feeds, ports, droneRouteRows, hubRows] =
    await Promise.all([
      listVehicles(db, municipalityCode),
      listPlaces(db, municipalityCode),
      listPlannableRequests(db, municipalityCode, date),
      listResidents(db, municipalityCode),
      listGtfsFeeds(db, municipalityCode),
      listDronePorts(db, municipalityCode),
      listDroneRoutes(db, municipalityCode),
      listHubs(db, municipalityCode),
    ]);
  const notes: ProblemNotes = { vehiclesWithoutDepot: [], suspendedDroneRoutes: [] };
  const placeById = new Map(places.map((p) => [p.id, p]));

  const vehicles: RoadVehicle[] = [];
  const depots: Record<string, string> = {};
  for (const row of [...vehicleRows].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!ROAD_KINDS.has(row.kind)) continue;
    const availability = availabilityOn(row, date);
    if (availability.length === 0) continue;
    const depot = row.depotPlaceId ? placeById.get(row.depotPlaceId) : undefined;
    if (!depot) {
      notes.vehiclesWithoutDepot.push(row.id);
      continue;
    }
    depots[row.id] = depot.name;
    vehicles.push({
      id: row.id,
      kind: row.kind as RoadVehicleKind,
      name: row.name,
      start: { lat: depot.lat, lon: depot.lon },
      availability,
      capacity: {
        seats: row.seats,
        wheelchairs: row.wheelchairs,
        cargoKg: row.cargoKg,
        cargoLitres: row.cargoLitres,
      },
      features: parseJsonList<string>(row.features),
    });
  }

  const residents = new Map(residentRows.map((r) => [r.id, r]));
  const requests = [...requestRows]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((q) => regionalRequestOf(q, q.residentId ? residents.get(q.residentId) : undefined));

  const trips: TimetabledTrip[] = [];
  for (const feed of feeds) {
    const rows = await loadGtfsFeedRows(db, municipalityCode, feed.id);
    if (rows) trips.push(...tripsOfFeed(rows, date));
  }

  const portById = new Map(ports.map((p) => [p.id, p]));
  const weekday = isoWeekday(date);
  const droneRoutes: DroneRoute[] = [];
  for (const r of droneRouteRows) {
    if (!parseJsonList<number>(r.days).includes(weekday)) continue;
    if (r.suspensions.some((s) => s.date === date)) {
      notes.suspendedDroneRoutes.push(r.id);
      continue;
    }
    const from = portById.get(r.fromPortId);
    const to = portById.get(r.toPortId);
    if (!from || !to) continue;
    droneRoutes.push({
      id: r.id,
      fromPortId: from.id,
      fromName: from.name,
      from: { lat: from.lat, lon: from.lon },
      toPortId: to.id,
      toName: to.name,
      to: { lat: to.lat, lon: to.lon },
      maxPayloadKg: r.maxPayloadKg,
      rangeKm: r.rangeKm,
      operating: { start: secondsOfDay(r.operatingFrom), end: secondsOfDay(r.operatingTo) },
      // Each stored route is one direction; the way back is its own row.
      bidirectional: false,
    });
  }

  const tripStops = new Map<string, { lat: number; lon: number }>();
  for (const trip of trips) for (const s of trip.stops) tripStops.set(s.stopId, s.point);
  const transferPoints: TransferPoint[] = hubRows.map((h) => {
    const at = { lat: h.lat, lon: h.lon };
    const near = (p: { lat: number; lon: number }) => haversineMeters(at, p) <= HUB_SERVES_WITHIN_M;
    return {
      id: h.id,
      name: h.name,
      point: at,
      open: { start: secondsOfDay(h.opensAt), end: secondsOfDay(h.closesAt) },
      minTransferSeconds: h.minTransferMinutes * 60,
      servesPortIds: ports.filter((p) => near(p)).map((p) => p.id),
      servesStopIds: [...tripStops].filter(([, p]) => near(p)).map(([id]) => id),
    };
  });

  return {
    problem: { date, vehicles, requests, trips, droneRoutes, transferPoints },
    names: { depots },
    notes,
  };
}
