import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, type Database, openDatabase } from "@tsunagu/db";
import type { CliIo } from "../cli/io";

/** A CLI test's world: an embedded database file in a fresh directory, opened and migrated, and captured output. */
export interface CliDatabase {
  dir: string;
  url: string;
  /** Stays open through the test: the "running server". */
  database: Database;
  io: CliIo & { out: string[]; err: string[] };
  cleanup(): void;
}

export async function cliDatabase(prefix: string): Promise<CliDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const url = `file:${path.join(dir, "live.db")}`;
  const database = await openDatabase(url);
  await applyMigrations(database);
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    cwd: dir,
    env: { DATABASE_URL: url },
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    out,
    err,
  };
  return {
    dir,
    url,
    database,
    io,
    cleanup: () => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
