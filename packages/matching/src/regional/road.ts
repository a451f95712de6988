/**
 * The road part of a regional problem as a core PDPTW/DARP problem, converted by the planner's
 * own rules, for callers that run the core `solve` themselves (cost sharing solves many
 * sub-problems of one day and wants them cheap and alike).
 */
import type { Problem } from "../model";
import type { RegionalSolveOptions } from "./context";
import { directChoice } from "./itineraries";
import type { RegionalPlan, RegionalProblem } from "./model";
import { prepare } from "./solve";
import { coreRequest, coreVehicles } from "./state";

/** The core problem, or the regional validation's issues (field paths into the problem). */
export type RoadCoreProblem =
  | { readonly status: "ok"; readonly problem: Problem }
  | Extract<RegionalPlan, { status: "invalid" }>;

/**
 * Every request as one door-to-door road trip and every road vehicle as a core vehicle, exactly
 * as `solveRegional` converts a request it sends direct:
 * - request: core id = the regional id; load `[seats, wheelchair places, cargo kg, cargo ℓ]` (a
 *   wheelchair user takes a wheelchair place, an escort a seat); required skills
 *   (`WHEELCHAIR_SKILL`, `COLD_SKILL`); service time `options.serviceSeconds` (default 120 s a
 *   ride, 60 s a parcel) at both ends; pick-up in `[earliest, latest]`, delivery by `latest`; a
 *   ride's limit on board `maxRideSeconds`, else `options.maxRide` (default max(30 min,
 *   2 × direct drive + 10 min) on the slowest vehicle kind); priority (default 1);
 * - vehicle: profile = its kind, capacity `[seats, wheelchairs, cargoKg, cargoLitres]`, skills
 *   from its features (a lift or ramp gives `WHEELCHAIR_SKILL`), its costs and route limit.
 * Bus trips, drone routes and transfer points are left out (and not put in the tables).
 *
 * Travel: `options.travel`, else tables built with `options.provider` (default
 * `KindSpeedProvider`), one per vehicle kind, over the vehicles' and requests' points; the
 * problem's `travel` is those tables. Invalid input answers `status: "invalid"`, as
 * `solveRegional` does. Pure and synchronous.
 */
export function roadCoreProblem(
  problem: RegionalProblem,
  options: RegionalSolveOptions = {},
): RoadCoreProblem {
  const prepared = prepare(
    { date: problem.date, vehicles: problem.vehicles, requests: problem.requests },
    options,
  );
  if (prepared.status !== "ok") return prepared;
  const { ctx } = prepared;
  const requests = problem.requests.map((r) => {
    const direct = directChoice(ctx, r);
    // A single road leg with no fixed legs always has a window (vehicleLegWindows): a miss is a bug.
    if (!direct) throw new Error(`no direct road window for request ${r.id}`);
    return { ...coreRequest(ctx, direct, 0), id: r.id };
  });
  return { status: "ok", problem: { vehicles: coreVehicles(ctx), requests, travel: ctx.travel.tables } };
}
