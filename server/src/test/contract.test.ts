import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { createLogger } from "../lib/logger";
import { type ApiDocument, ContractViolation, contractChecked, contractCheckFor } from "./contract";
import { createTestApp, type TestApp } from "./testApp";

let t: TestApp;
let document: ApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  document = (await (await t.app.request("/api/openapi.json")).json()) as ApiDocument;
});
afterAll(() => t.cleanup());

/** The real app with one answer replaced, as a handler that strays from the document would give it. */
function appAnswering(path: string, planted: (original: Response) => Response) {
  const app = createApp({ config: t.config, database: t.database, logger: createLogger("silent") });
  const fetch = app.fetch;
  app.fetch = async (request, ...rest) => {
    const response = await fetch(request, ...rest);
    return new URL(request.url).pathname === path ? planted(response) : response;
  };
  return contractChecked(app);
}

/** A planted problem+json answer: `bodyStatus` in the body, `httpStatus` on the response. */
const problemAnswer =
  (bodyStatus: number, httpStatus = bodyStatus) =>
  () =>
    new Response(
      JSON.stringify({ type: "urn:tsunagu:problem:x", title: "x", status: bodyStatus, detail: "planted" }),
      {
        status: httpStatus,
        headers: { "content-type": "application/problem+json" },
      },
    );

describe("the contract check on every test app", () => {
  it("fails on a status the document does not list for the operation", async () => {
    const app = appAnswering("/api/v1/map-config", problemAnswer(409));
    await expect(app.request("/api/v1/map-config")).rejects.toThrow(
      /GET \/api\/v1\/map-config .*→ 409: status not documented \(documented: 200, 500\)/,
    );
  });

  it("fails on a body that breaks the status's schema", async () => {
    const app = appAnswering(
      "/api/v1/map-config",
      () => new Response('{"tileUrl": 7}', { status: 200, headers: { "content-type": "application/json" } }),
    );
    await expect(app.request("/api/v1/map-config")).rejects.toThrow(
      /body breaks the schema: .*body\/tileUrl must be string/,
    );
  });

  it("fails on a content type the status does not declare", async () => {
    const app = appAnswering(
      "/api/v1/map-config",
      (original) => new Response(original.body, { status: 200, headers: { "content-type": "text/html" } }),
    );
    await expect(app.request("/api/v1/map-config")).rejects.toThrow(/content type text\/html not documented/);
  });

  it("fails on a problem whose status differs from the HTTP status", async () => {
    const app = appAnswering("/api/v1/municipalities/991007/map-layers", problemAnswer(400, 404));
    await expect(app.request("/api/v1/municipalities/991007/map-layers")).rejects.toThrow(
      /problem status 400 differs from the HTTP status/,
    );
  });

  it("fails on a body where the document says there is none", async () => {
    const check = contractCheckFor(document);
    const request = new Request("http://localhost/api/v1/auth/sign-out", { method: "POST" });
    await expect(
      check(request, new Response(null, { status: 204, headers: { "content-type": "application/json" } })),
    ).rejects.toThrow(ContractViolation);
  });

  it("checks a streamed answer line by line as it is read", async () => {
    const check = contractCheckFor(document);
    const request = new Request("http://localhost/api/v1/municipalities/991007/cost-sharing", {
      method: "POST",
    });
    const lines = `${JSON.stringify({ type: "progress", done: 1, total: 4 })}\n{"type":"progress","done":"two"}\n`;
    const response = await check(
      request,
      new Response(lines, { status: 200, headers: { "content-type": "application/x-ndjson" } }),
    );
    await expect(response.text()).rejects.toThrow(/a line breaks the schema/);
  });

  it("lets a documented answer through unchanged", async () => {
    const response = await t.app.request("/api/v1/map-config");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ tileUrl: expect.any(String) });
  });

  it("leaves paths that are no operation to the router (unknown paths, wrong methods)", async () => {
    expect((await t.app.request("/api/v1/nothing-here")).status).toBe(404);
    expect((await t.app.request("/api/health", { method: "DELETE" })).status).toBe(405);
  });
});
