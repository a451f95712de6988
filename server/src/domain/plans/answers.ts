/**
 * Every request of an approved day gets an answer: approving the whole plan
 * moves the requests it could not serve to unserved (配車できませんでした) with
 * the reason in words; the approval can be withdrawn until the day's first
 * pick-up; the coordinator's call list names the residents who were not
 * served, with their phone and the reason.
 */
import {
  isWithdrawalMove,
  type Plan,
  type RequestKind,
  type RequestStatus,
  tokyoNow,
  type UnassignedReason,
  type UnservedCallList,
  unassignedReasonSentence,
} from "@tsunagu/contract";
import {
  appendAudit,
  type DbTransaction,
  loadPlan,
  moveRequestsInTx,
  type RequestRow,
  requestsByIds,
  requestsOfDateInStatus,
  residentsByIds,
  type StoredPlan,
  transitionRequestInTx,
  withdrawPlanRoutes,
  withWriteLock,
} from "@tsunagu/db";
import { municipalityDb, requireMunicipality } from "../access";
import { requestAudit } from "../audit";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { reasonFromRow } from "./convert";
import { changeableRun, planOfRun, requestUpdateAudit } from "./plans";

/**
 * The reason a plan gives for not serving a request, in the words the
 * resident reads — the same sentences the plan review shows (the contract's
 * `UNASSIGNED_REASON_WORDS`).
 */
export function unservedWords(reason: UnassignedReason, kind: RequestKind): string {
  return unassignedReasonSentence(reason, kind, "ja");
}

/** Whether every route of the stored plan is approved (a plan without routes counts as approved once asked). */
export function wholePlanApproved(stored: StoredPlan): boolean {
  return stored.routes.every((r) => r.approvedAt !== null);
}

/**
 * Inside approval, once the whole plan is approved: every request the plan
 * could not serve and that still waits (submitted) becomes unserved with the
 * reason in words — the day's answer for it.
 */
export async function answerUnassignedInTx(
  ctx: DomainContext,
  tx: DbTransaction,
  code: string,
  stored: StoredPlan,
): Promise<void> {
  const requests = await requestsByIds(
    tx,
    code,
    stored.unassigned.map((u) => u.requestId),
  );
  const audit = requestUpdateAudit(ctx, code);
  for (const row of stored.unassigned) {
    const request = requests.get(row.requestId);
    if (request?.status !== "submitted") continue;
    const words = unservedWords(reasonFromRow(row, request), request.kind);
    await transitionRequestInTx(tx, code, request.id, "unserved", words, ctx.now, undefined, audit);
  }
}

/** The first pick-up of the plan, seconds of the day; undefined for a plan without one. */
function firstPickupSeconds(stored: StoredPlan): number | undefined {
  const pickups = stored.stops.filter((s) => s.kind === "pickup").map((s) => s.arrivalSec);
  return pickups.length > 0 ? Math.min(...pickups) : undefined;
}

/**
 * Withdraws the approval of a run's plan before the day's first pick-up: every
 * route goes back to proposed, the confirmed requests back to planned and the
 * requests the approval answered unserved back to submitted (a request taken
 * out by the coordinator as 今回は見送り stays unserved). Refused
 * (`plan_not_approved`) when nothing is approved, (`day_already_started`) once
 * a stop is marked or the first pick-up time has come.
 */
export async function withdrawApproval(ctx: DomainContext, code: string, runId: string): Promise<Plan> {
  const { db, now } = ctx;
  await requireMunicipality(db, code);
  const touched = await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const run = await changeableRun(tx, code, runId);
      const stored = await loadPlan(tx, code, runId);
      if (!stored.routes.some((r) => r.approvedAt !== null))
        throw new DomainError("plan_not_approved", `The plan of run ${runId} is not approved.`);
      const first = firstPickupSeconds(stored);
      const today = tokyoNow(now);
      const started =
        stored.stops.some((s) => s.status !== "pending") ||
        today.date > run.date ||
        (today.date === run.date && first !== undefined && today.minutes * 60 >= first);
      if (started)
        throw new DomainError(
          "day_already_started",
          `The day ${run.date} has started (first pick-up passed or a stop marked); the approval stays.`,
        );
      await withdrawPlanRoutes(tx, code, runId);
      const ids = [...new Set([...stored.legs.map((l) => l.requestId)])];
      const unassignedIds = stored.unassigned.map((u) => u.requestId);
      const rows = await requestsByIds(tx, code, [...ids, ...unassignedIds]);
      const back = (from: RequestStatus, to: RequestStatus, of: readonly string[]) => {
        if (!isWithdrawalMove(from, to)) throw new Error(`${from} → ${to} is not a withdrawal move`);
        return moveRequestsInTx(
          tx,
          code,
          of.filter((id) => rows.get(id)?.status === from),
          { from, to, reason: "承認の取り消し" },
          now,
        );
      };
      const moved = [
        ...(await back("confirmed", "planned", ids)),
        ...(await back("unserved", "submitted", unassignedIds)),
      ];
      return moved.map((id) => rows.get(id)).filter((r): r is RequestRow => r !== undefined);
    }),
  );
  await appendAudit(db, touched.map(requestUpdateAudit(ctx, code)));
  return planOfRun(ctx, code, runId);
}

/**
 * The residents to call on a date: its unserved requests with name, phone and
 * the reason in words. Reading names and phones is audited per request.
 */
export async function unservedCallList(
  ctx: DomainContext,
  code: string,
  date: string,
): Promise<UnservedCallList> {
  const db = await municipalityDb(ctx, code);
  const rows = await requestsOfDateInStatus(db, code, date, "unserved");
  const residents = await residentsByIds(db, code, [
    ...new Set(rows.map((r) => r.residentId).filter((id): id is string => id !== null)),
  ]);
  await appendAudit(ctx.db, rows.map(requestAudit(ctx, code, "read")));
  return {
    date,
    items: rows.map((r) => {
      const resident = r.residentId ? residents.get(r.residentId) : undefined;
      return {
        requestId: r.id,
        kind: r.kind,
        earliest: r.earliest,
        latest: r.latest,
        residentId: r.residentId,
        residentName: resident?.name ?? null,
        phone: resident?.phone ?? null,
        reason: r.statusReason,
      };
    }),
  };
}
