import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config";
import type { AppEnv } from "../../lib/env";
import { bearerTokenMatches, createMetrics, httpMetrics, metrics } from "../../lib/metrics";
import { ProblemSchema } from "../../lib/openapi";
import { makeMunicipality } from "../../test/factories";
import { as, createTestApp, signInAs, type TestApp } from "../../test/testApp";

const CODE = "991007";
const TOKEN = "0123456789abcdef0123456789abcdef-metrics";
const BEARER = { authorization: `Bearer ${TOKEN}` };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition (0.0.4) sample lines. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!match?.[1] || !match[3]) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (pair[1]) labels[pair[1]] = pair[2] ?? "";
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found?.value ?? 0;
}

let t: TestApp;
let staff: ReturnType<typeof as>;

async function scrape(): Promise<Sample[]> {
  const response = await t.app.request("/api/metrics", { headers: BEARER });
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: TOKEN });
  await makeMunicipality(t.database, CODE);
  staff = as(t.app, await signInAs(t, "municipal_staff", CODE));
});
afterAll(() => t.cleanup());

describe("GET /api/metrics access", () => {
  it("is off (404 problem, like an unknown path) when METRICS_TOKEN is not configured", async () => {
    const off = await createTestApp();
    try {
      for (const headers of [{}, BEARER]) {
        const response = await off.app.request("/api/metrics", { headers });
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(ProblemSchema.parse(await response.json()).title).toBe("not_found");
      }
    } finally {
      off.cleanup();
    }
  });

  it("refuses a missing or wrong token with 401 and a Bearer challenge", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer wrong-token-wrong-token-wrong-token" },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` },
      { authorization: TOKEN },
    ]) {
      const response = await t.app.request("/api/metrics", { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(ProblemSchema.parse(await response.json()).title).toBe("unauthenticated");
    }
  });

  it("does not accept a signed-in staff session instead of the token", async () => {
    const response = await staff("/api/metrics");
    expect(response.status).toBe(401);
  });

  it("serves the text exposition format 0.0.4 with the token", async () => {
    const response = await t.app.request("/api/metrics", { headers: BEARER });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const samples = parseExposition(await response.text());
    expect(samples.length).toBeGreaterThan(20);
  });

  it("refuses a token shorter than 32 characters in the configuration", () => {
    expect(() => parseConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("what /api/metrics exports", () => {
  it("counts requests by method, route pattern and status class — never the raw path", async () => {
    const item = { method: "GET", route: "/api/v1/municipalities/{code}/requests/{id}", status_class: "4xx" };
    const list = { method: "GET", route: "/api/v1/municipalities/{code}/requests", status_class: "2xx" };
    const before = await scrape();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) {
      expect((await staff(`/api/v1/municipalities/${CODE}/requests/${id}`)).status).toBe(404);
    }
    expect((await staff(`/api/v1/municipalities/${CODE}/requests`)).status).toBe(200);
    expect((await staff(`/api/v1/municipalities/${CODE}/requests`)).status).toBe(200);

    const response = await t.app.request("/api/metrics", { headers: BEARER });
    const text = await response.text();
    const after = parseExposition(text);
    expect(value(after, "tsunagu_http_requests_total", item)).toBe(
      value(before, "tsunagu_http_requests_total", item) + 3,
    );
    expect(value(after, "tsunagu_http_requests_total", list)).toBe(
      value(before, "tsunagu_http_requests_total", list) + 2,
    );
    expect(value(after, "tsunagu_http_request_duration_seconds_count", item)).toBe(
      value(before, "tsunagu_http_request_duration_seconds_count", item) + 3,
    );
    expect(
      value(after, "tsunagu_http_request_duration_seconds_bucket", { ...list, le: "+Inf" }),
    ).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain(`/municipalities/${CODE}`);
  });

  it("labels unknown API paths 'unmatched' and pages of the web app 'web'", async () => {
    const before = await scrape();
    const secret = `/api/v1/no-such-thing/${randomUUID()}`;
    expect((await t.app.request(secret)).status).toBe(404);
    await t.app.request(`/requests/${randomUUID()}`);
    const after = await scrape();
    const unmatched = { method: "GET", route: "unmatched", status_class: "4xx" };
    expect(value(after, "tsunagu_http_requests_total", unmatched)).toBe(
      value(before, "tsunagu_http_requests_total", unmatched) + 1,
    );
    const web = (s: Sample[]) =>
      s
        .filter((x) => x.name === "tsunagu_http_requests_total" && x.labels.route === "web")
        .reduce((sum, x) => sum + x.value, 0);
    expect(web(after)).toBe(web(before) + 1);
    const routes = new Set(after.map((s) => s.labels.route).filter((r) => r !== undefined));
    for (const route of routes) expect(route).toMatch(/^(\/api[\w/{}.-]*|unmatched|web)$/);
  });

  it("exports process metrics", async () => {
    const samples = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("exports the job queue depth and match-run durations the job runner records", async () => {
    const before = await scrape();
    metrics.jobQueueDepth.set(7);
    metrics.matchRunSeconds.observe(42);
    const after = await scrape();
    expect(value(after, "tsunagu_job_queue_depth")).toBe(7);
    expect(value(after, "tsunagu_match_run_seconds_count")).toBe(
      value(before, "tsunagu_match_run_seconds_count") + 1,
    );
    expect(value(after, "tsunagu_match_run_seconds_bucket", { le: "60" })).toBe(
      value(before, "tsunagu_match_run_seconds_bucket", { le: "60" }) + 1,
    );
    expect(value(after, "tsunagu_match_run_seconds_bucket", { le: "30" })).toBe(
      value(before, "tsunagu_match_run_seconds_bucket", { le: "30" }),
    );
  });
});

describe("httpMetrics middleware", () => {
  it("records a handler that throws as 5xx and odd methods as 'other'", async () => {
    const own = createMetrics({ processMetrics: false });
    const app = new OpenAPIHono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("operation", c.req.path === "/boom" ? "GET /boom" : undefined);
      await next();
    });
    app.use("*", httpMetrics(own));
    app.get("/boom", () => {
      throw new Error("boom");
    });
    app.onError((_err, c) => c.text("failed", 500));
    expect((await app.request("/boom")).status).toBe(500);
    expect((await app.request("/api/x", { method: "PROPFIND" })).status).toBe(404);
    const samples = parseExposition(await own.registry.metrics());
    expect(
      value(samples, "tsunagu_http_requests_total", { method: "GET", route: "/boom", status_class: "5xx" }),
    ).toBe(1);
    expect(
      value(samples, "tsunagu_http_requests_total", {
        method: "other",
        route: "unmatched",
        status_class: "4xx",
      }),
    ).toBe(1);
    // No process metrics in this registry: they were switched off.
    expect(samples.some((s) => s.name.startsWith("process_"))).toBe(false);
  });

  it("compares bearer tokens exactly", () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(bearerTokenMatches(undefined, TOKEN)).toBe(false);
    expect(bearerTokenMatches("Bearer ", TOKEN)).toBe(false);
  });
});
