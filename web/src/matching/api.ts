import type {
  MatchRun,
  MatchRunCreate,
  Plan,
  RequestSearchResult,
  RunSheet,
  RunSheetStop,
  RunSheetSummary,
  UnassignedReason,
  UnservedCallList,
} from "@tsunagu/contract";
import { ApiError, sendJson } from "../api/client";

/**
 * The match-run, plan-review and run-sheet endpoints. A refused move answers
 * 409 problem+json with an extra `reason` member (the UnassignedReason).
 */

/** A move the server refused because the request does not fit the chosen vehicle; `reason` says why. */
export class MoveRefused extends ApiError {
  constructor(readonly reason: UnassignedReason) {
    super(409, "request_does_not_fit");
  }
}

/** The shared client's JSON call, turning a refused move (409 with a `reason`) into MoveRefused. */
async function send<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  try {
    return await sendJson<T>(method, path, body);
  } catch (error) {
    if (error instanceof ApiError && error.code === "request_does_not_fit" && error.problem.reason)
      throw new MoveRefused(error.problem.reason as UnassignedReason);
    throw error;
  }
}

const m = (code: string) => `/api/v1/municipalities/${encodeURIComponent(code)}`;
const run = (code: string, runId: string) => `${m(code)}/match-runs/${encodeURIComponent(runId)}`;

export const matchingApi = {
  startRun: (code: string, body: MatchRunCreate) => send<MatchRun>("POST", `${m(code)}/match-runs`, body),
  runs: (code: string, date: string) =>
    send<{ items: MatchRun[] }>("GET", `${m(code)}/match-runs?date=${encodeURIComponent(date)}`),
  run: (code: string, runId: string) => send<MatchRun>("GET", run(code, runId)),
  /** The server-sent-events stream of a run (events `progress` and `end`, data = MatchRun). */
  eventsUrl: (code: string, runId: string) => `${run(code, runId)}/events`,
  cancel: (code: string, runId: string) => send<MatchRun>("POST", `${run(code, runId)}/cancel`),
  retry: (code: string, runId: string) => send<MatchRun>("POST", `${run(code, runId)}/retry`),
  plan: (code: string, runId: string) => send<Plan>("GET", `${run(code, runId)}/plan`),
  /** Throws MoveRefused (with the reason) when the request does not fit the vehicle. */
  move: (code: string, runId: string, body: { requestId: string; toVehicleId: string; shift: number }) =>
    send<Plan>("POST", `${run(code, runId)}/plan/move`, body),
  /** Gives a route to another driver; a refusal is a 409 whose problem names the broken `rule`. */
  changeDriver: (code: string, runId: string, body: { vehicleId: string; shift: number; driverId: string }) =>
    send<Plan>("POST", `${run(code, runId)}/plan/driver`, body),
  /** All routes without `vehicleIds`. */
  approve: (code: string, runId: string, vehicleIds?: string[]) =>
    send<Plan>("POST", `${run(code, runId)}/plan/approve`, vehicleIds ? { vehicleIds } : {}),
  reject: (
    code: string,
    runId: string,
    body: { requestId: string; note: string; outcome: "cancelled" | "unserved" | "replan" },
  ) => send<Plan>("POST", `${run(code, runId)}/plan/reject`, body),
  /** Back to proposed before the day's first pick-up (409 day_already_started after it). */
  withdrawApproval: (code: string, runId: string) =>
    send<Plan>("POST", `${run(code, runId)}/plan/withdraw-approval`),
  /** The residents not served on a date, with name, phone and reason. */
  unserved: (code: string, date: string) =>
    send<UnservedCallList>("GET", `${m(code)}/days/${encodeURIComponent(date)}/unserved`),
  runSheets: (code: string, date: string) =>
    send<{ items: RunSheetSummary[] }>("GET", `${m(code)}/run-sheets?date=${encodeURIComponent(date)}`),
  runSheet: (code: string, runId: string, vehicleId: string, shift: number) =>
    send<RunSheet>(
      "GET",
      `${m(code)}/run-sheets/${encodeURIComponent(runId)}/${encodeURIComponent(vehicleId)}/${shift}`,
    ),
  markStop: (code: string, stopId: string, body: { status: "done" | "no_show"; note?: string }) =>
    send<RunSheetStop>("POST", `${m(code)}/plan-stops/${encodeURIComponent(stopId)}/status`, body),
  searchRequests: (code: string, date: string, q: string) =>
    send<RequestSearchResult>(
      "GET",
      `${m(code)}/request-search?date=${encodeURIComponent(date)}&q=${encodeURIComponent(q)}`,
    ),
  undoStop: (code: string, stopId: string) =>
    send<RunSheetStop>("DELETE", `${m(code)}/plan-stops/${encodeURIComponent(stopId)}/status`),
};
