/**
 * Platform operators (運営者) come from the server machine only: an install
 * without the demo town has no account at all, and no API operation may
 * create an operator (it would manage every municipality). The console's
 * `npm run tsunagu -- operator invite` calls this verb and prints the
 * one-time invitation link there, as `municipality create` does for a
 * municipality's first admin.
 */
import { appendAuditInTx, inWriteTransaction } from "@tsunagu/db";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { forbidden, invalidField } from "../errors";
import { openInvitedAdminInTx, requireFreeEmail, unusablePasswordHash } from "./adminInvitation";
import type { LinkPolicy, PasswordResetLink } from "./links";

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
  await requireFreeEmail(ctx.db, email, "body.email");
  const passwordHash = await unusablePasswordHash();
  return inWriteTransaction(ctx.db, async (tx) => {
    const { user, invitation } = await openInvitedAdminInTx(
      tx,
      ctx,
      {
        email,
        displayName: input.displayName?.trim() || "運営者",
        role: "platform_admin",
        municipalityCode: null,
        passwordHash,
      },
      policy,
    );
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
