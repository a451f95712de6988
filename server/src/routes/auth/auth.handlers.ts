import { randomBytes } from "node:crypto";
import type { RouteHandler } from "@hono/zod-openapi";
import type { SessionUser } from "@tsunagu/contract";
import {
  appendAudit,
  createUser,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  eraseResident,
  findDriver,
  findMunicipalUser,
  findResident,
  findUserByEmail,
  findUserById,
  insertPasswordReset,
  insertSession,
  listAudit,
  listUsers,
  redeemPasswordReset,
  residentDataExport,
  setPasswordHash,
  type UserRow,
} from "@tsunagu/db";
import type { Context } from "hono";
import { requireMunicipality } from "../../domain/access";
import { invalidField, notFound } from "../../domain/errors";
import { auditEntry, callerOf } from "../../lib/auth/caller";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "../../lib/auth/password";
import {
  clearSessionCookies,
  csrfTokenFor,
  hashToken,
  newSessionId,
  readSessionCookie,
  setSessionCookies,
} from "../../lib/auth/session";
import type { AppEnv, Caller } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import type {
  auditLogRoute,
  changePasswordRoute,
  createUserRoute,
  eraseMeRoute,
  issueResetRoute,
  listUsersRoute,
  myDataRoute,
  redeemResetRoute,
  sessionRoute,
  signInRoute,
  signOutEverywhereRoute,
  signOutRoute,
} from "./auth.routes";

/** A reset link is valid for a day. */
const RESET_TTL_MS = 24 * 60 * 60 * 1000;

const nowOf = (c: Context<AppEnv>) => c.get("deps").now?.() ?? new Date();

function sessionUser(u: UserRow | Caller): SessionUser {
  return {
    id: "userId" in u ? u.userId : u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    municipalityCode: u.municipalityCode,
    residentId: u.residentId,
    driverId: u.driverId,
  };
}

function account(u: UserRow) {
  return { ...sessionUser(u), disabledAt: u.disabledAt, createdAt: u.createdAt };
}

function weakPassword(path: string, password: string) {
  const problem = passwordProblem(password);
  if (problem) throw invalidField(path, problem, "weak_password");
}

export const signInHandler: RouteHandler<typeof signInRoute, AppEnv> = async (c) => {
  const { email, password } = c.req.valid("json");
  const { database, config } = c.get("deps");
  const db = database.db;
  const now = nowOf(c);
  const user = await findUserByEmail(db, email);
  // Verify even for an unknown email, so both failures take the same time.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || user.disabledAt !== null) {
    if (user)
      await appendAudit(db, [
        auditEntry(c, {
          action: "sign_in_failed",
          resourceType: "user",
          resourceId: user.id,
          municipalityCode: user.municipalityCode,
        }),
      ]);
    throw new ApiProblem(401, "invalid_credentials", "The email or the password is wrong.");
  }
  // Session fixation (ASVS 7.2.4): whatever id the browser brought is dropped; a new one is issued.
  const previous = readSessionCookie(c);
  if (previous) await deleteSession(db, hashToken(previous));
  await deleteExpiredSessions(
    db,
    new Date(now.getTime() - config.SESSION_IDLE_MINUTES * 60_000),
    new Date(now.getTime() - config.SESSION_ABSOLUTE_HOURS * 3_600_000),
  );
  const session = newSessionId();
  await insertSession(db, session.hash, user.id, now);
  setSessionCookies(c, config, session.id);
  c.set("caller", {
    userId: user.id,
    role: user.role,
    municipalityCode: user.municipalityCode,
    residentId: user.residentId,
    driverId: user.driverId,
    email: user.email,
    displayName: user.displayName,
    sessionIdHash: session.hash,
  });
  await appendAudit(db, [auditEntry(c, { action: "sign_in", resourceType: "user", resourceId: user.id })]);
  return c.json({ user: sessionUser(user), csrfToken: csrfTokenFor(session.id) }, 200);
};

export const sessionHandler: RouteHandler<typeof sessionRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const id = readSessionCookie(c) ?? "";
  return c.json({ user: sessionUser(caller), csrfToken: csrfTokenFor(id) }, 200);
};

export const signOutHandler: RouteHandler<typeof signOutRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  await deleteSession(c.get("deps").database.db, caller.sessionIdHash);
  clearSessionCookies(c);
  return c.body(null, 204);
};

export const signOutEverywhereHandler: RouteHandler<typeof signOutEverywhereRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  await deleteUserSessions(c.get("deps").database.db, caller.userId);
  clearSessionCookies(c);
  return c.body(null, 204);
};

export const changePasswordHandler: RouteHandler<typeof changePasswordRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const { currentPassword, newPassword } = c.req.valid("json");
  const db = c.get("deps").database.db;
  const user = await findUserById(db, caller.userId);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
    throw invalidField("body.currentPassword", "is not your current password", "wrong_password");
  weakPassword("body.newPassword", newPassword);
  await setPasswordHash(db, user.id, await hashPassword(newPassword));
  // Everyone else holding this account's sessions is signed out (ASVS 7.4.3); this session stays.
  await deleteUserSessions(db, user.id, caller.sessionIdHash);
  await appendAudit(db, [
    auditEntry(c, { action: "password_change", resourceType: "user", resourceId: user.id }),
  ]);
  return c.body(null, 204);
};

export const redeemResetHandler: RouteHandler<typeof redeemResetRoute, AppEnv> = async (c) => {
  const { token, newPassword } = c.req.valid("json");
  weakPassword("body.newPassword", newPassword);
  const db = c.get("deps").database.db;
  const result = await redeemPasswordReset(db, hashToken(token), await hashPassword(newPassword), nowOf(c));
  if (result.outcome === "invalid")
    throw invalidField("body.token", "is invalid, already used or expired", "invalid_token");
  const user = await findUserById(db, result.userId);
  await appendAudit(db, [
    auditEntry(c, {
      action: "password_reset",
      resourceType: "user",
      resourceId: result.userId,
      municipalityCode: user?.municipalityCode ?? null,
    }),
  ]);
  return c.body(null, 204);
};

async function issueReset(c: Context<AppEnv>, user: UserRow) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(nowOf(c).getTime() + RESET_TTL_MS);
  await insertPasswordReset(c.get("deps").database.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    issuedBy: callerOf(c).userId,
    expiresAt,
  });
  return { resetPath: `/reset-password#token=${token}`, expiresAt: expiresAt.toISOString() };
}

export const listUsersHandler: RouteHandler<typeof listUsersRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const db = c.get("deps").database.db;
  await requireMunicipality(db, code);
  return c.json({ items: (await listUsers(db, code)).map(account) }, 200);
};

export const createUserHandler: RouteHandler<typeof createUserRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const input = c.req.valid("json");
  const db = c.get("deps").database.db;
  await requireMunicipality(db, code);
  if (input.role === "resident" && !input.residentId)
    throw invalidField("body.residentId", "is required for a resident account", "required");
  if (input.residentId && !(await findResident(db, code, input.residentId)))
    throw invalidField("body.residentId", "is not a resident of this municipality");
  if (input.driverId && !(await findDriver(db, code, input.driverId)))
    throw invalidField("body.driverId", "is not a driver of this municipality");
  if (await findUserByEmail(db, input.email))
    throw new ApiProblem(409, "email_taken", "An account with this email already exists.");
  const user = await createUser(db, {
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    municipalityCode: code,
    residentId: input.role === "resident" ? input.residentId : null,
    driverId: input.role === "driver" ? input.driverId : null,
    // Unusable until the owner sets a password through the reset link.
    passwordHash: await hashPassword(randomBytes(32).toString("base64url")),
  });
  const reset = await issueReset(c, user);
  await appendAudit(db, [
    auditEntry(c, {
      action: "create",
      resourceType: "user",
      resourceId: user.id,
      residentId: user.residentId,
      municipalityCode: code,
    }),
  ]);
  return c.json({ user: account(user), reset }, 201);
};

export const issueResetHandler: RouteHandler<typeof issueResetRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const db = c.get("deps").database.db;
  const user = await findMunicipalUser(db, code, id);
  if (!user) throw notFound("account", id);
  const reset = await issueReset(c, user);
  await appendAudit(db, [
    auditEntry(c, {
      action: "password_reset_issued",
      resourceType: "user",
      resourceId: id,
      municipalityCode: code,
    }),
  ]);
  return c.json(reset, 201);
};

export const auditLogHandler: RouteHandler<typeof auditLogRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const query = c.req.valid("query");
  const db = c.get("deps").database.db;
  await requireMunicipality(db, code);
  return c.json({ items: await listAudit(db, code, query) }, 200);
};

function ownResident(c: Context<AppEnv>) {
  const caller = callerOf(c);
  if (!caller.residentId || !caller.municipalityCode)
    throw new ApiProblem(404, "not_found", "This account is not linked to a resident record.");
  return { code: caller.municipalityCode, residentId: caller.residentId };
}

export const myDataHandler: RouteHandler<typeof myDataRoute, AppEnv> = async (c) => {
  const { code, residentId } = ownResident(c);
  const db = c.get("deps").database.db;
  const data = await residentDataExport(db, code, residentId);
  if (!data) throw new ApiProblem(404, "not_found", "No resident record.");
  await appendAudit(db, [
    auditEntry(c, { action: "export", resourceType: "resident", resourceId: residentId, residentId }),
  ]);
  c.header(
    "content-disposition",
    `attachment; filename="tsunagu-my-data-${nowOf(c).toISOString().slice(0, 10)}.json"`,
  );
  c.header("cache-control", "no-store");
  return c.json({ exportedAt: nowOf(c).toISOString(), ...data }, 200);
};

export const eraseMeHandler: RouteHandler<typeof eraseMeRoute, AppEnv> = async (c) => {
  const { code, residentId } = ownResident(c);
  const now = nowOf(c);
  const erased = await eraseResident(
    c.get("deps").database.db,
    code,
    residentId,
    now,
    auditEntry(c, { action: "erase", resourceType: "resident", resourceId: residentId, residentId }),
  );
  if (!erased) throw new ApiProblem(404, "not_found", "No resident record.");
  clearSessionCookies(c);
  return c.json({ erasedAt: now.toISOString() }, 200);
};
