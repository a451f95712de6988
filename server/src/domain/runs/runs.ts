/**
 * Match runs: the durable planning jobs of one day. Queue one, list and read
 * them, follow one while any server process solves it, cancel and retry.
 * Solving is the job runner's (server/src/jobs), which uses ./execution.
 */
import type { MatchRun, MatchRunCreate } from "@tsunagu/contract";
import {
  createMatchRun,
  type Db,
  getMatchRun,
  listMatchRuns,
  type MatchRunWithApproval,
  requestCancel,
  retryRun as requeueRun,
} from "@tsunagu/db";
import { callerOf, requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError, notFound } from "../errors";
import { isFinished, toMatchRun } from "./convert";

const planAlreadyApproved = () =>
  new DomainError(
    "plan_already_approved",
    "A plan for this date has approved routes. Add further requests with live insertion instead of a new run.",
  );

/** Queues a run for `input.date`; refused once a plan of the date has approved routes. */
export async function queueRun(ctx: DomainContext, code: string, input: MatchRunCreate): Promise<MatchRun> {
  await requireMunicipality(ctx.db, code);
  const result = await createMatchRun(
    ctx.db,
    {
      municipalityCode: code,
      date: input.date,
      timeLimitSeconds: input.timeLimitSeconds,
      createdBy: callerOf(ctx).userId,
    },
    ctx.now,
  );
  if (result.outcome === "plan_already_approved") throw planAlreadyApproved();
  return toMatchRun({ ...result.run, approved: false });
}

/** The municipality's runs, newest first (of one date when given). */
export async function listRuns(
  ctx: DomainContext,
  code: string,
  query: { date?: string | undefined },
): Promise<{ items: MatchRun[] }> {
  await requireMunicipality(ctx.db, code);
  const rows = await listMatchRuns(ctx.db, code, query.date ? { date: query.date } : {});
  return { items: rows.map(toMatchRun) };
}

async function storedRun(db: Db, code: string, runId: string): Promise<MatchRunWithApproval> {
  const row = await getMatchRun(db, code, runId);
  if (!row) throw notFound("match run", runId);
  return row;
}

/** One run with its progress or summary. */
export async function readRun(ctx: DomainContext, code: string, runId: string): Promise<MatchRun> {
  await requireMunicipality(ctx.db, code);
  return toMatchRun(await storedRun(ctx.db, code, runId));
}

/**
 * Cancels a queued run at once; a running one is flagged and its solver stops
 * at the runner's next heartbeat. A failed or cancelled run stays as it is; a
 * done one cannot be cancelled (reject its requests or supersede it).
 */
export async function cancelRun(ctx: DomainContext, code: string, runId: string): Promise<MatchRun> {
  await requireMunicipality(ctx.db, code);
  const result = await requestCancel(ctx.db, code, runId, ctx.now);
  if (result.outcome === "not_found") throw notFound("match run", runId);
  if (result.outcome === "not_cancellable")
    throw new DomainError(
      "run_not_cancellable",
      "This run is done; reject its requests or start a new run, which supersedes it.",
    );
  return toMatchRun(await storedRun(ctx.db, code, runId));
}

/** Queues a failed or cancelled run again, its attempts from 0. */
export async function retryRun(ctx: DomainContext, code: string, runId: string): Promise<MatchRun> {
  await requireMunicipality(ctx.db, code);
  const result = await requeueRun(ctx.db, code, runId);
  if (result.outcome === "not_found") throw notFound("match run", runId);
  if (result.outcome === "plan_already_approved") throw planAlreadyApproved();
  if (result.outcome === "not_retryable")
    throw new DomainError(
      "run_not_retryable",
      `Only a failed or cancelled run can be retried; this one is ${result.run.status}.`,
    );
  return toMatchRun({ ...result.run, approved: false });
}

/** What a follower of a run is told: a change while it runs, then its end. */
export interface RunEvent {
  event: "progress" | "end";
  run: MatchRun;
}

/** How often a follower reads the stored run (any process may be solving it). */
const FOLLOW_POLL_MS = 500;
/** A follow ends after this long even if the run has not (the client reconnects). */
const FOLLOW_MAX_MS = 60 * 60 * 1000;

export interface FollowOptions {
  /** Ends the follow early (the client went away, the server shuts down). */
  signal?: AbortSignal | undefined;
}

/**
 * Follows a run: its state now and every change as `progress`, then `end`
 * once it is done, failed or cancelled (a finished run: just its `end`).
 * `not_found` is thrown here, before the first event, so a caller can still
 * answer with an error instead of a stream.
 */
export async function followRun(
  ctx: DomainContext,
  code: string,
  runId: string,
  options: FollowOptions = {},
): Promise<AsyncIterable<RunEvent>> {
  await requireMunicipality(ctx.db, code);
  const first = await storedRun(ctx.db, code, runId);
  return runEvents(ctx.db, code, first, options);
}

async function* runEvents(
  db: Db,
  code: string,
  first: MatchRunWithApproval,
  options: FollowOptions,
): AsyncGenerator<RunEvent> {
  const { signal } = options;
  const started = performance.now();
  let sent = "";
  let row: MatchRunWithApproval | undefined = first;
  while (row && !signal?.aborted) {
    const run = toMatchRun(row);
    if (isFinished(run.status)) {
      yield { event: "end", run };
      return;
    }
    const data = JSON.stringify(run);
    if (data !== sent) {
      yield { event: "progress", run };
      sent = data;
    }
    if (performance.now() - started > FOLLOW_MAX_MS) return;
    await pause(FOLLOW_POLL_MS, signal);
    if (signal?.aborted) return;
    row = await getMatchRun(db, code, first.id);
  }
}

/** Waits `ms`, or less when `signal` aborts meanwhile. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
