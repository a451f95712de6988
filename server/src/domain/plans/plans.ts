/**
 * A run's plan: read it and approve it (all routes or some vehicles'). Every
 * verb answers the plan as it now stands, and every answer that shows
 * residents' trips is written to the audit log in the same call. Moves,
 * rejections and live insertion are in ./edits.
 */
import type { Plan } from "@tsunagu/contract";
import {
  appendAudit,
  approvePlanRoutes,
  type DbOrTx,
  findMatchRun,
  loadPlan,
  type MatchRunRow,
  requestsByIds,
  transitionRequestInTx,
  vehicleLabels,
  withWriteLock,
} from "@tsunagu/db";
import { callerOf, requireMunicipality } from "../access";
import { peopleShown, requestAudit } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, invalidField, notFound } from "../errors";
import { answerUnassignedInTx, wholePlanApproved } from "./answers";
import { toPlanView } from "./convert";
import { storedProblemOf } from "./engineConvert";
import { loadPlaceBook } from "./stopPlaces";

/** A run of the municipality with a plan to read (`not_found`; `run_not_done` while it has none). */
export async function runWithPlan(db: DbOrTx, code: string, runId: string): Promise<MatchRunRow> {
  const run = await findMatchRun(db, code, runId);
  if (!run) throw notFound("match run", runId);
  if (run.status !== "done")
    throw new DomainError("run_not_done", `Match run ${runId} is ${run.status}; it has no plan yet.`, {
      runStatus: run.status,
    });
  return run;
}

/** A run whose plan may still be changed: done and not replaced by a later run. */
export async function changeableRun(db: DbOrTx, code: string, runId: string): Promise<MatchRunRow> {
  const run = await runWithPlan(db, code, runId);
  if (run.supersededBy !== null)
    throw new DomainError(
      "run_superseded",
      `Match run ${runId} was replaced by run ${run.supersededBy}; its plan is read-only.`,
      { supersededBy: run.supersededBy },
    );
  return run;
}

/** The audit entry of a request a plan verb moved along its lifecycle. */
export function requestUpdateAudit(ctx: DomainContext, code: string) {
  return requestAudit(ctx, code, "update");
}

/**
 * The plan of a done run as the contract's Plan. Plans show pick-up and
 * drop-off points (homes), names and phones: one `read` per resident's
 * request, as request lists do, and one per resident shown, as run sheets do.
 */
export async function planOfRun(ctx: DomainContext, code: string, runId: string): Promise<Plan> {
  const { db } = ctx;
  const run = await runWithPlan(db, code, runId);
  const stored = await loadPlan(db, code, run.id);
  const ids = [
    ...new Set([...stored.legs.map((l) => l.requestId), ...stored.unassigned.map((u) => u.requestId)]),
  ];
  const [requests, vehicles] = await Promise.all([requestsByIds(db, code, ids), vehicleLabels(db, code)]);
  // The day's vehicles come from the run's own input: a move may go to any of them, used or not.
  const problem = storedProblemOf(run);
  const dayVehicles = problem?.vehicles ?? [];
  const dayDrivers = problem?.drivers ?? [];
  const book = await loadPlaceBook(db, code, requests.values());
  const plan = toPlanView({
    runId: run.id,
    date: run.date,
    stored,
    vehicles,
    requests,
    dayVehicles,
    dayDrivers,
    book,
  });
  await appendAudit(db, peopleShown(ctx, code, [...requests.values()]));
  return plan;
}

/** The plan of a run (`run_not_done` while it has none). */
export async function readPlan(ctx: DomainContext, code: string, runId: string): Promise<Plan> {
  await requireMunicipality(ctx.db, code);
  return planOfRun(ctx, code, runId);
}

/**
 * Approves all routes (no `vehicleIds`) or the listed vehicles' routes, then
 * confirms every planned request whose vehicle legs are all on approved
 * routes. A request without vehicle legs (bus / drone only) depends on no
 * route, so it is confirmed when the whole plan is approved; then, too, every
 * request the plan could not serve becomes unserved with the reason in words.
 */
export async function approvePlan(
  ctx: DomainContext,
  code: string,
  runId: string,
  input: { vehicleIds?: readonly string[] | undefined },
): Promise<Plan> {
  const { db, now } = ctx;
  const { vehicleIds } = input;
  await requireMunicipality(db, code);
  const userId = callerOf(ctx).userId;
  const audit = requestUpdateAudit(ctx, code);
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
      await approvePlanRoutes(tx, code, runId, vehicleIds, userId, now.toISOString());
      const after = await loadPlan(tx, code, runId);
      const whole = wholePlanApproved(after);
      const approved = new Set(
        after.routes.filter((r) => r.approvedAt !== null).map((r) => `${r.vehicleId}:${r.shift}`),
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
        const ready = routes.length === 0 ? whole : routes.every((r) => approved.has(r));
        if (!ready) continue;
        await transitionRequestInTx(tx, code, requestId, "confirmed", null, now, undefined, audit);
      }
      // The whole day approved: what the plan could not serve is answered now, not left waiting.
      if (whole) await answerUnassignedInTx(ctx, tx, code, after);
    }),
  );
  return planOfRun(ctx, code, runId);
}
