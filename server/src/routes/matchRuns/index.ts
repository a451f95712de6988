import { createRouter } from "../../lib/router";
import * as handlers from "./matchRuns.handlers";
import * as routes from "./matchRuns.routes";

/** Match runs: the durable planning jobs of a day (queue, follow, cancel, retry). */
export function matchRunRoutes() {
  return createRouter()
    .openapi(routes.createMatchRunRoute, handlers.createMatchRunHandler)
    .openapi(routes.listMatchRunsRoute, handlers.listMatchRunsHandler)
    .openapi(routes.getMatchRunRoute, handlers.getMatchRunHandler)
    .openapi(routes.matchRunEventsRoute, handlers.matchRunEventsHandler)
    .openapi(routes.cancelMatchRunRoute, handlers.cancelMatchRunHandler)
    .openapi(routes.retryMatchRunRoute, handlers.retryMatchRunHandler);
}
