import type { RouteHandler } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { cancelRun, followRun, listRuns, queueRun, readRun, retryRun } from "../../domain/runs/runs";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import { answer } from "../answer";
import * as r from "./matchRuns.routes";

export const createMatchRunHandler: RouteHandler<typeof r.createMatchRunRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const run = await queueRun(domainContext(c), code, c.req.valid("json"));
  c.header("location", `/api/v1/municipalities/${code}/match-runs/${run.id}`);
  return c.json(run, 202);
};

export const listMatchRunsHandler = answer(r.listMatchRunsRoute, 200, (ctx, { param, query }) =>
  listRuns(ctx, param.code, query),
);

export const getMatchRunHandler = answer(r.getMatchRunRoute, 200, (ctx, { param }) =>
  readRun(ctx, param.code, param.runId),
);

export const matchRunEventsHandler: RouteHandler<typeof r.matchRunEventsRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const { shutdown } = c.get("deps");
  // The follow ends when the client goes away or the server shuts down.
  const ended = new AbortController();
  const end = () => ended.abort();
  if (shutdown?.aborted) end();
  const events = await followRun(domainContext(c), code, runId, { signal: ended.signal });
  return streamSSE(c, async (stream) => {
    stream.onAbort(end);
    shutdown?.addEventListener("abort", end);
    try {
      for await (const { event, run } of events) await stream.writeSSE({ event, data: JSON.stringify(run) });
    } finally {
      shutdown?.removeEventListener("abort", end);
    }
  });
};

export const cancelMatchRunHandler = answer(r.cancelMatchRunRoute, 200, (ctx, { param }) =>
  cancelRun(ctx, param.code, param.runId),
);

export const retryMatchRunHandler = answer(r.retryMatchRunRoute, 202, (ctx, { param }) =>
  retryRun(ctx, param.code, param.runId),
);
