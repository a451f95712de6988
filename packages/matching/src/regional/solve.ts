import type { SolveProgress, UnassignedRequest } from "../model";
import { solve } from "../solve";
import { type Ctx, makeCtx, type RegionalSolveOptions, resolveOptions } from "./context";
import { assignDrivers, insertDriven, noDriverReason } from "./drivers";
import {
  type Choice,
  directChoice,
  hasMultimodalOption,
  multimodalOptions,
  overDroneLimit,
  release,
  roadMeters,
  tryBook,
} from "./itineraries";
import type { RegionalPlan, RegionalProblem, RegionalRequest, RegionalUnassigned } from "./model";
import {
  allCoreRequests,
  assemble,
  coreProblem,
  emptyState,
  fromPlanned,
  parseCoreId,
  regionalReason,
  removeLegs,
  routeKey,
  type State,
} from "./state";
import { buildRegionalTravelSync, pointKey, type RegionalTravel, regionalPoints } from "./travel";
import { validateRegionalProblem } from "./validate";

/** Share of the budget left after choosing itineraries that the core solver gets; the rest repairs. */
const CORE_SHARE = 0.85;

type Prepared = { status: "ok"; ctx: Ctx } | Extract<RegionalPlan, { status: "invalid" }>;

/** Validates the problem and gets the travel tables (given, or built with a synchronous provider). */
export function prepare(problem: RegionalProblem, options: RegionalSolveOptions = {}): Prepared {
  const issues = validateRegionalProblem(problem);
  if (issues.length > 0) return { status: "invalid", issues };
  let travel: RegionalTravel;
  if (options.travel) travel = options.travel;
  else {
    const built = buildRegionalTravelSync(problem, options.provider);
    if (built.status !== "ok")
      return {
        status: "invalid",
        issues: [{ path: "travel", code: "provider_error", message: built.message }],
      };
    travel = built.travel;
  }
  const missing = regionalPoints(problem).filter((p) => !travel.index.has(pointKey(p)));
  if (missing.length > 0)
    return {
      status: "invalid",
      issues: [
        {
          path: "travel",
          code: "missing_points",
          message: `${missing.length} points of the problem are not in the travel tables`,
        },
      ],
    };
  for (const v of problem.vehicles)
    if (!travel.tables[v.kind])
      return {
        status: "invalid",
        issues: [
          { path: "travel", code: "missing_profile", message: `no travel table for vehicle kind ${v.kind}` },
        ],
      };
  return { status: "ok", ctx: makeCtx(problem, resolveOptions(options), travel) };
}

/**
 * Plans one day of a region: road vehicles, timetabled trips, drones and transfers.
 *
 * 1. Itineraries: each request gets the multimodal itinerary (bus trip or drone) that saves the
 *    most estimated road metres over driving door to door (at least `minSavingMeters`, default
 *    1 km), booked greedily by saving against trip segment room and drone flight schedules;
 *    otherwise the direct road leg.
 * 2. Every road leg becomes a core request whose windows come from the fixed hand-over times;
 *    the core `solve` routes them all (budget `timeLimitMs`, default 10 s, × 0.85; `seed`,
 *    `objective`, `maxIterations` passed through).
 * 3. Repair: a multimodal request with an unplaced road leg loses all its legs and room and is
 *    inserted direct (live insertion); an unplaced direct request tries its bus/drone options.
 *    What is left is unassigned with the core's reason (or `NO_MODE_POSSIBLE`).
 *
 * Travel: `options.travel` if given, else `options.provider` (default `KindSpeedProvider`).
 * Pure and synchronous; deterministic for a seed when `maxIterations` (not the clock) ends the
 * search. Invalid input returns `status: "invalid"` with field paths.
 */
export function solveRegional(problem: RegionalProblem, options: RegionalSolveOptions = {}): RegionalPlan {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const prep = prepare(problem, options);
  if (prep.status !== "ok") return prep;
  const { ctx } = prep;
  const o = ctx.o;
  const progress = (
    phase: "itineraries" | "construct" | "fleet" | "improve" | "finish",
    served: number,
    unserved: number,
    vehicles: number,
  ) =>
    options.onProgress?.({
      phase,
      percent: Math.min(100, Math.max(0, phase === "finish" ? 100 : ((now() - t0) / o.timeLimitMs) * 100)),
      served,
      unserved,
      vehicles,
    });
  progress("itineraries", 0, problem.requests.length, 0);

  const state = emptyState();
  // Greedy by estimated saving: the requests that gain most from a bus or drone book first.
  const ranked = problem.requests
    .map((r) => {
      const opts = multimodalOptions(ctx, r);
      return { r, opts, gain: opts.length > 0 ? directMeters(ctx, r) - (opts[0]?.meters ?? 0) : 0 };
    })
    .sort(
      (a, b) => b.gain - a.gain || (b.r.priority ?? 1) - (a.r.priority ?? 1) || (a.r.id < b.r.id ? -1 : 1),
    );
  const noRoadWindow = new Set<string>();
  for (const { r, opts } of ranked) {
    let chosen: Choice | undefined;
    for (const opt of opts) {
      chosen = tryBook(ctx, state.room, r, opt);
      if (chosen) break;
    }
    chosen ??= directChoice(ctx, r);
    if (chosen) state.choices.set(r.id, chosen);
    else noRoadWindow.add(r.id);
  }

  // Core solve of every road leg.
  const requests = allCoreRequests(ctx, state.choices.values());
  const coreReasons = new Map<string, UnassignedRequest>();
  let iterations = 0;
  if (requests.length > 0) {
    const remaining = Math.max(1, o.timeLimitMs - (now() - t0));
    const res = solve(
      coreProblem(ctx, requests),
      {
        objective: o.objective,
        seed: o.seed,
        timeLimitMs: remaining * CORE_SHARE,
        ...(Number.isFinite(o.maxIterations) ? { maxIterations: o.maxIterations } : {}),
        ...(options.now ? { now: options.now } : {}),
      },
      // The core counts road legs; the planner's progress counts requests (a request is unserved
      // while any of its road legs is, or when no road window could take it at all).
      (p: SolveProgress) => {
        const unserved = new Set(noRoadWindow);
        for (const id of p.unservedIds) unserved.add(parseCoreId(id).requestId);
        progress(p.phase, problem.requests.length - unserved.size, unserved.size, p.vehicles);
      },
    );
    if (res.status === "invalid")
      throw new Error(`core rejected the road legs: ${JSON.stringify(res.issues.slice(0, 3))}`);
    iterations = res.stats.iterations;
    for (const rt of res.routes) state.routes.set(routeKey(rt.vehicleId, rt.shift), fromPlanned(rt));
    for (const u of res.unassigned) coreReasons.set(u.requestId, u);
  }

  // Repair: no request may be half planned.
  const failed = new Map<string, UnassignedRequest>();
  for (const [cid, u] of coreReasons) {
    const { requestId } = parseCoreId(cid);
    if (!failed.has(requestId)) failed.set(requestId, u);
  }
  // Drivers: a route nobody can drive leaves the plan; its requests are repaired like failures.
  const noDriver = new Map<string, RegionalUnassigned>();
  if (problem.drivers)
    for (const u of assignDrivers(ctx, o.driverRules, state))
      if (!failed.has(u.requestId) && !noDriver.has(u.requestId))
        noDriver.set(u.requestId, noDriverReason(ctx, u.requestId, u.duty, u.miss));
  const order = [...new Set([...failed.keys(), ...noDriver.keys()])].sort((a, b) => cmpPriority(ctx, a, b));
  const dropIds = new Set<string>();
  for (const id of order) {
    const c = state.choices.get(id);
    if (!c) continue;
    c.legs.forEach((l, i) => {
      if (l.mode === "vehicle") dropIds.add(`${i}:${id}`);
    });
  }
  removeLegs(ctx, state, dropIds);
  for (const id of order) {
    const r = ctx.reqById.get(id) as RegionalRequest;
    const c = state.choices.get(id) as Choice;
    state.choices.delete(id);
    release(ctx, state.room, r, c);
    const core = failed.get(id);
    let reason: RegionalUnassigned = core
      ? regionalReason(id, { ...core, requestId: id }, !hasMultimodalOption(ctx, r), overDroneLimit(ctx, r))
      : (noDriver.get(id) as RegionalUnassigned);
    const tried = new Set<Choice>([c]);
    const attempts: (() => Choice | undefined)[] = [() => directChoice(ctx, r)];
    for (const opt of multimodalOptions(ctx, r)) attempts.push(() => tryBook(ctx, state.room, r, opt));
    let placed = false;
    for (const attempt of attempts) {
      // Repairs share the budget; what is left when it runs out keeps the core's reason.
      if (now() - t0 > o.timeLimitMs) break;
      const alt = attempt();
      if (!alt) continue;
      if (core && sameChoice(alt, c) && tried.has(c)) {
        release(ctx, state.room, r, alt);
        continue;
      }
      const out = insertDriven(ctx, state, alt);
      if (out.ok) {
        state.choices.set(id, alt);
        placed = true;
        break;
      }
      release(ctx, state.room, r, alt);
      if (alt.type === "direct")
        reason =
          "driver" in out
            ? out.driver
            : regionalReason(
                id,
                { ...out.reason, requestId: id },
                !hasMultimodalOption(ctx, r),
                overDroneLimit(ctx, r),
              );
    }
    if (!placed) state.unassigned.set(id, reason);
  }
  for (const id of noRoadWindow)
    state.unassigned.set(id, {
      requestId: id,
      code: "TIME_WINDOW_UNREACHABLE",
      details: { earliest: ctx.reqById.get(id)?.earliest ?? 0, latest: ctx.reqById.get(id)?.latest ?? 0 },
    });

  const plan = assemble(ctx, state, { elapsedMs: now() - t0, seed: o.seed, iterations });
  if (plan.status !== "invalid")
    progress("finish", plan.summary.served, plan.summary.unserved, plan.summary.vehicles);
  return plan;
}

function directMeters(ctx: Ctx, r: RegionalRequest): number {
  const c = directChoice(ctx, r);
  return c ? roadMeters(ctx, c) : 0;
}

function cmpPriority(ctx: Ctx, a: string, b: string): number {
  const pa = ctx.reqById.get(a)?.priority ?? 1;
  const pb = ctx.reqById.get(b)?.priority ?? 1;
  return pb - pa || (a < b ? -1 : a > b ? 1 : 0);
}

function sameChoice(a: Choice, b: Choice): boolean {
  if (a.type !== b.type || a.legs.length !== b.legs.length) return false;
  return a.legs.every((l, i) => {
    const m = b.legs[i];
    return (
      !!m &&
      m.mode === l.mode &&
      pointKey(m.from.point) === pointKey(l.from.point) &&
      pointKey(m.to.point) === pointKey(l.to.point) &&
      (l.mode === "vehicle" || (m.mode !== "vehicle" && m.departure === l.departure))
    );
  });
}

export type { State };
