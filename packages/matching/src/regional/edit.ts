import type { RegionalSolveOptions } from "./context";
import { type DriverMiss, dayMiss, dutyOf, insertDriven } from "./drivers";
import { directChoice, release } from "./itineraries";
import type { Itinerary, RegionalPlan, RegionalProblem, RegionalUnassigned } from "./model";
import { prepare } from "./solve";
import { assemble, regionalReason, removeLegs, routeKey, stateFromPlan } from "./state";

type Plan = Extract<RegionalPlan, { status: "solved" | "partial" }>;

export interface InsertIntoPlanOptions {
  /** Only this vehicle is tried (the coordinator's "move"). Default: every vehicle. */
  readonly vehicleId?: string;
  /** With `vehicleId`: only this availability window. Default: any. */
  readonly shift?: number;
  /**
   * Per route, key `${vehicleId}:${shift}` → how many leading request stops are done or in
   * progress; nothing is inserted before them. Default 0 everywhere.
   */
  readonly fixedStops?: Readonly<Record<string, number>>;
  /** Travel tables / provider / service times as for `solveRegional` (must match the plan's). */
  readonly solve?: RegionalSolveOptions;
}

export type InsertIntoPlanResult =
  | { readonly status: "inserted"; readonly plan: Plan; readonly itinerary: Itinerary }
  | { readonly status: "infeasible"; readonly reason: RegionalUnassigned }
  | {
      readonly status: "invalid";
      readonly issues: readonly { path: string; code: string; message: string }[];
    };

/**
 * Inserts one request (already in `problem.requests`, not yet served in `plan`) into the plan
 * as a direct road leg, by the core's live insertion: the best position over all vehicles, or
 * only `vehicleId`, never before a route's fixed stops. The touched route is rescheduled; the
 * others keep their times. On success the request leaves `unassigned`; otherwise the binding
 * reason comes back and the caller keeps its plan.
 */
export function insertIntoPlan(
  problem: RegionalProblem,
  plan: RegionalPlan,
  requestId: string,
  opts: InsertIntoPlanOptions = {},
): InsertIntoPlanResult {
  const t0 = performance.now();
  if (plan.status === "invalid")
    return {
      status: "invalid",
      issues: [{ path: "plan", code: "invalid_plan", message: "the plan has no routes" }],
    };
  const prep = prepare(problem, opts.solve);
  if (prep.status !== "ok") return prep;
  const { ctx } = prep;
  const r = ctx.reqById.get(requestId);
  if (!r)
    return {
      status: "invalid",
      issues: [
        { path: "requestId", code: "unknown_request", message: `request ${requestId} is not in the problem` },
      ],
    };
  if (plan.itineraries.some((i) => i.requestId === requestId))
    return {
      status: "invalid",
      issues: [
        { path: "requestId", code: "already_planned", message: `request ${requestId} is already served` },
      ],
    };
  if (opts.vehicleId !== undefined && !ctx.vehById.has(opts.vehicleId))
    return {
      status: "invalid",
      issues: [{ path: "vehicleId", code: "unknown_vehicle", message: `no vehicle ${opts.vehicleId}` }],
    };
  const state = stateFromPlan(ctx, plan);
  const c = directChoice(ctx, r);
  if (!c)
    return {
      status: "infeasible",
      reason: {
        requestId,
        code: "TIME_WINDOW_UNREACHABLE",
        details: { earliest: r.earliest, latest: r.latest },
      },
    };
  const out = insertDriven(ctx, state, c, {
    ...(opts.vehicleId !== undefined ? { vehicleId: opts.vehicleId } : {}),
    ...(opts.shift !== undefined ? { shift: opts.shift } : {}),
    ...(opts.fixedStops ? { fixedStops: opts.fixedStops } : {}),
  });
  if (!out.ok)
    return {
      status: "infeasible",
      reason: "driver" in out ? out.driver : regionalReason(requestId, { ...out.reason, requestId }, false),
    };
  state.choices.set(requestId, c);
  state.unassigned.delete(requestId);
  const next = assemble(ctx, state, {
    ...plan.stats,
    elapsedMs: plan.stats.elapsedMs + (performance.now() - t0),
  });
  if (next.status === "invalid") throw new Error("unreachable");
  const itinerary = next.itineraries.find((i) => i.requestId === requestId) as Itinerary;
  return { status: "inserted", plan: next, itinerary };
}

/**
 * Takes a request out of the plan entirely: its road legs leave their routes (the other stops
 * keep their times), its bus seats and drone payload are released (an emptied flight is
 * cancelled), and it is dropped from `unassigned` too. A move = `removeFromPlan` then
 * `insertIntoPlan` with `vehicleId`; if that is infeasible, keep the old plan.
 * Returns the plan unchanged when the request is not in it.
 */
export function removeFromPlan(
  problem: RegionalProblem,
  plan: RegionalPlan,
  requestId: string,
  options: RegionalSolveOptions = {},
): RegionalPlan {
  if (plan.status === "invalid") return plan;
  const prep = prepare(problem, options);
  if (prep.status !== "ok") return prep;
  const { ctx } = prep;
  const state = stateFromPlan(ctx, plan);
  const c = state.choices.get(requestId);
  const r = ctx.reqById.get(requestId);
  if (c && r) {
    const ids = new Set<string>();
    c.legs.forEach((l, i) => {
      if (l.mode === "vehicle") ids.add(`${i}:${requestId}`);
    });
    removeLegs(ctx, state, ids);
    release(ctx, state.room, r, c);
    state.choices.delete(requestId);
  }
  state.unassigned.delete(requestId);
  return assemble(ctx, state, plan.stats);
}

export type AssignDriverResult =
  | { readonly status: "assigned"; readonly plan: Plan }
  | { readonly status: "refused"; readonly rule: DriverMiss }
  | {
      readonly status: "invalid";
      readonly issues: readonly { path: string; code: string; message: string }[];
    };

/**
 * Gives route `vehicleId`/`shift` of the plan to `driverId` (the coordinator's choice). Refused
 * with the rule the driver's day would break — may not drive the vehicle, lacks a qualification,
 * not working then, already driving (overlap, moves included), or the day's limits — and the
 * plan is then unchanged. Other routes keep their drivers.
 */
export function assignRouteDriver(
  problem: RegionalProblem,
  plan: RegionalPlan,
  route: { readonly vehicleId: string; readonly shift: number; readonly driverId: string },
  options: RegionalSolveOptions = {},
): AssignDriverResult {
  if (plan.status === "invalid")
    return {
      status: "invalid",
      issues: [{ path: "plan", code: "invalid_plan", message: "the plan has no routes" }],
    };
  const prep = prepare(problem, options);
  if (prep.status !== "ok") return prep;
  const { ctx } = prep;
  const driver = problem.drivers?.find((d) => d.id === route.driverId);
  if (!driver)
    return {
      status: "invalid",
      issues: [{ path: "driverId", code: "unknown_driver", message: `no driver ${route.driverId} that day` }],
    };
  const state = stateFromPlan(ctx, plan);
  const key = routeKey(route.vehicleId, route.shift);
  const rt = state.routes.get(key);
  if (!rt)
    return {
      status: "invalid",
      issues: [{ path: "vehicleId", code: "no_route", message: "the plan has no such route" }],
    };
  const others = [...state.drivers]
    .filter(([k, d]) => d === driver.id && k !== key)
    .flatMap(([k]) => {
      const other = state.routes.get(k);
      return other ? [dutyOf(ctx, k, other)] : [];
    });
  const miss = dayMiss(ctx, ctx.o.driverRules, driver, [...others, dutyOf(ctx, key, rt)]);
  if (miss) return { status: "refused", rule: miss };
  state.drivers.set(key, driver.id);
  const next = assemble(ctx, state, plan.stats);
  if (next.status === "invalid") throw new Error("unreachable");
  return { status: "assigned", plan: next };
}
