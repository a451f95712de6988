/**
 * THE counts of a plan — requests, served, unserved, vehicles, routes — from
 * one function, so the run's progress, the run table, the plan summary and
 * the effects page say the same numbers (issue 24 item 5). A plan is given by
 * the requests it serves, the ones it leaves unserved and its road routes;
 * the engine's plan and the stored rows are both read through it.
 */
import type { PlanSummary } from "@tsunagu/contract";

export type PlanCounts = Pick<PlanSummary, "requests" | "served" | "unserved" | "vehicles" | "routes">;

export interface CountablePlan {
  /** Ids of the requests the plan serves (each once, however many legs). */
  readonly served: Iterable<string>;
  /** Ids of the requests the plan could not serve. */
  readonly unserved: Iterable<string>;
  /** The road routes: one per vehicle and availability window driven. */
  readonly routes: readonly { readonly vehicleId: string }[];
}

/**
 * requests = served + unserved (a request both served and unserved counts as
 * served); vehicles = distinct road vehicles with a route; routes = the
 * routes (a vehicle driving two windows counts once as a vehicle, twice as a route).
 */
export function planCounts(plan: CountablePlan): PlanCounts {
  const served = new Set(plan.served);
  const unserved = new Set([...plan.unserved].filter((id) => !served.has(id)));
  return {
    requests: served.size + unserved.size,
    served: served.size,
    unserved: unserved.size,
    vehicles: new Set(plan.routes.map((r) => r.vehicleId)).size,
    routes: plan.routes.length,
  };
}
