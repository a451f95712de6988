import type { RouteHandler } from "@hono/zod-openapi";
import { createMatchRun, getMatchRun, listMatchRuns, requestCancel, retryRun } from "@tsunagu/db";
import { streamSSE } from "hono/streaming";
import { requireMunicipality } from "../../domain/access";
import { notFound } from "../../domain/errors";
import { callerOf } from "../../lib/auth/caller";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import { isFinished, toMatchRun } from "./matchRuns.convert";
import type {
  cancelMatchRunRoute,
  createMatchRunRoute,
  getMatchRunRoute,
  listMatchRunsRoute,
  matchRunEventsRoute,
  retryMatchRunRoute,
} from "./matchRuns.routes";

/** How often an event stream reads the run (any process may be solving it). */
export const EVENTS_POLL_MS = 500;
/** An event stream ends after this long even if the run has not (the client reconnects). */
const EVENTS_MAX_MS = 60 * 60 * 1000;

const approvedConflict = () =>
  new ApiProblem(
    409,
    "plan_already_approved",
    "A plan for this date has approved routes. Add further requests with live insertion instead of a new run.",
  );

export const createMatchRunHandler: RouteHandler<typeof createMatchRunRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const input = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  const result = await createMatchRun(
    db,
    {
      municipalityCode: code,
      date: input.date,
      timeLimitSeconds: input.timeLimitSeconds,
      createdBy: callerOf(c).userId,
    },
    deps.now?.() ?? new Date(),
  );
  if (result.outcome === "plan_already_approved") throw approvedConflict();
  c.header("location", `/api/v1/municipalities/${code}/match-runs/${result.run.id}`);
  return c.json(toMatchRun({ ...result.run, approved: false }), 202);
};

export const listMatchRunsHandler: RouteHandler<typeof listMatchRunsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { date } = c.req.valid("query");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const rows = await listMatchRuns(db, code, date ? { date } : {});
  return c.json({ items: rows.map(toMatchRun) }, 200);
};

export const getMatchRunHandler: RouteHandler<typeof getMatchRunRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const row = await getMatchRun(db, code, runId);
  if (!row) throw notFound("match run", runId);
  return c.json(toMatchRun(row), 200);
};

export const matchRunEventsHandler: RouteHandler<typeof matchRunEventsRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  const first = await getMatchRun(db, code, runId);
  if (!first) throw notFound("match run", runId);
  return streamSSE(c, async (stream) => {
    const shutdown = deps.shutdown;
    let sent = "";
    let row = first;
    const started = Date.now();
    let wake: (() => void) | undefined;
    const stop = () => wake?.();
    stream.onAbort(stop);
    shutdown?.addEventListener("abort", stop);
    try {
      while (!stream.aborted && !shutdown?.aborted) {
        const run = toMatchRun(row);
        const data = JSON.stringify(run);
        if (isFinished(run.status)) {
          await stream.writeSSE({ event: "end", data });
          break;
        }
        if (data !== sent) {
          await stream.writeSSE({ event: "progress", data });
          sent = data;
        }
        if (Date.now() - started > EVENTS_MAX_MS) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, EVENTS_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (stream.aborted || shutdown?.aborted) break;
        const next = await getMatchRun(db, code, runId);
        if (!next) break;
        row = next;
      }
    } finally {
      shutdown?.removeEventListener("abort", stop);
    }
  });
};

export const cancelMatchRunHandler: RouteHandler<typeof cancelMatchRunRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  const result = await requestCancel(db, code, runId, deps.now?.() ?? new Date());
  if (result.outcome === "not_found") throw notFound("match run", runId);
  if (result.outcome === "not_cancellable")
    throw new ApiProblem(
      409,
      "run_not_cancellable",
      "This run is done; reject its requests or start a new run, which supersedes it.",
    );
  const row = await getMatchRun(db, code, runId);
  if (!row) throw notFound("match run", runId);
  return c.json(toMatchRun(row), 200);
};

export const retryMatchRunHandler: RouteHandler<typeof retryMatchRunRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const result = await retryRun(db, code, runId);
  if (result.outcome === "not_found") throw notFound("match run", runId);
  if (result.outcome === "plan_already_approved") throw approvedConflict();
  if (result.outcome === "not_retryable")
    throw new ApiProblem(
      409,
      "run_not_retryable",
      `Only a failed or cancelled run can be retried; this one is ${result.run.status}.`,
    );
  return c.json(toMatchRun({ ...result.run, approved: false }), 202);
};
