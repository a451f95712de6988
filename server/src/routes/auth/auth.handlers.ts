import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sessionUserOf } from "../../domain/accounts/convert";
import { changePassword, issuePasswordReset, resetPassword } from "../../domain/accounts/passwords";
import {
  acceptInvitation,
  type SignedIn,
  signIn,
  signOut,
  signOutEverywhere,
} from "../../domain/accounts/sessions";
import { listAccounts, openAccount, setAccountDisabled } from "../../domain/accounts/users";
import { listAuditLog } from "../../domain/auditLog";
import { eraseOwnData, eraseResidentData, exportOwnData } from "../../domain/residentRights/residentRights";
import { callerOf } from "../../lib/auth/caller";
import {
  clearSessionCookies,
  csrfTokenFor,
  readSessionCookie,
  setSessionCookies,
} from "../../lib/auth/session";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import { linkPolicy } from "../../lib/links";
import type {
  acceptInvitationRoute,
  auditLogRoute,
  changePasswordRoute,
  createUserRoute,
  disableUserRoute,
  enableUserRoute,
  eraseMeRoute,
  eraseResidentRoute,
  issueResetRoute,
  listUsersRoute,
  myDataRoute,
  redeemResetRoute,
  sessionRoute,
  signInRoute,
  signOutEverywhereRoute,
  signOutRoute,
} from "./auth.routes";

/** The session options of this server and this browser: lifetimes from config, the cookie's old id. */
function sessionOptions(c: Context<AppEnv>) {
  const { config } = c.get("deps");
  return {
    lifetime: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
    previousSessionId: readSessionCookie(c),
  };
}

/** Sets the new session's cookies; the body is the session with its CSRF token. */
function signedInAnswer(c: Context<AppEnv>, { user, sessionId }: SignedIn) {
  setSessionCookies(c, c.get("deps").config, sessionId);
  return { user, csrfToken: csrfTokenFor(sessionId) };
}

export const signInHandler: RouteHandler<typeof signInRoute, AppEnv> = async (c) => {
  const signedIn = await signIn(domainContext(c), c.req.valid("json"), sessionOptions(c));
  return c.json(signedInAnswer(c, signedIn), 200);
};

export const acceptInvitationHandler: RouteHandler<typeof acceptInvitationRoute, AppEnv> = async (c) => {
  const signedIn = await acceptInvitation(domainContext(c), c.req.valid("json"), sessionOptions(c));
  return c.json(signedInAnswer(c, signedIn), 200);
};

export const sessionHandler: RouteHandler<typeof sessionRoute, AppEnv> = async (c) => {
  // The authorisation layer has resolved the session; this only shows it.
  const caller = callerOf(c);
  return c.json(
    { user: sessionUserOf(caller.userId, caller), csrfToken: csrfTokenFor(readSessionCookie(c) ?? "") },
    200,
  );
};

export const signOutHandler: RouteHandler<typeof signOutRoute, AppEnv> = async (c) => {
  await signOut(domainContext(c), callerOf(c).sessionIdHash);
  clearSessionCookies(c);
  return c.body(null, 204);
};

export const signOutEverywhereHandler: RouteHandler<typeof signOutEverywhereRoute, AppEnv> = async (c) => {
  await signOutEverywhere(domainContext(c));
  clearSessionCookies(c);
  return c.body(null, 204);
};

export const changePasswordHandler: RouteHandler<typeof changePasswordRoute, AppEnv> = async (c) => {
  await changePassword(domainContext(c), c.req.valid("json"), callerOf(c).sessionIdHash);
  return c.body(null, 204);
};

export const redeemResetHandler: RouteHandler<typeof redeemResetRoute, AppEnv> = async (c) => {
  await resetPassword(domainContext(c), c.req.valid("json"));
  return c.body(null, 204);
};

export const listUsersHandler: RouteHandler<typeof listUsersRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await listAccounts(domainContext(c), code), 200);
};

export const createUserHandler: RouteHandler<typeof createUserRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const policy = linkPolicy(c.get("deps").config);
  return c.json(await openAccount(domainContext(c), code, c.req.valid("json"), policy), 201);
};

export const issueResetHandler: RouteHandler<typeof issueResetRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  return c.json(await issuePasswordReset(domainContext(c), code, id, linkPolicy(c.get("deps").config)), 201);
};

export const disableUserHandler: RouteHandler<typeof disableUserRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  return c.json(await setAccountDisabled(domainContext(c), code, id, true), 200);
};

export const enableUserHandler: RouteHandler<typeof enableUserRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  return c.json(await setAccountDisabled(domainContext(c), code, id, false), 200);
};

export const auditLogHandler: RouteHandler<typeof auditLogRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await listAuditLog(domainContext(c), code, c.req.valid("query")), 200);
};

export const myDataHandler: RouteHandler<typeof myDataRoute, AppEnv> = async (c) => {
  const { fileName, data } = await exportOwnData(domainContext(c));
  c.header("content-disposition", `attachment; filename="${fileName}"`);
  c.header("cache-control", "no-store");
  return c.json(data, 200);
};

export const eraseMeHandler: RouteHandler<typeof eraseMeRoute, AppEnv> = async (c) => {
  const erased = await eraseOwnData(domainContext(c));
  clearSessionCookies(c);
  return c.json(erased, 200);
};

export const eraseResidentHandler: RouteHandler<typeof eraseResidentRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  return c.json(await eraseResidentData(domainContext(c), code, id), 200);
};
