/**
 * Itinerary candidates per request (direct, timetabled trip, drone) and the room they use on
 * trips (per segment) and drones (one drone per port pair, flights scheduled here).
 */
import { haversineMeters } from "../matrix";
import {
  type Ctx,
  type LegShape,
  loadOf,
  loc,
  refMeters,
  refSeconds,
  serviceOf,
  transferPointAt,
  transferSeconds,
  type VehicleLegWindow,
  vehicleLegWindows,
  WHEELCHAIR_FEATURES,
  walkLimit,
} from "./context";
import type { DroneRoute, LegEnd, RegionalRequest, TimetabledTrip } from "./model";
import { walkMeters, walkSeconds } from "./travel";

export interface FixedLegSpec {
  readonly mode: "walk" | "route_bus" | "school_bus" | "drone";
  readonly from: LegEnd;
  readonly to: LegEnd;
  readonly departure: number;
  readonly arrival: number;
  readonly tripId?: string;
  /** Stop indices on the trip. */
  readonly board?: number;
  readonly alight?: number;
  readonly droneRouteId?: string;
  /** Internal flight id (see `Room.flights`). */
  readonly flightId?: number;
}

export interface VehicleLegSpec {
  readonly mode: "vehicle";
  readonly from: LegEnd;
  readonly to: LegEnd;
  readonly window: VehicleLegWindow;
}

export type LegSpec = FixedLegSpec | VehicleLegSpec;

export interface Choice {
  readonly requestId: string;
  readonly type: "direct" | "trip" | "drone";
  readonly legs: readonly LegSpec[];
}

export interface Flight {
  readonly id: number;
  readonly droneRouteId: string;
  readonly reverse: boolean;
  readonly takeOff: number;
  readonly landing: number;
  readonly distanceMeters: number;
  payloadKg: number;
  readonly requestIds: string[];
}

/** Room used on trips and drones by the chosen itineraries. */
export interface Room {
  /** tripId → per segment × 4 dimensions. */
  readonly tripUse: Map<string, Float64Array>;
  readonly flights: Map<number, Flight>;
  nextFlightId: number;
}

export const newRoom = (): Room => ({ tripUse: new Map(), flights: new Map(), nextFlightId: 0 });

const EPS = 1e-6;

export function stopEnd(ctx: Ctx, trip: TimetabledTrip, i: number): LegEnd {
  const s = trip.stops[i];
  if (!s) throw new Error(`trip ${trip.id} has no stop ${i}`);
  const tp = ctx.tpByStop.get(s.stopId);
  return {
    point: s.point,
    name: s.name,
    stopId: s.stopId,
    ...(tp ? { transferPointId: tp.id } : {}),
  };
}

export function portEnd(ctx: Ctx, d: DroneRoute, atTo: boolean): LegEnd {
  const portId = atTo ? d.toPortId : d.fromPortId;
  const tp = ctx.tpByPort.get(portId);
  return {
    point: atTo ? d.to : d.from,
    name: atTo ? d.toName : d.fromName,
    portId,
    ...(tp ? { transferPointId: tp.id } : {}),
  };
}

// The request's own point object: table lookups are cached per object.
const door = (p: RegionalRequest["pickup"]): LegEnd => ({ point: p });

/** The direct itinerary: one road leg door to door. */
export function directChoice(ctx: Ctx, r: RegionalRequest): Choice | undefined {
  const shape: LegShape[] = [{ mode: "vehicle", from: door(r.pickup), to: door(r.dropoff) }];
  const w = vehicleLegWindows(ctx, r, shape)?.[0];
  if (!w) return undefined;
  return {
    requestId: r.id,
    type: "direct",
    legs: [{ ...(shape[0] as LegShape), mode: "vehicle", window: w }],
  };
}

/** Estimated road metres of an itinerary (its road legs only: hub legs are consolidated). */
export function roadMeters(ctx: Ctx, c: Choice): number {
  let m = 0;
  for (const l of c.legs) if (l.mode === "vehicle") m += refMeters(ctx, l.from.point, l.to.point);
  return m;
}

function samePoint(a: LegEnd["point"], b: LegEnd["point"]): boolean {
  return haversineMeters(a, b) < 1;
}

function attachWindows(
  ctx: Ctx,
  r: RegionalRequest,
  shapes: LegShape[],
  c: Omit<Choice, "legs">,
): Choice | undefined {
  const w = vehicleLegWindows(ctx, r, shapes);
  if (!w) return undefined;
  const legs: LegSpec[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const s = shapes[i] as LegShape;
    if (s.mode === "vehicle") {
      const win = w[i];
      if (!win) return undefined;
      legs.push({ mode: "vehicle", from: s.from, to: s.to, window: win });
    } else legs.push(s as FixedLegSpec);
  }
  return { ...c, legs };
}

/** Whether a trip may carry this request at all (kind, cold chain, wheelchair access). */
export function tripAccepts(trip: TimetabledTrip, r: RegionalRequest): boolean {
  const q = loadOf(r);
  // Cold parcels keep the cold chain on road vehicles with a cold box: buses have none.
  if (r.kind === "parcel" && r.cold) return false;
  if (r.kind === "ride" && r.wheelchair) {
    if (trip.spare.wheelchairs < 1) return false;
    if (!(trip.features ?? []).some((f) => WHEELCHAIR_FEATURES.includes(f))) return false;
  }
  const spare = [trip.spare.seats, trip.spare.wheelchairs, trip.spare.cargoKg, trip.spare.cargoLitres];
  return q.every((x, d) => x <= (spare[d] as number) + EPS);
}

/**
 * Trip itineraries: for every trip that accepts the request, the best boarding/alighting pair
 * (fewest road metres, then earliest arrival), walking where the rider may, else by road.
 */
export function tripCandidates(ctx: Ctx, r: RegionalRequest): Choice[] {
  const out: { c: Choice; m: number; z: number }[] = [];
  const wl = walkLimit(r);
  const svc = serviceOf(ctx, r);
  for (const trip of ctx.problem.trips ?? []) {
    if (!tripAccepts(trip, r)) continue;
    const n = trip.stops.length;
    const ends = trip.stops.map((_, i) => stopEnd(ctx, trip, i));
    // Access and egress per stop, computed once per trip, with a quick timing test so that
    // the exact window derivation only runs on the few promising pairs.
    const access = trip.stops.map((s, i) => {
      if (s.boarding === false || i === n - 1) return undefined;
      const a = legTo(ctx, door(r.pickup), ends[i] as LegEnd, wl, s.departure, true);
      if (!a) return undefined;
      const leg = a.legs[0];
      const ready =
        leg === undefined
          ? r.earliest
          : leg.mode === "walk"
            ? r.earliest + ((leg.arrival ?? 0) - (leg.departure ?? 0))
            : r.earliest +
              svc +
              refSeconds(ctx, r.pickup, s.point) +
              transferSeconds(ctx, ends[i] as LegEnd, "vehicle", trip.service);
      return ready <= s.departure ? a : undefined;
    });
    const egress = trip.stops.map((s, j) => {
      if (s.alighting === false || j === 0) return undefined;
      const e = legTo(ctx, ends[j] as LegEnd, door(r.dropoff), wl, s.arrival, false);
      if (!e) return undefined;
      const leg = e.legs[0];
      const done =
        leg === undefined
          ? s.arrival
          : leg.mode === "walk"
            ? (leg.arrival ?? 0)
            : s.arrival +
              transferSeconds(ctx, ends[j] as LegEnd, trip.service, "vehicle") +
              svc +
              refSeconds(ctx, s.point, r.dropoff);
      return done <= r.latest ? e : undefined;
    });
    const pairs: { i: number; j: number; m: number; z: number }[] = [];
    for (let i = 0; i < n - 1; i++) {
      const ai = access[i];
      if (!ai) continue;
      for (let j = i + 1; j < n; j++) {
        const ej = egress[j];
        if (ej)
          pairs.push({ i, j, m: ai.m + ej.m, z: (trip.stops[j] as TimetabledTrip["stops"][0]).arrival });
      }
    }
    pairs.sort((a, b) => a.m - b.m || a.z - b.z || a.i - b.i);
    for (const pr of pairs.slice(0, 4)) {
      const si = trip.stops[pr.i] as TimetabledTrip["stops"][0];
      const sj = trip.stops[pr.j] as TimetabledTrip["stops"][0];
      const ride = {
        mode: trip.service,
        from: ends[pr.i] as LegEnd,
        to: ends[pr.j] as LegEnd,
        departure: si.departure,
        arrival: sj.arrival,
        tripId: trip.id,
        board: pr.i,
        alight: pr.j,
      } as LegShape;
      const shapes = [...(access[pr.i]?.legs ?? []), ride, ...(egress[pr.j]?.legs ?? [])];
      const c = attachWindows(ctx, r, shapes, { requestId: r.id, type: "trip" });
      if (c) {
        out.push({ c, m: pr.m, z: pr.z });
        break;
      }
    }
  }
  out.sort((a, b) => a.m - b.m || a.z - b.z);
  return out.slice(0, 6).map((x) => x.c);
}

/**
 * The way from a door to a stop (or back): nothing when they coincide, a walk within the
 * rider's limit (timed to meet the bus), else a road leg (timed later by the core).
 */
function legTo(
  ctx: Ctx,
  from: LegEnd,
  to: LegEnd,
  wl: number,
  busTime: number,
  toStop: boolean,
): { legs: LegShape[]; m: number } | undefined {
  if (samePoint(from.point, to.point)) return { legs: [], m: 0 };
  const wm = walkMeters(from.point, to.point);
  if (wl > 0 && wm <= wl) {
    const ws = walkSeconds(wm, ctx.o.walkKmh);
    return toStop
      ? { legs: [{ mode: "walk", from, to, departure: busTime - ws, arrival: busTime }], m: 0 }
      : { legs: [{ mode: "walk", from, to, departure: busTime, arrival: busTime + ws }], m: 0 };
  }
  return { legs: [{ mode: "vehicle", from, to }], m: refMeters(ctx, from.point, to.point) };
}

/** Flight geometry of a route in one direction. */
export function flightOf(d: DroneRoute, reverse: boolean) {
  const distanceMeters = haversineMeters(d.from, d.to);
  const seconds = distanceMeters / (((d.cruiseKmh ?? 50) * 1000) / 3600);
  return { distanceMeters, seconds, handling: d.handlingSeconds ?? 300, reverse };
}

/** Port pair key: both directions of a pair share one drone. */
export function pairKey(d: DroneRoute): string {
  return [d.fromPortId, d.toPortId].sort().join("\u0000");
}

/** The port where the pair's drone is based: the `from` port of the first route of the pair. */
export function homePort(ctx: Ctx, d: DroneRoute): string {
  const key = pairKey(d);
  const first = (ctx.problem.droneRoutes ?? []).find((x) => pairKey(x) === key);
  return (first ?? d).fromPortId;
}

/**
 * When a flight keeps its pair's drone busy. Every flight is an out-and-back from the drone's
 * home port: from home it is loading, flight, unloading and the flight back; from the far port
 * it is the positioning flight, loading, flight and unloading.
 */
export function flightBusy(
  ctx: Ctx,
  d: DroneRoute,
  reverse: boolean,
  takeOff: number,
): { start: number; end: number; landing: number } {
  const f = flightOf(d, reverse);
  const origin = reverse ? d.toPortId : d.fromPortId;
  const landing = takeOff + f.seconds;
  return origin === homePort(ctx, d)
    ? { start: takeOff - f.handling, end: landing + f.handling + f.seconds, landing }
    : { start: takeOff - f.handling - f.seconds, end: landing + f.handling, landing };
}

/** Whether a parcel alone is within a drone's payload: its weight and, when the route has one, its volume. */
const withinPayload = (d: DroneRoute, r: RegionalRequest): boolean =>
  (r.weightKg ?? 0) <= d.maxPayloadKg + EPS &&
  (d.maxPayloadLitres === undefined || (r.sizeLitres ?? 0) <= d.maxPayloadLitres + EPS);

/**
 * Why no drone route takes a parcel, when it is its size: the dimension it is
 * over (weight or volume), its load and the largest limit among the routes —
 * the numbers the unassigned reason says in words (its own keys: the road's
 * CAPACITY details keep `load` and `dimension`). Undefined for a ride, a
 * cold parcel, a day without drones, or a parcel some drone could lift.
 */
export function overDroneLimit(
  ctx: Ctx,
  r: RegionalRequest,
): { droneDimension: "cargoKg" | "cargoLitres"; droneLoad: number; droneLimit: number } | undefined {
  const routes = ctx.problem.droneRoutes ?? [];
  if (r.kind !== "parcel" || r.cold || routes.length === 0) return undefined;
  if (routes.some((d) => withinPayload(d, r))) return undefined;
  const kg = r.weightKg ?? 0;
  const maxKg = Math.max(...routes.map((d) => d.maxPayloadKg));
  if (kg > maxKg + EPS) return { droneDimension: "cargoKg", droneLoad: kg, droneLimit: maxKg };
  // Every route is over in weight or volume, and some can lift the weight: so volume it is.
  const litres = routes.flatMap((d) => (d.maxPayloadLitres === undefined ? [] : [d.maxPayloadLitres]));
  return { droneDimension: "cargoLitres", droneLoad: r.sizeLitres ?? 0, droneLimit: Math.max(...litres) };
}

/** Drone routes (and directions) a parcel may fly on at all. */
export function droneOptions(ctx: Ctx, r: RegionalRequest): { d: DroneRoute; reverse: boolean }[] {
  if (r.kind !== "parcel" || r.cold) return [];
  const out: { d: DroneRoute; reverse: boolean }[] = [];
  for (const d of ctx.problem.droneRoutes ?? []) {
    if (!withinPayload(d, r)) continue;
    const f = flightOf(d, false);
    // The drone flies back, so the range must cover the round trip.
    if (2 * f.distanceMeters > d.rangeKm * 1000 + EPS) continue;
    out.push({ d, reverse: false });
    if (d.bidirectional ?? true) out.push({ d, reverse: true });
  }
  return out;
}

function droneShapes(
  ctx: Ctx,
  r: RegionalRequest,
  d: DroneRoute,
  reverse: boolean,
  takeOff: number,
): LegShape[] {
  const fromEnd = portEnd(ctx, d, reverse);
  const toEnd = portEnd(ctx, d, !reverse);
  const f = flightOf(d, reverse);
  const shapes: LegShape[] = [];
  if (!samePoint(r.pickup, fromEnd.point))
    shapes.push({ mode: "vehicle", from: door(r.pickup), to: fromEnd });
  shapes.push({
    mode: "drone",
    from: fromEnd,
    to: toEnd,
    departure: takeOff,
    arrival: takeOff + f.seconds,
    droneRouteId: d.id,
  } as LegShape);
  if (!samePoint(r.dropoff, toEnd.point)) shapes.push({ mode: "vehicle", from: toEnd, to: door(r.dropoff) });
  return shapes;
}

/** Range of take-off times that leave room for the road legs (before flight scheduling). */
function takeOffRange(ctx: Ctx, r: RegionalRequest, d: DroneRoute, reverse: boolean): [number, number] {
  const f = flightOf(d, reverse);
  const fromEnd = portEnd(ctx, d, reverse);
  const toEnd = portEnd(ctx, d, !reverse);
  const svc = serviceOf(ctx, r);
  const tA = transferSeconds(ctx, fromEnd, "vehicle", "drone");
  const tZ = transferSeconds(ctx, toEnd, "drone", "vehicle");
  const dA = samePoint(r.pickup, fromEnd.point) ? 0 : svc + refSeconds(ctx, r.pickup, fromEnd.point) + tA;
  const dZ = samePoint(r.dropoff, toEnd.point) ? 0 : tZ + svc + refSeconds(ctx, toEnd.point, r.dropoff);
  let lo = Math.max(d.operating.start, r.earliest + dA);
  let hi = Math.min(d.operating.end - f.seconds, r.latest - dZ - f.seconds);
  const tpA = transferPointAt(ctx, fromEnd);
  const tpZ = transferPointAt(ctx, toEnd);
  if (tpA?.open && dA > 0) {
    lo = Math.max(lo, tpA.open.start + tA);
    hi = Math.min(hi, tpA.open.end + tA);
  }
  if (tpZ?.open && dZ > 0) {
    lo = Math.max(lo, tpZ.open.start - tZ - f.seconds);
    hi = Math.min(hi, tpZ.open.end - tZ - f.seconds);
  }
  return [lo, hi];
}

function busyOverlaps(
  ctx: Ctx,
  room: Room,
  d: DroneRoute,
  busy: { start: number; end: number },
  skip?: number,
) {
  const key = pairKey(d);
  for (const fl of room.flights.values()) {
    if (fl.id === skip) continue;
    const other = ctx.droneById.get(fl.droneRouteId);
    if (!other || pairKey(other) !== key) continue;
    const b = flightBusy(ctx, other, fl.reverse, fl.takeOff);
    if (busy.start < b.end - EPS && b.start < busy.end - EPS) return true;
  }
  return false;
}

function withinOperating(d: DroneRoute, busy: { start: number; end: number }, handling: number): boolean {
  // Flying (not loading) must stay within the operating hours.
  return busy.start + handling >= d.operating.start - EPS && busy.end - handling <= d.operating.end + EPS;
}

/**
 * Books a drone itinerary: joins an existing flight with payload room in the window, else
 * schedules a new flight at the free time nearest the middle of the window. Mutates `room`.
 */
export function bookDrone(
  ctx: Ctx,
  room: Room,
  r: RegionalRequest,
  d: DroneRoute,
  reverse: boolean,
): Choice | undefined {
  const [lo, hi] = takeOffRange(ctx, r, d, reverse);
  if (lo > hi) return undefined;
  const mid = (lo + hi) / 2;
  const w = r.weightKg ?? 0;
  const litres = (fl: Flight) =>
    fl.requestIds.reduce((sum, id) => sum + (ctx.reqById.get(id)?.sizeLitres ?? 0), 0);
  const roomFor = (fl: Flight) =>
    fl.payloadKg + w <= d.maxPayloadKg + EPS &&
    (d.maxPayloadLitres === undefined || litres(fl) + (r.sizeLitres ?? 0) <= d.maxPayloadLitres + EPS);
  const joinable = [...room.flights.values()]
    .filter(
      (fl) =>
        fl.droneRouteId === d.id &&
        fl.reverse === reverse &&
        fl.takeOff >= lo - EPS &&
        fl.takeOff <= hi + EPS &&
        roomFor(fl),
    )
    .sort((a, b) => Math.abs(a.takeOff - mid) - Math.abs(b.takeOff - mid) || a.id - b.id);
  for (const fl of joinable) {
    const c = attachWindows(ctx, r, droneShapes(ctx, r, d, reverse, fl.takeOff), {
      requestId: r.id,
      type: "drone",
    });
    if (!c) continue;
    fl.payloadKg += w;
    fl.requestIds.push(r.id);
    return withFlight(c, fl.id);
  }
  const f = flightOf(d, reverse);
  // Candidate take-off times: the middle, the ends, and just before/after each busy interval.
  const times = new Set<number>([mid, lo, hi]);
  for (const fl of room.flights.values()) {
    const other = ctx.droneById.get(fl.droneRouteId);
    if (!other || pairKey(other) !== pairKey(d)) continue;
    const b = flightBusy(ctx, other, fl.reverse, fl.takeOff);
    const probe = flightBusy(ctx, d, reverse, 0);
    times.add(b.end - probe.start + 1);
    times.add(b.start - probe.end - 1);
  }
  const sorted = [...times]
    .map((t) => Math.round(t))
    .filter((t) => t >= lo - EPS && t <= hi + EPS)
    .sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid) || a - b);
  for (const t of sorted) {
    const busy = flightBusy(ctx, d, reverse, t);
    if (!withinOperating(d, busy, f.handling) || busyOverlaps(ctx, room, d, busy)) continue;
    const c = attachWindows(ctx, r, droneShapes(ctx, r, d, reverse, t), { requestId: r.id, type: "drone" });
    if (!c) continue;
    const id = room.nextFlightId++;
    room.flights.set(id, {
      id,
      droneRouteId: d.id,
      reverse,
      takeOff: t,
      landing: busy.landing,
      distanceMeters: f.distanceMeters,
      payloadKg: w,
      requestIds: [r.id],
    });
    return withFlight(c, id);
  }
  return undefined;
}

function withFlight(c: Choice, id: number): Choice {
  return { ...c, legs: c.legs.map((l) => (l.mode === "drone" ? { ...l, flightId: id } : l)) };
}

/** Adds (sign 1) or removes (sign −1) a trip itinerary's load on its segments. */
export function useTrip(ctx: Ctx, room: Room, r: RegionalRequest, c: Choice, sign: 1 | -1): void {
  const q = loadOf(r);
  for (const l of c.legs) {
    if ((l.mode !== "route_bus" && l.mode !== "school_bus") || !l.tripId) continue;
    const trip = ctx.tripById.get(l.tripId);
    if (!trip) continue;
    let use = room.tripUse.get(trip.id);
    if (!use) {
      use = new Float64Array((trip.stops.length - 1) * 4);
      room.tripUse.set(trip.id, use);
    }
    for (let s = l.board ?? 0; s < (l.alight ?? 0); s++)
      for (let d = 0; d < 4; d++) use[s * 4 + d] = (use[s * 4 + d] as number) + sign * (q[d] as number);
  }
}

/** Whether a trip itinerary still fits in the room left on its segments. */
export function tripFits(ctx: Ctx, room: Room, r: RegionalRequest, c: Choice): boolean {
  const q = loadOf(r);
  for (const l of c.legs) {
    if ((l.mode !== "route_bus" && l.mode !== "school_bus") || !l.tripId) continue;
    const trip = ctx.tripById.get(l.tripId);
    if (!trip) return false;
    const spare = [trip.spare.seats, trip.spare.wheelchairs, trip.spare.cargoKg, trip.spare.cargoLitres];
    const use = room.tripUse.get(trip.id);
    for (let s = l.board ?? 0; s < (l.alight ?? 0); s++)
      for (let d = 0; d < 4; d++)
        if ((use?.[s * 4 + d] ?? 0) + (q[d] as number) > (spare[d] as number) + EPS) return false;
  }
  return true;
}

/** Releases whatever trip and drone room an itinerary holds. */
export function release(ctx: Ctx, room: Room, r: RegionalRequest, c: Choice): void {
  useTrip(ctx, room, r, c, -1);
  for (const l of c.legs) {
    if (l.mode !== "drone" || l.flightId === undefined) continue;
    const fl = room.flights.get(l.flightId);
    if (!fl) continue;
    const i = fl.requestIds.indexOf(r.id);
    if (i >= 0) fl.requestIds.splice(i, 1);
    fl.payloadKg -= r.weightKg ?? 0;
    if (fl.requestIds.length === 0) room.flights.delete(fl.id);
  }
}

/** Whether any bus or drone itinerary applies to the request at all (ignoring room). */
export function hasMultimodalOption(ctx: Ctx, r: RegionalRequest): boolean {
  return tripCandidates(ctx, r).length > 0 || droneOptions(ctx, r).length > 0;
}

/**
 * Multimodal options of a request, best (fewest estimated road metres) first, that save at
 * least `minSavingMeters` over the direct drive. Drone options are booked lazily by `tryBook`.
 */
export type Option =
  | { readonly kind: "trip"; readonly choice: Choice; readonly meters: number }
  | { readonly kind: "drone"; readonly d: DroneRoute; readonly reverse: boolean; readonly meters: number };

export function multimodalOptions(ctx: Ctx, r: RegionalRequest): Option[] {
  const direct = refMeters(ctx, r.pickup, r.dropoff);
  const out: Option[] = [];
  for (const c of tripCandidates(ctx, r)) out.push({ kind: "trip", choice: c, meters: roadMeters(ctx, c) });
  for (const { d, reverse } of droneOptions(ctx, r)) {
    const a = portEnd(ctx, d, reverse).point;
    const z = portEnd(ctx, d, !reverse).point;
    const meters = refMeters(ctx, r.pickup, a) + refMeters(ctx, z, r.dropoff);
    out.push({ kind: "drone", d, reverse, meters });
  }
  return out
    .filter((o) => direct - o.meters >= ctx.o.minSavingMeters)
    .sort((a, b) => a.meters - b.meters || (a.kind === b.kind ? 0 : a.kind === "trip" ? -1 : 1));
}

/** Books an option's room (trip segments or a drone flight); undefined when it does not fit. */
export function tryBook(ctx: Ctx, room: Room, r: RegionalRequest, o: Option): Choice | undefined {
  if (o.kind === "trip") {
    if (!tripFits(ctx, room, r, o.choice)) return undefined;
    useTrip(ctx, room, r, o.choice, 1);
    return o.choice;
  }
  return bookDrone(ctx, room, r, o.d, o.reverse);
}

export { loc };
