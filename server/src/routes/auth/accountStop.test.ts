/**
 * Stopping and restoring an account (issue 24 item 8): a stopped account cannot sign in, its
 * sessions end and its outstanding links die at once, and both moves are in the access log.
 * Only the municipality's staff, for its other accounts.
 */
import { UserAccountSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, problem } from "../../test/calls";
import { makeMunicipality } from "../../test/factories";
import { tokenMailedTo } from "../../test/mail";
import { type AuthHeaders, as, createTestApp, makeUser, signIn, type TestApp } from "../../test/testApp";

const CODE = "991007";
const OTHER = "991015";

let t: TestApp;
let staffAuth: AuthHeaders;
let staffId: string;

beforeAll(async () => {
  t = await createTestApp();
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  const staff = await makeUser(t.database, "municipal_staff", CODE);
  staffId = staff.id;
  staffAuth = await signIn(t.app, staff.email);
});
afterAll(() => t.cleanup());

const users = (code = CODE) => `/api/v1/municipalities/${code}/users`;
const stop = (auth: AuthHeaders, id: string, code = CODE) =>
  post(as(t.app, auth), `${users(code)}/${id}/disable`, {});
const restore = (auth: AuthHeaders, id: string, code = CODE) =>
  post(as(t.app, auth), `${users(code)}/${id}/enable`, {});
const session = (auth: AuthHeaders) => as(t.app, auth)("/api/v1/auth/session");

/** Whether the account's password still signs it in. */
const canSignIn = (email: string) =>
  signIn(t.app, email).then(
    () => true,
    () => false,
  );

async function auditActions(userId: string) {
  const rows = await t.database.db
    .select()
    .from(schema.auditLog)
    .where(eq(schema.auditLog.resourceId, userId));
  return rows.map((r) => `${r.action} ${r.resourceType}`);
}

describe("stopping an account (利用停止)", () => {
  it("ends its sessions and links at once, refuses its sign-in, and is audited; restoring lets it in again", async () => {
    const coordinator = await makeUser(t.database, "coordinator", CODE);
    const signedIn = await signIn(t.app, coordinator.email);
    expect((await session(signedIn)).status).toBe(200);
    const reset = await post(as(t.app, staffAuth), `${users()}/${coordinator.id}/password-resets`, {});
    expect(reset.status).toBe(201);
    const token = await tokenMailedTo(t.database, coordinator.email);

    const stopped = await stop(staffAuth, coordinator.id);
    expect(stopped.status).toBe(200);
    const account = UserAccountSchema.parse(await stopped.json());
    expect(account.disabledAt).not.toBeNull();
    expect((await session(signedIn)).status).toBe(401);
    expect(await canSignIn(coordinator.email)).toBe(false);
    const redeemed = await t.app.request("/api/v1/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, newPassword: "a brand new password" }),
    });
    expect((await problem(redeemed)).errors?.[0]?.path).toBe("body.token");

    // Stopping it again keeps the first stop's time.
    const again = UserAccountSchema.parse(await (await stop(staffAuth, coordinator.id)).json());
    expect(again.disabledAt).toBe(account.disabledAt);

    const restored = await restore(staffAuth, coordinator.id);
    expect(restored.status).toBe(200);
    expect(UserAccountSchema.parse(await restored.json()).disabledAt).toBeNull();
    expect(await canSignIn(coordinator.email)).toBe(true);
    expect(await auditActions(coordinator.id)).toEqual(
      expect.arrayContaining(["disable user", "enable user"]),
    );
    const listed = (await (await as(t.app, staffAuth)(users())).json()) as {
      items: { id: string; disabledAt: string | null }[];
    };
    expect(listed.items.find((u) => u.id === coordinator.id)?.disabledAt).toBeNull();
  });

  it("refuses the caller's own account (422 naming param.id)", async () => {
    for (const move of [stop, restore]) {
      const response = await move(staffAuth, staffId);
      expect(response.status).toBe(422);
      expect((await problem(response)).errors?.[0]).toMatchObject({ path: "param.id", code: "own_account" });
    }
    expect((await session(staffAuth)).status).toBe(200);
  });

  it("answers 404 for another municipality's account, and for an unknown one", async () => {
    const elsewhere = await makeUser(t.database, "coordinator", OTHER);
    const response = await stop(staffAuth, elsewhere.id);
    expect(response.status).toBe(404);
    expect((await stop(staffAuth, "no-such-account")).status).toBe(404);
    // Asked through the other municipality's path, the staff of CODE is not its staff.
    expect((await stop(staffAuth, elsewhere.id, OTHER)).status).toBe(404);
    expect(await canSignIn(elsewhere.email)).toBe(true);
  });

  it("refuses a driver, a coordinator and the platform operator (403)", async () => {
    const target = await makeUser(t.database, "resident", CODE);
    for (const role of ["driver", "coordinator", "platform_admin"] as const) {
      const caller = await makeUser(t.database, role, role === "platform_admin" ? null : CODE);
      const auth = await signIn(t.app, caller.email);
      expect((await stop(auth, target.id)).status).toBe(403);
      expect((await restore(auth, target.id)).status).toBe(403);
    }
    expect(await canSignIn(target.email)).toBe(true);
  });
});
