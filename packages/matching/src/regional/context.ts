/**
 * Shared rules of the regional planner: resolved options, request loads, transfer times at a
 * place, and the time windows a hand-over to a fixed leg (bus, drone, walk) puts on road legs.
 */
import type { GeoPoint, MatrixProvider } from "../matrix";
import type { SolveOptions, TravelTable } from "../model";
import { type ResolvedDriverRules, resolveDriverRules } from "./drivers";
import type {
  DroneRoute,
  LegEnd,
  LegMode,
  RegionalOptions,
  RegionalProblem,
  RegionalRequest,
  RoadVehicle,
  TimetabledTrip,
  TransferPoint,
} from "./model";
import { pointKey, type RegionalTravel } from "./travel";

/** Options of `solveRegional`: the model's `RegionalOptions` plus engine-side extras. */
export interface RegionalSolveOptions extends RegionalOptions {
  /**
   * Travel tables built beforehand (e.g. with an OSRM provider through `buildRegionalTravel`).
   * Default: built synchronously with `provider`.
   */
  readonly travel?: RegionalTravel;
  /** Synchronous provider used when `travel` is absent. Default `new KindSpeedProvider()`. */
  readonly provider?: MatrixProvider;
  /** Core LNS iteration cap, for reproducible runs (same seed + cap ⇒ same plan). Default: unlimited. */
  readonly maxIterations?: number;
  /**
   * A bus or drone itinerary is only chosen when it saves at least this many estimated road
   * metres over driving door to door. Default 1 000.
   */
  readonly minSavingMeters?: number;
}

/** Feature that lets a road vehicle or a bus carry a wheelchair user. */
export const WHEELCHAIR_FEATURES: readonly string[] = ["lift", "ramp"];
/** Core skill given to vehicles with a lift or ramp and required by wheelchair riders. */
export const WHEELCHAIR_SKILL = "wheelchair_access";
export const COLD_SKILL = "cold_box";

export interface Resolved {
  readonly timeLimitMs: number;
  readonly seed: number;
  readonly objective: "vehicles" | "cost";
  readonly walkKmh: number;
  readonly stopTransferSeconds: number;
  readonly rideService: number;
  readonly parcelService: number;
  readonly maxRideFactor: number;
  readonly maxRideSlack: number;
  readonly maxRideMin: number;
  readonly minSavingMeters: number;
  readonly maxIterations: number;
  readonly driverRules: ResolvedDriverRules;
}

export function resolveOptions(o: RegionalSolveOptions = {}): Resolved {
  return {
    timeLimitMs: o.timeLimitMs ?? 10_000,
    seed: o.seed ?? 1,
    objective: o.objective ?? "cost",
    walkKmh: o.walkKmh ?? 3.6,
    stopTransferSeconds: o.stopTransferSeconds ?? 300,
    rideService: o.serviceSeconds?.ride ?? 120,
    parcelService: o.serviceSeconds?.parcel ?? 60,
    maxRideFactor: o.maxRide?.factor ?? 2,
    maxRideSlack: o.maxRide?.slackSeconds ?? 600,
    maxRideMin: o.maxRide?.minSeconds ?? 1800,
    minSavingMeters: o.minSavingMeters ?? 1000,
    maxIterations: o.maxIterations ?? Number.POSITIVE_INFINITY,
    driverRules: resolveDriverRules(o.driverRules),
  };
}

/** Everything the planner looks up repeatedly, built once per problem. */
export interface Ctx {
  readonly problem: RegionalProblem;
  readonly o: Resolved;
  readonly travel: RegionalTravel;
  readonly reqById: ReadonlyMap<string, RegionalRequest>;
  readonly reqIndex: ReadonlyMap<string, number>;
  readonly vehById: ReadonlyMap<string, RoadVehicle>;
  readonly tripById: ReadonlyMap<string, TimetabledTrip>;
  readonly droneById: ReadonlyMap<string, DroneRoute>;
  readonly tpById: ReadonlyMap<string, TransferPoint>;
  readonly tpByStop: ReadonlyMap<string, TransferPoint>;
  readonly tpByPort: ReadonlyMap<string, TransferPoint>;
  /** The slowest vehicle kind: estimates made with it hold for every vehicle. */
  readonly refProfile: string;
}

export function makeCtx(problem: RegionalProblem, o: Resolved, travel: RegionalTravel): Ctx {
  const tpByStop = new Map<string, TransferPoint>();
  const tpByPort = new Map<string, TransferPoint>();
  for (const tp of problem.transferPoints ?? []) {
    for (const s of tp.servesStopIds ?? []) if (!tpByStop.has(s)) tpByStop.set(s, tp);
    for (const p of tp.servesPortIds ?? []) if (!tpByPort.has(p)) tpByPort.set(p, tp);
  }
  // Slowest = largest mean duration over the table (tables share their points).
  let refProfile = Object.keys(travel.tables)[0] ?? "";
  let worst = -1;
  for (const [p, t] of Object.entries(travel.tables)) {
    let sum = 0;
    const n = Math.min(t.size, 40);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += t.durations[i * t.size + j] ?? 0;
    if (sum > worst) {
      worst = sum;
      refProfile = p;
    }
  }
  return {
    problem,
    o,
    travel,
    reqById: new Map(problem.requests.map((r) => [r.id, r])),
    reqIndex: new Map(problem.requests.map((r, i) => [r.id, i])),
    vehById: new Map(problem.vehicles.map((v) => [v.id, v])),
    tripById: new Map((problem.trips ?? []).map((t) => [t.id, t])),
    droneById: new Map((problem.droneRoutes ?? []).map((d) => [d.id, d])),
    tpById: new Map((problem.transferPoints ?? []).map((t) => [t.id, t])),
    tpByStop,
    tpByPort,
    refProfile,
  };
}

const locCache = new WeakMap<RegionalTravel, WeakMap<GeoPoint, number>>();

/** Row of a point in the travel tables (cached per point object: keys are built once). */
export function loc(ctx: Ctx, p: GeoPoint): number {
  let byObj = locCache.get(ctx.travel);
  if (!byObj) {
    byObj = new WeakMap();
    locCache.set(ctx.travel, byObj);
  }
  const hit = byObj.get(p);
  if (hit !== undefined) return hit;
  const i = ctx.travel.index.get(pointKey(p));
  if (i !== undefined) byObj.set(p, i);
  if (i === undefined) throw new Error(`point ${pointKey(p)} is not in the travel tables`);
  return i;
}

function table(ctx: Ctx, profile: string): TravelTable {
  const t = ctx.travel.tables[profile];
  if (!t) throw new Error(`no travel table for profile ${profile}`);
  return t;
}

/** Driving seconds on the reference (slowest) profile. */
export function refSeconds(ctx: Ctx, a: GeoPoint, b: GeoPoint): number {
  const t = table(ctx, ctx.refProfile);
  return t.durations[loc(ctx, a) * t.size + loc(ctx, b)] as number;
}

/** Road metres on the reference profile. */
export function refMeters(ctx: Ctx, a: GeoPoint, b: GeoPoint): number {
  const t = table(ctx, ctx.refProfile);
  return t.distances[loc(ctx, a) * t.size + loc(ctx, b)] as number;
}

export function serviceOf(ctx: Ctx, r: RegionalRequest): number {
  return r.kind === "ride" ? ctx.o.rideService : ctx.o.parcelService;
}

/**
 * Seats a ride takes: the passengers (an escort is one of them; at least 1 + escort), minus the
 * wheelchair user, who takes a wheelchair place instead.
 */
export function loadOf(r: RegionalRequest): [number, number, number, number] {
  if (r.kind === "parcel") return [0, 0, r.weightKg ?? 0, r.sizeLitres ?? 0];
  const people = Math.max(r.passengers ?? 1, 1 + (r.escort ? 1 : 0));
  const wc = r.wheelchair ? 1 : 0;
  return [people - wc, wc, 0, 0];
}

export function requiredSkills(r: RegionalRequest): string[] {
  const s: string[] = [];
  if (r.kind === "ride" && r.wheelchair) s.push(WHEELCHAIR_SKILL);
  if (r.kind === "parcel" && r.cold) s.push(COLD_SKILL);
  return s;
}

export function vehicleSkills(v: RoadVehicle): string[] {
  const s = [...v.features];
  if (v.features.some((f) => WHEELCHAIR_FEATURES.includes(f))) s.push(WHEELCHAIR_SKILL);
  return s;
}

/** Walking limit of a rider (0 for wheelchair users and parcels). */
export function walkLimit(r: RegionalRequest): number {
  if (r.kind !== "ride" || r.wheelchair) return 0;
  return Math.max(0, r.maxWalkMeters ?? 0);
}

/** The request's journey limit (first departure → last arrival); Infinity for parcels. */
export function rideLimit(ctx: Ctx, r: RegionalRequest): number {
  if (r.kind !== "ride") return Number.POSITIVE_INFINITY;
  if (r.maxRideSeconds !== undefined) return r.maxRideSeconds;
  const direct = refSeconds(ctx, r.pickup, r.dropoff);
  return Math.max(ctx.o.maxRideMin, ctx.o.maxRideFactor * direct + ctx.o.maxRideSlack);
}

/** The transfer point a leg end belongs to, if any. */
export function transferPointAt(ctx: Ctx, end: LegEnd): TransferPoint | undefined {
  if (end.transferPointId) return ctx.tpById.get(end.transferPointId);
  if (end.stopId) return ctx.tpByStop.get(end.stopId);
  if (end.portId) return ctx.tpByPort.get(end.portId);
  return undefined;
}

/**
 * Minimum time between arriving with one leg and leaving with the next at `end`: none when
 * either leg is a walk (the rider simply walks on); the transfer point's time at hubs; the
 * plain-stop time at other stops and ports.
 */
export function transferSeconds(ctx: Ctx, end: LegEnd, a: LegMode, b: LegMode): number {
  if (a === "walk" || b === "walk") return 0;
  const tp = transferPointAt(ctx, end);
  if (tp) return tp.minTransferSeconds;
  if (end.stopId || end.portId) return ctx.o.stopTransferSeconds;
  return 0;
}

/** A leg as far as windows are concerned: fixed legs carry their times. */
export interface LegShape {
  readonly mode: LegMode;
  readonly from: LegEnd;
  readonly to: LegEnd;
  readonly departure?: number;
  readonly arrival?: number;
}

/** Core time windows and ride limit of one road leg. */
export interface VehicleLegWindow {
  readonly pickupStart: number;
  readonly pickupEnd: number;
  /** Hand-overs at a hub may not start before it opens. */
  readonly deliveryStart: number;
  readonly deliveryEnd: number;
  /** Core max ride (service start at pickup + service → service start at delivery). */
  readonly maxRide: number;
}

/**
 * Windows of the road legs of an itinerary whose other legs have fixed times, so that every
 * hand-over keeps its transfer time and open hours, the request's own window holds, and the
 * whole journey stays within the ride limit. Road legs only ever sit at the two ends of an
 * itinerary (direct, or access/egress around fixed legs). `undefined` when no window is left.
 */
export function vehicleLegWindows(
  ctx: Ctx,
  r: RegionalRequest,
  legs: readonly LegShape[],
): (VehicleLegWindow | undefined)[] | undefined {
  const svc = serviceOf(ctx, r);
  const limit = rideLimit(ctx, r);
  const fixed = legs.map((l, i) => (l.mode === "vehicle" ? -1 : i)).filter((i) => i >= 0);
  const out: (VehicleLegWindow | undefined)[] = legs.map(() => undefined);
  if (fixed.length === 0) {
    if (legs.length !== 1) return undefined;
    out[0] = {
      pickupStart: r.earliest,
      pickupEnd: r.latest,
      deliveryStart: Number.NEGATIVE_INFINITY,
      deliveryEnd: r.latest,
      maxRide: Number.isFinite(limit) ? limit - svc : Number.POSITIVE_INFINITY,
    };
    return out;
  }
  const f = fixed[0] as number;
  const g = fixed[fixed.length - 1] as number;
  const first = legs[f] as LegShape;
  const last = legs[g] as LegShape;
  const A = first.departure ?? Number.NaN;
  const Z = last.arrival ?? Number.NaN;
  if (!Number.isFinite(A) || !Number.isFinite(Z)) return undefined;
  const access = f === 1 ? (legs[0] as LegShape) : undefined;
  const egress = g === legs.length - 2 ? (legs[legs.length - 1] as LegShape) : undefined;
  if (f > 1 || g < legs.length - 2) return undefined;
  const tA = access ? transferSeconds(ctx, access.to, "vehicle", first.mode) : 0;
  const tZ = egress ? transferSeconds(ctx, egress.from, last.mode, "vehicle") : 0;
  const dA = access ? refSeconds(ctx, access.from.point, access.to.point) : 0;
  const dZ = egress ? refSeconds(ctx, egress.from.point, egress.to.point) : 0;
  const needA = access ? tA + svc + dA : 0;
  const needZ = egress ? tZ + svc + dZ : 0;
  const slack = limit - needA - (Z - A) - needZ;
  if (slack < 0) return undefined;
  const share = access && egress ? slack / 2 : slack;
  if (access) {
    const tp = transferPointAt(ctx, access.to);
    const pickupStart = Math.max(r.earliest, Number.isFinite(share) ? A - needA - share : r.earliest);
    const deliveryEnd = A - tA;
    const deliveryStart = tp?.open ? tp.open.start : Number.NEGATIVE_INFINITY;
    if (deliveryEnd < deliveryStart || (tp?.open && deliveryEnd > tp.open.end)) return undefined;
    if (pickupStart + svc + dA > deliveryEnd) return undefined;
    out[0] = {
      pickupStart,
      pickupEnd: deliveryEnd,
      deliveryStart,
      deliveryEnd,
      maxRide: Number.POSITIVE_INFINITY,
    };
  } else if (first.departure !== undefined && first.departure < r.earliest) return undefined;
  if (egress) {
    const tp = transferPointAt(ctx, egress.from);
    const pickupStart = Math.max(Z + tZ, tp?.open ? tp.open.start : Number.NEGATIVE_INFINITY);
    const pickupEnd = Math.min(tp?.open ? tp.open.end : Number.POSITIVE_INFINITY, r.latest);
    const deliveryEnd = Math.min(r.latest, Number.isFinite(share) ? Z + needZ + share : r.latest);
    if (pickupStart > pickupEnd || pickupStart + svc + dZ > deliveryEnd) return undefined;
    out[legs.length - 1] = {
      pickupStart,
      pickupEnd,
      deliveryStart: Number.NEGATIVE_INFINITY,
      deliveryEnd,
      maxRide: Number.POSITIVE_INFINITY,
    };
  } else if (Z > r.latest) return undefined;
  if (!access && !egress && Z - A > limit) return undefined;
  return out;
}

export type { SolveOptions };
