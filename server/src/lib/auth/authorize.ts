import { getConnInfo } from "@hono/node-server/conninfo";
import { deleteSession, findSession, touchSession } from "@tsunagu/db";
import type { Context, MiddlewareHandler } from "hono";
import { hashToken } from "../../domain/accounts/tokens";
import type { AppEnv, Caller } from "../env";
import { problemJson } from "../problem";
import { knownMethods, matchOperation } from "./permissions";
import { CSRF_HEADER, clearSessionCookies, csrfMatches, readSessionCookie } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Refresh last-seen at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The ONE authorisation layer (ASVS 8.1–8.4). For every /api request it:
 * 1. finds the operation in the permission table (unknown → 404/405, never a handler);
 * 2. resolves the session cookie (idle and absolute timeouts) into `caller`;
 * 3. lets public operations through; otherwise 401 without a session;
 * 4. refuses unsafe methods without the session's CSRF token (403 csrf_failed);
 * 5. answers 404 when `{code}` is not the caller's municipality (platform admin: any),
 *    so another tenant's objects are indistinguishable from missing ones;
 * 6. answers 403 when the role has no grant for the operation.
 * Object-level limits (own requests, run sheets) follow in the query layer.
 */
export function authorize(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const op = matchOperation(c.req.method, c.req.path);
    if (!op) {
      const allowed = knownMethods(c.req.path);
      if (allowed.length > 0)
        return problemJson(c, 405, "method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}.`, {
          headers: { allow: allowed.join(", ") },
        });
      return problemJson(c, 404, "not_found", `No API resource at ${c.req.path}.`);
    }
    c.set("operation", op.key);

    const sessionId = readSessionCookie(c);
    const caller = sessionId ? await resolveCaller(c, sessionId) : undefined;
    c.set("caller", caller);

    if (op.access.kind === "public") {
      if (op.key === "POST /api/v1/auth/sign-in" && !sameOrigin(c))
        return problemJson(c, 403, "csrf_failed", "Sign in from this site's own page.");
      return next();
    }
    if (!caller || !sessionId) {
      return problemJson(c, 401, "unauthenticated", "Sign in first.", {
        headers: { "www-authenticate": 'Cookie realm="tsunagu"' },
      });
    }
    if (!SAFE_METHODS.has(c.req.method) && !csrfMatches(sessionId, c.req.header(CSRF_HEADER))) {
      return problemJson(
        c,
        403,
        "csrf_failed",
        "Send the X-CSRF-Token header with the value of the tsunagu_csrf cookie.",
      );
    }
    const code = op.params.code;
    if (code !== undefined && caller.role !== "platform_admin" && caller.municipalityCode !== code) {
      return problemJson(c, 404, "not_found", `No municipality ${code}.`);
    }
    if (op.access.kind === "roles" && op.access.grants[caller.role] === undefined) {
      return problemJson(c, 403, "forbidden", `A ${caller.role} account may not do this.`);
    }
    return next();
  };
}

async function resolveCaller(c: Context<AppEnv>, sessionId: string): Promise<Caller | undefined> {
  const { database, config, now } = c.get("deps");
  const db = database.db;
  const idHash = hashToken(sessionId);
  const found = await findSession(db, idHash);
  if (!found) {
    clearSessionCookies(c);
    return undefined;
  }
  const t = (now?.() ?? new Date()).getTime();
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  const lastSeen = Date.parse(found.session.lastSeenAt);
  if (t - lastSeen > idleMs || t - Date.parse(found.session.createdAt) > absoluteMs) {
    await deleteSession(db, idHash);
    clearSessionCookies(c);
    return undefined;
  }
  if (t - lastSeen > TOUCH_EVERY_MS) await touchSession(db, idHash, new Date(t));
  const { user } = found;
  return {
    userId: user.id,
    role: user.role,
    municipalityCode: user.municipalityCode,
    residentId: user.residentId,
    driverId: user.driverId,
    email: user.email,
    displayName: user.displayName,
    sessionIdHash: idHash,
  };
}

/**
 * Login CSRF defence for the one unsafe public operation that matters: a
 * browser sends Origin on a cross-site POST; it must be our own. Non-browser
 * clients send no Origin and are not a CSRF vector.
 */
function sameOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (origin === undefined) return c.req.header("sec-fetch-site") !== "cross-site";
  // Compare hosts, not origins: behind a TLS-terminating proxy the app itself sees http.
  try {
    return new URL(origin).host === (c.req.header("host") ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/** The client's network address, for the audit log and rate limits. */
export function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
