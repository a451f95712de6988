import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("openDatabase (embedded file)", () => {
  it("enforces foreign keys on every connection, also the one libSQL opens after a transaction", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-client-"));
    dirs.push(dir);
    const database = await openDatabase(`file:${path.join(dir, "fk.db")}`);
    try {
      const { client } = database;
      await client.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
      await client.execute(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
      );
      // The local client hands its connection to a transaction and opens a fresh one for what follows.
      for (let round = 0; round < 2; round++) {
        const tx = await client.transaction("write");
        await tx.execute("INSERT INTO parent DEFAULT VALUES");
        await tx.commit();
        expect((await client.execute("PRAGMA foreign_keys")).rows[0]?.foreign_keys).toBe(1);
        await expect(client.execute("INSERT INTO child (parent_id) VALUES (999)")).rejects.toThrow(
          /FOREIGN KEY/,
        );
      }
      const inside = await client.transaction("write");
      await expect(inside.execute("INSERT INTO child (parent_id) VALUES (999)")).rejects.toThrow(
        /FOREIGN KEY/,
      );
      await inside.rollback();
    } finally {
      database.close();
    }
  });

  it("with synchronous normal, every pooled connection syncs at checkpoints only; full is the default", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-client-"));
    dirs.push(dir);
    const levels = async (synchronous?: "normal" | "full") => {
      const database = await openDatabase(`file:${path.join(dir, `${synchronous}.db`)}`, { synchronous });
      try {
        // Transactions hold distinct connections; each reads its own level.
        const held = await Promise.all([1, 2, 3].map(() => database.client.transaction("deferred")));
        const seen = [];
        for (const tx of held) seen.push((await tx.execute("PRAGMA synchronous")).rows[0]?.synchronous);
        for (const tx of held) tx.close();
        seen.push((await database.client.execute("PRAGMA synchronous")).rows[0]?.synchronous);
        return seen;
      } finally {
        database.close();
      }
    };
    expect(await levels("normal")).toEqual([1, 1, 1, 1]);
    expect(await levels()).toEqual([2, 2, 2, 2]);
  });
});
