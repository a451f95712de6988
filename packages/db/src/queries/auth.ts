import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import { mailOutbox, municipalities, passwordResets, sessions, users } from "../schema";
import { withWriteLock } from "./writeLock";

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = Omit<typeof users.$inferInsert, "id" | "createdAt"> & { id?: string };
export type SessionRow = typeof sessions.$inferSelect;
export type Role = UserRow["role"];
export type LinkPurpose = (typeof passwordResets.$inferSelect)["purpose"];
export type OutboxRow = typeof mailOutbox.$inferSelect;
export type OutboxKind = OutboxRow["kind"];

/** Every role, most powerful first. */
export const ROLES: readonly Role[] = [
  "platform_admin",
  "municipal_staff",
  "coordinator",
  "driver",
  "resident",
] as const;

export async function createUser(db: Db, input: NewUserRow): Promise<UserRow> {
  return withWriteLock(db, () => insertUserInTx(db, input));
}

/** `createUser` inside the caller's transaction. */
export async function insertUserInTx(tx: DbOrTx, input: NewUserRow): Promise<UserRow> {
  const [row] = await tx
    .insert(users)
    .values({ ...input, id: input.id ?? randomUUID(), email: input.email.toLowerCase() })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** The municipality's first admin (its oldest municipal_staff account), if it has one. */
export async function findMunicipalAdmin(db: DbOrTx, municipalityCode: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.municipalityCode, municipalityCode), eq(users.role, "municipal_staff")))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** A municipality's accounts (platform admins have none). */
export async function listUsers(db: Db, municipalityCode: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.municipalityCode, municipalityCode)).orderBy(users.email);
}

/** One account of a municipality; another municipality's answers undefined. */
export async function findMunicipalUser(db: Db, municipalityCode: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.municipalityCode, municipalityCode), eq(users.id, id)));
  return row;
}

export async function countDemoUsers(db: Db): Promise<number> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.demo, true));
  return rows.length;
}

/**
 * A new password chosen by the owner: every outstanding link of the account
 * dies and every session but `keepSessionHash` ends, in one transaction.
 */
export async function changeUserPassword(
  db: Db,
  userId: string,
  passwordHash: string,
  at: Date,
  keepSessionHash?: string,
): Promise<void> {
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
      await revokeLinksInTx(tx, userId, at);
      await tx
        .delete(sessions)
        .where(
          and(
            eq(sessions.userId, userId),
            keepSessionHash === undefined ? undefined : ne(sessions.idHash, keepSessionHash),
          ),
        );
    }),
  );
}

export async function insertSession(db: Db, idHash: string, userId: string, at: Date): Promise<void> {
  const iso = at.toISOString();
  await withWriteLock(db, () =>
    db.insert(sessions).values({ idHash, userId, createdAt: iso, lastSeenAt: iso }),
  );
}

/** The session and its (enabled) user, or undefined. Timeouts are the caller's policy. */
export async function findSession(
  db: Db,
  idHash: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(municipalities, eq(municipalities.code, users.municipalityCode))
    .where(and(eq(sessions.idHash, idHash), isNull(users.disabledAt), isNull(municipalities.archivedAt)));
  return row;
}

export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await withWriteLock(db, () =>
    db.update(sessions).set({ lastSeenAt: at.toISOString() }).where(eq(sessions.idHash, idHash)),
  );
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await withWriteLock(db, () => db.delete(sessions).where(eq(sessions.idHash, idHash)));
}

/** Sign-out everywhere: every session of the account ends and every outstanding link dies. */
export async function endUserSessionsAndLinks(db: Db, userId: string, at: Date): Promise<void> {
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.userId, userId));
      await revokeLinksInTx(tx, userId, at);
    }),
  );
}

/**
 * Stops (`disabled`) or restores an account, in the caller's transaction. Stopping keeps the first
 * stop's time, ends every session of the account and revokes its outstanding links at once.
 */
export async function setUserDisabledInTx(
  tx: DbOrTx,
  userId: string,
  disabled: boolean,
  at: Date,
): Promise<UserRow | undefined> {
  const [row] = await tx
    .update(users)
    .set({ disabledAt: disabled ? sql`coalesce(${users.disabledAt}, ${at.toISOString()})` : null })
    .where(eq(users.id, userId))
    .returning();
  if (disabled) {
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await revokeLinksInTx(tx, userId, at);
  }
  return row;
}

/** Forgets sessions idle since `idleBefore` or created before `createdBefore`. */
export async function deleteExpiredSessions(db: Db, idleBefore: Date, createdBefore: Date): Promise<void> {
  await withWriteLock(db, () =>
    db
      .delete(sessions)
      .where(
        or(
          lt(sessions.lastSeenAt, idleBefore.toISOString()),
          lt(sessions.createdAt, createdBefore.toISOString()),
        ),
      ),
  );
}

/**
 * Revokes the account's outstanding links (of one purpose, or all of them)
 * and cancels their unsent messages, whose bodies hold the links.
 */
export async function revokeLinksInTx(
  tx: DbOrTx,
  userId: string,
  at: Date,
  purpose?: LinkPurpose,
): Promise<void> {
  const outstanding = and(
    eq(passwordResets.userId, userId),
    isNull(passwordResets.usedAt),
    isNull(passwordResets.revokedAt),
    purpose === undefined ? undefined : eq(passwordResets.purpose, purpose),
  );
  const revoked = await tx
    .update(passwordResets)
    .set({ revokedAt: at.toISOString() })
    .where(outstanding)
    .returning({ tokenHash: passwordResets.tokenHash });
  if (revoked.length === 0) return;
  await tx
    .update(mailOutbox)
    .set({ status: "cancelled", body: null })
    .where(
      and(
        inArray(
          mailOutbox.tokenHash,
          revoked.map((r) => r.tokenHash),
        ),
        inArray(mailOutbox.status, ["pending", "failed"]),
      ),
    );
}

export interface NewLink {
  tokenHash: string;
  userId: string;
  purpose: LinkPurpose;
  issuedBy: string;
  expiresAt: Date;
}

export interface NewMail {
  kind: OutboxKind;
  municipalityCode: string | null;
  toAddress: string;
  subject: string;
  body: string;
}

/**
 * Stores a new link and the message that carries it, in the caller's
 * transaction: the newest link of a purpose wins, so older outstanding ones
 * of the account are revoked first. Answers the outbox message id.
 */
export async function insertLinkInTx(tx: DbOrTx, link: NewLink, mail: NewMail, at: Date): Promise<string> {
  await revokeLinksInTx(tx, link.userId, at, link.purpose);
  await tx.insert(passwordResets).values({ ...link, expiresAt: link.expiresAt.toISOString() });
  const id = randomUUID();
  await tx.insert(mailOutbox).values({
    id,
    ...mail,
    userId: link.userId,
    tokenHash: link.tokenHash,
    createdAt: at.toISOString(),
  });
  return id;
}

/** `insertLinkInTx` in its own transaction. */
export async function insertLink(db: Db, link: NewLink, mail: NewMail, at: Date): Promise<string> {
  return withWriteLock(db, () => db.transaction((tx) => insertLinkInTx(tx, link, mail, at)));
}

/**
 * Uses a link once: sets the new password hash, marks the link used, revokes
 * every other outstanding link of the account and ends all its sessions, in
 * one transaction. Used, revoked and expired links are one answer: invalid.
 * A link of an account whose municipality is archived is invalid too.
 */
export async function redeemPasswordReset(
  db: Db,
  tokenHash: string,
  passwordHash: string,
  now: Date,
): Promise<{ outcome: "ok"; userId: string; purpose: LinkPurpose } | { outcome: "invalid" }> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const [found] = await tx
        .select({ reset: passwordResets, user: users, archivedAt: municipalities.archivedAt })
        .from(passwordResets)
        .innerJoin(users, eq(users.id, passwordResets.userId))
        .leftJoin(municipalities, eq(municipalities.code, users.municipalityCode))
        .where(eq(passwordResets.tokenHash, tokenHash));
      const reset = found?.reset;
      if (
        !found ||
        !reset ||
        reset.usedAt !== null ||
        reset.revokedAt !== null ||
        reset.expiresAt <= now.toISOString() ||
        found.user.disabledAt !== null ||
        found.archivedAt !== null
      ) {
        return { outcome: "invalid" as const };
      }
      await tx
        .update(passwordResets)
        .set({ usedAt: now.toISOString() })
        .where(eq(passwordResets.tokenHash, tokenHash));
      await revokeLinksInTx(tx, reset.userId, now);
      await tx.update(users).set({ passwordHash, awaitingPassword: false }).where(eq(users.id, reset.userId));
      await tx.delete(sessions).where(eq(sessions.userId, reset.userId));
      return { outcome: "ok" as const, userId: reset.userId, purpose: reset.purpose };
    }),
  );
}

/** Messages of the given kinds, newest first (bodies included: callers decide what to show). */
export async function listOutbox(db: Db, kinds: readonly OutboxKind[]): Promise<OutboxRow[]> {
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(inArray(mailOutbox.kind, [...kinds]))
    .orderBy(asc(mailOutbox.createdAt));
  return rows.reverse();
}

/** Messages waiting for delivery, oldest first. */
export async function pendingMail(db: Db, limit: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.status, "pending"))
    .orderBy(asc(mailOutbox.createdAt))
    .limit(limit);
}

/** A delivered message forgets its body (the link lives on only in the recipient's mailbox). */
export async function markMailSent(db: Db, id: string, at: Date): Promise<void> {
  await withWriteLock(db, () =>
    db
      .update(mailOutbox)
      .set({ status: "sent", body: null, sentAt: at.toISOString(), lastError: null })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "pending"))),
  );
}

/** A failed attempt: counted; after `maxAttempts` the message is `failed` (and keeps its body for a retry by hand). */
export async function markMailAttemptFailed(
  db: Db,
  id: string,
  error: string,
  maxAttempts: number,
): Promise<void> {
  await withWriteLock(db, async () => {
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    if (row?.status !== "pending") return;
    const attempts = row.attempts + 1;
    await db
      .update(mailOutbox)
      .set({
        attempts,
        lastError: error.slice(0, 500),
        status: attempts >= maxAttempts ? "failed" : "pending",
      })
      .where(eq(mailOutbox.id, id));
  });
}
