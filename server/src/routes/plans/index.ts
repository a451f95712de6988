import { createRouter } from "../../lib/router";
import * as handlers from "./plans.handlers";
import * as routes from "./plans.routes";

/** Coordinator review of a run's plan and live insertion into the day's approved plan. */
export function planRoutes() {
  return createRouter()
    .openapi(routes.getPlanRoute, handlers.getPlanHandler)
    .openapi(routes.movePlanRoute, handlers.movePlanHandler)
    .openapi(routes.approvePlanRoute, handlers.approvePlanHandler)
    .openapi(routes.rejectPlanRoute, handlers.rejectPlanHandler)
    .openapi(routes.liveInsertRoute, handlers.liveInsertHandler);
}
