import { createRouter } from "../../lib/router";
import * as h from "./matchRuns.handlers";
import * as r from "./matchRuns.routes";

/** Match runs: the durable planning jobs of a day (queue, follow, cancel, retry). */
export function matchRunRoutes() {
  return createRouter()
    .openapi(r.createMatchRunRoute, h.createMatchRunHandler)
    .openapi(r.listMatchRunsRoute, h.listMatchRunsHandler)
    .openapi(r.getMatchRunRoute, h.getMatchRunHandler)
    .openapi(r.matchRunEventsRoute, h.matchRunEventsHandler)
    .openapi(r.cancelMatchRunRoute, h.cancelMatchRunHandler)
    .openapi(r.retryMatchRunRoute, h.retryMatchRunHandler);
}
