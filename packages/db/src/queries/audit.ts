import type { AuditQuery } from "@tsunagu/contract";
import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import { auditLog } from "../schema";
import { withWriteLock } from "./writeLock";

export type AuditRow = typeof auditLog.$inferSelect;
export type AuditEntry = Omit<typeof auditLog.$inferInsert, "id">;

/**
 * Appends audit entries. There is deliberately no update or delete function:
 * the table is append-only (triggers refuse both). Pass the transaction that
 * reads or writes the personal data so the entry commits with it.
 */
/** Appends entries inside the caller's transaction (with the change they record). */
export async function appendAuditInTx(tx: DbOrTx, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    await tx.insert(auditLog).values(entries.slice(i, i + 200));
  }
}

export async function appendAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += 200) {
        await tx.insert(auditLog).values(entries.slice(i, i + 200));
      }
    }),
  );
}

/** The contract's audit-log query: filters (ISO timestamps, inclusive) and paging. */
export type AuditFilters = AuditQuery;

/** A municipality's audit entries, newest first. */
export async function listAudit(
  db: DbOrTx,
  municipalityCode: string,
  filters: AuditFilters,
): Promise<AuditRow[]> {
  const conditions: SQL[] = [eq(auditLog.municipalityCode, municipalityCode)];
  if (filters.residentId) conditions.push(eq(auditLog.residentId, filters.residentId));
  if (filters.actorUserId) conditions.push(eq(auditLog.actorUserId, filters.actorUserId));
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.resourceType) conditions.push(eq(auditLog.resourceType, filters.resourceType));
  if (filters.from) conditions.push(gte(auditLog.at, filters.from));
  if (filters.to) conditions.push(lte(auditLog.at, filters.to));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filters.limit)
    .offset(filters.offset);
}
