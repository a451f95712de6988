import { openDatabase, schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { main } from "../cli";
import { hashToken } from "../domain/accounts/tokens";
import { eachCliDirectory } from "../test/cliDatabase";
import { sharedDataAvailable, sharedDataPath } from "../test/sharedData";

const KOSUGE_N03 = "yamanashi-kosuge/boundary_n03_19442_kosuge.geojson";

const world = eachCliDirectory("tsunagu-cli-municipality-", { PUBLIC_URL: "https://tsunagu.example.jp/" });

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
        world.io,
      );
      expect(world.io.err.join("")).toBe("");
      expect(code).toBe(0);
      const out = world.io.out.join("");
      expect(out).toContain("山梨県小菅村 (194425)");
      const token = /https:\/\/tsunagu\.example\.jp\/accept-invitation#token=([\w-]+)/.exec(out)?.[1];
      expect(token).toBeDefined();
      const database = await openDatabase(world.io.env.DATABASE_URL ?? "");
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
      world.io,
    );
    expect(code).toBe(2);
    expect(world.io.err.join("")).toMatch(/--code: check digit of 194426 is wrong.*194425/);
    const database = await openDatabase(world.io.env.DATABASE_URL ?? "");
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
      world.io,
    );
    expect(await main(["municipality", "archive", "172057"], world.io)).toBe(0);
    const database = await openDatabase(world.io.env.DATABASE_URL ?? "");
    const [row] = await database.db.select().from(schema.municipalities);
    expect(row?.archivedAt).not.toBeNull();
    expect(await main(["municipality", "unarchive", "172057"], world.io)).toBe(0);
    const [back] = await database.db.select().from(schema.municipalities);
    expect(back?.archivedAt).toBeNull();
    database.close();
  });
});
