import { openDatabase, schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { main } from "../cli";
import { inviteOperator } from "../domain/accounts/operators";
import { hashToken } from "../domain/accounts/tokens";
import { DomainError } from "../domain/errors";
import { eachCliDirectory } from "../test/cliDatabase";

const world = eachCliDirectory("tsunagu-cli-operator-", { PUBLIC_URL: "https://tsunagu.example.jp" });

describe("npm run tsunagu -- operator invite", () => {
  it("opens a platform operator with no usable password and prints a one-time invitation link", async () => {
    expect(
      await main(["operator", "invite", "--email", "Unei@Example.JP", "--name", "運営 太郎"], world.io),
    ).toBe(0);
    expect(world.io.err.join("")).toBe("");
    const token = /https:\/\/tsunagu\.example\.jp\/accept-invitation#token=([\w-]+)/.exec(
      world.io.out.join(""),
    )?.[1];
    expect(token).toBeDefined();
    const database = await openDatabase(world.io.env.DATABASE_URL ?? "");
    const [user] = await database.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, "unei@example.jp"));
    expect(user).toMatchObject({
      role: "platform_admin",
      municipalityCode: null,
      displayName: "運営 太郎",
      awaitingPassword: true,
    });
    const [link] = await database.db
      .select()
      .from(schema.passwordResets)
      .where(eq(schema.passwordResets.tokenHash, hashToken(token ?? "")));
    expect(link).toMatchObject({ userId: user?.id, purpose: "invitation", usedAt: null });
    const audit = await database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "invite_operator"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.ip).toBe("cli");
    database.close();
  });

  it("refuses a taken address (exit 1), a missing one (exit 2), and any caller but the console", async () => {
    expect(await main(["operator", "invite", "--email", "unei@example.jp"], world.io)).toBe(0);
    expect(await main(["operator", "invite", "--email", "unei@example.jp"], world.io)).toBe(1);
    expect(world.io.err.join("")).toContain("already has an account");
    expect(await main(["operator", "invite"], world.io)).toBe(2);
    expect(await main(["operator", "invite", "--email", "not-an-address"], world.io)).toBe(2);

    const database = await openDatabase(world.io.env.DATABASE_URL ?? "");
    const signedIn = {
      db: database.db,
      now: new Date(),
      caller: {
        userId: "u1",
        role: "platform_admin" as const,
        municipalityCode: null,
        residentId: null,
        driverId: null,
      },
      trace: { requestId: null, ip: null },
    };
    await expect(
      inviteOperator(signedIn, { email: "second@example.jp" }, { baseUrl: "x", showLink: false }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await database.db.select().from(schema.users)).toHaveLength(1);
    database.close();
  });
});
