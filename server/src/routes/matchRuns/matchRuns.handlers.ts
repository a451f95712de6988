import type { RouteHandler } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { cancelRun, followRun, listRuns, queueRun, readRun, retryRun } from "../../domain/runs/runs";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type {
  cancelMatchRunRoute,
  createMatchRunRoute,
  getMatchRunRoute,
  listMatchRunsRoute,
  matchRunEventsRoute,
  retryMatchRunRoute,
} from "./matchRuns.routes";

export const createMatchRunHandler: RouteHandler<typeof createMatchRunRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const run = await queueRun(domainContext(c), code, c.req.valid("json"));
  c.header("location", `/api/v1/municipalities/${code}/match-runs/${run.id}`);
  return c.json(run, 202);
};

export const listMatchRunsHandler: RouteHandler<typeof listMatchRunsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await listRuns(domainContext(c), code, c.req.valid("query")), 200);
};

export const getMatchRunHandler: RouteHandler<typeof getMatchRunRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await readRun(domainContext(c), code, runId), 200);
};

export const matchRunEventsHandler: RouteHandler<typeof matchRunEventsRoute, AppEnv> = async (c) => {
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

export const cancelMatchRunHandler: RouteHandler<typeof cancelMatchRunRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await cancelRun(domainContext(c), code, runId), 200);
};

export const retryMatchRunHandler: RouteHandler<typeof retryMatchRunRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await retryRun(domainContext(c), code, runId), 202);
};
