import { createRouter } from "../../lib/router";
import {
  cancelMatchRunHandler,
  createMatchRunHandler,
  getMatchRunHandler,
  listMatchRunsHandler,
  matchRunEventsHandler,
  retryMatchRunHandler,
} from "./matchRuns.handlers";
import {
  cancelMatchRunRoute,
  createMatchRunRoute,
  getMatchRunRoute,
  listMatchRunsRoute,
  matchRunEventsRoute,
  retryMatchRunRoute,
} from "./matchRuns.routes";

/** Match runs: the durable planning jobs of a day (queue, follow, cancel, retry). */
export function matchRunRoutes() {
  return createRouter()
    .openapi(createMatchRunRoute, createMatchRunHandler)
    .openapi(listMatchRunsRoute, listMatchRunsHandler)
    .openapi(getMatchRunRoute, getMatchRunHandler)
    .openapi(matchRunEventsRoute, matchRunEventsHandler)
    .openapi(cancelMatchRunRoute, cancelMatchRunHandler)
    .openapi(retryMatchRunRoute, retryMatchRunHandler);
}
