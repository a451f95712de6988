/**
 * Passwords: the owner changes theirs; staff issue one-time reset links (a new
 * account gets one too) and the owner redeems a link to set a new password.
 * Either way every other session of the account ends.
 */
import type { PasswordResetLinkSchema } from "@tsunagu/contract";
import {
  appendAudit,
  deleteUserSessions,
  findMunicipalUser,
  findUserById,
  insertPasswordReset,
  redeemPasswordReset,
  setPasswordHash,
  type UserRow,
} from "@tsunagu/db";
import type { z } from "zod";
import { callerOf } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { invalidField, notFound } from "../errors";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { hashToken, newToken } from "./tokens";

/** A reset link is valid for a day. */
const RESET_TTL_MS = 24 * 60 * 60 * 1000;

export type PasswordResetLink = z.infer<typeof PasswordResetLinkSchema>;

/** The new password, hashed, or `validation_failed` naming `body.newPassword` when it is too weak. */
async function newPasswordHash(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw invalidField("body.newPassword", problem, "weak_password");
  return hashPassword(password);
}

/**
 * The caller's new password, given their current one. The caller's own
 * session (`keepSessionHash`) stays; every other one ends (ASVS 7.4.3).
 */
export async function changePassword(
  ctx: DomainContext,
  change: { currentPassword: string; newPassword: string },
  keepSessionHash: string,
): Promise<void> {
  const { db } = ctx;
  const user = await findUserById(db, callerOf(ctx).userId);
  if (!user || !(await verifyPassword(change.currentPassword, user.passwordHash)))
    throw invalidField("body.currentPassword", "is not your current password", "wrong_password");
  await setPasswordHash(db, user.id, await newPasswordHash(change.newPassword));
  await deleteUserSessions(db, user.id, keepSessionHash);
  await appendAudit(db, [
    auditEntry(ctx, { action: "password_change", resourceType: "user", resourceId: user.id }),
  ]);
}

/** Sets a new password with a reset link's token, once; every session of the account ends. */
export async function resetPassword(
  ctx: DomainContext,
  reset: { token: string; newPassword: string },
): Promise<void> {
  const { db } = ctx;
  const passwordHash = await newPasswordHash(reset.newPassword);
  const result = await redeemPasswordReset(db, hashToken(reset.token), passwordHash, ctx.now);
  if (result.outcome === "invalid")
    throw invalidField("body.token", "is invalid, already used or expired", "invalid_token");
  const user = await findUserById(db, result.userId);
  await appendAudit(db, [
    auditEntry(ctx, {
      action: "password_reset",
      resourceType: "user",
      resourceId: result.userId,
      municipalityCode: user?.municipalityCode ?? null,
    }),
  ]);
}

/**
 * A one-time link for `user` to set a password, valid a day. The token is
 * in the URL fragment, so it never reaches a server log, and stored only as
 * a hash, so the link is shown once.
 */
export async function newResetLink(ctx: DomainContext, user: UserRow): Promise<PasswordResetLink> {
  const token = newToken();
  const expiresAt = new Date(ctx.now.getTime() + RESET_TTL_MS);
  await insertPasswordReset(ctx.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    issuedBy: callerOf(ctx).userId,
    expiresAt,
  });
  return { resetPath: `/reset-password#token=${token}`, expiresAt: expiresAt.toISOString() };
}

/** Staff issue a reset link for one of the municipality's accounts. */
export async function issuePasswordReset(
  ctx: DomainContext,
  code: string,
  userId: string,
): Promise<PasswordResetLink> {
  const user = await findMunicipalUser(ctx.db, code, userId);
  if (!user) throw notFound("account", userId);
  const link = await newResetLink(ctx, user);
  await appendAudit(ctx.db, [
    auditEntry(ctx, {
      action: "password_reset_issued",
      resourceType: "user",
      resourceId: userId,
      municipalityCode: code,
    }),
  ]);
  return link;
}
