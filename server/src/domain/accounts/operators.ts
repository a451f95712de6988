/**
 * Platform operators (運営者) come from the server machine only: an install
 * without the demo town has no account at all, and no API operation may
 * create an operator (it would manage every municipality). The console's
 * `npm run tsunagu -- operator invite` calls this verb and prints the
 * one-time invitation link there, as `municipality create` does for a
 * municipality's first admin.
 */
import { appendAuditInTx, findUserByEmail, insertUserInTx, inWriteTransaction } from "@tsunagu/db";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, forbidden, invalidField } from "../errors";
import { issueLinkInTx, type LinkPolicy, type PasswordResetLink } from "./links";
import { hashPassword } from "./password";
import { newToken } from "./tokens";

export interface OperatorInput {
  email: string;
  displayName?: string;
}

/** Opens a platform operator account with no usable password and issues its invitation (7 days). */
export async function inviteOperator(
  ctx: DomainContext,
  input: OperatorInput,
  policy: LinkPolicy,
): Promise<{ user: { id: string; email: string }; invitation: PasswordResetLink }> {
  if (ctx.caller !== undefined)
    throw forbidden("Platform operators are invited from the server's console only.");
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidField("body.email", "is not an email address");
  if (await findUserByEmail(ctx.db, email))
    throw new DomainError("email_taken", "An account with this email already exists.", {
      errors: [{ path: "body.email", message: "already has an account", code: "email_taken" }],
    });
  // A random password nobody knows: unusable until the operator sets one through the link.
  const passwordHash = await hashPassword(newToken());
  return inWriteTransaction(ctx.db, async (tx) => {
    const user = await insertUserInTx(tx, {
      email,
      displayName: input.displayName?.trim() || "運営者",
      role: "platform_admin",
      municipalityCode: null,
      passwordHash,
      awaitingPassword: true,
    });
    const invitation = await issueLinkInTx(tx, ctx, user, "admin_invitation", policy);
    await appendAuditInTx(tx, [
      auditEntry(ctx, {
        action: "invite_operator",
        resourceType: "user",
        resourceId: user.id,
        municipalityCode: null,
      }),
    ]);
    return { user: { id: user.id, email: user.email }, invitation };
  });
}
