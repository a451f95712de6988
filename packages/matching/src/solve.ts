import { compile, type Instance } from "./instance";
import { anneal, minimiseFleet, type PhaseBudget } from "./lns";
import type {
  PlannedRoute,
  PlannedStop,
  Problem,
  SolveOptions,
  SolveProgress,
  SolveResult,
  UnassignedRequest,
} from "./model";
import { explainUnassigned } from "./reasons";
import { Rng } from "./rng";
import { scheduleSequence } from "./route";
import { makeContext, regretInsert } from "./search";
import { Solution } from "./solution";
import { validateProblem } from "./validate";

/**
 * Share of the time budget after which regret construction hands the remaining requests to
 * plain greedy insertion (regret-3 is quadratic; on short budgets the search matters more).
 */
const CONSTRUCTION_SHARE = 0.3;

/** Defaults of `SolveOptions`, kept in one place (see the JSDoc there). */
export const DEFAULT_OPTIONS = {
  objective: "cost",
  seed: 1,
  timeLimitMs: 10_000,
  maxIterations: Number.POSITIVE_INFINITY,
  fleetPhaseShare: 0.6,
  costFleetPhaseShare: 0.2,
  progressIntervalMs: 500,
} as const;

/**
 * Solves a pickup-and-delivery / dial-a-ride problem: regret-3 construction, then SISR
 * ruin-and-recreate (with a fleet-minimisation phase first for the vehicles objective).
 * Pure and single-threaded; deterministic for a seed when the iteration limit, not the clock,
 * ends the run. Never throws for infeasible input: unserved requests come back with reasons.
 */
export function solve(
  problem: Problem,
  options: SolveOptions = {},
  onProgress?: (p: SolveProgress) => void,
): SolveResult {
  // The budget covers everything solve does (validation, compilation, construction, search).
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const issues = validateProblem(problem);
  if (issues.length > 0) return { status: "invalid", issues };
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  const deadline = t0 + o.timeLimitMs;
  const inst = compile(problem);
  const rng = new Rng(o.seed);
  const countVehicles = o.objective === "vehicles";
  const ctx = makeContext(inst, rng, countVehicles);

  let lastReport = t0;
  let totalIt = 0;
  const report = (phase: SolveProgress["phase"], it: number, best: Solution, force = false) => {
    if (!onProgress) return;
    const t = now();
    if (!force && t - lastReport < o.progressIntervalMs) return;
    lastReport = t;
    const unassigned = best.unassigned();
    const unserved = unassigned.length;
    onProgress({
      iterations: totalIt + it,
      elapsedMs: t - t0,
      bestCost: best.cost(),
      served: inst.nReq - unserved,
      unserved,
      unservedIds: unassigned.map((r) => inst.problem.requests[r]?.id ?? String(r)),
      vehicles: best.usedVehicles(),
      phase,
    });
  };

  let sol = new Solution(inst);
  const all = Array.from({ length: inst.nReq }, (_, r) => r);
  regretInsert(ctx, sol, all, 3, inst.nShift, {
    now,
    deadline: t0 + o.timeLimitMs * CONSTRUCTION_SHARE,
  });
  report("construct", 0, sol, true);

  // Even for the cost objective a short fleet phase helps: fewer, fuller routes are often
  // also shorter, and annealing alone rarely empties a route. Routes may re-open afterwards.
  const fleetShare = countVehicles ? o.fleetPhaseShare : o.costFleetPhaseShare;
  if (fleetShare > 0) {
    const share = Math.min(1, Math.max(0, fleetShare));
    const start = now();
    const budget: PhaseBudget = {
      now,
      deadline: start + Math.max(0, deadline - start) * share,
      maxIterations: o.maxIterations * share,
      tick: (it, best) => report("fleet", it, best),
    };
    const res = minimiseFleet(ctx, sol, budget);
    sol = res.best;
    totalIt += res.iterations;
  }
  const maxRoutes = countVehicles ? sol.usedVehicles() : inst.nShift;
  const res = anneal(ctx, sol, maxRoutes, {
    now,
    deadline,
    maxIterations: o.maxIterations - totalIt,
    tick: (it, best) => report("improve", it, best),
  });
  sol = res.best;
  totalIt += res.iterations;
  report("improve", 0, sol, true);

  const routes = toPlannedRoutes(inst, sol);
  const unassigned: UnassignedRequest[] = sol.unassigned().map((r) => explainUnassigned(inst, sol, r));
  let distance = 0;
  let driving = 0;
  let cost = 0;
  for (const r of routes) {
    distance += r.distanceMeters;
    driving += r.drivingSeconds;
    cost += r.cost;
  }
  let servedPriority = 0;
  for (let r = 0; r < inst.nReq; r++)
    if ((sol.routeOf[r] as number) >= 0) servedPriority += inst.prio[r] as number;
  return {
    status: unassigned.length === 0 ? "solved" : "partial",
    routes,
    unassigned,
    summary: {
      served: inst.nReq - unassigned.length,
      unserved: unassigned.length,
      servedPriority,
      vehicles: routes.length,
      distanceMeters: distance,
      drivingSeconds: driving,
      cost,
    },
    stats: { iterations: totalIt, elapsedMs: now() - t0, seed: o.seed },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Turns the internal routes into the public shape with an exact (earliest) schedule. */
export function toPlannedRoutes(
  inst: Instance,
  sol: Solution,
  extraIds?: ReadonlyMap<number, string>,
): PlannedRoute[] {
  const out: PlannedRoute[] = [];
  const posOf = new Int32Array(2 * inst.nReq);
  for (const rt of sol.routes) {
    const n = rt.nodes.length;
    if (n === 0) continue;
    const s = rt.s;
    const B = new Float64Array(n + 2);
    scheduleSequence(inst, s, rt.nodes, n, B, posOf);
    const T = inst.time[s] as Float64Array;
    const Dm = inst.dist[s] as Float64Array;
    const C = inst.cost[s] as Float64Array;
    const L = inst.nLoc[s] as number;
    const D = inst.dims;
    const stops: PlannedStop[] = [];
    const load = new Array<number>(D).fill(0);
    let dist = 0;
    let drive = 0;
    let cost = inst.fixed[s] as number;
    let prevLoc = inst.startLoc[s] as number;
    let prevDep = B[0] as number;
    stops.push({
      kind: "start",
      location: prevLoc,
      arrival: prevDep,
      serviceStart: prevDep,
      departure: prevDep,
      load: [...load],
    });
    for (let k = 1; k <= n + 1; k++) {
      const node = k <= n ? (rt.nodes[k - 1] as number) : -1;
      const l = node >= 0 ? (inst.loc[node] as number) : (inst.endLoc[s] as number);
      const t = T[prevLoc * L + l] as number;
      dist += Dm[prevLoc * L + l] as number;
      drive += t;
      cost += C[prevLoc * L + l] as number;
      const arrival = prevDep + t;
      const start = B[k] as number;
      const svc = node >= 0 ? (inst.svc[node] as number) : 0;
      if (node >= 0)
        for (let d = 0; d < D; d++) load[d] = (load[d] as number) + (inst.q[node * D + d] as number);
      const reqId =
        node >= 0 ? (extraIds?.get(node >> 1) ?? inst.problem.requests[node >> 1]?.id) : undefined;
      stops.push({
        kind: node < 0 ? "end" : (node & 1) === 0 ? "pickup" : "delivery",
        ...(reqId !== undefined ? { requestId: reqId } : {}),
        location: l,
        arrival,
        serviceStart: node < 0 ? arrival : start,
        departure: (node < 0 ? arrival : start) + svc,
        load: [...load],
      });
      prevLoc = l;
      prevDep = start + svc;
    }
    const first = stops[0] as PlannedStop;
    const last = stops[stops.length - 1] as PlannedStop;
    const veh = inst.problem.vehicles[inst.shiftVehicle[s] as number];
    out.push({
      vehicleId: veh?.id ?? "",
      shift: inst.shiftIndex[s] as number,
      stops,
      distanceMeters: dist,
      drivingSeconds: drive,
      durationSeconds: last.arrival - first.departure,
      cost,
    });
  }
  return out;
}
