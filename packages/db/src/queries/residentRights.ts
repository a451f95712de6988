import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, requestEvents, requests, residents, sessions, users } from "../schema";
import type { AuditEntry } from "./audit";
import { withWriteLock } from "./writeLock";

/** Everything Tsunagu holds about one resident (their right of access). */
export async function residentDataExport(db: Db, municipalityCode: string, residentId: string) {
  const [resident] = await db
    .select()
    .from(residents)
    .where(and(eq(residents.municipalityCode, municipalityCode), eq(residents.id, residentId)));
  if (!resident) return undefined;
  const requestRows = await db
    .select()
    .from(requests)
    .where(and(eq(requests.municipalityCode, municipalityCode), eq(requests.residentId, residentId)));
  const ids = requestRows.map((r) => r.id);
  const events =
    ids.length > 0 ? await db.select().from(requestEvents).where(inArray(requestEvents.requestId, ids)) : [];
  const accounts = await db
    .select({ email: users.email, role: users.role, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.residentId, residentId));
  const access = await db
    .select({ at: auditLog.at, action: auditLog.action, actorRole: auditLog.actorRole })
    .from(auditLog)
    .where(eq(auditLog.residentId, residentId));
  return { resident, requests: requestRows, requestEvents: events, accounts, accessLog: access };
}

/**
 * Erases a resident's personal fields (right to erasure) and closes their
 * accounts, in one transaction with the audit entry. Kept, so reports stay
 * correct: the resident row id, mobility flags, and each request's kind,
 * date, times, status and places — with home points coarsened to ~1 km
 * (two decimals) so the trip no longer points at a house. Free text
 * (notes, reasons) is dropped.
 */
export async function eraseResident(
  db: Db,
  municipalityCode: string,
  residentId: string,
  now: Date,
  audit: AuditEntry,
): Promise<boolean> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .update(residents)
        .set({
          name: null,
          nameKana: null,
          phone: null,
          address: null,
          lat: null,
          lon: null,
          birthYear: null,
          erasedAt: now.toISOString(),
        })
        .where(and(eq(residents.municipalityCode, municipalityCode), eq(residents.id, residentId)))
        .returning({ id: residents.id });
      if (!row) return false;
      const own = and(eq(requests.municipalityCode, municipalityCode), eq(requests.residentId, residentId));
      await tx
        .update(requests)
        .set({
          notes: null,
          statusReason: null,
          parcelDescription: null,
          receiverName: null,
          receiverPhone: null,
        })
        .where(own);
      await tx
        .update(requests)
        .set({
          pickupLat: sql`round(${requests.pickupLat}, 2)`,
          pickupLon: sql`round(${requests.pickupLon}, 2)`,
        })
        .where(and(own, eq(requests.pickupHome, true)));
      await tx
        .update(requests)
        .set({
          dropoffLat: sql`round(${requests.dropoffLat}, 2)`,
          dropoffLon: sql`round(${requests.dropoffLon}, 2)`,
        })
        .where(and(own, eq(requests.dropoffHome, true)));
      const ids = (await tx.select({ id: requests.id }).from(requests).where(own)).map((r) => r.id);
      if (ids.length > 0)
        await tx.update(requestEvents).set({ reason: null }).where(inArray(requestEvents.requestId, ids));
      const accounts = await tx.select({ id: users.id }).from(users).where(eq(users.residentId, residentId));
      for (const account of accounts) {
        await tx.update(users).set({ disabledAt: now.toISOString() }).where(eq(users.id, account.id));
        await tx.delete(sessions).where(eq(sessions.userId, account.id));
      }
      await tx.insert(auditLog).values(audit);
      return true;
    }),
  );
}
