import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AppEnv } from "./env";

/** Labels of the HTTP metrics. Every value comes from a closed set: no ids, no personal data. */
export type HttpLabel = "method" | "route" | "status_class";

/**
 * The Prometheus metrics of one server process, served by GET /api/metrics.
 * Other code records through the typed members (e.g. the job queue calls
 * `metrics.jobQueueDepth.set(n)` and `metrics.matchRunSeconds.observe(s)`);
 * a new metric is added to `registry` (`new Gauge({ …, registers: [metrics.registry] })`).
 */
export interface TsunaguMetrics {
  readonly registry: Registry;
  /** `tsunagu_http_requests_total{method,route,status_class}`. */
  readonly httpRequests: Counter<HttpLabel>;
  /** `tsunagu_http_request_duration_seconds{method,route,status_class}`: time to the response headers. */
  readonly httpRequestSeconds: Histogram<HttpLabel>;
  /** `tsunagu_job_queue_depth`: jobs waiting to be claimed (set by the job queue). */
  readonly jobQueueDepth: Gauge;
  /** `tsunagu_match_run_seconds`: wall-clock duration of each finished match run (observed by the job runner). */
  readonly matchRunSeconds: Histogram;
}

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /**
   * Also export the standard process and Node.js metrics (CPU, memory, event-loop lag,
   * GC, open handles) under their usual unprefixed names. Default true.
   */
  processMetrics?: boolean;
}

/** Request latency buckets in seconds: the API answers in milliseconds, uploads and reports in seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Match-run buckets in seconds: live insertions take well under a second, a day's batch minutes. */
const MATCH_RUN_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/** A fresh registry with Tsunagu's metrics. The server uses the process-wide `metrics`; tests may make their own. */
export function createMetrics(options: MetricsOptions = {}): TsunaguMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "tsunagu_http_requests_total",
      help: "HTTP requests answered, by method, route pattern and status class.",
      labelNames: ["method", "route", "status_class"] as const,
      registers,
    }),
    httpRequestSeconds: new Histogram({
      name: "tsunagu_http_request_duration_seconds",
      help: "Time from receiving an HTTP request to its response headers, in seconds.",
      labelNames: ["method", "route", "status_class"] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    jobQueueDepth: new Gauge({
      name: "tsunagu_job_queue_depth",
      help: "Background jobs (match runs) waiting to be claimed by a worker.",
      registers,
    }),
    matchRunSeconds: new Histogram({
      name: "tsunagu_match_run_seconds",
      help: "Duration of finished match runs, in seconds.",
      buckets: MATCH_RUN_BUCKETS,
      registers,
    }),
  };
}

/**
 * The process-wide metrics: one process is one Prometheus target, so every
 * app built in this process records here and GET /api/metrics serves it.
 */
export const metrics: TsunaguMetrics = createMetrics();

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The method label; anything unusual is "other" so a client cannot mint label values. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "other";
}

/**
 * The route label: the OpenAPI path template of the operation the authorize
 * middleware matched ("/api/v1/municipalities/{code}/requests/{id}"), never the
 * raw path. API paths that match no operation are "unmatched" (a scanner's
 * random paths must not grow the label set); everything else is the web app, "web".
 */
export function routeLabel(operation: string | undefined, path: string): string {
  if (operation) return operation.slice(operation.indexOf(" ") + 1);
  return path === "/api" || path.startsWith("/api/") ? "unmatched" : "web";
}

/** "2xx" … "5xx". */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/**
 * Counts and times every request. Mount it before the authorize middleware:
 * it reads the operation key that middleware sets, after the response is made.
 */
export function httpMetrics(target: TsunaguMetrics = metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const labels = {
        method: methodLabel(c.req.method),
        route: routeLabel(c.get("operation"), c.req.path),
        status_class: failed ? "5xx" : statusClass(c.res.status),
      };
      target.httpRequests.inc(labels);
      target.httpRequestSeconds.observe(labels, (performance.now() - started) / 1000);
    }
  };
}

/**
 * Whether an Authorization header carries the configured bearer token.
 * Compares SHA-256 digests in constant time, so neither the token's content
 * nor its length leaks through timing.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
