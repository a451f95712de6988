/**
 * The planner's working state (road routes over core leg ids, chosen itineraries, trip and
 * drone room) and its conversions: to core problems, through live insertion, and to and from
 * the public `RegionalPlan`.
 */
import { insertLive, type LiveRoute, prepareLivePlan } from "../live";
import type { PlannedRoute, Problem, TransportRequest, UnassignedRequest, Vehicle } from "../model";
import {
  type Ctx,
  type LegShape,
  loadOf,
  loc,
  requiredSkills,
  serviceOf,
  vehicleLegWindows,
  vehicleSkills,
} from "./context";
import { type Choice, type FixedLegSpec, type LegSpec, newRoom, type Room, useTrip } from "./itineraries";
import type {
  DroneFlight,
  Itinerary,
  LegMode,
  PlannedLeg,
  RegionalPlan,
  RegionalRoute,
  RegionalRouteStop,
  RegionalUnassigned,
} from "./model";

export interface CoreStop {
  readonly kind: "start" | "pickup" | "delivery" | "end";
  readonly coreId?: string;
  readonly location: number;
  readonly arrival: number;
  readonly serviceStart: number;
  readonly departure: number;
}

export interface InRoute {
  readonly vehicleId: string;
  readonly shift: number;
  readonly stops: readonly CoreStop[];
}

export interface State {
  /** Key `${vehicleId}\u0000${shift}`. */
  readonly routes: Map<string, InRoute>;
  readonly choices: Map<string, Choice>;
  readonly room: Room;
  readonly unassigned: Map<string, RegionalUnassigned>;
  /** Driver of each route, by route key (when the problem lists drivers). */
  readonly drivers: Map<string, string>;
}

export const routeKey = (vehicleId: string, shift: number) => `${vehicleId}\u0000${shift}`;

/** Core id of leg `leg` of request `id`. */
export const coreId = (id: string, leg: number) => `${leg}:${id}`;
export function parseCoreId(cid: string): { requestId: string; leg: number } {
  const k = cid.indexOf(":");
  return { requestId: cid.slice(k + 1), leg: Number(cid.slice(0, k)) };
}

export function emptyState(): State {
  return {
    routes: new Map(),
    choices: new Map(),
    room: newRoom(),
    unassigned: new Map(),
    drivers: new Map(),
  };
}

/** Core vehicles (one per road vehicle; `only` restricts to one vehicle and optionally one shift). */
export function coreVehicles(ctx: Ctx, only?: { vehicleId: string; shift?: number }): Vehicle[] {
  const out: Vehicle[] = [];
  for (const v of ctx.problem.vehicles) {
    if (only && v.id !== only.vehicleId) continue;
    const availability =
      only?.shift !== undefined ? v.availability.filter((_, i) => i === only.shift) : v.availability;
    if (availability.length === 0) continue;
    out.push({
      id: v.id,
      profile: v.kind,
      startLocation: loc(ctx, v.start),
      endLocation: loc(ctx, v.end ?? v.start),
      availability,
      capacity: [v.capacity.seats, v.capacity.wheelchairs, v.capacity.cargoKg, v.capacity.cargoLitres],
      skills: vehicleSkills(v),
      ...(v.costPerKm !== undefined ? { costPerKm: v.costPerKm } : {}),
      ...(v.costPerHour !== undefined ? { costPerHour: v.costPerHour } : {}),
      ...(v.fixedCost !== undefined ? { fixedCost: v.fixedCost } : {}),
      ...(v.maxRouteSeconds !== undefined ? { maxRouteSeconds: v.maxRouteSeconds } : {}),
    });
  }
  return out;
}

/** The core request of road leg `leg` of a chosen itinerary. */
export function coreRequest(ctx: Ctx, c: Choice, leg: number): TransportRequest {
  const r = ctx.reqById.get(c.requestId);
  const l = c.legs[leg];
  if (!r || !l || l.mode !== "vehicle") throw new Error(`no road leg ${leg} of ${c.requestId}`);
  const svc = serviceOf(ctx, r);
  const w = l.window;
  return {
    id: coreId(r.id, leg),
    pickup: {
      location: loc(ctx, l.from.point),
      timeWindow: { start: w.pickupStart, end: w.pickupEnd },
      serviceSeconds: svc,
    },
    delivery: {
      location: loc(ctx, l.to.point),
      timeWindow: { start: w.deliveryStart, end: w.deliveryEnd },
      serviceSeconds: svc,
    },
    load: loadOf(r),
    requiredSkills: requiredSkills(r),
    ...(Number.isFinite(w.maxRide) ? { maxRideSeconds: Math.max(0, w.maxRide) } : {}),
    priority: r.priority ?? 1,
  };
}

/** Every road leg of every chosen itinerary, as core requests. */
export function allCoreRequests(ctx: Ctx, choices: Iterable<Choice>): TransportRequest[] {
  const out: TransportRequest[] = [];
  for (const c of choices)
    c.legs.forEach((l, i) => {
      if (l.mode === "vehicle") out.push(coreRequest(ctx, c, i));
    });
  return out;
}

export function coreProblem(
  ctx: Ctx,
  requests: readonly TransportRequest[],
  vehicles = coreVehicles(ctx),
): Problem {
  return { vehicles, requests, travel: ctx.travel.tables };
}

export function fromPlanned(p: PlannedRoute, shiftMap?: (s: number) => number): InRoute {
  return {
    vehicleId: p.vehicleId,
    shift: shiftMap ? shiftMap(p.shift) : p.shift,
    stops: p.stops.map((s) => ({
      kind: s.kind,
      ...(s.requestId !== undefined ? { coreId: s.requestId } : {}),
      location: s.location,
      arrival: s.arrival,
      serviceStart: s.serviceStart,
      departure: s.departure,
    })),
  };
}

/**
 * Takes core legs out of the routes, keeping the remaining stops' service times (still
 * feasible: waiting only grows when a stop is skipped, given the triangle inequality of the
 * tables; where a table breaks it, times are pushed later). Empty routes disappear.
 */
export function removeLegs(ctx: Ctx, state: State, ids: ReadonlySet<string>): void {
  for (const [key, rt] of [...state.routes]) {
    if (!rt.stops.some((s) => s.coreId !== undefined && ids.has(s.coreId))) continue;
    const kept = rt.stops.filter((s) => s.coreId === undefined || !ids.has(s.coreId));
    if (kept.length <= 2) {
      state.routes.delete(key);
      state.drivers.delete(key);
      continue;
    }
    const v = ctx.vehById.get(rt.vehicleId);
    const t = v ? ctx.travel.tables[v.kind] : undefined;
    if (!t) continue;
    const out: CoreStop[] = [kept[0] as CoreStop];
    for (let k = 1; k < kept.length; k++) {
      const prev = out[k - 1] as CoreStop;
      const s = kept[k] as CoreStop;
      const arrival = prev.departure + (t.durations[prev.location * t.size + s.location] as number);
      const svc = s.departure - s.serviceStart;
      const serviceStart = s.kind === "end" ? arrival : Math.max(s.serviceStart, arrival);
      out.push({ ...s, arrival, serviceStart, departure: s.kind === "end" ? arrival : serviceStart + svc });
    }
    state.routes.set(key, { ...rt, stops: out });
  }
}

export type InsertOutcome = { ok: true } | { ok: false; reason: UnassignedRequest };

/**
 * Inserts the road legs of `c` one by one into the current routes with the core's live
 * insertion (never before `fixedStops` leading request stops of a route). All or nothing: on a
 * failure the routes are left as they were and the binding reason comes back.
 */
export function insertChoice(
  ctx: Ctx,
  state: State,
  c: Choice,
  opts: { vehicleId?: string; shift?: number; fixedStops?: Readonly<Record<string, number>> } = {},
): InsertOutcome {
  const saved = new Map(state.routes);
  const only =
    opts.vehicleId !== undefined
      ? { vehicleId: opts.vehicleId, ...(opts.shift !== undefined ? { shift: opts.shift } : {}) }
      : undefined;
  const vehicles = coreVehicles(ctx, only);
  const shiftMap = (s: number) => (only?.shift !== undefined ? only.shift : s);
  const legIdx = c.legs.map((l, i) => (l.mode === "vehicle" ? i : -1)).filter((i) => i >= 0);
  const reqOf = new Map<string, TransportRequest>();
  for (const other of state.choices.values())
    other.legs.forEach((l, i) => {
      if (l.mode === "vehicle") reqOf.set(coreId(other.requestId, i), coreRequest(ctx, other, i));
    });
  for (const i of legIdx) {
    const req = coreRequest(ctx, c, i);
    const included = [...state.routes.values()].filter(
      (rt) =>
        (!only || rt.vehicleId === only.vehicleId) && (only?.shift === undefined || rt.shift === only.shift),
    );
    const requests: TransportRequest[] = [];
    const live: LiveRoute[] = included.map((rt) => {
      const fixed = opts.fixedStops?.[`${rt.vehicleId}:${rt.shift}`] ?? 0;
      const stops = rt.stops
        .filter((s) => s.coreId !== undefined)
        .map((s) => ({ requestId: s.coreId as string, kind: s.kind as "pickup" | "delivery" }));
      for (const s of stops)
        if (s.kind === "pickup") requests.push(reqOf.get(s.requestId) ?? legWithoutItinerary(s.requestId));
      return {
        vehicleId: rt.vehicleId,
        shift: only?.shift !== undefined ? 0 : rt.shift,
        stops,
        fixedStops: Math.min(fixed, stops.length),
      };
    });
    const prepared = prepareLivePlan(coreProblem(ctx, requests, vehicles), live);
    if (prepared.status !== "ok")
      throw new Error(`live plan rejected: ${JSON.stringify(prepared.issues.slice(0, 3))}`);
    const res = insertLive(prepared.plan, req);
    if (res.status === "invalid") throw new Error(`leg rejected: ${JSON.stringify(res.issues.slice(0, 3))}`);
    if (res.status === "infeasible") {
      state.routes.clear();
      for (const [k, v] of saved) state.routes.set(k, v);
      return { ok: false, reason: res.reason };
    }
    const rt = fromPlanned(res.route, shiftMap);
    state.routes.set(routeKey(rt.vehicleId, rt.shift), rt);
    reqOf.set(req.id, req);
  }
  return { ok: true };
}

/** An invariant, not an input error: every leg on a route was built from an itinerary. */
function legWithoutItinerary(id: string): never {
  throw new Error(`leg ${id} is on a route but has no itinerary`);
}

/**
 * Converts a core reason into the regional shape, for the real request id.
 * `overDrone` (a parcel too heavy or too big for every drone) joins the
 * details of NO_MODE_POSSIBLE, so the sentence can say why the drone did not take it either.
 */
export function regionalReason(
  requestId: string,
  u: UnassignedRequest,
  noOtherMode: boolean,
  overDrone?: Readonly<Record<string, number | string>>,
): RegionalUnassigned {
  const structural = u.code === "NO_VEHICLE_WITH_SKILLS" || u.code === "CAPACITY";
  if (noOtherMode && structural)
    return {
      requestId,
      code: "NO_MODE_POSSIBLE",
      details: { ...u.details, roadReason: u.code, ...overDrone },
      ...(u.relaxation ? { relaxation: u.relaxation } : {}),
    };
  return {
    requestId,
    code: u.code,
    details: u.details,
    ...(u.relaxation ? { relaxation: u.relaxation } : {}),
  };
}

/** Builds the public plan from the working state. */
export function assemble(
  ctx: Ctx,
  state: State,
  stats: { elapsedMs: number; seed: number; iterations: number },
): RegionalPlan {
  const vehOrder = new Map(ctx.problem.vehicles.map((v, i) => [v.id, i]));
  const inRoutes = [...state.routes.values()].sort(
    (a, b) => (vehOrder.get(a.vehicleId) ?? 0) - (vehOrder.get(b.vehicleId) ?? 0) || a.shift - b.shift,
  );
  const legTimes = new Map<string, { vehicleId: string; shift: number; dep: number; arr: number }>();
  const routes: RegionalRoute[] = inRoutes.map((rt) => {
    const v = ctx.vehById.get(rt.vehicleId);
    const t = v ? ctx.travel.tables[v.kind] : undefined;
    const load = [0, 0, 0, 0];
    let dist = 0;
    let drive = 0;
    const stops: RegionalRouteStop[] = rt.stops.map((s, k) => {
      if (k > 0 && t) {
        const prev = rt.stops[k - 1] as CoreStop;
        dist += t.distances[prev.location * t.size + s.location] as number;
        drive += t.durations[prev.location * t.size + s.location] as number;
      }
      let requestId: string | undefined;
      let legIndex: number | undefined;
      if (s.coreId !== undefined) {
        const p = parseCoreId(s.coreId);
        requestId = p.requestId;
        legIndex = p.leg;
        const r = ctx.reqById.get(p.requestId);
        const q = r ? loadOf(r) : [0, 0, 0, 0];
        for (let d = 0; d < 4; d++)
          load[d] = (load[d] as number) + (s.kind === "pickup" ? 1 : -1) * (q[d] as number);
        const lt = legTimes.get(s.coreId) ?? { vehicleId: rt.vehicleId, shift: rt.shift, dep: 0, arr: 0 };
        if (s.kind === "pickup") lt.dep = s.serviceStart;
        else lt.arr = s.serviceStart;
        legTimes.set(s.coreId, lt);
      }
      return {
        kind: s.kind === "delivery" ? "dropoff" : s.kind,
        ...(requestId !== undefined ? { requestId, legIndex } : {}),
        point: ctx.travel.points[s.location] ?? { lat: 0, lon: 0 },
        arrival: s.arrival,
        serviceStart: s.serviceStart,
        departure: s.departure,
        load: {
          seats: load[0] as number,
          wheelchairs: load[1] as number,
          cargoKg: load[2] as number,
          cargoLitres: load[3] as number,
        },
      };
    });
    const driverId = state.drivers.get(routeKey(rt.vehicleId, rt.shift));
    return {
      vehicleId: rt.vehicleId,
      shift: rt.shift,
      stops,
      distanceMeters: dist,
      drivingSeconds: drive,
      ...(driverId !== undefined ? { driverId } : {}),
    };
  });

  const flights = [...state.room.flights.values()].sort((a, b) => a.takeOff - b.takeOff || a.id - b.id);
  const flightIndex = new Map(flights.map((f, i) => [f.id, i]));
  const droneFlights: DroneFlight[] = flights.map((f) => ({
    droneRouteId: f.droneRouteId,
    reverse: f.reverse,
    takeOff: f.takeOff,
    landing: f.landing,
    payloadKg: f.payloadKg,
    distanceMeters: f.distanceMeters,
    requestIds: [...f.requestIds].sort(),
  }));

  const itineraries: Itinerary[] = [];
  const byMode: Record<LegMode, number> = { vehicle: 0, route_bus: 0, school_bus: 0, drone: 0, walk: 0 };
  let transfers = 0;
  for (const r of ctx.problem.requests) {
    const c = state.choices.get(r.id);
    if (!c) continue;
    const legs: PlannedLeg[] = c.legs.map((l, i) => {
      if (l.mode === "vehicle") {
        const lt = legTimes.get(coreId(r.id, i));
        return {
          mode: "vehicle",
          vehicleId: lt?.vehicleId ?? "",
          shift: lt?.shift ?? 0,
          from: l.from,
          to: l.to,
          departure: lt?.dep ?? Number.NaN,
          arrival: lt?.arr ?? Number.NaN,
        };
      }
      return {
        mode: l.mode,
        ...(l.tripId !== undefined ? { tripId: l.tripId } : {}),
        ...(l.droneRouteId !== undefined ? { droneRouteId: l.droneRouteId } : {}),
        ...(l.flightId !== undefined ? { flight: flightIndex.get(l.flightId) ?? -1 } : {}),
        from: l.from,
        to: l.to,
        departure: l.departure,
        arrival: l.arrival,
      };
    });
    for (const m of new Set(legs.map((l) => l.mode))) byMode[m]++;
    if (legs.filter((l) => l.mode !== "walk").length >= 2) transfers++;
    itineraries.push({ requestId: r.id, legs });
  }
  const unassigned = ctx.problem.requests.flatMap((r) => {
    const u = state.unassigned.get(r.id);
    return u ? [u] : [];
  });
  let distanceMeters = 0;
  let drivingSeconds = 0;
  for (const r of routes) {
    distanceMeters += r.distanceMeters;
    drivingSeconds += r.drivingSeconds;
  }
  return {
    status: unassigned.length === 0 ? "solved" : "partial",
    date: ctx.problem.date,
    routes,
    itineraries,
    droneFlights,
    unassigned,
    summary: {
      served: itineraries.length,
      unserved: unassigned.length,
      vehicles: routes.length,
      drivers: new Set(routes.flatMap((r) => (r.driverId !== undefined ? [r.driverId] : []))).size,
      distanceMeters,
      drivingSeconds,
      byMode,
      transfers,
      droneFlights: droneFlights.length,
    },
    stats,
  };
}

/** Rebuilds the working state from a plan (for live edits). Throws on a plan that does not match the problem. */
export function stateFromPlan(
  ctx: Ctx,
  plan: Extract<RegionalPlan, { status: "solved" | "partial" }>,
): State {
  const state = emptyState();
  plan.droneFlights.forEach((f, i) => {
    state.room.flights.set(i, {
      id: i,
      droneRouteId: f.droneRouteId,
      reverse: f.reverse,
      takeOff: f.takeOff,
      landing: f.landing,
      distanceMeters: f.distanceMeters,
      payloadKg: f.payloadKg,
      requestIds: [...f.requestIds],
    });
  });
  state.room.nextFlightId = plan.droneFlights.length;
  for (const it of plan.itineraries) {
    const r = ctx.reqById.get(it.requestId);
    if (!r) throw new Error(`itinerary of unknown request ${it.requestId}`);
    const shapes: LegShape[] = it.legs.map((l) =>
      l.mode === "vehicle"
        ? { mode: l.mode, from: l.from, to: l.to }
        : { mode: l.mode, from: l.from, to: l.to, departure: l.departure, arrival: l.arrival },
    );
    const windows = vehicleLegWindows(ctx, r, shapes);
    const legs: LegSpec[] = it.legs.map((l, i) => {
      if (l.mode === "vehicle") {
        // A plan made under other assumptions keeps its own leg times as the window.
        const w = windows?.[i] ?? {
          pickupStart: l.departure,
          pickupEnd: l.departure,
          deliveryStart: Number.NEGATIVE_INFINITY,
          deliveryEnd: l.arrival,
          maxRide: Number.POSITIVE_INFINITY,
        };
        return { mode: "vehicle", from: l.from, to: l.to, window: w };
      }
      const spec: FixedLegSpec = {
        mode: l.mode,
        from: l.from,
        to: l.to,
        departure: l.departure,
        arrival: l.arrival,
        ...(l.droneRouteId !== undefined ? { droneRouteId: l.droneRouteId } : {}),
        ...(l.flight !== undefined ? { flightId: l.flight } : {}),
        ...(l.tripId !== undefined
          ? tripIndices(ctx, l.tripId, l.from.stopId, l.to.stopId, l.departure)
          : {}),
      };
      return spec;
    });
    const type = legs.some((l) => l.mode === "drone")
      ? "drone"
      : legs.some((l) => l.mode === "route_bus" || l.mode === "school_bus")
        ? "trip"
        : "direct";
    const c: Choice = { requestId: r.id, type, legs };
    state.choices.set(r.id, c);
    useTrip(ctx, state.room, r, c, 1);
  }
  for (const rt of plan.routes) {
    if (rt.driverId !== undefined) state.drivers.set(routeKey(rt.vehicleId, rt.shift), rt.driverId);
    state.routes.set(routeKey(rt.vehicleId, rt.shift), {
      vehicleId: rt.vehicleId,
      shift: rt.shift,
      stops: rt.stops.map((s) => ({
        kind: s.kind === "dropoff" ? "delivery" : s.kind,
        ...(s.requestId !== undefined ? { coreId: coreId(s.requestId, s.legIndex ?? 0) } : {}),
        location: loc(ctx, s.point),
        arrival: s.arrival,
        serviceStart: s.serviceStart,
        departure: s.departure,
      })),
    });
  }
  for (const u of plan.unassigned) state.unassigned.set(u.requestId, u);
  return state;
}

function tripIndices(ctx: Ctx, tripId: string, from?: string, to?: string, departure?: number) {
  const trip = ctx.tripById.get(tripId);
  const board = trip?.stops.findIndex((s) => s.stopId === from && s.departure === departure) ?? -1;
  const alight = trip?.stops.findIndex((s, i) => i > board && s.stopId === to) ?? -1;
  return { tripId, board: Math.max(0, board), alight: Math.max(0, alight) };
}
