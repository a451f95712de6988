import { createRouter } from "../../lib/router";
import * as h from "./plans.handlers";
import * as r from "./plans.routes";

/** Coordinator review of a run's plan and live insertion into the day's approved plan. */
export function planRoutes() {
  return createRouter()
    .openapi(r.getPlanRoute, h.getPlanHandler)
    .openapi(r.movePlanRoute, h.movePlanHandler)
    .openapi(r.changePlanDriverRoute, h.changePlanDriverHandler)
    .openapi(r.approvePlanRoute, h.approvePlanHandler)
    .openapi(r.rejectPlanRoute, h.rejectPlanHandler)
    .openapi(r.withdrawApprovalRoute, h.withdrawApprovalHandler)
    .openapi(r.unservedCallsRoute, h.unservedCallsHandler)
    .openapi(r.liveInsertRoute, h.liveInsertHandler);
}
