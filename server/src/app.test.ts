import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem } from "./test/calls";
import { createTestApp, type TestApp } from "./test/testApp";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.cleanup());

describe("app skeleton", () => {
  it("reports health with the database", async () => {
    const response = await t.app.request("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database is gone", async () => {
    const broken = await createTestApp();
    broken.database.close();
    const response = await broken.app.request("/api/health");
    expect(response.status).toBe(503);
    broken.cleanup();
  });

  it("serves an OpenAPI 3.1 document generated from the routes", async () => {
    const response = await t.app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    const validation = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(validation.valid, validation.valid ? "" : compileErrors(validation)).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/health",
        "/api/v1/municipalities",
        "/api/v1/municipalities/{code}/map-layers",
      ]),
    );
  });

  it("serves the API reference page with its script from our own server", async () => {
    const page = await t.app.request("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/docs/standalone.js");
    const script = await t.app.request("/api/docs/standalone.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
  });

  it("answers an unknown API path with 404 problem+json and a request id", async () => {
    const response = await t.app.request("/api/v1/nothing-here");
    expect(response.status).toBe(404);
    const body = await problem(response);
    expect(body.title).toBe("not_found");
    expect(body.requestId).toBeTruthy();
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
  });

  it("answers a wrong method on a known path with 405 and Allow", async () => {
    const response = await t.app.request("/api/health", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect((await problem(response)).title).toBe("method_not_allowed");
  });

  it.each([
    {
      what: "malformed JSON",
      contentType: "application/json",
      body: '{"before": [',
      status: 400,
      title: "malformed_request",
    },
    {
      what: "a wrong content type",
      contentType: "text/plain",
      body: "hello",
      status: 415,
      title: "unsupported_media_type",
    },
  ])("answers $what with $status problem+json", async ({ contentType, body, status, title }) => {
    const response = await t.app.request("/api/v1/effects/legs", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
    expect(response.status).toBe(status);
    expect((await problem(response)).title).toBe(title);
  });

  it("rejects a body over the limit with 413", async () => {
    const small = await createTestApp({ MAX_JSON_BYTES: "100" });
    const response = await small.app.request("/api/v1/effects/legs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(500) }),
    });
    expect(response.status).toBe(413);
    expect((await problem(response)).title).toBe("payload_too_large");
    small.cleanup();
  });

  it("validates path parameters with 422 naming the field", async () => {
    const response = await t.app.request("/api/v1/municipalities/abc/map-layers");
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors?.[0]?.path).toBe("param.code");
  });

  it("logs one structured line per request without query strings", async () => {
    t.logLines.length = 0;
    await t.app.request("/api/health?name=山田");
    const lines = t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "request", method: "GET", path: "/api/health", status: 200 });
    expect(t.logLines[0]).not.toContain("山田");
  });
});
