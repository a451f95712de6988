import {
  DEFAULT_PLAN_BASELINE,
  type PlanBaseline,
  type PlanEffectsDroneFlight,
  type PlanEffectsInput,
  type PlanEffectsRoute,
  type PlanEffectsTimetabledLeg,
  REGISTRY_FUEL_MAPPING,
  type RegistryFuel,
} from "@tsunagu/effects";
import { haversineMeters } from "@tsunagu/matching";
import type { EffectsPlanRows } from "./planQueries";

/** Energy use of a drone when the run's problem does not say (the regional model's default). */
export const DEFAULT_DRONE_KWH_PER_KM = 0.05;

const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => haversineMeters(a, b) / 1000;

/**
 * Plan rows → the effects engine's plain numbers. `approvedOnly` keeps the
 * approved routes and the requests whose every vehicle leg is on one (the
 * requests residents see as 確定), as the history counts them.
 *
 * - A request's door-to-door distance: straight line × `baseline.roadCircuity`.
 * - A request's distance on a route: the route's stop-to-stop straight lines
 *   from its pick-up to its drop-off, scaled so the route's segments add up to
 *   its road distance (`plan_routes.distance_m`).
 * - Driving hours: Σ (next stop's arrival − this stop's departure), i.e. moving
 *   time without waits and boarding.
 * - Bus legs: straight line × circuity (they only weigh the allocation key).
 * - Drone flights: drone legs of one route with the same departure are one
 *   flight; its distance the straight line; kWh/km from the run's problem, else
 *   `DEFAULT_DRONE_KWH_PER_KM`.
 */
export function planEffectsInputOf(
  rows: EffectsPlanRows,
  options: { approvedOnly: boolean; baseline?: Partial<PlanBaseline> },
): PlanEffectsInput {
  const circuity = options.baseline?.roadCircuity ?? DEFAULT_PLAN_BASELINE.roadCircuity;
  const routeKey = (vehicleId: string | null, shift: number | null) => `${vehicleId}:${shift}`;
  const routes = rows.routes.filter((r) => !options.approvedOnly || r.approvedAt !== null);
  const kept = new Set(routes.map((r) => routeKey(r.vehicleId, r.shift)));

  const legsByRequest = new Map<string, EffectsPlanRows["legs"]>();
  for (const leg of rows.legs) {
    const list = legsByRequest.get(leg.requestId) ?? [];
    list.push(leg);
    legsByRequest.set(leg.requestId, list);
  }
  const served = new Set(
    [...legsByRequest]
      .filter(([, legs]) =>
        legs.every((l) => l.mode !== "vehicle" || kept.has(routeKey(l.vehicleId, l.shift))),
      )
      .map(([id]) => id),
  );
  const requests = rows.requests
    .filter((r) => served.has(r.id))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      passengers: r.kind === "ride" ? r.passengers + (r.escort ? 1 : 0) : 0,
      weightKg: r.kind === "parcel" ? r.weightKg : 0,
      // An erasure moved a home end to its mesh centre and froze the real distance first.
      directKm:
        (r.directM !== null && r.directM !== undefined
          ? r.directM / 1000
          : km({ lat: r.pickupLat, lon: r.pickupLon }, { lat: r.dropoffLat, lon: r.dropoffLon })) * circuity,
    }));
  const known = new Set(requests.map((r) => r.id));

  const stopsByRoute = new Map<string, EffectsPlanRows["stops"]>();
  for (const stop of rows.stops) {
    const key = routeKey(stop.vehicleId, stop.shift);
    const list = stopsByRoute.get(key) ?? [];
    list.push(stop);
    stopsByRoute.set(key, list);
  }
  const vehicles = new Map(rows.vehicles.map((v) => [v.id, v]));
  const effectsRoutes: PlanEffectsRoute[] = routes.map((route) => {
    const key = routeKey(route.vehicleId, route.shift);
    const stops = (stopsByRoute.get(key) ?? []).sort((a, b) => a.seq - b.seq);
    // Stop-to-stop straight lines, and the moving time, from each stop's predecessor.
    const segments: number[] = [];
    let drivingSeconds = 0;
    stops.forEach((stop, i) => {
      const previous = stops[i - 1];
      const frozen = stop.fromPreviousM ?? null;
      segments.push(previous ? (frozen !== null ? frozen / 1000 : km(previous, stop)) : 0);
      if (previous) drivingSeconds += Math.max(0, stop.arrivalSec - previous.departureSec);
    });
    const straight = segments.reduce((s, x) => s + x, 0);
    const distanceKm = route.distanceM / 1000;
    const scale = straight > 0 ? distanceKm / straight : 0;
    const onBoard: { requestId: string; km: number }[] = [];
    stops.forEach((stop, i) => {
      if (stop.kind !== "pickup" || stop.requestId === null || !known.has(stop.requestId)) return;
      const end = stops.findIndex(
        (s, j) =>
          j > i && s.kind === "dropoff" && s.requestId === stop.requestId && s.legIndex === stop.legIndex,
      );
      if (end < 0) return;
      const along = segments.slice(i + 1, end + 1).reduce((s, x) => s + x, 0);
      onBoard.push({ requestId: stop.requestId, km: along * scale });
    });
    const vehicle = vehicles.get(route.vehicleId);
    // The registry's fuel is plain text: the engine checks it and names a vehicle it cannot use.
    const fuel = (vehicle?.fuel ?? "unknown") as RegistryFuel;
    return {
      id: key,
      vehicleId: route.vehicleId,
      vehicleKind: vehicle?.kind ?? "unknown",
      energy: { fuel, kmPerLitre: vehicle?.kmPerLitre ?? null, kWhPerKm: vehicle?.kWhPerKm ?? null },
      distanceKm,
      drivingHours: drivingSeconds / 3600,
      onBoard,
    };
  });

  const timetabledLegs: PlanEffectsTimetabledLeg[] = [];
  const flights = new Map<string, PlanEffectsDroneFlight & { requestIds: string[] }>();
  const droneKWh = droneEnergy(rows.run.problemJson);
  for (const leg of rows.legs) {
    if (!known.has(leg.requestId)) continue;
    const from = { lat: leg.fromLat, lon: leg.fromLon };
    const to = { lat: leg.toLat, lon: leg.toLon };
    if (leg.mode === "route_bus" || leg.mode === "school_bus") {
      timetabledLegs.push({ requestId: leg.requestId, service: leg.mode, km: km(from, to) * circuity });
    } else if (leg.mode === "drone") {
      const routeId = leg.droneRouteId ?? "drone";
      const id = `${routeId}@${leg.departureSec}`;
      const flight = flights.get(id) ?? {
        id,
        droneRouteId: routeId,
        distanceKm: km(from, to),
        kWhPerKm: droneKWh.get(routeId) ?? DEFAULT_DRONE_KWH_PER_KM,
        requestIds: [],
      };
      flight.requestIds.push(leg.requestId);
      flights.set(id, flight);
    }
  }
  return { requests, routes: effectsRoutes, timetabledLegs, droneFlights: [...flights.values()] };
}

/** kWh/km per drone route from the run's stored problem (JSON RegionalProblem), when it says. */
function droneEnergy(problemJson: string | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!problemJson) return out;
  try {
    const problem: unknown = JSON.parse(problemJson);
    const droneRoutes: unknown =
      typeof problem === "object" && problem !== null && "droneRoutes" in problem ? problem.droneRoutes : [];
    for (const d of Array.isArray(droneRoutes) ? droneRoutes : []) {
      if (typeof d !== "object" || d === null || !("id" in d) || !("kWhPerKm" in d)) continue;
      if (typeof d.id === "string" && typeof d.kWhPerKm === "number" && d.kWhPerKm > 0)
        out.set(d.id, d.kWhPerKm);
    }
  } catch {
    // A run without a readable problem falls back to the default; the effects stay computable.
  }
  return out;
}

/** The rules behind the figures, for the report's footnote (English; the page has its own Japanese text). */
export function planEffectsRules(baseline: PlanBaseline): string[] {
  return [
    `Before: each served request alone — a ride by private car door to door (${baseline.ride.fuel}, ${baseline.ride.kmPerLitre ?? baseline.ride.kWhPerKm} ${baseline.ride.kmPerLitre ? "km/ℓ" : "kWh/km"}${baseline.ride.roundTrip ? ", round trip" : ", one way"}), a parcel by a dedicated light van (${baseline.parcel.fuel}, ${baseline.parcel.kmPerLitre ?? baseline.parcel.kWhPerKm} ${baseline.parcel.kmPerLitre ? "km/ℓ" : "kWh/km"}${baseline.parcel.roundTrip ? ", round trip" : ", one way"}); door-to-door distance = straight line × ${baseline.roadCircuity}.`,
    "After: every planned road route in full, depot to depot (deadhead and detours are what sharing adds); a leg on a timetabled route or school bus adds nothing (the bus runs anyway); a drone flight adds km × kWh/km × grid factor.",
    `Allocation (ISO 14083 / GLEC style): each vehicle's whole emissions, empty running included, are shared among the requests on board in proportion to mass × distance on board (a passenger = ${baseline.passengerMassKg} kg, a parcel its weight, at least ${baseline.minParcelKg} kg).`,
    "CO₂: fuel-economy method (燃費法) with the vehicle's km/ℓ, or kWh × grid factor; factors from data/factors/factors.v1.json. Rounding as EMISSIONS.md: totals from unrounded values rounded once, reductions as differences of rounded totals.",
    ...Object.values(REGISTRY_FUEL_MAPPING).map((m) => `Fuel ${m.rule}.`),
  ];
}
