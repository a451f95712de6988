/**
 * THE converter between the database and the regional planner's model, both
 * ways: the rows of one municipality's day → `RegionalProblem` (every match
 * run, live insertion and cost sharing builds its input here), and the
 * engine's plan → the plan rows and the run's summary. The stored engine JSON
 * of a run (its input and output) is read back here too. All the I/O of a
 * run's input is in this module; the engine stays pure.
 */
import { randomUUID } from "node:crypto";
import { isoWeekday, type PlanSummary, secondsOfDay } from "@tsunagu/contract";
import {
  type Db,
  type GtfsFeedDbRows,
  listDrivers,
  listDronePorts,
  listDroneRoutes,
  listGtfsFeeds,
  listHubs,
  listPlaces,
  listPlannableRequests,
  listResidents,
  listVehicles,
  loadGtfsFeedRows,
  type MatchRunRow,
  type PlanRows,
  type RequestRow,
  type ResidentRow,
  type VehicleRow,
} from "@tsunagu/db";
import { activeServiceIds } from "@tsunagu/geo";
import {
  breakShifts,
  type Driver,
  type DroneRoute,
  haversineMeters,
  type PlannedLeg,
  type RegionalPlan,
  type RegionalProblem,
  type RegionalRequest,
  type RoadVehicle,
  type RoadVehicleKind,
  type TimetabledStop,
  type TimetabledTrip,
  type TimeWindow,
  type TransferPoint,
  validateRegionalProblem,
} from "@tsunagu/matching";
import { z } from "zod";
import { availableWindowsOn } from "../availability";
import { groupBy, parseJsonOr } from "../collections";
import { toEngineFeed } from "../timetables/convert";
import { planCounts } from "./counts";

// ——— rows → engine ———

/** A drone port or bus stop this close to a hub's place is "at" the hub (hand-overs use its transfer time). */
export const HUB_SERVES_WITHIN_M = 300;

/**
 * Vehicles the planner may send anywhere in their free hours. Not a route bus:
 * it drives its timetable all day, so what it offers is the spare seats and
 * cargo of its trips (the GTFS feed), never a detour. A school bus is both: its
 * runs are trips of the school-bus feed, and between them (its registry
 * availability) it is a vehicle like any van.
 */
const DISPATCHABLE_KINDS = [
  "car",
  "van",
  "wheelchair_van",
  "minibus",
  "school_bus",
  "truck",
] as const satisfies readonly RoadVehicleKind[];

function isDispatchable(kind: string): kind is (typeof DISPATCHABLE_KINDS)[number] {
  return DISPATCHABLE_KINDS.some((k) => k === kind);
}

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

/** A JSON list column read with its element schema; text that is not such a list reads as empty. */
function jsonList<T>(element: z.ZodType<T>, text: string): T[] {
  try {
    const parsed = z.array(element).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
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
  const byTrip = groupBy(rows.stopTimes, (st) => st.tripId);
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
  /** Registered drivers who do not work on the date. */
  driversOff: string[];
}

/**
 * The regional problem of `municipalityCode` on `date`: road vehicles
 * available that day (weekly windows + dated exceptions; drones are routes,
 * not vehicles) starting at their depot; requests submitted or planned (not
 * approved); trips of every GTFS feed running that day with spare room; drone
 * routes flying that weekday and not suspended (one direction per row); hubs
 * as transfer points with the ports and stops near them; the drivers working
 * that day (same availability rule as vehicles) with the vehicles each may
 * drive — every route of the plan needs one of them.
 */
export async function problemFromDb(
  db: Db,
  municipalityCode: string,
  date: string,
): Promise<{ problem: RegionalProblem; names: PlanRowNames; notes: ProblemNotes }> {
  const [vehicleRows, places, requestRows, residentRows, feeds, ports, droneRouteRows, hubRows, driverRows] =
    await Promise.all([
      listVehicles(db, municipalityCode),
      listPlaces(db, municipalityCode),
      listPlannableRequests(db, municipalityCode, date),
      // An archived resident's requests still travel: archiving hides a resident from pickers, not from plans.
      listResidents(db, municipalityCode, { withArchived: true }),
      listGtfsFeeds(db, municipalityCode),
      listDronePorts(db, municipalityCode),
      listDroneRoutes(db, municipalityCode),
      listHubs(db, municipalityCode),
      listDrivers(db, municipalityCode),
    ]);
  const notes: ProblemNotes = { vehiclesWithoutDepot: [], suspendedDroneRoutes: [], driversOff: [] };
  const placeById = new Map(places.map((p) => [p.id, p]));

  const vehicles: RoadVehicle[] = [];
  const depots: Record<string, string> = {};
  for (const row of [...vehicleRows].sort((a, b) => a.id.localeCompare(b.id))) {
    const kind = row.kind;
    if (!isDispatchable(kind)) continue;
    // Every route needs a driver: a long window becomes shifts with a break between (breakShifts).
    const availability = breakShifts(availabilityOn(row, date));
    if (availability.length === 0) continue;
    const depot = row.depotPlaceId ? placeById.get(row.depotPlaceId) : undefined;
    if (!depot) {
      notes.vehiclesWithoutDepot.push(row.id);
      continue;
    }
    depots[row.id] = depot.name;
    vehicles.push({
      id: row.id,
      kind,
      name: row.name,
      start: { lat: depot.lat, lon: depot.lon },
      availability,
      capacity: {
        seats: row.seats,
        wheelchairs: row.wheelchairs,
        cargoKg: row.cargoKg,
        cargoLitres: row.cargoLitres,
      },
      features: jsonList(z.string(), row.features),
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
    if (!jsonList(z.number(), r.days).includes(weekday)) continue;
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
      ...(r.maxPayloadLitres !== null ? { maxPayloadLitres: r.maxPayloadLitres } : {}),
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

  const drivers: Driver[] = [];
  for (const row of [...driverRows].sort((a, b) => a.id.localeCompare(b.id))) {
    const availability = availabilityOn(row, date);
    if (availability.length === 0) notes.driversOff.push(row.id);
    else drivers.push({ id: row.id, name: row.name, availability, vehicleIds: row.vehicleIds });
  }

  return {
    problem: { date, vehicles, requests, trips, droneRoutes, transferPoints, drivers },
    names: { depots },
    notes,
  };
}

// ——— engine → rows ———

/** A plan the solver produced (not the `invalid` answer, which has nothing to store). */
export type SolvedRegionalPlan = Exclude<RegionalPlan, { status: "invalid" }>;

/** Names the engine's problem does not carry, for run sheets and the review screen. */
export interface PlanRowNames {
  /** Place name of each vehicle's depot (its start/end stops), by vehicle id. Default none (null). */
  readonly depots?: Readonly<Record<string, string>>;
  /** Display label of each drone route, by id. Default "<from port> → <to port>". */
  readonly droneRoutes?: Readonly<Record<string, string>>;
}

/** Label of a walking leg (shown to coordinators and drivers in Japanese). */
export const WALK_LABEL = "徒歩";

function legLabel(problem: RegionalProblem, leg: PlannedLeg, names: PlanRowNames): string {
  switch (leg.mode) {
    case "vehicle": {
      const vehicle = problem.vehicles.find((v) => v.id === leg.vehicleId);
      return vehicle?.name ?? leg.vehicleId ?? "";
    }
    case "route_bus":
    case "school_bus": {
      const trip = problem.trips?.find((t) => t.id === leg.tripId);
      return trip?.label ?? leg.tripId ?? "";
    }
    case "drone": {
      const id = leg.droneRouteId ?? "";
      const named = names.droneRoutes?.[id];
      if (named) return named;
      const route = problem.droneRoutes?.find((d) => d.id === id);
      return route ? `${route.fromName} → ${route.toName}` : id;
    }
    case "walk":
      return WALK_LABEL;
  }
}

/**
 * Converts the engine's plan into the rows of plan_routes / plan_stops /
 * plan_legs / plan_unassigned. Stop ids are fresh UUIDs; `replacePlan` keeps
 * the id and status of stops that already existed (same request, leg, kind).
 * A stop's place name is the name of the leg end it serves (a hub, a bus stop,
 * a port), or null for a door; start/end stops take the depot's name. A
 * stop's stored arrival is its service start (when the rider is picked up).
 */
export function planRowsFromEngine(
  runId: string,
  municipalityCode: string,
  problem: RegionalProblem,
  plan: SolvedRegionalPlan,
  names: PlanRowNames = {},
): PlanRows {
  const legsByRequest = new Map(plan.itineraries.map((it) => [it.requestId, it.legs]));
  const routes: PlanRows["routes"][number][] = [];
  const stops: PlanRows["stops"][number][] = [];
  for (const route of plan.routes) {
    routes.push({
      runId,
      municipalityCode,
      vehicleId: route.vehicleId,
      shift: route.shift,
      distanceM: route.distanceMeters,
      driverId: route.driverId ?? null,
    });
    route.stops.forEach((stop, seq) => {
      let name: string | null = null;
      if (stop.kind === "start" || stop.kind === "end") {
        name = names.depots?.[route.vehicleId] ?? null;
      } else if (stop.requestId !== undefined) {
        const leg = legsByRequest.get(stop.requestId)?.[stop.legIndex ?? 0];
        const end = stop.kind === "pickup" ? leg?.from : leg?.to;
        name = end?.name ?? null;
      }
      stops.push({
        id: randomUUID(),
        runId,
        municipalityCode,
        vehicleId: route.vehicleId,
        shift: route.shift,
        seq,
        kind: stop.kind,
        requestId: stop.requestId ?? null,
        legIndex: stop.requestId !== undefined ? (stop.legIndex ?? 0) : null,
        lat: stop.point.lat,
        lon: stop.point.lon,
        name,
        // The time people are told: service start (a vehicle that arrives early waits before it).
        arrivalSec: Math.round(stop.serviceStart),
        departureSec: Math.round(stop.departure),
        load: JSON.stringify(stop.load),
        status: "pending",
      });
    });
  }
  const legs: PlanRows["legs"][number][] = [];
  for (const itinerary of plan.itineraries) {
    itinerary.legs.forEach((leg, legIndex) => {
      legs.push({
        runId,
        municipalityCode,
        requestId: itinerary.requestId,
        legIndex,
        mode: leg.mode,
        vehicleId: leg.vehicleId ?? null,
        shift: leg.shift ?? null,
        tripId: leg.tripId ?? null,
        droneRouteId: leg.droneRouteId ?? null,
        label: legLabel(problem, leg, names),
        fromLat: leg.from.point.lat,
        fromLon: leg.from.point.lon,
        fromName: leg.from.name ?? null,
        toLat: leg.to.point.lat,
        toLon: leg.to.point.lon,
        toName: leg.to.name ?? null,
        departureSec: Math.round(leg.departure),
        arrivalSec: Math.round(leg.arrival),
      });
    });
  }
  const unassigned = plan.unassigned.map((u) => ({
    runId,
    municipalityCode,
    requestId: u.requestId,
    code: u.code,
    details: JSON.stringify(u.details),
    relaxation: u.relaxation ? JSON.stringify(u.relaxation) : null,
  }));
  return { routes, stops, legs, unassigned };
}

/** Requests of the problem the plan neither serves nor reports unserved (none for a sound plan). */
function unplannedIds(problem: RegionalProblem, plan: SolvedRegionalPlan): string[] {
  const known = new Set([
    ...plan.itineraries.map((i) => i.requestId),
    ...plan.unassigned.map((u) => u.requestId),
  ]);
  return problem.requests.filter((r) => !known.has(r.id)).map((r) => r.id);
}

/** The contract's summary of a solved plan (stored with the run, shown while it is reviewed). */
export function planSummary(problem: RegionalProblem, plan: SolvedRegionalPlan): PlanSummary {
  const s = plan.summary;
  return {
    ...planCounts({
      served: plan.itineraries.map((i) => i.requestId),
      unserved: [...plan.unassigned.map((u) => u.requestId), ...unplannedIds(problem, plan)],
      routes: plan.routes,
    }),
    distanceKm: Math.round(s.distanceMeters / 100) / 10,
    byMode: {
      vehicle: s.byMode.vehicle ?? 0,
      route_bus: s.byMode.route_bus ?? 0,
      school_bus: s.byMode.school_bus ?? 0,
      drone: s.byMode.drone ?? 0,
      walk: s.byMode.walk ?? 0,
    },
    transfers: s.transfers,
    droneFlights: s.droneFlights,
  };
}

// ——— the run's stored engine JSON ———

/**
 * The engine's input stored with a run, or undefined when the run has none
 * (not done) or it is not a problem the engine accepts.
 */
export function storedProblemOf(run: Pick<MatchRunRow, "problemJson">): RegionalProblem | undefined {
  const value = parseJsonOr(run.problemJson, undefined);
  return isRegionalProblem(value) ? value : undefined;
}

/** The engine's input and plan stored with a run; undefined while the run has no plan. */
export function storedEngineStateOf(
  run: Pick<MatchRunRow, "problemJson" | "planJson">,
): { problem: RegionalProblem; plan: SolvedRegionalPlan } | undefined {
  const problem = storedProblemOf(run);
  const plan = parseJsonOr(run.planJson, undefined);
  return problem && isSolvedPlan(plan) ? { problem, plan } : undefined;
}

function isRegionalProblem(value: unknown): value is RegionalProblem {
  // The engine's validator checks the shape field by field (an object of any shape is its input).
  return (
    typeof value === "object" &&
    value !== null &&
    validateRegionalProblem(value as RegionalProblem).length === 0
  );
}

/**
 * A solved plan as the engine wrote it: its status and the collections plan
 * edits walk. The plan is our own output, stored beside the problem; each
 * edit re-checks the result with the independent checker before it is saved.
 */
function isSolvedPlan(value: unknown): value is SolvedRegionalPlan {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    (value.status === "solved" || value.status === "partial") &&
    "date" in value &&
    typeof value.date === "string" &&
    "summary" in value &&
    typeof value.summary === "object" &&
    value.summary !== null &&
    "routes" in value &&
    Array.isArray(value.routes) &&
    "itineraries" in value &&
    Array.isArray(value.itineraries) &&
    "droneFlights" in value &&
    Array.isArray(value.droneFlights) &&
    "unassigned" in value &&
    Array.isArray(value.unassigned)
  );
}
