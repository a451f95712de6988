import type {
  CostSharingRequest,
  CostSharingResponse,
  CostSharingStreamLine,
  EffectsHistoryResponse,
  MatchRun,
  Organisation,
  PlanBaselineQueryInput,
  PlanEffectsResponse,
} from "@tsunagu/contract";
import { ApiError, csrfHeader, problemError, sendJson } from "../api/client";

/** The signed-in effects endpoints: a plan's effects, the yearly roll-up, cost sharing. */

/** `?a=1&b=2` of the set values (none: ""). */
function queryOf(values: Record<string, number | string | undefined>): string {
  const set = Object.entries(values).filter(
    (entry): entry is [string, number | string] => entry[1] !== undefined,
  );
  return set.length === 0 ? "" : `?${new URLSearchParams(set.map(([k, v]) => [k, String(v)])).toString()}`;
}

const m = (code: string) => `/api/v1/municipalities/${encodeURIComponent(code)}`;

export const planEffectsApi = {
  runs: (code: string, date: string) =>
    sendJson<{ items: MatchRun[] }>("GET", `${m(code)}/match-runs?date=${encodeURIComponent(date)}`),
  effects: (code: string, runId: string, baseline: PlanBaselineQueryInput = {}) =>
    sendJson<PlanEffectsResponse>(
      "GET",
      `${m(code)}/match-runs/${encodeURIComponent(runId)}/effects${queryOf(baseline)}`,
    ),
  history: (code: string, year: number, baseline: PlanBaselineQueryInput = {}) =>
    sendJson<EffectsHistoryResponse>("GET", `${m(code)}/effects/history${queryOf({ ...baseline, year })}`),
  organisations: (code: string) => sendJson<{ items: Organisation[] }>("GET", `${m(code)}/organisations`),
  costSharing,
};

/**
 * POST …/cost-sharing: the server re-runs the matching per coalition and
 * streams JSON lines — progress, then the result. Bad input is a 422
 * problem+json (thrown as ApiError, like every other call).
 */
async function costSharing(
  code: string,
  body: CostSharingRequest,
  onProgress: (done: number, total: number) => void,
): Promise<CostSharingResponse> {
  const response = await fetch(`${m(code)}/cost-sharing`, {
    method: "POST",
    headers: { accept: "application/x-ndjson", "content-type": "application/json", ...csrfHeader() },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw await problemError(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    // At the end, a last line without its newline still counts.
    if (done) buffered += "\n";
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const text of lines) {
      if (!text) continue;
      const line = JSON.parse(text) as CostSharingStreamLine;
      if (line.type === "progress") onProgress(line.done, line.total);
      else if (line.type === "result") return line.result;
      else throw new ApiError(500, line.title);
    }
    if (done) throw new ApiError(502, "stream_ended");
  }
}

/** The run whose effects a date shows: its approved run, else its newest finished one (null: none). */
export function runOfDate(runs: readonly MatchRun[]): { run: MatchRun; approved: boolean } | null {
  const approved = runs.find((r) => r.approved);
  if (approved) return { run: approved, approved: true };
  const done = runs.find((r) => r.status === "done" && !r.superseded);
  return done ? { run: done, approved: false } : null;
}
