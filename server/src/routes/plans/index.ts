import { createRouter } from "../../lib/router";
import {
  approvePlanHandler,
  changePlanDriverHandler,
  getPlanHandler,
  liveInsertHandler,
  movePlanHandler,
  rejectPlanHandler,
} from "./plans.handlers";
import {
  approvePlanRoute,
  changePlanDriverRoute,
  getPlanRoute,
  liveInsertRoute,
  movePlanRoute,
  rejectPlanRoute,
} from "./plans.routes";

/** Coordinator review of a run's plan and live insertion into the day's approved plan. */
export function planRoutes() {
  return createRouter()
    .openapi(getPlanRoute, getPlanHandler)
    .openapi(movePlanRoute, movePlanHandler)
    .openapi(changePlanDriverRoute, changePlanDriverHandler)
    .openapi(approvePlanRoute, approvePlanHandler)
    .openapi(rejectPlanRoute, rejectPlanHandler)
    .openapi(liveInsertRoute, liveInsertHandler);
}
