import { createRouter, serve } from "../../lib/router";
import * as h from "./matchRuns.handlers";
import * as r from "./matchRuns.routes";

/** Match runs: the durable planning jobs of a day (queue, follow, cancel, retry). */
export function matchRunRoutes() {
  return serve(createRouter(), r, h, [
    "createMatchRun",
    "listMatchRuns",
    "getMatchRun",
    "matchRunEvents",
    "cancelMatchRun",
    "retryMatchRun",
  ]);
}
