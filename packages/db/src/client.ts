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

/** How long a writer waits for another connection's (or process's) write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database named by a libSQL URL: `file:` for the embedded file
 * (the default), `libsql:`/`http(s):` for a libSQL server. The same code runs
 * on both; only the URL changes.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  // `timeout` is the busy timeout of EVERY pooled connection (the PRAGMA below only reaches the
  // first one; without it a second process's write fails at once with SQLITE_BUSY).
  const client = createClient(
    authToken ? { url, authToken, timeout: BUSY_TIMEOUT_MS } : { url, timeout: BUSY_TIMEOUT_MS },
  );
  if (url.startsWith("file:")) {
    // WAL lets readers run beside the single writer, and several processes share the file;
    // busy_timeout makes a writer wait for the lock instead of failing at once.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  // libSQL opens its embedded connections with foreign keys on (a transaction takes the current
  // connection and the client opens a fresh one; client.test.ts checks both); the PRAGMA says so
  // explicitly for the connection at hand and for a libSQL server.
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
