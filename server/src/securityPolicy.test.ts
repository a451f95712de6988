/**
 * Issue 20 item 7: the outside checker. A real HTTP server (node-server, as
 * index.ts serves it) is asked for one answer of every route family — API
 * JSON, problem+json errors, the event stream, the web app's index.html and
 * its static assets — and every answer must carry the HTTP policy written in
 * docs/security.md ("HTTP policy"). Plain http and behind TLS (COOKIE_SECURE=true).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { createLogger } from "./lib/logger";
import { makePlanFixture } from "./routes/plans/plans.fixture";
import { makeMunicipality } from "./test/factories";
import { createTestApp, makeUser, TEST_PASSWORD, type TestApp } from "./test/testApp";

const CODE = "991309";

/** What every answer must say (docs/security.md, "HTTP policy"). */
function expectPolicy(response: Response, what: string, behindTls: boolean) {
  const h = response.headers;
  const csp = h.get("content-security-policy") ?? "";
  const directive = (name: string) =>
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `)) ?? "";
  expect(directive("default-src"), what).toBe("default-src 'self'");
  expect(directive("script-src"), what).toMatch(/^script-src 'self'$/);
  expect(directive("object-src"), what).toBe("object-src 'none'");
  expect(directive("base-uri"), what).toBe("base-uri 'self'");
  expect(directive("frame-ancestors"), what).toBe("frame-ancestors 'none'");
  expect(h.get("x-frame-options"), what).toBe("DENY");
  expect(h.get("x-content-type-options"), what).toBe("nosniff");
  expect(h.get("referrer-policy"), what).toBe("same-origin");
  expect(h.get("cross-origin-opener-policy"), what).toBe("same-origin");
  if (behindTls) expect(h.get("strict-transport-security"), what).toMatch(/^max-age=(\d{8,}|3\d{7});/);
  // No product or version for a scanner to match against.
  expect(h.get("server"), what).toBeNull();
  expect(h.get("x-powered-by"), what).toBeNull();
}

interface Served {
  t: TestApp;
  base: string;
  runId: string;
  close(): Promise<void>;
}

/** The app on a real port, with a tiny built web app and one finished match run. */
async function realServer(env: Record<string, string>): Promise<Served> {
  const web = mkdtempSync(path.join(tmpdir(), "tsunagu-web-"));
  mkdirSync(path.join(web, "assets"));
  writeFileSync(
    path.join(web, "index.html"),
    '<!doctype html><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(path.join(web, "assets", "app.js"), "export {};\n");
  const t = await createTestApp({ WEB_DIST: web, ...env });
  await makeMunicipality(t.database, CODE);
  const { runId } = await makePlanFixture(t.database, CODE);
  const app = createApp({ config: t.config, database: t.database, logger: createLogger("silent") });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    t,
    base: `http://127.0.0.1:${port}`,
    runId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        t.cleanup();
        rmSync(web, { recursive: true, force: true });
      }),
  };
}

for (const behindTls of [false, true])
  describe(`the HTTP policy on every route family (${behindTls ? "behind TLS" : "plain http"})`, () => {
    let s: Served;
    let cookie = "";
    let signInResponse: Response;
    beforeAll(async () => {
      s = await realServer(
        behindTls ? { COOKIE_SECURE: "true", PUBLIC_URL: "https://tsunagu.example.jp" } : {},
      );
      const user = await makeUser(s.t.database, "coordinator", CODE);
      signInResponse = await fetch(`${s.base}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      });
      expect(signInResponse.status).toBe(200);
      cookie = signInResponse.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    });
    afterAll(() => s.close());

    const get = (p: string, signedIn = true) =>
      fetch(`${s.base}${p}`, { headers: signedIn ? { cookie } : {} });
    const m = `/api/v1/municipalities/${CODE}`;

    it("API JSON (personal data too) is no-store", async () => {
      for (const p of [
        `${m}/residents`,
        `${m}/requests?date=2026-06-02`,
        "/api/v1/auth/session",
        "/api/v1/municipalities",
      ]) {
        const response = await get(p);
        expect(response.status, p).toBe(200);
        expect(response.headers.get("content-type"), p).toMatch(/^application\/json/);
        expectPolicy(response, p, behindTls);
        expect(response.headers.get("cache-control"), p).toBe("no-store");
      }
    });

    it("problem+json errors carry the same policy", async () => {
      for (const [p, status, signedIn] of [
        ["/api/v1/no-such-thing", 404, true],
        [`${m}/residents`, 401, false],
        [`${m}/requests?date=not-a-date`, 422, true],
      ] as const) {
        const response = await get(p, signedIn);
        expect(response.status, p).toBe(status);
        expect(response.headers.get("content-type"), p).toMatch(/^application\/problem\+json/);
        expectPolicy(response, p, behindTls);
        expect(response.headers.get("cache-control"), p).toBe("no-store");
      }
    });

    it("the event stream is no-store too", async () => {
      const controller = new AbortController();
      const response = await fetch(`${s.base}${m}/match-runs/${s.runId}/events`, {
        headers: { cookie },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expectPolicy(response, "events", behindTls);
      expect(response.headers.get("cache-control")).toBe("no-store");
      controller.abort();
    });

    it("the web app's index.html (any client route) and its static assets", async () => {
      for (const p of ["/", "/plans", "/assets/app.js"]) {
        const response = await get(p, false);
        expect(response.status, p).toBe(200);
        expectPolicy(response, p, behindTls);
      }
    });

    it("cookies: the session HttpOnly, both SameSite=Lax and Path=/, Secure behind TLS", () => {
      const cookies = signInResponse.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      for (const c of cookies) {
        expect(c).toMatch(/; Path=\/(;|$)/);
        expect(c).toMatch(/; SameSite=Lax(;|$)/);
        expect(/; Secure(;|$)/.test(c), c).toBe(behindTls);
      }
      const session = cookies.find((c) => c.startsWith("tsunagu_session="));
      expect(session).toMatch(/; HttpOnly(;|$)/);
      // The CSRF cookie is the double-submit token the page reads: not HttpOnly by design.
      expect(cookies.find((c) => c.startsWith("tsunagu_csrf="))).not.toMatch(/HttpOnly/);
      expectPolicy(signInResponse, "sign-in", behindTls);
    });
  });
