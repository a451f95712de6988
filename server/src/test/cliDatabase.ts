import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, type Database, openDatabase } from "@tsunagu/db";
import { afterEach, beforeEach } from "vitest";
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

/** A CLI test's directory: fresh, with captured output and DATABASE_URL naming a database file in it (not created). */
export function cliDirectory(prefix: string, env: Record<string, string> = {}, file = "cli.db") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const url = `file:${path.join(dir, file)}`;
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    cwd: dir,
    env: { DATABASE_URL: url, ...env },
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    out,
    err,
  };
  return { dir, url, io, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Gives every test of the file its own cliDirectory (vitest hooks); `world.io` is the current test's. */
export function eachCliDirectory(prefix: string, env: Record<string, string> = {}) {
  const world = {} as { io: CliIo & { out: string[]; err: string[] }; cleanup(): void };
  beforeEach(() => {
    Object.assign(world, cliDirectory(prefix, env));
  });
  afterEach(() => world.cleanup());
  return world;
}

export async function cliDatabase(prefix: string): Promise<CliDatabase> {
  const { dir, url, io, cleanup } = cliDirectory(prefix, {}, "live.db");
  const database = await openDatabase(url);
  await applyMigrations(database);
  return {
    dir,
    url,
    database,
    io,
    cleanup: () => {
      database.close();
      cleanup();
    },
  };
}
