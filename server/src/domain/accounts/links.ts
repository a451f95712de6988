/**
 * One-time links that set a password — resets and invitations — and the mail
 * that carries them. A link is stored as a hash together with its message in
 * the outbox, in one transaction; the mail sender (jobs/mailSender.ts)
 * delivers it. The person who asked for the link never receives it, except in
 * demo mode, where the seeded fictional town has no mailbox to send to.
 *
 * The promises (docs/security.md): single use; the newest link of a purpose
 * revokes older ones; a password change or sign-out-everywhere revokes all;
 * a reset lives 1 hour, an invitation 7 days.
 */
import type { PasswordResetLinkSchema } from "@tsunagu/contract";
import {
  appendAuditInTx,
  type DbOrTx,
  insertLinkInTx,
  inWriteTransaction,
  type LinkPurpose,
  type OutboxKind,
  type UserRow,
} from "@tsunagu/db";
import type { z } from "zod";
import { type AuditFields, auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { hashToken, newToken } from "./tokens";

export type PasswordResetLink = z.infer<typeof PasswordResetLinkSchema>;

/** How long a link lives, by purpose. */
export const LINK_TTL_MS: Readonly<Record<LinkPurpose, number>> = {
  reset: 60 * 60 * 1000,
  invitation: 7 * 24 * 60 * 60 * 1000,
};

/** Where links point and whether a response may show them (the HTTP layer or the CLI decides, from config). */
export interface LinkPolicy {
  /** The web app's public address, e.g. https://tsunagu.example.jp (no trailing slash). */
  baseUrl: string;
  /** Demo mode only: answer the link to the caller as well as mailing it. */
  showLink: boolean;
}

/** The page each purpose opens: an invitation signs the new account in once the password is set. */
const PAGE: Readonly<Record<OutboxKind, string>> = {
  admin_invitation: "/accept-invitation",
  invitation: "/reset-password",
  password_reset: "/reset-password",
};

const PURPOSE_OF: Readonly<Record<OutboxKind, LinkPurpose>> = {
  admin_invitation: "invitation",
  invitation: "invitation",
  password_reset: "reset",
};

function mailFor(kind: OutboxKind, user: Pick<UserRow, "displayName">, url: string, expiresAt: Date) {
  const until = expiresAt.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" });
  const lines =
    kind === "password_reset"
      ? [
          `${user.displayName} 様`,
          "",
          "つなぐ（Tsunagu）のパスワード再設定の依頼がありました。次のリンクから新しいパスワードを決めてください。",
          url,
          "",
          `このリンクは一度だけ、${until} まで使えます。心当たりがない場合は、このメールを破棄してください。`,
        ]
      : [
          `${user.displayName} 様`,
          "",
          "つなぐ（Tsunagu）のアカウントが用意されました。次のリンクからパスワードを決めて、利用を始めてください。",
          url,
          "",
          `このリンクは一度だけ、${until} まで使えます。`,
        ];
  return {
    subject: kind === "password_reset" ? "【つなぐ】パスワードの再設定" : "【つなぐ】アカウントへのご招待",
    body: lines.join("\n"),
  };
}

/**
 * Issues a link for `user` inside the caller's transaction: revokes the
 * account's older links of the same purpose, stores the new one (hashed) and
 * its message to the account's own address.
 */
export async function issueLinkInTx(
  tx: DbOrTx,
  ctx: DomainContext,
  user: Pick<UserRow, "id" | "email" | "displayName" | "municipalityCode">,
  kind: OutboxKind,
  policy: LinkPolicy,
): Promise<PasswordResetLink> {
  const token = newToken();
  const purpose = PURPOSE_OF[kind];
  const expiresAt = new Date(ctx.now.getTime() + LINK_TTL_MS[purpose]);
  // The token is in the fragment, so it never reaches a server log.
  const path = `${PAGE[kind]}#token=${token}`;
  const messageId = await insertLinkInTx(
    tx,
    {
      tokenHash: hashToken(token),
      userId: user.id,
      purpose,
      issuedBy: ctx.caller?.userId ?? "system",
      expiresAt,
    },
    {
      kind,
      municipalityCode: user.municipalityCode,
      toAddress: user.email,
      ...mailFor(kind, user, `${policy.baseUrl}${path}`, expiresAt),
    },
    ctx.now,
  );
  return {
    ...(policy.showLink ? { resetPath: path } : {}),
    expiresAt: expiresAt.toISOString(),
    messageId,
  };
}

/** `issueLinkInTx` in its own transaction, with the access-log entry of whoever asked for it. */
export async function issueAuditedLink(
  ctx: DomainContext,
  user: Pick<UserRow, "id" | "email" | "displayName" | "municipalityCode">,
  kind: OutboxKind,
  policy: LinkPolicy,
  audit: AuditFields,
): Promise<PasswordResetLink> {
  return inWriteTransaction(ctx.db, async (tx) => {
    const link = await issueLinkInTx(tx, ctx, user, kind, policy);
    await appendAuditInTx(tx, [auditEntry(ctx, audit)]);
    return link;
  });
}
