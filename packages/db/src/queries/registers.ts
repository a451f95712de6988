import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, drivers, driverVehicles, places, residents, vehicles } from "../schema";
import type { AuditEntry } from "./audit";
import { withWriteLock } from "./writeLock";

/** The registers a CSV/XLSX file imports into. */
export const REGISTER_TABLES = { places, vehicles, drivers, residents } as const;
export type RegisterTable = keyof typeof REGISTER_TABLES;

type Insert<K extends RegisterTable> = Omit<
  (typeof REGISTER_TABLES)[K]["$inferInsert"],
  "id" | "municipalityCode" | "createdAt"
>;

/** The columns of a row of one of the registers. */
export type RegisterValues = { [T in RegisterTable]: Insert<T> }[RegisterTable];

/** One register row to store: its id (new rows get theirs from the caller), whether it exists, its columns. */
export interface RegisterWrite {
  id: string;
  exists: boolean;
  values: RegisterValues;
  /** Drivers only: the vehicles they may drive (replaces the earlier list). */
  vehicleIds?: readonly string[];
}

/**
 * Stores a whole register file — inserts and updates, the drivers' vehicles
 * and the audit entries of personal data — in one transaction: all rows or
 * none. Every update is scoped by the municipality.
 */
export async function saveRegisterRows(
  db: Db,
  code: string,
  kind: RegisterTable,
  rows: readonly RegisterWrite[],
  audit: readonly AuditEntry[],
): Promise<void> {
  // One table type for the loop: the rows' columns were built for this table by the caller.
  const table = REGISTER_TABLES[kind] as typeof places;
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      for (const row of rows) {
        const values = row.values as unknown as Insert<"places">;
        if (row.exists)
          await tx
            .update(table)
            .set(values)
            .where(and(eq(table.municipalityCode, code), eq(table.id, row.id)));
        else await tx.insert(table).values({ ...values, id: row.id, municipalityCode: code });
        if (kind === "drivers" && row.vehicleIds) {
          await tx.delete(driverVehicles).where(eq(driverVehicles.driverId, row.id));
          if (row.vehicleIds.length > 0)
            await tx
              .insert(driverVehicles)
              .values(row.vehicleIds.map((vehicleId) => ({ driverId: row.id, vehicleId })));
        }
      }
      for (let i = 0; i < audit.length; i += 200) await tx.insert(auditLog).values(audit.slice(i, i + 200));
    }),
  );
}

/** The ids of a register's rows in the municipality (to tell an update from an unknown id). */
export async function registerIds(db: Db, code: string, kind: RegisterTable): Promise<Set<string>> {
  const table = REGISTER_TABLES[kind] as typeof places;
  const rows = await db.select({ id: table.id }).from(table).where(eq(table.municipalityCode, code));
  return new Set(rows.map((r) => r.id));
}
