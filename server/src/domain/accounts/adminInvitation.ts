/**
 * A new administrator — a platform operator, or a municipality's first staff
 * account — opened with no usable password and invited by a one-time link
 * (7 days) to set one. Nobody ever holds a password to hand over.
 */
import { type Db, type DbOrTx, findUserByEmail, insertUserInTx, type UserRow } from "@tsunagu/db";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { issueLinkInTx, type LinkPolicy } from "./links";
import { hashPassword } from "./password";
import { newToken } from "./tokens";

/** Refuses an email (already normalised) that has an account, naming the body field `path`. */
export async function requireFreeEmail(db: Db, email: string, path: string): Promise<void> {
  if (await findUserByEmail(db, email))
    throw new DomainError("email_taken", "An account with this email already exists.", {
      errors: [{ path, message: "already has an account", code: "email_taken" }],
    });
}

/** A random password nobody knows: the account is unusable until its owner sets one through the link. */
export const unusablePasswordHash = () => hashPassword(newToken());

/** Inside the caller's transaction: the account (awaiting its password) and its invitation link. */
export async function openInvitedAdminInTx(
  tx: DbOrTx,
  ctx: DomainContext,
  account: Pick<UserRow, "email" | "displayName" | "role" | "municipalityCode" | "passwordHash">,
  policy: LinkPolicy,
) {
  const user = await insertUserInTx(tx, { ...account, awaitingPassword: true });
  const invitation = await issueLinkInTx(tx, ctx, user, "admin_invitation", policy);
  return { user, invitation };
}
