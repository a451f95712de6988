import type { Problem } from "./model";

/**
 * The problem compiled into flat typed arrays for the hot loops.
 * Request r has pickup node 2r and delivery node 2r+1. Each vehicle availability window is a
 * "shift", i.e. one route slot.
 */
export interface Instance {
  readonly problem: Problem;
  readonly nReq: number;
  readonly dims: number;
  // per node
  readonly loc: Int32Array;
  readonly early: Float64Array;
  readonly late: Float64Array;
  readonly svc: Float64Array;
  /** node*dims + d; positive at pickups, negative at deliveries. */
  readonly q: Float64Array;
  // per request
  readonly maxRide: Float64Array;
  readonly prio: Float64Array;
  // per shift
  readonly nShift: number;
  readonly shiftVehicle: Int32Array;
  readonly shiftIndex: Int32Array;
  readonly startLoc: Int32Array;
  readonly endLoc: Int32Array;
  readonly shiftStart: Float64Array;
  readonly shiftEnd: Float64Array;
  readonly maxDur: Float64Array;
  /** shift*dims + d */
  readonly cap: Float64Array;
  readonly fixed: Float64Array;
  readonly time: Float64Array[];
  readonly dist: Float64Array[];
  /** Arc cost (distance and driving time priced for the shift's vehicle), location-indexed. */
  readonly cost: Float64Array[];
  /** Locations per row of the tables of each shift. */
  readonly nLoc: Int32Array;
  /** Shifts with the same class are interchangeable (same vehicle type, depots and window). */
  readonly shiftClass: Int32Array;
  /** compat[r*nShift + s] = 1 when the shift's vehicle has every skill request r needs. */
  readonly compat: Uint8Array;
  /** True when ride-time or route-duration limits need the exact schedule check. */
  readonly exactShift: Uint8Array;
  /** Weight of one unserved priority unit and of one used vehicle, chosen to dominate cost. */
  readonly unservedWeight: number;
  readonly vehicleWeight: number;
  /** A typical arc cost, used to scale annealing temperatures. */
  readonly typicalArc: number;
}

const INF = Number.POSITIVE_INFINITY;

/** Compiles a validated problem. */
export function compile(problem: Problem): Instance {
  const R = problem.requests.length;
  const dims = problem.vehicles[0]?.capacity.length ?? problem.requests[0]?.load.length ?? 0;
  const N = 2 * R;
  const loc = new Int32Array(N);
  const early = new Float64Array(N);
  const late = new Float64Array(N);
  const svc = new Float64Array(N);
  const q = new Float64Array(N * dims);
  const maxRide = new Float64Array(R);
  const prio = new Float64Array(R);
  let anyRide = false;
  problem.requests.forEach((r, i) => {
    const ends = [r.pickup, r.delivery] as const;
    for (let k = 0; k < 2; k++) {
      const s = ends[k] as (typeof ends)[0];
      const n = 2 * i + k;
      loc[n] = s.location;
      early[n] = s.timeWindow?.start ?? -INF;
      late[n] = s.timeWindow?.end ?? INF;
      svc[n] = s.serviceSeconds ?? 0;
      for (let d = 0; d < dims; d++) q[n * dims + d] = (k === 0 ? 1 : -1) * (r.load[d] ?? 0);
    }
    maxRide[i] = r.maxRideSeconds ?? INF;
    if (Number.isFinite(maxRide[i] as number)) anyRide = true;
    prio[i] = r.priority ?? 1;
  });

  const shifts: { v: number; k: number }[] = [];
  problem.vehicles.forEach((v, vi) => {
    v.availability.forEach((_, k) => {
      shifts.push({ v: vi, k });
    });
  });
  const S = shifts.length;
  const shiftVehicle = new Int32Array(S);
  const shiftIndex = new Int32Array(S);
  const startLoc = new Int32Array(S);
  const endLoc = new Int32Array(S);
  const shiftStart = new Float64Array(S);
  const shiftEnd = new Float64Array(S);
  const maxDur = new Float64Array(S);
  const cap = new Float64Array(S * dims);
  const fixed = new Float64Array(S);
  const time: Float64Array[] = [];
  const dist: Float64Array[] = [];
  const cost: Float64Array[] = [];
  const nLoc = new Int32Array(S);
  const shiftClass = new Int32Array(S);
  const exactShift = new Uint8Array(S);
  const tableCache = new Map<string, { t: Float64Array; d: Float64Array; c: Map<string, Float64Array> }>();
  const classKeys = new Map<string, number>();
  const skillSets: Set<string>[] = [];

  shifts.forEach(({ v, k }, s) => {
    const veh = problem.vehicles[v];
    if (!veh) throw new Error("unreachable");
    const w = veh.availability[k] as { start: number; end: number };
    const profile = veh.profile ?? "default";
    shiftVehicle[s] = v;
    shiftIndex[s] = k;
    startLoc[s] = veh.startLocation;
    endLoc[s] = veh.endLocation ?? veh.startLocation;
    shiftStart[s] = w.start;
    shiftEnd[s] = w.end;
    maxDur[s] = veh.maxRouteSeconds ?? INF;
    for (let d = 0; d < dims; d++) cap[s * dims + d] = veh.capacity[d] ?? 0;
    fixed[s] = veh.fixedCost ?? 0;
    let tab = tableCache.get(profile);
    if (!tab) {
      const src = problem.travel[profile];
      if (!src) throw new Error(`no travel table for profile ${profile}`);
      tab = { t: Float64Array.from(src.durations), d: Float64Array.from(src.distances), c: new Map() };
      tableCache.set(profile, tab);
    }
    const perKm = veh.costPerKm ?? 1;
    const perHour = veh.costPerHour ?? 0;
    const ck = `${perKm}|${perHour}`;
    let cm = tab.c.get(ck);
    if (!cm) {
      cm = new Float64Array(tab.d.length);
      const a = perKm / 1000;
      const b = perHour / 3600;
      for (let i = 0; i < cm.length; i++) cm[i] = a * (tab.d[i] as number) + b * (tab.t[i] as number);
      tab.c.set(ck, cm);
    }
    time.push(tab.t);
    dist.push(tab.d);
    cost.push(cm);
    nLoc[s] = problem.travel[profile]?.size ?? 0;
    const skills = new Set(veh.skills ?? []);
    skillSets.push(skills);
    const key = JSON.stringify([
      profile,
      ck,
      startLoc[s],
      endLoc[s],
      w.start,
      w.end,
      maxDur[s],
      veh.capacity,
      [...skills].sort(),
      fixed[s],
    ]);
    let cls = classKeys.get(key);
    if (cls === undefined) {
      cls = classKeys.size;
      classKeys.set(key, cls);
    }
    shiftClass[s] = cls;
    exactShift[s] = anyRide || maxDur[s] < w.end - w.start ? 1 : 0;
  });

  const compat = new Uint8Array(R * S);
  problem.requests.forEach((r, i) => {
    const need = r.requiredSkills ?? [];
    for (let s = 0; s < S; s++) {
      const have = skillSets[s] as Set<string>;
      compat[i * S + s] = need.every((x) => have.has(x)) ? 1 : 0;
    }
  });

  // Hierarchy weights: a vehicle must outweigh any cost difference, an unserved request any
  // number of vehicles. Bound the cost by serving every request alone on its dearest shift.
  let costBound = 0;
  let arcSum = 0;
  let arcCount = 0;
  for (let r = 0; r < R; r++) {
    let worst = 0;
    for (let s = 0; s < S; s++) {
      const c = cost[s] as Float64Array;
      const L = nLoc[s] as number;
      const a = startLoc[s] as number;
      const b = endLoc[s] as number;
      const p = loc[2 * r] as number;
      const d = loc[2 * r + 1] as number;
      const v =
        (c[a * L + p] as number) + (c[p * L + d] as number) + (c[d * L + b] as number) + (fixed[s] as number);
      if (v > worst) worst = v;
      if (s === 0) {
        arcSum += c[p * L + d] as number;
        arcCount++;
      }
    }
    costBound += worst;
  }
  const vehicleWeight = Math.max(1, costBound * 2);
  const unservedWeight = vehicleWeight * (S + 1);
  const typicalArc = arcCount > 0 && arcSum > 0 ? arcSum / arcCount : 1;

  return {
    problem,
    nReq: R,
    dims,
    loc,
    early,
    late,
    svc,
    q,
    maxRide,
    prio,
    nShift: S,
    shiftVehicle,
    shiftIndex,
    startLoc,
    endLoc,
    shiftStart,
    shiftEnd,
    maxDur,
    cap,
    fixed,
    time,
    dist,
    cost,
    nLoc,
    shiftClass,
    compat,
    exactShift,
    unservedWeight,
    vehicleWeight,
    typicalArc,
  };
}
