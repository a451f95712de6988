import { createRouter } from "../../lib/router";
import {
  approvePlanHandler,
  getPlanHandler,
  liveInsertHandler,
  movePlanHandler,
  rejectPlanHandler,
  unservedCallsHandler,
  withdrawApprovalHandler,
} from "./plans.handlers";
import {
  approvePlanRoute,
  getPlanRoute,
  liveInsertRoute,
  movePlanRoute,
  rejectPlanRoute,
  unservedCallsRoute,
  withdrawApprovalRoute,
} from "./plans.routes";

/** Coordinator review of a run's plan and live insertion into the day's approved plan. */
export function planRoutes() {
  return createRouter()
    .openapi(getPlanRoute, getPlanHandler)
    .openapi(movePlanRoute, movePlanHandler)
    .openapi(approvePlanRoute, approvePlanHandler)
    .openapi(rejectPlanRoute, rejectPlanHandler)
    .openapi(withdrawApprovalRoute, withdrawApprovalHandler)
    .openapi(unservedCallsRoute, unservedCallsHandler)
    .openapi(liveInsertRoute, liveInsertHandler);
}
