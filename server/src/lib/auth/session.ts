import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Config } from "../../config";
import type { AppEnv } from "../env";

/** HttpOnly session cookie; JavaScript never sees it. */
export const SESSION_COOKIE = "tsunagu_session";
/** Readable CSRF cookie: the web app copies it into the X-CSRF-Token header. */
export const CSRF_COOKIE = "tsunagu_csrf";
export const CSRF_HEADER = "x-csrf-token";

/**
 * The CSRF token is derived from the session id, so it is bound to the
 * session (a token from another session does not fit) and needs no storage.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHash("sha256").update(`csrf\0${sessionId}`).digest("base64url");
}

export function csrfMatches(sessionId: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Secure cookies under https, or always when COOKIE_SECURE says so (production behind a TLS proxy). */
function secure(c: Context<AppEnv>, config: Config): boolean {
  if (config.COOKIE_SECURE === "true") return true;
  if (config.COOKIE_SECURE === "false") return false;
  return new URL(c.req.url).protocol === "https:";
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function setSessionCookies(c: Context<AppEnv>, config: Config, sessionId: string) {
  const common = {
    path: "/",
    sameSite: "Lax" as const,
    secure: secure(c, config),
    maxAge: config.SESSION_ABSOLUTE_HOURS * 3600,
  };
  setCookie(c, SESSION_COOKIE, sessionId, { ...common, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrfTokenFor(sessionId), { ...common, httpOnly: false });
}

export function clearSessionCookies(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
  deleteCookie(c, CSRF_COOKIE, { path: "/" });
}
