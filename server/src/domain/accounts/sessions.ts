/**
 * Signing in and out. A session is a random id the browser keeps in a cookie
 * and the database keeps as a hash (tokens.ts); the verbs answer the id, the
 * route sets and clears the cookies.
 */
import type { SessionUser } from "@tsunagu/contract";
import {
  appendAudit,
  deleteExpiredSessions,
  deleteSession,
  endUserSessionsAndLinks,
  findMunicipality,
  findUserByEmail,
  insertSession,
  type UserRow,
} from "@tsunagu/db";
import { callerOf } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { sessionUserOf } from "./convert";
import { dummyHash, verifyPassword } from "./password";
import { resetPassword } from "./passwords";
import { hashToken, newToken } from "./tokens";

/** How long sessions live (config: SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS). */
export interface SessionLifetime {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SignedIn {
  user: SessionUser;
  /** The new session's id, for the cookie; only its hash is stored. */
  sessionId: string;
}

/**
 * Checks the credentials and opens a new session. Wrong email, wrong password
 * and a disabled account are one answer (`invalid_credentials`), equally slow.
 * Sessions past their lifetime are forgotten on the way.
 */
export async function signIn(
  ctx: DomainContext,
  credentials: { email: string; password: string },
  options: {
    lifetime: SessionLifetime;
    /** The session id the browser brought, if any: dropped (session fixation, ASVS 7.2.4). */
    previousSessionId?: string | undefined;
  },
): Promise<SignedIn> {
  const { db } = ctx;
  const user = await findUserByEmail(db, credentials.email);
  // Verify even for an unknown email, so both failures take the same time.
  const ok = await verifyPassword(credentials.password, user?.passwordHash ?? (await dummyHash()));
  // An archived municipality's accounts are refused like a disabled one (the data stays).
  const archived =
    user?.municipalityCode != null && (await findMunicipality(db, user.municipalityCode))?.archivedAt != null;
  if (!user || !ok || user.disabledAt !== null || archived) {
    if (user)
      await appendAudit(db, [
        auditEntry(ctx, {
          action: "sign_in_failed",
          resourceType: "user",
          resourceId: user.id,
          municipalityCode: user.municipalityCode,
        }),
      ]);
    throw new DomainError("invalid_credentials", "The email or the password is wrong.");
  }
  return openSession(ctx, user, options);
}

/**
 * Opens a new session for an account whose credentials (or link) were just
 * checked: drops the browser's previous session, forgets expired ones,
 * audits the sign-in.
 */
export async function openSession(
  ctx: DomainContext,
  user: UserRow,
  options: { lifetime: SessionLifetime; previousSessionId?: string | undefined },
): Promise<SignedIn> {
  const { db, now } = ctx;
  if (options.previousSessionId) await deleteSession(db, hashToken(options.previousSessionId));
  await deleteExpiredSessions(
    db,
    new Date(now.getTime() - options.lifetime.idleMinutes * 60_000),
    new Date(now.getTime() - options.lifetime.absoluteHours * 3_600_000),
  );
  const sessionId = newToken();
  await insertSession(db, hashToken(sessionId), user.id, now);
  const entry = auditEntry(ctx, { action: "sign_in", resourceType: "user", resourceId: user.id });
  // The account that signed in is the actor, whoever the browser was signed in as before.
  await appendAudit(db, [
    { ...entry, municipalityCode: user.municipalityCode, actorUserId: user.id, actorRole: user.role },
  ]);
  return { user: sessionUserOf(user.id, user), sessionId };
}

/** Ends one session (by the hash the authorisation layer resolved it with). */
export async function signOut(ctx: DomainContext, sessionIdHash: string): Promise<void> {
  await deleteSession(ctx.db, sessionIdHash);
}

/** Ends every session of the caller's account, this one included, and every outstanding link. */
export async function signOutEverywhere(ctx: DomainContext): Promise<void> {
  await endUserSessionsAndLinks(ctx.db, callerOf(ctx).userId, ctx.now);
}

/** Accepts an invitation (or any link): sets the password with the link, then signs the account in. */
export async function acceptInvitation(
  ctx: DomainContext,
  accept: { token: string; newPassword: string },
  options: { lifetime: SessionLifetime; previousSessionId?: string | undefined },
): Promise<SignedIn> {
  const user = await resetPassword(ctx, accept);
  return openSession(ctx, user, options);
}
