import { readFileSync } from "node:fs";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMunicipality } from "../../test/factories";
import { type AuthHeaders, createTestApp, signInAs, type TestApp } from "../../test/testApp";
import { PERMISSIONS, type Role } from "./permissions";
import { renderPermissionsMarkdown } from "./permissionsDoc";

const CODE = "991007";
const OTHER = "991015";
const ROLES: Role[] = ["platform_admin", "municipal_staff", "coordinator", "driver", "resident"];

let t: TestApp;
let operations: { method: string; path: string; key: string }[];
const sessions = new Map<Role, AuthHeaders>();

/** Fresh sessions of every role in CODE (archiving CODE ends them all). */
async function signInEveryRole() {
  for (const role of ROLES) sessions.set(role, await signInAs(t, role, CODE));
}

beforeAll(async () => {
  t = await createTestApp();
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  await signInEveryRole();
  const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
    })),
  );
});
afterAll(() => t.cleanup());

/**
 * The documented expectation for one cell of the matrix: the status class an
 * operation must answer for a role, on its own or another municipality.
 * "passes" means the authorisation layer let it through (any status but 401/403,
 * and not the tenant 404 — the handler may still answer 404 for a missing object).
 */
function expected(
  key: string,
  role: Role | "anonymous",
  tenant: "own" | "other",
): "passes" | 401 | 403 | 404 {
  const access = PERMISSIONS[key];
  if (!access) throw new Error(`no permission entry for ${key}`);
  if (access.kind === "public") return "passes";
  if (role === "anonymous") return 401;
  const hasCode = key.includes("{code}");
  if (hasCode && tenant === "other" && role !== "platform_admin") return 404;
  if (access.kind === "signed_in") return "passes";
  return access.grants[role] ? "passes" : 403;
}

function concrete(path: string, code: string) {
  return path
    .replace("{code}", code)
    .replace("{date}", "2026-06-05")
    .replace(/\{\w+\}/g, "no-such-id");
}

async function call(method: string, path: string, headers: AuthHeaders) {
  const hasBody = method === "POST" || method === "PUT";
  return t.app.request(path, {
    method,
    headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
    ...(hasBody ? { body: "{}" } : {}),
  });
}

describe("authorisation matrix, generated from the OpenAPI document", () => {
  it("has a permission entry for every operation, and no entry without an operation", () => {
    expect(operations.length).toBeGreaterThan(50);
    const missing = operations.filter((op) => !PERMISSIONS[op.key]).map((op) => op.key);
    expect(missing).toEqual([]);
    const documented = new Set(operations.map((op) => op.key));
    const undocumentedPages = ["GET /api/openapi.json", "GET /api/docs", "GET /api/docs/standalone.js"];
    const stale = Object.keys(PERMISSIONS).filter(
      (k) => !documented.has(k) && !undocumentedPages.includes(k),
    );
    expect(stale).toEqual([]);
  });

  it("keeps docs/permissions.md equal to the table", () => {
    const file = readFileSync(new URL("../../../../docs/permissions.md", import.meta.url), "utf8");
    expect(file).toBe(renderPermissionsMarkdown());
  });

  it("answers every operation × role × own/other municipality as documented; other tenants are 404, never data", async () => {
    const failures: string[] = [];
    for (const op of operations) {
      // Signing out would end the shared session: those run on a fresh one.
      const fresh = op.key.includes("/auth/sign-out");
      for (const role of [...ROLES, "anonymous"] as const) {
        for (const tenant of ["own", "other"] as const) {
          if (!op.path.includes("{code}") && tenant === "other") continue;
          const headers =
            role === "anonymous" ? {} : fresh ? await signInAs(t, role, CODE) : (sessions.get(role) ?? {});
          const response = await call(op.method, concrete(op.path, tenant === "own" ? CODE : OTHER), headers);
          const want = expected(op.key, role, tenant);
          const status = response.status;
          const body = await response.text();
          const ok =
            want === "passes"
              ? status !== 401 && status !== 403 && status < 500
              : status === want && /^\{"type":"urn:tsunagu:problem:/.test(body);
          if (!ok) failures.push(`${op.key} as ${role} (${tenant}): want ${want}, got ${status}`);
          if (want === 404 && tenant === "other") {
            expect(response.headers.get("content-type")).toMatch(/problem\+json/);
          }
          // The operator's archive call ends every session of the municipality: bring it back.
          if (op.key.endsWith("/archive") && status === 200) {
            await t.database.db
              .update(schema.municipalities)
              .set({ archivedAt: null })
              .where(eq(schema.municipalities.code, CODE));
            await signInEveryRole();
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
