/** A municipality's accounts: the list, and opening a new one with a link to set its password. */
import type { UserAccountSchema, UserInputSchema } from "@tsunagu/contract";
import { appendAudit, createUser, findDriver, findResident, findUserByEmail, listUsers } from "@tsunagu/db";
import type { z } from "zod";
import { requireMunicipality } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, invalidField } from "../errors";
import { userAccountOf } from "./convert";
import { hashPassword } from "./password";
import { newResetLink, type PasswordResetLink } from "./passwords";
import { newToken } from "./tokens";

type UserAccount = z.infer<typeof UserAccountSchema>;

export async function listAccounts(ctx: DomainContext, code: string): Promise<{ items: UserAccount[] }> {
  await requireMunicipality(ctx.db, code);
  return { items: (await listUsers(ctx.db, code)).map(userAccountOf) };
}

/**
 * Opens an account of the municipality. A resident account is linked to its
 * resident record, a driver account may be linked to its driver record. The
 * account has no usable password until its owner follows the reset link.
 */
export async function openAccount(
  ctx: DomainContext,
  code: string,
  input: z.output<typeof UserInputSchema>,
): Promise<{ user: UserAccount; reset: PasswordResetLink }> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  if (input.role === "resident" && !input.residentId)
    throw invalidField("body.residentId", "is required for a resident account", "required");
  if (input.residentId && !(await findResident(db, code, input.residentId)))
    throw invalidField("body.residentId", "is not a resident of this municipality");
  if (input.driverId && !(await findDriver(db, code, input.driverId)))
    throw invalidField("body.driverId", "is not a driver of this municipality");
  if (await findUserByEmail(db, input.email))
    throw new DomainError("email_taken", "An account with this email already exists.");
  const user = await createUser(db, {
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    municipalityCode: code,
    residentId: input.role === "resident" ? input.residentId : null,
    driverId: input.role === "driver" ? input.driverId : null,
    // A random password nobody knows: unusable until the owner sets one through the reset link.
    passwordHash: await hashPassword(newToken()),
  });
  const reset = await newResetLink(ctx, user);
  await appendAudit(db, [
    auditEntry(ctx, {
      action: "create",
      resourceType: "user",
      resourceId: user.id,
      residentId: user.residentId,
      municipalityCode: code,
    }),
  ]);
  return { user: userAccountOf(user), reset };
}
