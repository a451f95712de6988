import {
  IsoDateSchema,
  LiveInsertInputSchema,
  LiveInsertResultSchema,
  PlanApproveInputSchema,
  PlanDriverInputSchema,
  PlanMoveInputSchema,
  PlanRejectInputSchema,
  PlanSchema,
  UnservedCallListSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";
import { jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const base = "/api/v1/municipalities/{code}/match-runs/{runId}/plan";
const route = taggedRoutes("plans");

export const RunParams = TenantParams.extend({ runId: z.string().min(1).max(100) });

/**
 * A coordinator's change to the plan: a JSON body in, the whole plan after
 * the change out (`answered` describes it), 409 when the change cannot be made.
 */
function planChangeRoute<A extends string, B extends z.ZodType>(
  action: A,
  doc: { summary: string; description: string },
  body: B,
  answered: string,
) {
  return route("post", `${base}/${action}`, {
    ...doc,
    request: { params: RunParams, body: jsonBody(body) },
    responses: { 200: jsonResponse(PlanSchema, answered), ...problemResponses(409) },
  });
}

export const getPlanRoute = route("get", base, {
  summary: "The plan of a finished match run",
  description:
    "Routes per vehicle with stops, each served request's legs, timetabled trips and drone flights used, and the unassigned requests with the reason and a “would work if…” hint. 409 run_not_done while the run is not done.",
  request: { params: RunParams },
  responses: { 200: jsonResponse(PlanSchema, "The plan."), ...problemResponses(409) },
});

export const movePlanRoute = planChangeRoute(
  "move",
  {
    summary: "Move a request to another vehicle",
    description:
      "Re-plans the request on the given vehicle's availability window and re-checks the whole plan. When it does not fit: 409 request_does_not_fit with `reason` (UnassignedReason) and the plan unchanged. Only planned (not yet approved) requests move.",
  },
  PlanMoveInputSchema,
  "The changed plan.",
);

export const changePlanDriverRoute = planChangeRoute(
  "driver",
  {
    summary: "Give a route to another driver",
    description:
      "Assigns the route of `vehicleId`'s window `shift` to `driverId`, a driver working that day, and re-checks the whole plan. Refused with 409 driver_not_possible and `rule` (vehicle, qualification, availability, overlap, continuous_driving, daily_driving, duty) with a Japanese `detail`; the plan is then unchanged. 422 when the route or driver is not in the plan's day.",
  },
  PlanDriverInputSchema,
  "The changed plan.",
);

export const approvePlanRoute = planChangeRoute(
  "approve",
  {
    summary: "Approve all routes or some vehicles' routes",
    description:
      "Requests whose every vehicle leg is on an approved route go planned → confirmed. Requests without a vehicle leg (bus or drone only) are confirmed when the whole plan is approved.",
  },
  PlanApproveInputSchema,
  "The plan after approval.",
);

export const rejectPlanRoute = planChangeRoute(
  "reject",
  {
    summary: "Take a request out of the proposed plan with a note",
    description:
      "The request leaves the plan. `outcome`: `cancelled` (取り消し（ご本人の希望）: planned → cancelled, never planned again), `unserved` (今回は見送り: planned → unserved, the note is the reason the resident reads) or `replan` (default: planned → submitted, the next run takes it). The note is the event's reason.",
  },
  PlanRejectInputSchema,
  "The plan without it.",
);

export const liveInsertRoute = route("post", "/api/v1/municipalities/{code}/live-requests", {
  summary: "Insert a request made during the day into the day's approved plan",
  description:
    "Stops already marked done stay where they are. Inserted: the request becomes confirmed and the run sheet shows it. Unservable: the status is unchanged and the reason is stored with the plan. 409 no_approved_plan when the date has no approved plan; 409 illegal_transition when the request is not submitted.",
  request: { params: TenantParams, body: jsonBody(LiveInsertInputSchema) },
  responses: { 200: jsonResponse(LiveInsertResultSchema, "The outcome."), ...problemResponses(409) },
});

export const withdrawApprovalRoute = route("post", `${base}/withdraw-approval`, {
  summary: "Withdraw the approval of a day's plan before its first pick-up",
  description:
    "Every route goes back to proposed, confirmed requests back to planned, and the requests the approval answered unserved back to submitted. 409 plan_not_approved when nothing is approved; 409 day_already_started once a stop is marked or the first pick-up time has come.",
  request: { params: RunParams },
  responses: {
    200: jsonResponse(PlanSchema, "The plan, proposed again."),
    ...problemResponses(409),
  },
});

export const DayParams = TenantParams.extend({ date: IsoDateSchema });

export const unservedCallsRoute = route("get", "/api/v1/municipalities/{code}/days/{date}/unserved", {
  summary: "The call list of a day: residents whose requests could not be served",
  description:
    "Every unserved request (配車できませんでした) of the date with the resident's name, phone and the reason in words, earliest first. Reading it is audited per request.",
  request: { params: DayParams },
  responses: {
    200: jsonResponse(UnservedCallListSchema, "The call list."),
  },
});
