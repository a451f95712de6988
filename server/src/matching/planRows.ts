import { randomUUID } from "node:crypto";
import type { PlanRows } from "@tsunagu/db";
import type { PlannedLeg, RegionalPlan, RegionalProblem } from "./engine";

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
