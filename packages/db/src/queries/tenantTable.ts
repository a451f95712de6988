import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, DbOrTx, DbTransaction } from "../client";
import { byId, selectChunked } from "./chunked";
import { withWriteLock } from "./writeLock";

/** A table whose rows belong to one municipality: an `id` key and a `municipality_code`. */
export type TenantTable = SQLiteTable & { id: SQLiteColumn; municipalityCode: SQLiteColumn };

/** Which rows a list shows: archived ones only when asked (a 「保管済みを表示」 filter). */
export interface ListOptions {
  withArchived?: boolean;
}

/** What a caller gives for a row: the table fills in the id, the municipality and the creation time. */
export type TenantValues<T extends TenantTable> = Omit<
  T["$inferInsert"],
  "id" | "municipalityCode" | "createdAt"
>;

/** The row a write just stored, read back; its absence is a bug, not a caller's mistake. */
export async function stored<T>(row: Promise<T | undefined> | T | undefined): Promise<T> {
  const found = await row;
  if (found === undefined) throw new Error("a row just written could not be read back");
  return found;
}

/**
 * The list/find/insert/update/delete of a table whose rows belong to a
 * municipality. Every statement is filtered by the municipality code, so an
 * id of another municipality reads, updates and deletes as "not found"
 * rather than leaking across tenants; writes queue behind this process's
 * other writers (withWriteLock).
 *
 * The casts below are the one place drizzle's per-table types are named for
 * a table given as a type parameter: the statements are the same for every
 * such table, the row type is the table's own.
 */
export function tenantTable<T extends TenantTable>(table: T, order: readonly (SQLiteColumn | SQL)[]) {
  type Row = T["$inferSelect"];
  const from = table as SQLiteTable;
  /** The rows of municipality `code`. */
  const inTown = (code: string) => eq(table.municipalityCode, code);
  /** Row `id` of municipality `code`. */
  const one = (code: string, id: string) => and(inTown(code), eq(table.id, id));
  /** The archive columns, on tables whose rows are archived rather than deleted when still in use. */
  const archivedAt = (table as { archivedAt?: SQLiteColumn }).archivedAt;
  /** Rows shown by default: not archived. */
  const shown = (options: ListOptions) =>
    archivedAt && !options.withArchived ? isNull(archivedAt) : undefined;
  const withValues = (code: string, values: TenantValues<T>, id: string) =>
    ({ ...values, id, municipalityCode: code }) as T["$inferInsert"];
  return {
    inTown,
    one,
    shown,
    /** The municipality's rows (archived ones only when asked), in the table's order. */
    async list(db: DbOrTx, code: string, options: ListOptions = {}): Promise<Row[]> {
      return (await db
        .select()
        .from(from)
        .where(and(inTown(code), shown(options)))
        .orderBy(...order)) as Row[];
    },
    async find(db: DbOrTx, code: string, id: string): Promise<Row | undefined> {
      const [row] = await db.select().from(from).where(one(code, id));
      return row as Row | undefined;
    },
    /** The municipality's rows among `ids`, by id (ids of others, or of none, are left out). */
    async byIds(db: DbOrTx, code: string, ids: readonly string[]): Promise<Map<string, Row>> {
      const rows = await selectChunked(ids, (chunk) =>
        db
          .select()
          .from(from)
          .where(and(inTown(code), inArray(table.id, chunk))),
      );
      return byId(rows as (Row & { id: string })[]);
    },
    /** Stores a new row with a fresh id; `id` is given when the caller stores related rows with it. */
    async insert(db: Db, code: string, values: TenantValues<T>, id: string = randomUUID()): Promise<Row> {
      const [row] = await withWriteLock(db, () =>
        db
          .insert(table)
          .values(withValues(code, values, id))
          .returning(),
      );
      return stored(row as Row | undefined);
    },
    /** Inserts inside a caller's transaction, where related rows are stored with it. */
    async insertIn(tx: DbTransaction, code: string, values: TenantValues<T>, id: string) {
      await tx.insert(table).values(withValues(code, values, id));
    },
    /** The row after the change, or undefined when it is not this municipality's. */
    async update(
      db: Db,
      code: string,
      id: string,
      values: Partial<TenantValues<T>>,
    ): Promise<Row | undefined> {
      const [row] = await withWriteLock(db, () =>
        db
          .update(table)
          .set(values as Partial<T["$inferInsert"]>)
          .where(one(code, id))
          .returning(),
      );
      return row as Row | undefined;
    },
    /** Archives the row (reason: a code) or, with null, restores it; false when it is not this municipality's. */
    async setArchived(db: Db, code: string, id: string, archived: { at: string; reason: string } | null) {
      if (!archivedAt) throw new Error("this table keeps no archive columns");
      const values = { archivedAt: archived?.at ?? null, archivedReason: archived?.reason ?? null };
      const rows = await withWriteLock(db, () =>
        db
          .update(table)
          .set(values as Partial<T["$inferInsert"]>)
          .where(one(code, id))
          .returning({ id: table.id }),
      );
      return rows.length > 0;
    },
    /**
     * Deletes the row; `before` removes what hangs on it (link rows) in the
     * same transaction. False when it is not this municipality's.
     */
    async remove(db: Db, code: string, id: string, before?: (tx: DbTransaction) => Promise<unknown>) {
      return withWriteLock(db, () =>
        db.transaction(async (tx) => {
          const [found] = await tx.select({ id: table.id }).from(from).where(one(code, id));
          if (!found) return false;
          // Explicit, because SQLite's ON DELETE CASCADE depends on a per-connection pragma.
          await before?.(tx);
          await tx.delete(table).where(one(code, id));
          return true;
        }),
      );
    },
  };
}
