/**
 * The platform operator's municipalities (issue 17 item 1) and the operator's
 * limits (issue 20 item 1): create by code (name and prefecture from N03),
 * the first admin only by an invitation mailed to the admin, archive, and no
 * way for the operator into a municipality's accounts.
 */
import { ManagedMunicipalitySchema, SessionSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, problem } from "../../test/calls";
import { makeMunicipality, makeResident } from "../../test/factories";
import { mailTo, tokenMailedTo } from "../../test/mail";
import { readSharedData, sharedDataAvailable } from "../../test/sharedData";
import { as, createTestApp, makeUser, signIn, type TestApp } from "../../test/testApp";

const KOSUGE_N03 = "yamanashi-kosuge/boundary_n03_19442_kosuge.geojson";
const hasKosuge = sharedDataAvailable(KOSUGE_N03);

let t: TestApp;
let operator: ReturnType<typeof as>;
let operatorId: string;

beforeAll(async () => {
  t = await createTestApp();
  const account = await makeUser(t.database, "platform_admin", null);
  operatorId = account.id;
  operator = as(t.app, await signIn(t.app, account.email));
});
afterAll(() => t.cleanup());

const created = async (response: Response) => {
  expect(response.status).toBe(201);
  return (await response.json()) as {
    municipality: ReturnType<typeof ManagedMunicipalitySchema.parse>;
    invitation: { resetPath?: string; expiresAt: string; messageId: string };
  };
};

/** The invited admin follows the mailed link: sets a password and is signed in. */
async function acceptInvitation(email: string, newPassword = "my own admin password") {
  const token = await tokenMailedTo(t.database, email);
  return t.app.request("/api/v1/auth/invitation", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, newPassword }),
  });
}

function auditActions(actorUserId: string) {
  return t.database.db
    .select()
    .from(schema.auditLog)
    .where(eq(schema.auditLog.actorUserId, actorUserId))
    .then((rows) => rows.map((r) => `${r.action} ${r.resourceType} ${r.municipalityCode}`));
}

describe("creating a municipality", () => {
  it.runIf(hasKosuge)(
    "by its 5-digit code and N03 file: name and prefecture from the file, admin invited by mail",
    async () => {
      const form = new FormData();
      form.set("code", "19442");
      form.set("adminEmail", "Admin@Kosuge.example.jp");
      form.set("preset", "rural");
      form.set("boundary", new Blob([new Uint8Array(readSharedData(KOSUGE_N03))]), "kosuge.geojson");
      const body = await created(await operator("/api/v1/municipalities", { method: "POST", body: form }));
      expect(body.municipality).toMatchObject({
        code: "194425",
        name: "小菅村",
        prefecture: "山梨県",
        preset: "rural",
        hasBoundary: true,
        archivedAt: null,
        admin: { email: "admin@kosuge.example.jp", state: "invited" },
      });
      expect(body.municipality.centre.lat).toBeCloseTo(35.76, 1);
      // No link, no password in the answer outside demo mode: only the message that carries it.
      expect(body.invitation.resetPath).toBeUndefined();
      expect(JSON.stringify(body)).not.toMatch(/token|password/i);
      const { message } = await mailTo(t.database, "admin@kosuge.example.jp");
      expect(message).toMatchObject({
        id: body.invitation.messageId,
        kind: "admin_invitation",
        status: "pending",
      });
      expect(message.body).toContain("/accept-invitation#token=");

      // The operator sees the message as 未送信 (pending), never its content.
      const outbox = await operator("/api/v1/platform/outbox");
      const text = await outbox.text();
      expect(text).toContain(body.invitation.messageId);
      expect(text).not.toContain("#token=");
      expect(text).not.toContain(message.body ?? "—");

      // The admin accepts: a password of their own, signed in at once.
      const accepted = await acceptInvitation("admin@kosuge.example.jp");
      expect(accepted.status).toBe(200);
      const session = SessionSchema.parse(await accepted.json());
      expect(session.user).toMatchObject({ role: "municipal_staff", municipalityCode: "194425" });
      const list = await (await operator("/api/v1/platform/municipalities")).json();
      expect(list.items.find((m: { code: string }) => m.code === "194425").admin.state).toBe("active");
      expect(await auditActions(operatorId)).toEqual(
        expect.arrayContaining(["create municipality 194425", "invite_admin user 194425"]),
      );
    },
  );

  it("refuses a wrong check digit with 422 naming body.code and the expected code", async () => {
    const response = await post(operator, "/api/v1/municipalities", {
      code: "194426",
      adminEmail: "x@example.jp",
      name: "小菅村",
      centreLat: 35.7,
      centreLon: 138.9,
    });
    expect(response.status).toBe(422);
    const p = await problem(response);
    expect(p.errors?.[0]?.path).toBe("body.code");
    expect(p.errors?.[0]?.message).toContain("194425");
    expect(await mailTo(t.database, "x@example.jp").catch(() => "none")).toBe("none");
  });

  it("without a boundary needs a name and a map centre; the prefecture comes from the code", async () => {
    const missing = await post(operator, "/api/v1/municipalities", {
      code: "17205",
      adminEmail: "a@suzu.example.jp",
    });
    expect(missing.status).toBe(422);
    expect((await problem(missing)).errors?.map((e) => e.path)).toEqual(["body.name", "body.centreLat"]);
    const body = await created(
      await post(operator, "/api/v1/municipalities", {
        code: "17205",
        name: "珠洲市",
        centreLat: 37.44,
        centreLon: 137.26,
        preset: "rural",
        adminEmail: "a@suzu.example.jp",
      }),
    );
    expect(body.municipality).toMatchObject({
      code: "172057",
      name: "珠洲市",
      prefecture: "石川県",
      hasBoundary: false,
    });
    const again = await post(operator, "/api/v1/municipalities", {
      code: "172057",
      name: "珠洲市",
      centreLat: 37.44,
      centreLon: 137.26,
      adminEmail: "b@suzu.example.jp",
    });
    expect(again.status).toBe(409);
  });

  it("refuses an N03 file without the municipality's features, naming the boundary field, and stores nothing", async () => {
    const form = new FormData();
    form.set("code", "20201");
    form.set("adminEmail", "nagano@example.jp");
    form.set(
      "boundary",
      new Blob([
        JSON.stringify({
          type: "FeatureCollection",
          features: [
            {
              type: "Feature",
              properties: { N03_007: "19442" },
              geometry: { type: "Point", coordinates: [138.9, 35.7] },
            },
          ],
        }),
      ]),
    );
    const response = await operator("/api/v1/municipalities", { method: "POST", body: form });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toMatch(/^body\.boundary/);
    const rows = await t.database.db
      .select()
      .from(schema.municipalities)
      .where(eq(schema.municipalities.code, "202011"));
    expect(rows).toEqual([]);
  });

  it("is the operator's alone", async () => {
    await makeMunicipality(t.database, "991007");
    const staff = as(
      t.app,
      await signIn(t.app, (await makeUser(t.database, "municipal_staff", "991007")).email),
    );
    const response = await post(staff, "/api/v1/municipalities", {
      code: "17205",
      name: "珠洲市",
      centreLat: 37.44,
      centreLon: 137.26,
      adminEmail: "c@suzu.example.jp",
    });
    expect(response.status).toBe(403);
  });
});

describe("the operator cannot become another account (issue 20 item 1)", () => {
  const CODE = "991023";
  let adminEmail: string;

  beforeAll(async () => {
    const body = await created(
      await post(operator, "/api/v1/municipalities", {
        code: CODE,
        name: "テスト村",
        prefecture: "テスト県",
        centreLat: 35.5,
        centreLon: 138.5,
        adminEmail: "first.admin@test.tsunagu.jp",
      }),
    );
    adminEmail = body.municipality.admin?.email ?? "";
  });

  it("may re-invite the first admin before acceptance (the older invitation dies), not after", async () => {
    const first = await tokenMailedTo(t.database, adminEmail);
    const again = await post(operator, `/api/v1/municipalities/${CODE}/admin-invitations`, {});
    expect(again.status).toBe(201);
    expect(((await again.json()) as { resetPath?: string }).resetPath).toBeUndefined();
    const dead = await t.app.request("/api/v1/auth/invitation", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: first, newPassword: "an admin password" }),
    });
    expect(dead.status).toBe(422);
    expect((await acceptInvitation(adminEmail)).status).toBe(200);
    const late = await post(operator, `/api/v1/municipalities/${CODE}/admin-invitations`, {});
    expect(late.status).toBe(409);
  });

  it("cannot open a staff account once the admin exists, nor issue a reset, nor list accounts", async () => {
    const open = await post(operator, `/api/v1/municipalities/${CODE}/users`, {
      email: "operator.backdoor@test.tsunagu.jp",
      displayName: "裏口",
      role: "municipal_staff",
    });
    expect(open.status).toBe(403);
    const [admin] = await t.database.db.select().from(schema.users).where(eq(schema.users.email, adminEmail));
    const reset = await post(
      operator,
      `/api/v1/municipalities/${CODE}/users/${admin?.id}/password-resets`,
      {},
    );
    expect(reset.status).toBe(403);
    expect((await operator(`/api/v1/municipalities/${CODE}/users`)).status).toBe(403);
    expect((await operator(`/api/v1/municipalities/${CODE}/audit-log`)).status).toBe(403);
    const accounts = await t.database.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, "operator.backdoor@test.tsunagu.jp"));
    expect(accounts).toEqual([]);
  });

  it("opens only the first admin of a municipality that has none, and never gets its link", async () => {
    const code = "991031";
    await makeMunicipality(t.database, code);
    const coordinator = await post(operator, `/api/v1/municipalities/${code}/users`, {
      email: "not.admin@test.tsunagu.jp",
      displayName: "調整",
      role: "coordinator",
    });
    expect(coordinator.status).toBe(422);
    const admin = await post(operator, `/api/v1/municipalities/${code}/users`, {
      email: "late.admin@test.tsunagu.jp",
      displayName: "管理者",
      role: "municipal_staff",
    });
    expect(admin.status).toBe(201);
    const body = (await admin.json()) as { reset: { resetPath?: string } };
    expect(body.reset.resetPath).toBeUndefined();
    expect((await mailTo(t.database, "late.admin@test.tsunagu.jp")).message.kind).toBe("admin_invitation");
    expect(await auditActions(operatorId)).toContain(`create user ${code}`);
  });

  it("never reads residents' personal data", async () => {
    const resident = await makeResident(t.database, CODE);
    expect((await operator(`/api/v1/municipalities/${CODE}/residents`)).status).toBe(403);
    expect((await operator(`/api/v1/municipalities/${CODE}/residents/${resident}`)).status).toBe(403);
    expect((await operator(`/api/v1/municipalities/${CODE}/drivers`)).status).toBe(403);
  });
});

describe("archiving", () => {
  it("keeps the data, ends the sessions, refuses sign-in, and takes it off the public list until unarchived", async () => {
    const code = "991040";
    await makeMunicipality(t.database, code);
    const resident = await makeResident(t.database, code);
    const staffAccount = await makeUser(t.database, "municipal_staff", code);
    const staff = await signIn(t.app, staffAccount.email);
    const colleague = await makeUser(t.database, "coordinator", code);
    const reset = await post(
      as(t.app, staff),
      `/api/v1/municipalities/${code}/users/${colleague.id}/password-resets`,
      {},
    );
    expect(reset.status).toBe(201);
    const token = await tokenMailedTo(t.database, colleague.email);
    const archived = await post(operator, `/api/v1/municipalities/${code}/archive`, {});
    expect(archived.status).toBe(200);
    expect(ManagedMunicipalitySchema.parse(await archived.json()).archivedAt).not.toBeNull();
    expect((await t.app.request("/api/v1/auth/session", { headers: staff })).status).toBe(401);
    await expect(signIn(t.app, staffAccount.email)).rejects.toThrow(/401/);
    // A link mailed before the archiving does not open the account either.
    const redeemed = await t.app.request("/api/v1/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, newPassword: "a password for nothing" }),
    });
    expect(redeemed.status).toBe(422);
    const publicList = (await (await t.app.request("/api/v1/municipalities")).json()) as {
      items: { code: string }[];
    };
    expect(publicList.items.map((m) => m.code)).not.toContain(code);
    const kept = await t.database.db.select().from(schema.residents).where(eq(schema.residents.id, resident));
    expect(kept).toHaveLength(1);

    expect((await post(operator, `/api/v1/municipalities/${code}/unarchive`, {})).status).toBe(200);
    await signIn(t.app, staffAccount.email);
    expect(await auditActions(operatorId)).toEqual(
      expect.arrayContaining([`archive municipality ${code}`, `unarchive municipality ${code}`]),
    );
  });
});
