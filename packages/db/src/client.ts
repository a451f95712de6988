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
/** Connections the embedded client may hold at once (libSQL's default, stated so `everyConnection` reaches all). */
const EMBEDDED_CONNECTIONS = 20;

/**
 * When a commit of the embedded file waits for the disk (SQLite's `synchronous`, in WAL mode):
 * `normal` syncs at checkpoints only — a committed transaction survives a crash or `kill -9` of the
 * process, and the file stays consistent after a power loss, but the last commits before a power
 * loss may be rolled back; `full` syncs the log at every commit, durable against power loss too.
 * The embedded driver is synchronous, so every sync blocks the event loop (docs/benchmarks.md, load).
 */
export type Synchronous = "normal" | "full";

export interface OpenOptions {
  authToken?: string | undefined;
  /** Embedded file only; default `full` (SQLite's own default). The server passes its DATABASE_SYNCHRONOUS. */
  synchronous?: Synchronous | undefined;
}

/**
 * Opens the database named by a libSQL URL: `file:` for the embedded file
 * (the default), `libsql:`/`http(s):` for a libSQL server. The same code runs
 * on both; only the URL changes.
 */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const { authToken, synchronous = "full" } = options;
  // `timeout` is the busy timeout of EVERY pooled connection (the PRAGMA below only reaches the
  // first one; without it a second process's write fails at once with SQLITE_BUSY).
  const client = createClient(
    authToken
      ? { url, authToken, timeout: BUSY_TIMEOUT_MS }
      : { url, timeout: BUSY_TIMEOUT_MS, concurrency: EMBEDDED_CONNECTIONS },
  );
  if (url.startsWith("file:")) {
    // WAL lets readers run beside the single writer, and several processes share the file;
    // busy_timeout makes a writer wait for the lock instead of failing at once.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (synchronous === "normal") await everyConnection(client, "PRAGMA synchronous = NORMAL");
  }
  // libSQL opens its embedded connections with foreign keys on (a transaction takes the current
  // connection and the client opens a fresh one; client.test.ts checks both); the PRAGMA says so
  // explicitly for the connection at hand and for a libSQL server.
  await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.close() };
}

/**
 * Runs a per-connection PRAGMA on every connection of the embedded client's pool. The client opens
 * its connections lazily and offers no hook, so each is borrowed at once by an open transaction
 * (which holds a distinct connection) and the PRAGMA runs between a ROLLBACK and a new BEGIN (SQLite
 * refuses `synchronous` inside a transaction). A connection the pool replaces later (after an
 * error) starts with SQLite's default again: slower, never less safe.
 */
async function everyConnection(client: Client, pragma: string): Promise<void> {
  const held = await Promise.all(
    Array.from({ length: EMBEDDED_CONNECTIONS }, () => client.transaction("deferred")),
  );
  try {
    for (const tx of held) await tx.executeMultiple(`ROLLBACK; ${pragma}; BEGIN DEFERRED`);
  } finally {
    for (const tx of held) tx.close();
  }
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
