import { createRoute } from "@hono/zod-openapi";
import {
  LiveInsertInputSchema,
  LiveInsertResultSchema,
  PlanApproveInputSchema,
  PlanDriverInputSchema,
  PlanMoveInputSchema,
  PlanRejectInputSchema,
  PlanSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";

const base = "/api/v1/municipalities/{code}/match-runs/{runId}/plan";

export const RunParams = TenantParams.extend({ runId: z.string().min(1).max(100) });

export const getPlanRoute = createRoute({
  method: "get",
  path: base,
  tags: ["plans"],
  summary: "The plan of a finished match run",
  description:
    "Routes per vehicle with stops, each served request's legs, timetabled trips and drone flights used, and the unassigned requests with the reason and a “would work if…” hint. 409 run_not_done while the run is not done.",
  request: { params: RunParams },
  responses: {
    200: { content: { "application/json": { schema: PlanSchema } }, description: "The plan." },
    ...problemResponses(409),
  },
});

export const movePlanRoute = createRoute({
  method: "post",
  path: `${base}/move`,
  tags: ["plans"],
  summary: "Move a request to another vehicle",
  description:
    "Re-plans the request on the given vehicle's availability window and re-checks the whole plan. When it does not fit: 409 request_does_not_fit with `reason` (UnassignedReason) and the plan unchanged. Only planned (not yet approved) requests move.",
  request: {
    params: RunParams,
    body: { required: true, content: { "application/json": { schema: PlanMoveInputSchema } } },
  },
  responses: {
    200: { content: { "application/json": { schema: PlanSchema } }, description: "The changed plan." },
    ...problemResponses(409),
  },
});

export const changePlanDriverRoute = createRoute({
  method: "post",
  path: `${base}/driver`,
  tags: ["plans"],
  summary: "Give a route to another driver",
  description:
    "Assigns the route of `vehicleId`'s window `shift` to `driverId`, a driver working that day, and re-checks the whole plan. Refused with 409 driver_not_possible and `rule` (vehicle, qualification, availability, overlap, continuous_driving, daily_driving, duty) with a Japanese `detail`; the plan is then unchanged. 422 when the route or driver is not in the plan's day.",
  request: {
    params: RunParams,
    body: { required: true, content: { "application/json": { schema: PlanDriverInputSchema } } },
  },
  responses: {
    200: { content: { "application/json": { schema: PlanSchema } }, description: "The changed plan." },
    ...problemResponses(409),
  },
});

export const approvePlanRoute = createRoute({
  method: "post",
  path: `${base}/approve`,
  tags: ["plans"],
  summary: "Approve all routes or some vehicles' routes",
  description:
    "Requests whose every vehicle leg is on an approved route go planned → confirmed. Requests without a vehicle leg (bus or drone only) are confirmed when the whole plan is approved.",
  request: {
    params: RunParams,
    body: { required: true, content: { "application/json": { schema: PlanApproveInputSchema } } },
  },
  responses: {
    200: { content: { "application/json": { schema: PlanSchema } }, description: "The plan after approval." },
    ...problemResponses(409),
  },
});

export const rejectPlanRoute = createRoute({
  method: "post",
  path: `${base}/reject`,
  tags: ["plans"],
  summary: "Take a request out of the proposed plan with a note",
  description: "The request leaves the plan and goes planned → submitted; the note is the event's reason.",
  request: {
    params: RunParams,
    body: { required: true, content: { "application/json": { schema: PlanRejectInputSchema } } },
  },
  responses: {
    200: { content: { "application/json": { schema: PlanSchema } }, description: "The plan without it." },
    ...problemResponses(409),
  },
});

export const liveInsertRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/live-requests",
  tags: ["plans"],
  summary: "Insert a request made during the day into the day's approved plan",
  description:
    "Stops already marked done stay where they are. Inserted: the request becomes confirmed and the run sheet shows it. Unservable: the status is unchanged and the reason is stored with the plan. 409 no_approved_plan when the date has no approved plan; 409 illegal_transition when the request is not submitted.",
  request: {
    params: TenantParams,
    body: { required: true, content: { "application/json": { schema: LiveInsertInputSchema } } },
  },
  responses: {
    200: { content: { "application/json": { schema: LiveInsertResultSchema } }, description: "The outcome." },
    ...problemResponses(409),
  },
});
