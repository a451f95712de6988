import type { Plan } from "@tsunagu/contract";
import {
  type AuditEntry,
  approvePlanRoutes,
  type Db,
  type DbOrTx,
  findMatchRun,
  loadPlan,
  type MatchRunRow,
  type RequestRow,
  requestsByIds,
  transitionRequestInTx,
  vehicleLabels,
  withWriteLock,
} from "@tsunagu/db";
import { invalidField, notFound } from "../../domain/errors";
import { ApiProblem } from "../../lib/problem";
import type { RegionalProblem } from "../../matching/engine";
import { toPlanView } from "../../matching/planView";

/**
 * The verbs behind the plan routes: each takes the database and plain values,
 * does its reads and writes (one transaction under the write lock for
 * changes) and answers the contract's shapes or throws an ApiProblem.
 */

/** A run of the municipality with a plan to read (404 otherwise, 409 run_not_done while it has none). */
export async function runWithPlan(db: DbOrTx, code: string, runId: string): Promise<MatchRunRow> {
  const run = await findMatchRun(db, code, runId);
  if (!run) throw notFound("match run", runId);
  if (run.status !== "done")
    throw new ApiProblem(409, "run_not_done", `Match run ${runId} is ${run.status}; it has no plan yet.`, {
      runStatus: run.status,
    });
  return run;
}

/** A run whose plan may still be changed: done and not replaced by a later run. */
export async function changeableRun(db: DbOrTx, code: string, runId: string): Promise<MatchRunRow> {
  const run = await runWithPlan(db, code, runId);
  if (run.supersededBy !== null)
    throw new ApiProblem(
      409,
      "run_superseded",
      `Match run ${runId} was replaced by run ${run.supersededBy}; its plan is read-only.`,
      { supersededBy: run.supersededBy },
    );
  return run;
}

/** The plan of a run as the contract's Plan, and the requests it mentions (for audit entries). */
export async function planView(
  db: DbOrTx,
  code: string,
  run: MatchRunRow,
): Promise<{ plan: Plan; requests: Map<string, RequestRow> }> {
  const stored = await loadPlan(db, code, run.id);
  const ids = [
    ...new Set([...stored.legs.map((l) => l.requestId), ...stored.unassigned.map((u) => u.requestId)]),
  ];
  const [requests, vehicles] = await Promise.all([requestsByIds(db, code, ids), vehicleLabels(db, code)]);
  // The day's vehicles come from the run's own input: a move may go to any of them, used or not.
  const dayVehicles = run.problemJson ? (JSON.parse(run.problemJson) as RegionalProblem).vehicles : [];
  return {
    plan: toPlanView({ runId: run.id, date: run.date, stored, vehicles, requests, dayVehicles }),
    requests,
  };
}

/**
 * Approves all routes (no `vehicleIds`) or the listed vehicles' routes, then
 * confirms every planned request whose vehicle legs are all on approved
 * routes. A request without vehicle legs (bus / drone only) depends on no
 * route, so it is confirmed when the whole plan is approved.
 */
export async function approvePlan(
  db: Db,
  code: string,
  runId: string,
  vehicleIds: readonly string[] | undefined,
  by: { userId: string | null; now: Date; audit: (row: RequestRow) => AuditEntry },
): Promise<void> {
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await changeableRun(tx, code, runId);
      const stored = await loadPlan(tx, code, runId);
      if (vehicleIds) {
        const planned = new Set(stored.routes.map((r) => r.vehicleId));
        vehicleIds.forEach((id, i) => {
          if (!planned.has(id))
            throw invalidField(`body.vehicleIds.${i}`, "has no route in this plan", "not_in_plan");
        });
      }
      const at = by.now.toISOString();
      await approvePlanRoutes(tx, code, runId, vehicleIds, by.userId, at);
      const approved = new Set(
        (await loadPlan(tx, code, runId)).routes
          .filter((r) => r.approvedAt !== null)
          .map((r) => `${r.vehicleId}:${r.shift}`),
      );
      const vehicleLegs = new Map<string, string[]>();
      for (const leg of stored.legs) {
        const list = vehicleLegs.get(leg.requestId) ?? [];
        if (leg.mode === "vehicle") list.push(`${leg.vehicleId}:${leg.shift}`);
        vehicleLegs.set(leg.requestId, list);
      }
      const requests = await requestsByIds(tx, code, [...vehicleLegs.keys()]);
      for (const [requestId, routes] of vehicleLegs) {
        if (requests.get(requestId)?.status !== "planned") continue;
        const ready = routes.length === 0 ? vehicleIds === undefined : routes.every((r) => approved.has(r));
        if (!ready) continue;
        await transitionRequestInTx(tx, code, requestId, "confirmed", null, by.now, undefined, by.audit);
      }
    }),
  );
}
