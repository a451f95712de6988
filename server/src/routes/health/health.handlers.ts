import type { RouteHandler } from "@hono/zod-openapi";
import { pingDatabase } from "@tsunagu/db";
import type { AppEnv } from "../../lib/env";
import { bearerTokenMatches, metrics } from "../../lib/metrics";
import { ApiProblem } from "../../lib/problem";
import type { getHealth, getMetrics } from "./health.routes";

export const healthHandler: RouteHandler<typeof getHealth, AppEnv> = async (c) => {
  const databaseOk = await pingDatabase(c.get("deps").database);
  const body = {
    status: databaseOk ? "ok" : "unavailable",
    database: databaseOk ? "ok" : "unavailable",
    version: "0.1.0",
  } as const;
  return databaseOk ? c.json(body, 200) : c.json(body, 503);
};

/**
 * The permission table lists this operation as public because its credential
 * is not a session: the METRICS_TOKEN bearer token is checked here. Unset, the
 * endpoint is off and answers exactly like an unknown path.
 */
export const metricsHandler: RouteHandler<typeof getMetrics, AppEnv> = async (c) => {
  const token = c.get("deps").config.METRICS_TOKEN;
  if (token === undefined) throw new ApiProblem(404, "not_found", `No API resource at ${c.req.path}.`);
  if (!bearerTokenMatches(c.req.header("authorization"), token)) {
    throw new ApiProblem(401, "unauthenticated", "Send Authorization: Bearer <METRICS_TOKEN>.", {
      headers: { "www-authenticate": 'Bearer realm="tsunagu-metrics"' },
    });
  }
  const text = await metrics.registry.metrics();
  return c.text(text, 200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
};
