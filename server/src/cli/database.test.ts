import { existsSync } from "node:fs";
import path from "node:path";
import { type Database, openDatabase } from "@tsunagu/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli";
import { seedDemoTownIfEmpty } from "../seed/demoTown";
import { type CliDatabase, cliDatabase } from "../test/cliDatabase";
import type { CliIo } from "./io";

let dir: string;
let database: Database;
let io: CliIo & { out: string[]; err: string[] };
let world: CliDatabase;

beforeEach(async () => {
  world = await cliDatabase("tsunagu-backup-");
  ({ dir, database, io } = world);
  await seedDemoTownIfEmpty(database.db, { today: "2026-11-23" });
});
afterEach(() => world.cleanup());

/** Every table's rows, for before/after comparison. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables = await database.client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const result: Record<string, unknown[]> = {};
  for (const row of tables.rows) {
    const name = String(row.name);
    result[name] = (await database.client.execute(`SELECT * FROM "${name}" ORDER BY 1`)).rows.map((r) => ({
      ...r,
    }));
  }
  return result;
}

describe("backup and restore", () => {
  it("backs up while the database is in use and restores exactly that state", async () => {
    const before = await snapshot();
    expect(await main(["backup", "nightly.db"], io)).toBe(0);

    // Life goes on after the backup: a request is cancelled, another deleted.
    const ids = await database.client.execute("SELECT id FROM requests ORDER BY id LIMIT 2");
    const [first, second] = ids.rows.map((r) => String(r.id));
    await database.client.execute({
      sql: "UPDATE requests SET status = 'cancelled' WHERE id = ?",
      args: [first ?? ""],
    });
    await database.client.execute({ sql: "DELETE FROM requests WHERE id = ?", args: [second ?? ""] });
    expect(await snapshot()).not.toEqual(before);

    expect(await main(["restore", "nightly.db"], io)).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to overwrite an existing file and to restore something that is not a backup", async () => {
    expect(await main(["backup", "nightly.db"], io)).toBe(0);
    expect(await main(["backup", "nightly.db"], io)).toBe(2);
    expect(io.err.join("")).toContain("already exists");
    expect(await main(["restore", "missing.db"], io)).toBe(1);
    const other = await openDatabase(`file:${path.join(dir, "empty.db")}`);
    await other.client.execute("CREATE TABLE x (id INTEGER)");
    other.close();
    expect(await main(["restore", "empty.db"], io)).toBe(1);
    expect(io.err.join("")).toContain("not a Tsunagu backup");
  });

  it("restores into a database that does not exist yet, creating its schema first (no start needed)", async () => {
    const before = await snapshot();
    expect(await main(["backup", "nightly.db"], io)).toBe(0);
    const fresh = path.join(dir, "new-machine.db");
    const onNewMachine = { ...io, env: { ...io.env, DATABASE_URL: `file:${fresh}` } };
    expect(await main(["restore", "nightly.db"], onNewMachine)).toBe(0);
    const restored = await openDatabase(`file:${fresh}`);
    try {
      for (const [table, rows] of Object.entries(before)) {
        const count = await restored.client.execute(`SELECT count(*) AS n FROM "${table}"`);
        expect(Number(count.rows[0]?.n), table).toBe(rows.length);
      }
    } finally {
      restored.close();
    }
  });

  it("leaves no file behind when a restore into a new database is refused", async () => {
    const older = await openDatabase(`file:${path.join(dir, "older.db")}`);
    await older.client.execute(
      "CREATE TABLE __drizzle_migrations (id INTEGER, hash TEXT, created_at NUMERIC)",
    );
    await older.client.execute("INSERT INTO __drizzle_migrations VALUES (1, 'an-older-version', 1)");
    older.close();
    const fresh = path.join(dir, "refused.db");
    const onNewMachine = { ...io, env: { ...io.env, DATABASE_URL: `file:${fresh}` } };
    expect(await main(["restore", "older.db"], onNewMachine)).toBe(1);
    expect(io.err.join("")).toContain("same version");
    expect(existsSync(fresh)).toBe(false);
    expect(existsSync(`${fresh}-wal`)).toBe(false);
  });

  it("explains that a libSQL server is backed up with its own tools", async () => {
    const code = await main(["backup", "x.db"], { ...io, env: { DATABASE_URL: "libsql://db.example.jp" } });
    expect(code).toBe(2);
    expect(io.err.join("")).toContain("libSQL server");
  });
});
