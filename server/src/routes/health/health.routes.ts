import { z } from "@hono/zod-openapi";
import { problemResponses } from "../../lib/openapi";
import { jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("operations");

export const HealthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.enum(["ok", "unavailable"]),
  version: z.string(),
});

export const getHealth = route("get", "/api/health", {
  summary: "Liveness and database check",
  responses: {
    200: jsonResponse(HealthSchema, "The API and its database answer."),
    503: jsonResponse(HealthSchema, "The database does not answer."),
  },
});

export const getMetrics = route("get", "/api/metrics", {
  summary: "Prometheus metrics (text exposition format 0.0.4)",
  description:
    "For a Prometheus scraper, not a browser: send `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN configured the endpoint is off (404). Request counts and latencies are labelled by method, route pattern (the OpenAPI path template, never a raw path) and status class; plus job-queue depth, match-run durations and process metrics.",
  security: [{ metricsToken: [] }],
  responses: {
    200: {
      content: { "text/plain; version=0.0.4; charset=utf-8": { schema: z.string() } },
      description: "The metrics of this server process.",
    },
    ...problemResponses(401, 404),
  },
});
