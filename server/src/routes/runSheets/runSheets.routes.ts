import {
  IsoDateSchema,
  RunSheetSchema,
  RunSheetStopSchema,
  RunSheetSummarySchema,
  StopStatusInputSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";
import { itemsOf, jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("run sheets");

const m = "/api/v1/municipalities/{code}";

export const RunSheetListSchema = itemsOf(RunSheetSummarySchema);

export const listRunSheetsRoute = route("get", `${m}/run-sheets`, {
  summary: "The day's run sheets (approved routes)",
  description:
    "A driver sees only the routes assigned to him (on a plan made without drivers: the vehicles he may drive); coordinators and staff see all.",
  request: { params: TenantParams, query: z.object({ date: IsoDateSchema }) },
  responses: { 200: jsonResponse(RunSheetListSchema, "The run sheets.") },
});

export const RunSheetParams = TenantParams.extend({
  runId: z.string().min(1).max(100),
  vehicleId: z.string().min(1).max(100),
  /** The vehicle's availability window (0, 1, …). */
  shift: z.string().regex(/^\d{1,2}$/, "must be a whole number (0, 1, …)"),
});

export const getRunSheetRoute = route("get", `${m}/run-sheets/{runId}/{vehicleId}/{shift}`, {
  summary: "One vehicle's run sheet: stops in order with who or what, hand-overs and notes",
  description:
    "Carries residents' names and phone numbers: every read is written to the audit log. A driver asking for a vehicle he may not drive → 404.",
  request: { params: RunSheetParams },
  responses: { 200: jsonResponse(RunSheetSchema, "The run sheet.") },
});

export const markStopRoute = route("post", `${m}/plan-stops/{stopId}/status`, {
  summary: "Mark a stop done or no-show",
  description:
    "Pick-up done on the first leg → request in_progress; drop-off done on the last leg → done; no-show at the first pick-up → no_show (reason: the note or 「不在」) and the request's other stops (its drop-off) → cancelled; other stops only record. 409 stop_already_marked, 409 request_not_active when the request is not confirmed / in progress.",
  request: {
    params: TenantParams.extend({ stopId: z.string().min(1).max(100) }),
    body: jsonBody(StopStatusInputSchema),
  },
  responses: { 200: jsonResponse(RunSheetStopSchema, "The marked stop."), ...problemResponses(409) },
});

export const undoStopRoute = route("delete", `${m}/plan-stops/{stopId}/status`, {
  summary: "Undo a stop's mark (within STOP_UNDO_MINUTES = 5 minutes)",
  description:
    "The stop is pending again and its request steps back: an undone 不在 → confirmed with its drop-off restored; an undone 乗車済み → confirmed; an undone last drop-off → in_progress. 409 stop_not_undoable when the stop is not marked, the 5 minutes (server clock) have passed, or a later stop of the request is marked.",
  request: { params: TenantParams.extend({ stopId: z.string().min(1).max(100) }) },
  responses: {
    200: jsonResponse(RunSheetStopSchema, "The stop, pending again."),
    ...problemResponses(409),
  },
});
