import { createRouter, serve } from "../../lib/router";
import * as h from "./plans.handlers";
import * as r from "./plans.routes";

/** Coordinator review of a run's plan and live insertion into the day's approved plan. */
export function planRoutes() {
  return serve(createRouter(), r, h, [
    "getPlan",
    "movePlan",
    "changePlanDriver",
    "approvePlan",
    "rejectPlan",
    "withdrawApproval",
    "unservedCalls",
    "liveInsert",
  ]);
}
