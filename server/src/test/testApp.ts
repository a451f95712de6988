import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, createUser, type Database, openDatabase, type Role } from "@tsunagu/db";
import { createApp } from "../app";
import { type Config, parseConfig } from "../config";
import { hashPassword } from "../domain/accounts/password";
import { createLogger } from "../lib/logger";
import { contractChecked } from "./contract";
import { makeMunicipality } from "./factories";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: Database;
  config: Config;
  logLines: string[];
  cleanup(): void;
}

/**
 * A fresh app on a temporary libSQL file built from the real migrations
 * (bare `:memory:` loses its schema across libSQL transactions). The sign-in
 * and request-creation rate limits are raised so suites can sign in many test
 * users; the rate-limit tests pass their own low values. `now` fixes the
 * app's clock ("today" of requests, plans and run sheets). Every response
 * is checked against the app's OpenAPI document (test/contract.ts), unless
 * `contractCheck: false` — for benchmarks, which time the app, not the check.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { now?: () => Date; contractCheck?: boolean } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-test-"));
  const config = parseConfig({
    NODE_ENV: "test",
    DATABASE_URL: `file:${path.join(dir, "test.db")}`,
    SEED_DEMO: "false",
    SIGNIN_BURST: "10000",
    REQUEST_CREATE_BURST: "10000",
    ...env,
  });
  const database = await openDatabase(config.DATABASE_URL);
  await applyMigrations(database);
  const logLines: string[] = [];
  const logger = createLogger("info", (line) => logLines.push(line));
  const plain = createApp({ config, database, logger, ...(options.now ? { now: options.now } : {}) });
  const app = options.contractCheck === false ? plain : contractChecked(plain);
  return {
    app,
    database,
    config,
    logLines,
    cleanup() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = "correct horse battery";

/**
 * Test accounts get a scrypt hash at a lower cost (N=2^14), computed once per
 * process: verifying stays exact, only cheaper. Production code always hashes
 * at the OWASP cost (hashPassword's default).
 */
let testHash: Promise<string> | undefined;
const cheapHash = () => {
  testHash ??= hashPassword(TEST_PASSWORD, { logN: 14, r: 8, p: 1 });
  return testHash;
};

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  municipalityCode: string | null;
}

/** An account of `role` in municipality `code` (platform admins: none) with TEST_PASSWORD. */
export async function makeUser(
  database: Database,
  role: Role,
  code: string | null,
  links: { residentId?: string | null; driverId?: string | null; email?: string } = {},
): Promise<TestUser> {
  const email = links.email ?? `${role}-${randomUUID().slice(0, 8)}@test.tsunagu.jp`;
  const user = await createUser(database.db, {
    email,
    role,
    displayName: `テスト ${role}`,
    passwordHash: await cheapHash(),
    municipalityCode: role === "platform_admin" ? null : code,
    residentId: links.residentId ?? null,
    driverId: links.driverId ?? null,
  });
  return { id: user.id, email: user.email, role, municipalityCode: user.municipalityCode };
}

/** Headers of a signed-in browser: the session and CSRF cookies and the X-CSRF-Token header. */
export type AuthHeaders = Record<string, string>;

type Fetchable = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** Signs in through the real endpoint and returns the headers a browser would send afterwards. */
export async function signIn(app: Fetchable, email: string, password = TEST_PASSWORD): Promise<AuthHeaders> {
  const response = await app.request("/api/v1/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookies.join("; "), "x-csrf-token": csrfToken };
}

/** Makes an account of `role` and signs it in. */
export async function signInAs(
  t: { app: Fetchable; database: Database },
  role: Role,
  code: string | null,
  links: { residentId?: string | null; driverId?: string | null } = {},
): Promise<AuthHeaders> {
  const user = await makeUser(t.database, role, code, links);
  return signIn(t.app, user.email);
}

/** `app.request` with a signed-in user's headers merged in (the call's own headers win). */
export function as(app: Fetchable, auth: AuthHeaders) {
  return (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { ...auth, ...Object.fromEntries(new Headers(init.headers).entries()) },
    });
}

/**
 * Another app on `t`'s configuration and database — a second server process,
 * or the same server with its own clock `now` — its answers contract-checked
 * like the test app's.
 */
export function appOnDatabase(t: Pick<TestApp, "config" | "database">, now?: () => Date) {
  return contractChecked(
    createApp({
      config: t.config,
      database: t.database,
      logger: createLogger("silent"),
      ...(now ? { now } : {}),
    }),
  );
}

/** A signed-in caller: `app.request` with a session (see `as`). */
export type Call = ReturnType<typeof as>;

/**
 * Signs in one new account per name of `callers` — a role of `code`, or a
 * role and its municipality — and returns the callers by name:
 * `await signedInCallers(t, CODE, { staff: "municipal_staff", otherStaff: ["municipal_staff", OTHER] })`.
 */
export async function signedInCallers<N extends string>(
  t: { app: Fetchable; database: Database },
  code: string,
  callers: Record<N, Role | readonly [Role, string]>,
): Promise<Record<N, Call>> {
  const call = {} as Record<N, Call>;
  for (const [name, who] of Object.entries(callers) as [N, Role | readonly [Role, string]][])
    call[name] =
      typeof who === "string"
        ? as(t.app, await signInAs(t, who, code))
        : as(t.app, await signInAs(t, who[0], who[1]));
  return call;
}

/**
 * A fresh test app with the given towns (`[code, name]`) and a signed-in
 * `role` of `code`: the common `beforeEach` of the route tests,
 * `({ t, req } = await appWithTowns([[CODE, "小菅村"]], "municipal_staff", CODE))`.
 */
export async function appWithTowns(
  towns: readonly (readonly [string, string])[],
  role: Role,
  code: string | null,
) {
  const t = await createTestApp();
  for (const [town, name] of towns) await makeMunicipality(t.database, town, name);
  return { t, req: as(t.app, await signInAs(t, role, code)) };
}
