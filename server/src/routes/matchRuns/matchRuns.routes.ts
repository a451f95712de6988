import { IsoDateSchema, MatchRunCreateSchema, MatchRunSchema } from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";
import { itemsOf, jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("match-runs");

const base = "/api/v1/municipalities/{code}/match-runs";

export const RunParams = TenantParams.extend({ runId: z.string().min(1).max(100) });
export const MatchRunListQuery = z.object({ date: IsoDateSchema.optional() });
export const MatchRunListSchema = itemsOf(MatchRunSchema);

export const createMatchRunRoute = route("post", base, {
  summary: "Queue a match run for one day",
  description:
    "Plans every request of the date that is submitted or planned (not yet approved) with the municipality's vehicles, bus trips with spare room, drone routes and hubs. The run is a durable job: any server process sharing the database may solve it; follow it with GET …/events. When it finishes, its served requests become `planned` and earlier unapproved runs of the date are superseded. A date with approved routes → 409 plan_already_approved (use live insertion).",
  request: { params: TenantParams, body: jsonBody(MatchRunCreateSchema) },
  responses: { 202: jsonResponse(MatchRunSchema, "Queued."), ...problemResponses(409) },
});

export const listMatchRunsRoute = route("get", base, {
  summary: "Match runs, newest first",
  request: { params: TenantParams, query: MatchRunListQuery },
  responses: { 200: jsonResponse(MatchRunListSchema, "Runs (at most 100).") },
});

export const getMatchRunRoute = route("get", `${base}/{runId}`, {
  summary: "One match run with its progress or summary",
  request: { params: RunParams },
  responses: { 200: jsonResponse(MatchRunSchema, "The run.") },
});

export const matchRunEventsRoute = route("get", `${base}/{runId}/events`, {
  summary: "Follow a match run (server-sent events)",
  description:
    "A `text/event-stream`: event `progress` (data: the MatchRun JSON) whenever its status or progress changes, then event `end` (data: the MatchRun JSON) once it is done, failed or cancelled, and the stream closes. It reads the stored run about twice a second, so it works whichever server process solves the run.",
  request: { params: RunParams },
  responses: {
    200: {
      content: { "text/event-stream": { schema: z.string() } },
      description: "Events until the run ends.",
    },
  },
});

export const cancelMatchRunRoute = route("post", `${base}/{runId}/cancel`, {
  summary: "Cancel a queued or running match run",
  description:
    "A queued run is cancelled at once; a running one stops within about a second (its solver thread is terminated, no request changes). Cancelling a failed or cancelled run changes nothing. A done run → 409 run_not_cancellable.",
  request: { params: RunParams },
  responses: { 200: jsonResponse(MatchRunSchema, "The run."), ...problemResponses(409) },
});

export const retryMatchRunRoute = route("post", `${base}/{runId}/retry`, {
  summary: "Queue a failed or cancelled match run again",
  description:
    "Its attempts start again from 0. Other statuses → 409 run_not_retryable; a date whose plan was approved meanwhile → 409 plan_already_approved.",
  request: { params: RunParams },
  responses: { 202: jsonResponse(MatchRunSchema, "Queued again."), ...problemResponses(409) },
});
