/**
 * The demo town's Monday 2026-11-23 as a RegionalProblem (test helper, in the spirit of the
 * server's DB converter but straight from the generator).
 * - Road vehicles: every vehicle with a window that day, except drones (they are drone routes)
 *   and the community buses, whose windows are their timetable duty (they carry people only as
 *   timetabled trips). The school bus is a road vehicle between its runs (08:15–15:00).
 * - Trips: the community-bus GTFS trips active that day with `busCapacityOffer` room, and the
 *   school-bus runs with their spare seats and kg (no litre figure is given: 5 l per kg).
 *   Community buses are low-floor (`ramp`) but offer no wheelchair place to 混乗, like the DB.
 * - Drone routes: the two one-way routes (`bidirectional: false`; they share one drone).
 * - Hubs → transfer points serving their bus stop and drone port.
 */
import { type DemoTown, generateDemoTown } from "@tsunagu/demo";
import { activeServiceIds, parseGtfs } from "@tsunagu/geo";
import type {
  Driver,
  DroneRoute,
  RegionalProblem,
  RegionalRequest,
  RoadVehicle,
  TimetabledTrip,
  TransferPoint,
} from "../../src/index";

export const DEMO_DATE = "2026-11-23";

const sec = (hhmm: string) => {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 3600 + Number(m) * 60;
};

let cached: { town: DemoTown; problem: RegionalProblem } | undefined;

export function demoTownDay(): { town: DemoTown; problem: RegionalProblem } {
  if (cached) return cached;
  const town = generateDemoTown({ today: DEMO_DATE, weekStart: DEMO_DATE });
  const weekday = 1; // Monday
  const place = new Map(town.places.map((p) => [p.id, p]));

  const vehicles: RoadVehicle[] = [];
  for (const v of town.vehicles) {
    if (v.kind === "drone" || v.kind === "route_bus") continue;
    const availability = v.availability
      .filter((w) => w.days.includes(weekday))
      .map((w) => ({ start: sec(w.from), end: sec(w.to) }))
      .sort((a, b) => a.start - b.start);
    const depot = place.get(v.depotPlaceId);
    if (availability.length === 0 || !depot) continue;
    vehicles.push({
      id: v.id,
      kind: v.kind,
      name: v.name,
      start: { lat: depot.lat, lon: depot.lon },
      availability,
      capacity: v.capacity,
      features: v.features,
    });
  }

  const resident = new Map(town.residents.map((r) => [r.id, r]));
  const requests: RegionalRequest[] = town.requests
    .filter((q) => q.date === DEMO_DATE)
    .map((q) => {
      const base = {
        id: q.id,
        pickup: { lat: q.pickup.lat, lon: q.pickup.lon },
        dropoff: { lat: q.dropoff.lat, lon: q.dropoff.lon },
        earliest: sec(q.earliest),
        latest: sec(q.latest),
        priority: 1 + q.priority,
      };
      if (q.kind === "parcel")
        return {
          ...base,
          kind: "parcel" as const,
          weightKg: q.weightKg,
          sizeLitres: q.sizeLitres,
          cold: q.cold,
        };
      const res = resident.get(q.residentId);
      return {
        ...base,
        kind: "ride" as const,
        passengers: q.passengers,
        wheelchair: q.wheelchair,
        escort: q.escort,
        maxWalkMeters: q.wheelchair ? 0 : (res?.mobility.maxWalkM ?? 0),
      };
    });

  const parsed = parseGtfs(town.gtfs);
  if (!parsed.ok) throw new Error(`demo GTFS does not parse: ${parsed.problems[0]?.message}`);
  const feed = parsed.feed;
  const active = activeServiceIds(feed, DEMO_DATE);
  const stops = new Map(feed.stops.map((s) => [s.stopId, s]));
  const byTrip = new Map<string, typeof feed.stopTimes>();
  for (const st of feed.stopTimes) byTrip.set(st.tripId, [...(byTrip.get(st.tripId) ?? []), st]);
  const trips: TimetabledTrip[] = [];
  for (const t of feed.trips) {
    const offer = town.busCapacityOffer[t.tripId];
    if (!active.has(t.serviceId) || !offer) continue;
    const list = byTrip.get(t.tripId) ?? [];
    trips.push({
      id: t.tripId,
      service: "route_bus",
      label: `${t.routeId} ${t.headsign ?? ""}`.trim(),
      stops: list.map((st) => {
        const s = stops.get(st.stopId);
        if (!s) throw new Error(`stop ${st.stopId} missing`);
        return {
          stopId: s.stopId,
          name: s.name,
          point: { lat: s.lat, lon: s.lon },
          arrival: st.arrival ?? st.departure ?? 0,
          departure: st.departure ?? st.arrival ?? 0,
        };
      }),
      spare: {
        seats: offer.spareSeats,
        wheelchairs: 0,
        cargoKg: offer.cargoKg,
        cargoLitres: offer.cargoLitres,
      },
      features: ["ramp"],
    });
  }
  const sbStops = new Map(town.schoolBus.stops.map((s) => [s.id, s]));
  for (const t of town.schoolBus.trips) {
    if (!t.days.includes(weekday)) continue;
    trips.push({
      id: `school:${t.id}`,
      service: "school_bus",
      label: `スクールバス ${t.direction}`,
      stops: t.stopTimes.map((st) => {
        const s = sbStops.get(st.stopId);
        if (!s) throw new Error(`school stop ${st.stopId} missing`);
        return {
          stopId: s.id,
          name: s.name,
          point: { lat: s.lat, lon: s.lon },
          arrival: sec(st.time),
          departure: sec(st.time),
        };
      }),
      spare: {
        seats: t.spareSeats,
        wheelchairs: 0,
        cargoKg: t.spareCargoKg,
        cargoLitres: t.spareCargoKg * 5,
      },
    });
  }

  const port = new Map(town.dronePorts.map((p) => [p.id, p]));
  const droneRoutes: DroneRoute[] = town.droneRoutes
    .filter((d) => d.days.includes(weekday))
    .flatMap((d) => {
      const a = port.get(d.fromPortId);
      const b = port.get(d.toPortId);
      if (!a || !b) return [];
      return [
        {
          id: d.id,
          fromPortId: a.id,
          fromName: a.name,
          from: { lat: a.lat, lon: a.lon },
          toPortId: b.id,
          toName: b.name,
          to: { lat: b.lat, lon: b.lon },
          maxPayloadKg: d.maxPayloadKg,
          rangeKm: d.rangeKm,
          operating: { start: sec(d.operatingFrom), end: sec(d.operatingTo) },
          cruiseKmh: d.cruiseKmh,
          bidirectional: false,
        },
      ];
    });

  const transferPoints: TransferPoint[] = town.hubs
    .filter((h) => h.days.includes(weekday))
    .flatMap((h) => {
      const p = place.get(h.placeId);
      if (!p) return [];
      return [
        {
          id: h.id,
          name: p.name,
          point: { lat: p.lat, lon: p.lon },
          open: { start: sec(h.opensAt), end: sec(h.closesAt) },
          minTransferSeconds: h.minTransferMinutes * 60,
          servesPortIds: [h.dronePortId],
          servesStopIds: [h.busStopId],
        },
      ];
    });

  cached = { town, problem: { date: DEMO_DATE, vehicles, requests, trips, droneRoutes, transferPoints } };
  return cached;
}

/** The demo town's drivers working on the demo Monday, in the engine's shape. */
export function demoDrivers(town: DemoTown): Driver[] {
  return town.drivers.flatMap((d) => {
    const availability = d.availability
      .filter((w) => w.days.includes(1))
      .map((w) => ({ start: sec(w.from), end: sec(w.to) }))
      .sort((a, b) => a.start - b.start);
    return availability.length > 0
      ? [{ id: d.id, name: d.name, availability, vehicleIds: d.vehicleIds }]
      : [];
  });
}
