import type { RouteHandler } from "@hono/zod-openapi";
import { stream } from "hono/streaming";
import { startCostSharing } from "../../domain/costSharing/costSharing";
import { effectsHistory, runEffects } from "../../domain/effects/planEffects";
import { DomainError } from "../../domain/errors";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import { answer } from "../answer";
import * as r from "./planEffects.routes";

export const runEffectsHandler = answer(r.getRunEffectsRoute, 200, (ctx, { param, query }) =>
  runEffects(ctx, param.code, param.runId, query),
);

export const effectsHistoryHandler = answer(
  r.getEffectsHistoryRoute,
  200,
  (ctx, { param, query: { year, ...query } }) => effectsHistory(ctx, param.code, year, query),
);

/**
 * Streams the computation as newline-delimited JSON: a 422 or 429 comes
 * before any line; a client that goes away, or a server shutting down,
 * stops the computation.
 */
export const costSharingHandler: RouteHandler<typeof r.postCostSharingRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const deps = c.get("deps");
  const run = await startCostSharing(domainContext(c), code, c.req.valid("json"), {
    onFailure: (message) => deps.logger.error("cost sharing failed", { message }),
  }).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "cost_sharing_busy")
      c.header("retry-after", String(error.details.retryAfterSeconds));
    throw error;
  });
  c.header("content-type", "application/x-ndjson; charset=utf-8");
  c.header("cache-control", "no-store");
  // The typed handler expects c.json for a JSON-like media type; this one is a stream of JSON lines.
  const streamed: Response = stream(c, async (out) => {
    out.onAbort(run.stop);
    deps.shutdown?.addEventListener("abort", run.stop);
    try {
      for await (const line of run.lines) await out.write(`${JSON.stringify(line)}\n`);
    } finally {
      deps.shutdown?.removeEventListener("abort", run.stop);
    }
  });
  return streamed as never;
};
