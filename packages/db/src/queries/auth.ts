import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, ne, or } from "drizzle-orm";
import type { Db } from "../client";
import { passwordResets, sessions, users } from "../schema";
import { withWriteLock } from "./writeLock";

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = Omit<typeof users.$inferInsert, "id" | "createdAt"> & { id?: string };
export type SessionRow = typeof sessions.$inferSelect;
export type Role = UserRow["role"];

/** Every role, most powerful first. */
export const ROLES: readonly Role[] = [
  "platform_admin",
  "municipal_staff",
  "coordinator",
  "driver",
  "resident",
] as const;

export async function createUser(db: Db, input: NewUserRow): Promise<UserRow> {
  const [row] = await withWriteLock(db, () =>
    db
      .insert(users)
      .values({ ...input, id: input.id ?? randomUUID(), email: input.email.toLowerCase() })
      .returning(),
  );
  if (!row) throw new Error("insert returned no row");
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

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await withWriteLock(db, () => db.update(users).set({ passwordHash }).where(eq(users.id, userId)));
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
    .where(and(eq(sessions.idHash, idHash), isNull(users.disabledAt)));
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

/** Sign-out everywhere; `keep` spares one session (the one changing the password). */
export async function deleteUserSessions(db: Db, userId: string, keep?: string): Promise<void> {
  await withWriteLock(db, () =>
    db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), keep === undefined ? undefined : ne(sessions.idHash, keep))),
  );
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

export async function insertPasswordReset(
  db: Db,
  input: { tokenHash: string; userId: string; issuedBy: string; expiresAt: Date },
): Promise<void> {
  await withWriteLock(db, () =>
    db.insert(passwordResets).values({ ...input, expiresAt: input.expiresAt.toISOString() }),
  );
}

/**
 * Uses a reset token once: sets the new password hash, marks the token used
 * and ends every session of the account, in one transaction.
 */
export async function redeemPasswordReset(
  db: Db,
  tokenHash: string,
  passwordHash: string,
  now: Date,
): Promise<{ outcome: "ok"; userId: string } | { outcome: "invalid" }> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const [reset] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
      if (!reset || reset.usedAt !== null || reset.expiresAt < now.toISOString()) {
        return { outcome: "invalid" as const };
      }
      await tx
        .update(passwordResets)
        .set({ usedAt: now.toISOString() })
        .where(eq(passwordResets.tokenHash, tokenHash));
      await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId));
      await tx.delete(sessions).where(eq(sessions.userId, reset.userId));
      return { outcome: "ok" as const, userId: reset.userId };
    }),
  );
}
