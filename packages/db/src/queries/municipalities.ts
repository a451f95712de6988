import { eq, inArray, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import { municipalities, sessions, users } from "../schema";
import { withWriteLock } from "./writeLock";

export type MunicipalityRow = typeof municipalities.$inferSelect;
export type NewMunicipalityRow = Omit<typeof municipalities.$inferInsert, "createdAt" | "archivedAt">;

/** Every municipality, archived ones included (the operator's list). */
export async function listMunicipalities(db: Db): Promise<MunicipalityRow[]> {
  return db.select().from(municipalities).orderBy(municipalities.code);
}

/** The municipalities in service: archived ones are kept but no longer listed to the public. */
export async function listActiveMunicipalities(db: Db): Promise<MunicipalityRow[]> {
  return db
    .select()
    .from(municipalities)
    .where(isNull(municipalities.archivedAt))
    .orderBy(municipalities.code);
}

export async function findMunicipality(db: DbOrTx, code: string): Promise<MunicipalityRow | undefined> {
  const rows = await db.select().from(municipalities).where(eq(municipalities.code, code)).limit(1);
  return rows[0];
}

export async function insertMunicipalityInTx(tx: DbOrTx, row: NewMunicipalityRow): Promise<MunicipalityRow> {
  const [inserted] = await tx.insert(municipalities).values(row).returning();
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

/**
 * Archives (at a time) or brings back (null) a municipality. Archiving keeps
 * every row and ends every session of its accounts in the same transaction;
 * sign-in then refuses them while it stays archived.
 */
export async function setMunicipalityArchived(db: Db, code: string, at: Date | null): Promise<void> {
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await tx
        .update(municipalities)
        .set({ archivedAt: at?.toISOString() ?? null })
        .where(eq(municipalities.code, code));
      if (at === null) return;
      const accounts = tx.select({ id: users.id }).from(users).where(eq(users.municipalityCode, code));
      await tx.delete(sessions).where(inArray(sessions.userId, accounts));
    }),
  );
}
