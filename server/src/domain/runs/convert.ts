import { type MatchRun, MatchRunProgressSchema, PlanSummarySchema } from "@tsunagu/contract";
import type { MatchRunWithApproval } from "@tsunagu/db";
import type { z } from "zod";

/** A JSON column read with its contract schema; missing or malformed JSON reads as null. */
function parsed<T>(text: string | null, schema: z.ZodType<T>): T | null {
  if (text === null) return null;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** A stored run → the wire shape (internal lease fields and the engine's JSON stay inside). */
export function toMatchRun(row: MatchRunWithApproval): MatchRun {
  const summary = parsed(row.summary, PlanSummarySchema);
  const progress = parsed(row.progress, MatchRunProgressSchema);
  return {
    id: row.id,
    date: row.date,
    status: row.status,
    // A finished plan's progress says what its summary says (the plan may have been edited since).
    progress:
      progress && summary && row.status === "done"
        ? { ...progress, served: summary.served, unserved: summary.unserved, vehicles: summary.routes }
        : progress,
    summary,
    error: row.error,
    attempts: row.attempts,
    timeLimitSeconds: row.timeLimitSeconds,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    approved: row.approved,
    superseded: row.supersededBy !== null,
  };
}

/** Statuses after which a run changes no more (by itself). */
export function isFinished(status: MatchRun["status"]): boolean {
  return status === "done" || status === "failed" || status === "cancelled";
}
