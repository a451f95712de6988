import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Db, DbTransaction } from "../client";
import { matchRuns, planRoutes, requests } from "../schema";
import { moveRequestsInTx, requestsOfDateWhere } from "./requests";
import { withWriteLock } from "./writeLock";

/**
 * Match runs as a durable job queue. The `match_runs` row is the job: a worker
 * claims it with ONE atomic UPDATE (SQLite runs a single statement atomically,
 * across processes sharing the file and on a libSQL server alike), holds it by
 * renewing a lease, and every later write by the worker is guarded by
 * `lease_owner`, so a worker that lost its lease (it stalled, another process
 * reclaimed the run) can no longer change the row or write a plan.
 */

/** A `match_runs` row (the same shape plans.ts calls MatchRunRecord). */
export type MatchRunRecord = typeof matchRuns.$inferSelect;

/** A run that was started this many times without finishing is failed (retryable by hand). */
export const MAX_RUN_ATTEMPTS = 3;

/** Request statuses a run plans: submitted, or planned by an earlier run not yet approved. */
export const PLANNABLE_STATUSES = ["submitted", "planned"] as const;

export interface NewMatchRun {
  municipalityCode: string;
  date: string;
  timeLimitSeconds: number;
  createdBy: string | null;
}

export type CreateRunResult =
  | { outcome: "created"; run: MatchRunRecord }
  | { outcome: "plan_already_approved" };

/** Whether any run of the date has an approved route (then only live insertion may change the day). */
export async function dateHasApprovedPlan(
  db: Db | DbTransaction,
  municipalityCode: string,
  date: string,
): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(planRoutes)
    .innerJoin(matchRuns, eq(matchRuns.id, planRoutes.runId))
    .where(
      and(
        eq(matchRuns.municipalityCode, municipalityCode),
        eq(matchRuns.date, date),
        isNotNull(planRoutes.approvedAt),
      ),
    );
  return (row?.n ?? 0) > 0;
}

/** Queues a run, refused when the date already has an approved plan (checked in the same transaction). */
export async function createMatchRun(db: Db, input: NewMatchRun, now = new Date()): Promise<CreateRunResult> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      if (await dateHasApprovedPlan(tx, input.municipalityCode, input.date))
        return { outcome: "plan_already_approved" as const };
      const [run] = await tx
        .insert(matchRuns)
        .values({ ...input, id: randomUUID(), status: "queued", createdAt: now.toISOString() })
        .returning();
      if (!run) throw new Error("insert returned no row");
      return { outcome: "created" as const, run };
    }),
  );
}

/** A run with whether its plan has approved routes. */
export interface MatchRunWithApproval extends MatchRunRecord {
  approved: boolean;
}

async function withApproval(db: Db, rows: MatchRunRecord[]): Promise<MatchRunWithApproval[]> {
  if (rows.length === 0) return [];
  const approved = await db
    .selectDistinct({ runId: planRoutes.runId })
    .from(planRoutes)
    .where(
      and(
        inArray(
          planRoutes.runId,
          rows.map((r) => r.id),
        ),
        isNotNull(planRoutes.approvedAt),
      ),
    );
  const ids = new Set(approved.map((a) => a.runId));
  return rows.map((r) => ({ ...r, approved: ids.has(r.id) }));
}

/** A municipality's runs (of one date, when given), newest first. */
export async function listMatchRuns(
  db: Db,
  municipalityCode: string,
  filters: { date?: string; limit?: number } = {},
): Promise<MatchRunWithApproval[]> {
  const rows = await db
    .select()
    .from(matchRuns)
    .where(
      and(
        eq(matchRuns.municipalityCode, municipalityCode),
        filters.date ? eq(matchRuns.date, filters.date) : undefined,
      ),
    )
    .orderBy(desc(matchRuns.createdAt), desc(matchRuns.id))
    .limit(filters.limit ?? 100);
  return withApproval(db, rows);
}

/** One run of the municipality with its approval flag (another municipality's: undefined). */
export async function getMatchRun(
  db: Db,
  municipalityCode: string,
  id: string,
): Promise<MatchRunWithApproval | undefined> {
  const rows = await db
    .select()
    .from(matchRuns)
    .where(and(eq(matchRuns.municipalityCode, municipalityCode), eq(matchRuns.id, id)));
  const [row] = await withApproval(db, rows);
  return row;
}

/** Runs waiting for a worker (the job-queue depth metric). */
export async function countQueuedRuns(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(matchRuns).where(eq(matchRuns.status, "queued"));
  return row?.n ?? 0;
}

/**
 * Whether any run waits for a worker (queued, or running with an expired
 * lease). A plain read, so idle processes polling the queue take no write lock.
 */
export async function hasClaimableRuns(db: Db, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: matchRuns.id })
    .from(matchRuns)
    .where(
      sql`${matchRuns.status} = 'queued' OR (${matchRuns.status} = 'running' AND ${matchRuns.leaseExpiresAt} < ${now.getTime()})`,
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Settles runs whose worker died (lease expired) and that must not be started
 * again: a cancel was requested → cancelled; started `maxAttempts` times →
 * failed (a run that crashes its worker every time must not loop forever).
 * One UPDATE each, so concurrent callers cannot double-settle.
 */
export async function settleAbandonedRuns(
  db: Db,
  now: Date,
  maxAttempts = MAX_RUN_ATTEMPTS,
): Promise<{ cancelled: number; failed: number }> {
  const at = now.getTime();
  const iso = now.toISOString();
  return withWriteLock(db, async () => {
    const cancelled = await db
      .update(matchRuns)
      .set({ status: "cancelled", leaseOwner: null, leaseExpiresAt: null, finishedAt: iso })
      .where(
        and(
          eq(matchRuns.status, "running"),
          sql`${matchRuns.leaseExpiresAt} < ${at}`,
          eq(matchRuns.cancelRequested, true),
        ),
      )
      .returning({ id: matchRuns.id });
    const failed = await db
      .update(matchRuns)
      .set({
        status: "failed",
        error: `The run stopped ${maxAttempts} times without finishing (worker crashed or was killed). Retry it, or ask an administrator to check the server.`,
        leaseOwner: null,
        leaseExpiresAt: null,
        finishedAt: iso,
      })
      .where(
        and(
          eq(matchRuns.status, "running"),
          sql`${matchRuns.leaseExpiresAt} < ${at}`,
          sql`${matchRuns.attempts} >= ${maxAttempts}`,
        ),
      )
      .returning({ id: matchRuns.id });
    return { cancelled: cancelled.length, failed: failed.length };
  });
}

/**
 * Claims the oldest claimable run for `owner`: a queued run, or a running run
 * whose lease expired (its worker died) and that has attempts left. ONE UPDATE
 * with the choice in a sub-select, so two processes never claim the same run:
 * SQLite serialises writers, and the second statement no longer finds the row
 * claimable. Returns the claimed row (attempts already counted) or undefined.
 */
export async function claimNextRun(
  db: Db,
  owner: string,
  leaseMs: number,
  now: Date,
  maxAttempts = MAX_RUN_ATTEMPTS,
): Promise<MatchRunRecord | undefined> {
  const at = now.getTime();
  const claimable = sql`(${matchRuns.status} = 'queued' OR (${matchRuns.status} = 'running' AND ${matchRuns.leaseExpiresAt} < ${at} AND ${matchRuns.attempts} < ${maxAttempts} AND ${matchRuns.cancelRequested} = 0))`;
  const [row] = await withWriteLock(db, () =>
    db
      .update(matchRuns)
      .set({
        status: "running",
        leaseOwner: owner,
        leaseExpiresAt: at + leaseMs,
        attempts: sql`${matchRuns.attempts} + 1`,
        startedAt: sql`coalesce(${matchRuns.startedAt}, ${now.toISOString()})`,
        error: null,
      })
      .where(
        and(
          sql`${matchRuns.id} = (SELECT id FROM match_runs WHERE ${claimable} ORDER BY created_at, id LIMIT 1)`,
          claimable,
        ),
      )
      .returning(),
  );
  return row;
}

/** What a lease holder learns when it renews or reports. */
export type LeaseState = { held: false } | { held: true; cancelRequested: boolean };

async function guardedUpdate(
  db: Db,
  id: string,
  owner: string,
  values: Partial<typeof matchRuns.$inferInsert>,
): Promise<LeaseState> {
  const [row] = await withWriteLock(db, () =>
    db
      .update(matchRuns)
      .set(values)
      .where(and(eq(matchRuns.id, id), eq(matchRuns.leaseOwner, owner), eq(matchRuns.status, "running")))
      .returning({ cancelRequested: matchRuns.cancelRequested }),
  );
  return row ? { held: true, cancelRequested: row.cancelRequested } : { held: false };
}

/** Extends the lease; `held: false` means another process owns the run now and this worker must stop. */
export function renewLease(
  db: Db,
  id: string,
  owner: string,
  leaseMs: number,
  now: Date,
): Promise<LeaseState> {
  return guardedUpdate(db, id, owner, { leaseExpiresAt: now.getTime() + leaseMs });
}

/** Stores progress (JSON MatchRunProgress) and extends the lease, only while `owner` holds the run. */
export function updateRunProgress(
  db: Db,
  id: string,
  owner: string,
  progress: unknown,
  leaseMs: number,
  now: Date,
): Promise<LeaseState> {
  return guardedUpdate(db, id, owner, {
    progress: JSON.stringify(progress),
    leaseExpiresAt: now.getTime() + leaseMs,
  });
}

/**
 * Hands a run back to the queue (graceful shutdown): status queued, lease
 * cleared, and the start not counted as an attempt, since nothing crashed.
 * A cancel requested meanwhile is honoured instead (status cancelled).
 */
export async function releaseLease(db: Db, id: string, owner: string, now = new Date()): Promise<boolean> {
  return withWriteLock(db, async () => {
    const [row] = await db
      .update(matchRuns)
      .set({
        status: sql`CASE WHEN ${matchRuns.cancelRequested} = 1 THEN 'cancelled' ELSE 'queued' END`,
        finishedAt: sql`CASE WHEN ${matchRuns.cancelRequested} = 1 THEN ${now.toISOString()} ELSE NULL END`,
        leaseOwner: null,
        leaseExpiresAt: null,
        attempts: sql`max(${matchRuns.attempts} - 1, 0)`,
      })
      .where(and(eq(matchRuns.id, id), eq(matchRuns.leaseOwner, owner), eq(matchRuns.status, "running")))
      .returning({ id: matchRuns.id });
    return row !== undefined;
  });
}

/** Ends a run the owner could not finish: `failed` with a reason for people, or `cancelled`. */
export async function endRun(
  db: Db,
  id: string,
  owner: string,
  outcome: { status: "failed"; error: string } | { status: "cancelled" },
  now = new Date(),
): Promise<boolean> {
  const [row] = await withWriteLock(db, () =>
    db
      .update(matchRuns)
      .set({
        status: outcome.status,
        error: outcome.status === "failed" ? outcome.error : null,
        leaseOwner: null,
        leaseExpiresAt: null,
        finishedAt: now.toISOString(),
      })
      .where(and(eq(matchRuns.id, id), eq(matchRuns.leaseOwner, owner), eq(matchRuns.status, "running")))
      .returning({ id: matchRuns.id }),
  );
  return row !== undefined;
}

export type CancelResult =
  | { outcome: "cancelled" | "cancel_requested" | "already_ended"; run: MatchRunRecord }
  | { outcome: "not_cancellable"; run: MatchRunRecord }
  | { outcome: "not_found" };

/**
 * Cancels a run: a queued one at once; a running one is flagged and its worker
 * stops at its next check (within about a second); a failed or cancelled one
 * is left as it is; a done one cannot be cancelled (reject or supersede it).
 */
export async function requestCancel(
  db: Db,
  municipalityCode: string,
  id: string,
  now = new Date(),
): Promise<CancelResult> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const scope = and(eq(matchRuns.municipalityCode, municipalityCode), eq(matchRuns.id, id));
      const [current] = await tx.select().from(matchRuns).where(scope);
      if (!current) return { outcome: "not_found" as const };
      if (current.status === "done") return { outcome: "not_cancellable" as const, run: current };
      if (current.status === "failed" || current.status === "cancelled")
        return { outcome: "already_ended" as const, run: current };
      const queued = current.status === "queued";
      const [run] = await tx
        .update(matchRuns)
        .set(
          queued
            ? { status: "cancelled", cancelRequested: true, finishedAt: now.toISOString() }
            : { cancelRequested: true },
        )
        .where(and(scope, eq(matchRuns.status, current.status)))
        .returning();
      if (!run) throw new Error("the run changed during the cancel");
      return { outcome: queued ? ("cancelled" as const) : ("cancel_requested" as const), run };
    }),
  );
}

export type RetryResult =
  | { outcome: "queued"; run: MatchRunRecord }
  | { outcome: "not_retryable"; run: MatchRunRecord }
  | { outcome: "plan_already_approved" }
  | { outcome: "not_found" };

/** Puts a failed or cancelled run back in the queue with its attempts reset. */
export async function retryRun(db: Db, municipalityCode: string, id: string): Promise<RetryResult> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const scope = and(eq(matchRuns.municipalityCode, municipalityCode), eq(matchRuns.id, id));
      const [current] = await tx.select().from(matchRuns).where(scope);
      if (!current) return { outcome: "not_found" as const };
      if (current.status !== "failed" && current.status !== "cancelled")
        return { outcome: "not_retryable" as const, run: current };
      if (await dateHasApprovedPlan(tx, municipalityCode, current.date))
        return { outcome: "plan_already_approved" as const };
      const [run] = await tx
        .update(matchRuns)
        .set({
          status: "queued",
          attempts: 0,
          cancelRequested: false,
          error: null,
          progress: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          startedAt: null,
          finishedAt: null,
        })
        .where(and(scope, eq(matchRuns.status, current.status)))
        .returning();
      if (!run) throw new Error("the run changed during the retry");
      return { outcome: "queued" as const, run };
    }),
  );
}

/** Every request of `date`, whatever its status (a coordinator's search over the day). */
export async function listRequestsOfDate(db: Db, municipalityCode: string, date: string) {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.municipalityCode, municipalityCode), eq(requests.date, date)))
    .orderBy(requests.earliest, requests.id);
}

/** The requests a run of `date` plans (its input). */
export async function listPlannableRequests(db: Db, municipalityCode: string, date: string) {
  return requestsOfDateWhere(db, municipalityCode, date, inArray(requests.status, [...PLANNABLE_STATUSES]));
}

export interface CompleteRunInput {
  runId: string;
  owner: string;
  /** Requests that have a place in the new plan. */
  servedRequestIds: readonly string[];
  /** JSON PlanSummary. */
  summary: unknown;
  problemJson: string;
  planJson: string;
  /** Writes the plan rows (routes, stops, legs, unassigned) inside the same transaction. */
  writePlan: (tx: DbTransaction) => Promise<void>;
  now?: Date;
}

export type CompleteRunResult =
  | { outcome: "done"; planned: number; returned: number; superseded: string[] }
  /** Another process owns the run now (or it ended): nothing was written. */
  | { outcome: "lease_lost" }
  | { outcome: "cancelled" }
  /** A plan of the date was approved while this run was solving: nothing was written, the run failed. */
  | { outcome: "plan_already_approved" };

/**
 * Finishes a run in ONE transaction: the plan rows, served requests
 * submitted → planned (with events), earlier unapproved runs of the date
 * superseded and their planned requests this plan does not serve back to
 * submitted, and the run done. Everything or nothing: a crash before COMMIT
 * leaves the run claimable again and no request half-moved. A request is
 * never in two live plans, since every older live plan of the date is
 * superseded here.
 */
export async function completeRun(db: Db, input: CompleteRunInput): Promise<CompleteRunResult> {
  const now = input.now ?? new Date();
  const iso = now.toISOString();
  return withWriteLock(db, () =>
    db.transaction(async (tx): Promise<CompleteRunResult> => {
      const [run] = await tx.select().from(matchRuns).where(eq(matchRuns.id, input.runId));
      if (run?.status !== "running" || run.leaseOwner !== input.owner) return { outcome: "lease_lost" };
      const end = { leaseOwner: null, leaseExpiresAt: null, finishedAt: iso };
      if (run.cancelRequested) {
        await tx
          .update(matchRuns)
          .set({ status: "cancelled", ...end })
          .where(eq(matchRuns.id, run.id));
        return { outcome: "cancelled" };
      }
      if (await dateHasApprovedPlan(tx, run.municipalityCode, run.date)) {
        await tx
          .update(matchRuns)
          .set({
            status: "failed",
            error:
              "A plan for this date was approved while this run was solving; add further requests with live insertion.",
            ...end,
          })
          .where(eq(matchRuns.id, run.id));
        return { outcome: "plan_already_approved" };
      }
      await input.writePlan(tx);

      const served = [...new Set(input.servedRequestIds)];
      const planned = (
        await moveRequestsInTx(
          tx,
          run.municipalityCode,
          served,
          { from: "submitted", to: "planned", reason: null },
          now,
        )
      ).length;

      const older = await tx
        .update(matchRuns)
        .set({ supersededBy: run.id })
        .where(
          and(
            eq(matchRuns.municipalityCode, run.municipalityCode),
            eq(matchRuns.date, run.date),
            eq(matchRuns.status, "done"),
            isNull(matchRuns.supersededBy),
            ne(matchRuns.id, run.id),
          ),
        )
        .returning({ id: matchRuns.id });

      // Planned requests of the date belong to the older plans; those the new plan leaves out go back.
      const servedSet = new Set(served);
      const stillPlanned = await tx
        .select({ id: requests.id })
        .from(requests)
        .where(
          and(
            eq(requests.municipalityCode, run.municipalityCode),
            eq(requests.date, run.date),
            eq(requests.status, "planned"),
          ),
        );
      const back = stillPlanned.filter((r) => !servedSet.has(r.id)).map((r) => r.id);
      await moveRequestsInTx(
        tx,
        run.municipalityCode,
        back,
        {
          from: "planned",
          to: "submitted",
          reason: "A newer match run replaced the plan and could not place this request.",
        },
        now,
      );

      await tx
        .update(matchRuns)
        .set({
          status: "done",
          summary: JSON.stringify(input.summary),
          problemJson: input.problemJson,
          planJson: input.planJson,
          ownBaselineJson: null,
          error: null,
          ...end,
        })
        .where(eq(matchRuns.id, run.id));
      return { outcome: "done", planned, returned: back.length, superseded: older.map((o) => o.id) };
    }),
  );
}
