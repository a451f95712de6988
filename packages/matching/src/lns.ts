import type { Instance } from "./instance";
import { updateRoute } from "./route";
import { type MoveContext, recreateGreedy, ruinStrings } from "./search";
import type { Solution } from "./solution";

/** Budget and reporting hooks shared by the search phases. */
export interface PhaseBudget {
  readonly now: () => number;
  /** Absolute clock value at which the phase must stop. */
  readonly deadline: number;
  /** Iterations this phase may use (Infinity for time-only). */
  readonly maxIterations: number;
  /** Called after each iteration with the phase's best solution; cheap (caller throttles). */
  readonly tick: (iterations: number, best: Solution) => void;
}

/** SISR defaults from the paper: about 10 removed stops, strings of at most 10. */
const AVG_REMOVED = 10;
const MAX_STRING = 10;
/** Share of fleet-phase ruins seeded at a left-out request rather than at a random stop. */
const SEEDED_RUIN_RATE = 0.5;

/**
 * Ruin-and-recreate with simulated-annealing acceptance (SISR). Temperature decays
 * geometrically from T0 to Tf over the budget, both scaled to a typical arc cost of the
 * instance (the paper's 100 → 1 on Solomon-like coordinates is about 2 → 0.02 arcs).
 */
export function anneal(
  ctx: MoveContext,
  start: Solution,
  maxRoutes: number,
  budget: PhaseBudget,
): { best: Solution; iterations: number } {
  const inst: Instance = ctx.inst;
  const countVehicles = ctx.countVehicles;
  const T0 = 2 * inst.typicalArc;
  const Tf = 0.02 * inst.typicalArc;
  const t0 = budget.now();
  const span = Math.max(1, budget.deadline - t0);
  let cur = start;
  let curObj = cur.objective(countVehicles);
  let best = cur;
  let bestObj = curObj;
  let it = 0;
  for (;;) {
    const tNow = budget.now();
    if (tNow >= budget.deadline || it >= budget.maxIterations) break;
    const frac = Math.min(
      1,
      Math.max((tNow - t0) / span, Number.isFinite(budget.maxIterations) ? it / budget.maxIterations : 0),
    );
    const T = T0 * (Tf / T0) ** frac;
    const cand = cur.clone();
    ruinStrings(ctx, cand, AVG_REMOVED, MAX_STRING);
    recreateGreedy(ctx, cand, cand.unassigned(), maxRoutes);
    const obj = cand.objective(countVehicles);
    if (obj < curObj - T * Math.log(ctx.rng.next() + 1e-300)) {
      cur = cand;
      curObj = obj;
      if (obj < bestObj - 1e-9) {
        best = cand;
        bestObj = obj;
      }
    }
    it++;
    budget.tick(it, best);
  }
  return { best, iterations: it };
}

/**
 * Fleet minimisation (SISR, section 6): drop a route, then ruin-and-recreate with one route
 * fewer until every request fits again. Acceptance follows absence counters: a candidate is
 * kept when it leaves out fewer requests or requests that were left out less often, which
 * steers the search towards placing the hard ones.
 */
export function minimiseFleet(
  ctx: MoveContext,
  start: Solution,
  budget: PhaseBudget,
): { best: Solution; iterations: number } {
  const inst = ctx.inst;
  const rng = ctx.rng;
  let best = start;
  const bestUnserved = start.unservedPriority();
  const absence = new Float64Array(inst.nReq);
  let it = 0;
  const sumAbs = (u: number[]) => {
    let t = 0;
    for (const r of u) t += absence[r] as number;
    return t;
  };
  outer: while (best.usedVehicles() > 1) {
    const target = best.usedVehicles() - 1;
    const cur0 = best.clone();
    // Remove the route with the fewest requests half of the time, a random used one otherwise.
    const used = cur0.routes.filter((r) => r.nodes.length > 0);
    let victim = used[rng.int(0, used.length - 1)];
    if (rng.next() < 0.5)
      for (const r of used) if (victim && r.nodes.length < victim.nodes.length) victim = r;
    if (!victim) break;
    for (const node of victim.nodes.slice()) {
      const r = node >> 1;
      if ((node & 1) === 0) {
        cur0.routeOf[r] = -1;
      }
    }
    const vr = cur0.mutable(victim.s);
    vr.nodes.length = 0;
    updateRoute(inst, vr);
    recreateGreedy(ctx, cur0, cur0.unassigned(), target);
    let cur = cur0;
    let curU = cur.unassigned();
    for (;;) {
      if (cur.unservedPriority() <= bestUnserved + 1e-9 && cur.usedVehicles() <= target) {
        best = cur;
        continue outer;
      }
      if (budget.now() >= budget.deadline || it >= budget.maxIterations) break outer;
      const cand = cur.clone();
      // On large instances, often ruin around a request that is left out: a random seed rarely
      // touches the routes where it could go, so the left-out set would hardly ever shrink.
      const seed =
        ctx.large && curU.length > 0 && rng.next() < SEEDED_RUIN_RATE
          ? 2 * (curU[rng.int(0, curU.length - 1)] as number) + rng.int(0, 1)
          : undefined;
      ruinStrings(ctx, cand, AVG_REMOVED, MAX_STRING, seed);
      recreateGreedy(ctx, cand, cand.unassigned(), target);
      const u = cand.unassigned();
      for (const r of u) absence[r] = (absence[r] as number) + 1;
      if (u.length < curU.length || sumAbs(u) < sumAbs(curU)) {
        cur = cand;
        curU = u;
      }
      it++;
      budget.tick(it, best);
    }
  }
  return { best, iterations: it };
}
