/**
 * Passwords: the owner changes theirs; staff have a one-time reset link
 * mailed to an account's own address (a new account gets an invitation link
 * the same way) and the owner redeems it to set a new password. Either way
 * every other session of the account ends and every other link dies.
 */
import {
  appendAudit,
  changeUserPassword,
  findMunicipalUser,
  findUserById,
  redeemPasswordReset,
  type UserRow,
} from "@tsunagu/db";
import { callerOf } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { forbidden, invalidField, notFound } from "../errors";
import { issueAuditedLink, type LinkPolicy, type PasswordResetLink } from "./links";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { hashToken } from "./tokens";

export type { PasswordResetLink } from "./links";

/** The new password, hashed, or `validation_failed` naming `body.newPassword` when it is too weak. */
async function newPasswordHash(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw invalidField("body.newPassword", problem, "weak_password");
  return hashPassword(password);
}

/**
 * The caller's new password, given their current one. The caller's own
 * session (`keepSessionHash`) stays; every other one ends (ASVS 7.4.3), and
 * every outstanding reset or invitation link of the account dies.
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
  await changeUserPassword(db, user.id, await newPasswordHash(change.newPassword), ctx.now, keepSessionHash);
  await appendAudit(db, [
    auditEntry(ctx, { action: "password_change", resourceType: "user", resourceId: user.id }),
  ]);
}

/**
 * Sets a new password with a link's token, once; every session of the
 * account ends and every other link dies. Answers the account.
 */
export async function resetPassword(
  ctx: DomainContext,
  reset: { token: string; newPassword: string },
): Promise<UserRow> {
  const { db } = ctx;
  const passwordHash = await newPasswordHash(reset.newPassword);
  const result = await redeemPasswordReset(db, hashToken(reset.token), passwordHash, ctx.now);
  const user = result.outcome === "ok" ? await findUserById(db, result.userId) : undefined;
  if (result.outcome === "invalid" || !user)
    throw invalidField(
      "body.token",
      "is invalid, already used, replaced by a newer link or expired",
      "invalid_token",
    );
  await appendAudit(db, [
    auditEntry(ctx, {
      action: result.purpose === "invitation" ? "invitation_accepted" : "password_reset",
      resourceType: "user",
      resourceId: result.userId,
      municipalityCode: user.municipalityCode,
    }),
  ]);
  return user;
}

/**
 * Staff have a reset link mailed to one of the municipality's accounts. The
 * platform operator may not (the permission table already refuses; this is
 * the second lock): a reset link is a way into the account.
 */
export async function issuePasswordReset(
  ctx: DomainContext,
  code: string,
  userId: string,
  policy: LinkPolicy,
): Promise<PasswordResetLink> {
  if (callerOf(ctx).role === "platform_admin")
    throw forbidden("The platform operator cannot reset a municipality's accounts.");
  const user = await findMunicipalUser(ctx.db, code, userId);
  if (!user) throw notFound("account", userId);
  return issueAuditedLink(ctx, user, "password_reset", policy, {
    action: "password_reset_issued",
    resourceType: "user",
    resourceId: userId,
    municipalityCode: code,
  });
}
