/** A municipality's accounts: the list, and opening a new one with an invitation mailed to its owner. */
import type { UserAccountSchema, UserInputSchema } from "@tsunagu/contract";
import {
  appendAuditInTx,
  findDriver,
  findMunicipalAdmin,
  findMunicipalUser,
  findResident,
  findUserByEmail,
  insertUserInTx,
  inWriteTransaction,
  listUsers,
  setUserDisabledInTx,
} from "@tsunagu/db";
import type { z } from "zod";
import { callerOf, requireMunicipality } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, forbidden, invalidField, notFound } from "../errors";
import { userAccountOf } from "./convert";
import { issueLinkInTx, type LinkPolicy, type PasswordResetLink } from "./links";
import { hashPassword } from "./password";
import { newToken } from "./tokens";

type UserAccount = z.infer<typeof UserAccountSchema>;

export async function listAccounts(ctx: DomainContext, code: string): Promise<{ items: UserAccount[] }> {
  await requireMunicipality(ctx.db, code);
  return { items: (await listUsers(ctx.db, code)).map(userAccountOf) };
}

/**
 * The platform operator opens only a municipality's first admin: once the
 * municipality has a municipal_staff account, its accounts are its own
 * business (issue 20: the operator must never be able to become one of them).
 */
async function operatorOpensFirstAdmin(ctx: DomainContext, code: string, role: string): Promise<boolean> {
  if (callerOf(ctx).role !== "platform_admin") return false;
  if (await findMunicipalAdmin(ctx.db, code))
    throw forbidden("The platform operator cannot open accounts in a municipality that has its admin.");
  if (role !== "municipal_staff")
    throw invalidField("body.role", "the platform operator opens only the first admin (municipal_staff)");
  return true;
}

/**
 * Opens an account of the municipality. A resident account is linked to its
 * resident record, a driver account may be linked to its driver record. The
 * account has no usable password until its owner follows the invitation
 * mailed to its address (answered to the caller in demo mode only).
 */
export async function openAccount(
  ctx: DomainContext,
  code: string,
  input: z.output<typeof UserInputSchema>,
  policy: LinkPolicy,
): Promise<{ user: UserAccount; reset: PasswordResetLink }> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  const firstAdmin = await operatorOpensFirstAdmin(ctx, code, input.role);
  if (input.role === "resident" && !input.residentId)
    throw invalidField("body.residentId", "is required for a resident account", "required");
  if (input.residentId && !(await findResident(db, code, input.residentId)))
    throw invalidField("body.residentId", "is not a resident of this municipality");
  if (input.driverId && !(await findDriver(db, code, input.driverId)))
    throw invalidField("body.driverId", "is not a driver of this municipality");
  if (await findUserByEmail(db, input.email))
    throw new DomainError("email_taken", "An account with this email already exists.");
  // A random password nobody knows: unusable until the owner sets one through the link.
  const passwordHash = await hashPassword(newToken());
  return inWriteTransaction(db, async (tx) => {
    const user = await insertUserInTx(tx, {
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      municipalityCode: code,
      residentId: input.role === "resident" ? input.residentId : null,
      driverId: input.role === "driver" ? input.driverId : null,
      passwordHash,
      awaitingPassword: true,
    });
    const reset = await issueLinkInTx(tx, ctx, user, firstAdmin ? "admin_invitation" : "invitation", policy);
    await appendAuditInTx(tx, [
      auditEntry(ctx, {
        action: "create",
        resourceType: "user",
        resourceId: user.id,
        residentId: user.residentId,
        municipalityCode: code,
      }),
    ]);
    return { user: userAccountOf(user), reset };
  });
}

/**
 * Stops (利用停止) or restores (利用再開) one of the municipality's accounts. Stopping ends every
 * session of the account and revokes its outstanding links at once; a stopped account cannot sign
 * in. Nobody stops their own account (another admin must), and the platform operator touches no
 * account of a municipality (the permission table already refuses; this is the second lock).
 */
export async function setAccountDisabled(
  ctx: DomainContext,
  code: string,
  userId: string,
  disabled: boolean,
): Promise<UserAccount> {
  const { db } = ctx;
  const caller = callerOf(ctx);
  if (caller.role === "platform_admin")
    throw forbidden("The platform operator cannot stop or restore a municipality's accounts.");
  await requireMunicipality(db, code);
  const user = await findMunicipalUser(db, code, userId);
  if (!user) throw notFound("account", userId);
  if (user.id === caller.userId)
    throw invalidField("param.id", "is your own account: another admin must stop it", "own_account");
  return inWriteTransaction(db, async (tx) => {
    const changed = await setUserDisabledInTx(tx, user.id, disabled, ctx.now);
    if (!changed) throw notFound("account", userId);
    await appendAuditInTx(tx, [
      auditEntry(ctx, {
        action: disabled ? "disable" : "enable",
        resourceType: "user",
        resourceId: user.id,
        residentId: user.residentId,
        municipalityCode: code,
      }),
    ]);
    return userAccountOf(changed);
  });
}
