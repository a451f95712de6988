import type {
  CostSharingRequest,
  CostSharingResponse,
  EffectsHistoryResponse,
  MatchRun,
  Organisation,
  PlanEffectsResponse,
} from "@tsunagu/contract";
import { sendJson } from "../api/client";

/** The signed-in effects endpoints: a plan's effects, the yearly roll-up, cost sharing. */

const m = (code: string) => `/api/v1/municipalities/${encodeURIComponent(code)}`;

export const planEffectsApi = {
  runs: (code: string, date: string) =>
    sendJson<{ items: MatchRun[] }>("GET", `${m(code)}/match-runs?date=${encodeURIComponent(date)}`),
  effects: (code: string, runId: string) =>
    sendJson<PlanEffectsResponse>("GET", `${m(code)}/match-runs/${encodeURIComponent(runId)}/effects`),
  history: (code: string, year: number) =>
    sendJson<EffectsHistoryResponse>("GET", `${m(code)}/effects/history?year=${year}`),
  organisations: (code: string) => sendJson<{ items: Organisation[] }>("GET", `${m(code)}/organisations`),
  costSharing: (code: string, body: CostSharingRequest) =>
    sendJson<CostSharingResponse>("POST", `${m(code)}/cost-sharing`, body),
};

/** The run whose effects a date shows: its approved run, else its newest finished one (null: none). */
export function runOfDate(runs: readonly MatchRun[]): { run: MatchRun; approved: boolean } | null {
  const approved = runs.find((r) => r.approved);
  if (approved) return { run: approved, approved: true };
  const done = runs.find((r) => r.status === "done" && !r.superseded);
  return done ? { run: done, approved: false } : null;
}
