import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli";
import { hashToken } from "../domain/accounts/tokens";
import { sharedDataAvailable, sharedDataPath } from "../test/sharedData";
import type { CliIo } from "./io";

const KOSUGE_N03 = "yamanashi-kosuge/boundary_n03_19442_kosuge.geojson";

let dir: string;
let io: CliIo & { out: string[]; err: string[] };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tsunagu-cli-municipality-"));
  const out: string[] = [];
  const err: string[] = [];
  io = {
    cwd: dir,
    env: { DATABASE_URL: `file:${path.join(dir, "cli.db")}`, PUBLIC_URL: "https://tsunagu.example.jp/" },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    out,
    err,
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run tsunagu -- municipality", () => {
  it.runIf(sharedDataAvailable(KOSUGE_N03))(
    "create --code --boundary --admin-email prints the first admin's one-time invitation link",
    async () => {
      const code = await main(
        [
          "municipality",
          "create",
          "--code",
          "194425",
          "--boundary",
          sharedDataPath(KOSUGE_N03),
          "--admin-email",
          "admin@kosuge.example.jp",
        ],
        io,
      );
      expect(io.err.join("")).toBe("");
      expect(code).toBe(0);
      const out = io.out.join("");
      expect(out).toContain("山梨県小菅村 (194425)");
      const token = /https:\/\/tsunagu\.example\.jp\/accept-invitation#token=([\w-]+)/.exec(out)?.[1];
      expect(token).toBeDefined();
      const database = await openDatabase(io.env.DATABASE_URL ?? "");
      const [link] = await database.db
        .select()
        .from(schema.passwordResets)
        .where(eq(schema.passwordResets.tokenHash, hashToken(token ?? "")));
      expect(link).toMatchObject({ purpose: "invitation", usedAt: null, revokedAt: null });
      const [admin] = await database.db
        .select()
        .from(schema.users)
        .where(eq(schema.users.id, link?.userId ?? ""));
      expect(admin).toMatchObject({
        role: "municipal_staff",
        municipalityCode: "194425",
        awaitingPassword: true,
      });
      database.close();
    },
  );

  it("refuses a wrong check digit, naming --code, and creates nothing", async () => {
    const code = await main(
      [
        "municipality",
        "create",
        "--code",
        "194426",
        "--admin-email",
        "a@example.jp",
        "--name",
        "小菅村",
        "--lat",
        "35.7",
        "--lon",
        "138.9",
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(/--code: check digit of 194426 is wrong.*194425/);
    const database = await openDatabase(io.env.DATABASE_URL ?? "");
    expect(await database.db.select().from(schema.municipalities)).toEqual([]);
    database.close();
  });

  it("archives and unarchives", async () => {
    await main(
      [
        "municipality",
        "create",
        "--code",
        "17205",
        "--admin-email",
        "a@suzu.example.jp",
        "--name",
        "珠洲市",
        "--lat",
        "37.44",
        "--lon",
        "137.26",
      ],
      io,
    );
    expect(await main(["municipality", "archive", "172057"], io)).toBe(0);
    const database = await openDatabase(io.env.DATABASE_URL ?? "");
    const [row] = await database.db.select().from(schema.municipalities);
    expect(row?.archivedAt).not.toBeNull();
    expect(await main(["municipality", "unarchive", "172057"], io)).toBe(0);
    const [back] = await database.db.select().from(schema.municipalities);
    expect(back?.archivedAt).toBeNull();
    database.close();
  });
});
