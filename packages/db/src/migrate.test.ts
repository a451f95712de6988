import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "drizzle-orm/libsql/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { applyMigrations, migrationsFolder } from "./migrate";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Journal {
  entries: { idx: number; tag: string }[];
}
const journal = JSON.parse(
  readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"),
) as Journal;

/** A copy of the committed migrations cut after the first `count`, as an older release shipped them. */
function olderRelease(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-migrations-"));
  dirs.push(dir);
  cpSync(migrationsFolder, dir, { recursive: true });
  const cut: Journal = { ...journal, entries: journal.entries.slice(0, count) };
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(cut));
  return dir;
}

describe("migrations", () => {
  it("are forward-only: each release upgrades a database of the previous one with its data intact", async () => {
    for (let released = 1; released < journal.entries.length; released++) {
      const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-upgrade-"));
      dirs.push(dir);
      const database = await openDatabase(`file:${path.join(dir, "old.db")}`);
      await migrate(database.db, { migrationsFolder: olderRelease(released) });
      // Data written by the older release, in its own schema (raw SQL: today's code may not fit it).
      await database.client.execute(
        "INSERT INTO municipalities (code, name, prefecture, centre_lat, centre_lon) VALUES ('991007', 'テスト町', 'テスト県', 36, 138)",
      );
      await database.client.execute(
        `INSERT INTO requests (id, municipality_code, kind, date, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon, earliest, latest)
         VALUES ('rq-1', '991007', 'ride', '2026-12-01', 36.1, 138.1, 36.2, 138.2, '09:00', '10:00')`,
      );
      await applyMigrations(database);
      const requests = await database.client.execute("SELECT id, status, earliest FROM requests");
      expect(requests.rows.map((r) => ({ ...r }))).toEqual([
        { id: "rq-1", status: "submitted", earliest: "09:00" },
      ]);
      const applied = await database.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
      expect(Number(applied.rows[0]?.n)).toBe(journal.entries.length);
      database.close();
    }
  });

  it("never rewrite a released migration (tags are append-only and numbered in order)", () => {
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(entry.tag.startsWith(String(i).padStart(4, "0"))).toBe(true);
    });
    expect(journal.entries[0]?.tag).toBe("0000_initial");
    // Released migrations are frozen: a change to one must be a new migration instead.
    const released: Record<string, string> = {
      "0000_initial": "84823dcc830de4fe91b759ddd67276b39b44fcd5a7747c449a03a901bbd93f91",
      "0001_auth": "726d5c5c1824679b1bac8252b85663aec3ee97bb935dee57a434f96d94b4f519",
      "0002_match_runs": "110d175b2e8e2f6f06c56b9d085447728cc0b0685ac9271ee99882afbcd669d2",
      "0003_rate_limits": "06c074af28d16e8224794897a3d6cf007685ea05397f6eb61c862c525ed7e0f6",
    };
    for (const [tag, sha256] of Object.entries(released)) {
      const sql = readFileSync(path.join(migrationsFolder, `${tag}.sql`));
      expect(createHash("sha256").update(sql).digest("hex"), tag).toBe(sha256);
    }
  });
});
