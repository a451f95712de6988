import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";

export type Db = LibSQLDatabase<typeof schema>;
/** A transaction handle; query functions accept it wherever they accept a Db. */
export type DbTransaction = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction (a nested `transaction()` becomes a savepoint). */
export type DbOrTx = Db | DbTransaction;
export interface Database {
  db: Db;
  client: Client;
  close(): void;
}

/**
 * Opens the database named by a libSQL URL: `file:` for the embedded file
 * (the default), `libsql:`/`http(s):` for a libSQL server. The same code runs
 * on both; only the URL changes.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const client = createClient(authToken ? { url, authToken } : { url });
  if (url.startsWith("file:")) {
    // WAL lets readers run beside the single writer, and several processes share the file;
    // busy_timeout makes a writer wait for the lock instead of failing at once.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.close() };
}

/** Answers whether the database can serve a query right now (for /api/health). */
export async function pingDatabase(database: Database): Promise<boolean> {
  try {
    await database.client.execute("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
