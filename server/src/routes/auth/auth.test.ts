import {
  SessionSchema,
  TransportRequestDetailSchema,
  TransportRequestSchema,
  tokyoDate,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createApp } from "../../app";
import { problem } from "../../test/calls";
import { makeMunicipality, makePlace, makeResident, rideBody } from "../../test/factories";
import { tokenMailedTo } from "../../test/mail";
import {
  appOnDatabase,
  as,
  createTestApp,
  makeUser,
  signIn,
  signInAs,
  TEST_PASSWORD,
  type TestApp,
} from "../../test/testApp";

const CODE = "991007";
const OTHER = "991015";
const NOW = new Date("2026-06-01T01:00:00Z");

let t: TestApp;
let clock: { now: Date };
let app: ReturnType<typeof createApp>;
let clinic: string;
let alice: string; // resident with an account
let bob: string; // another resident of the same town

beforeAll(async () => {
  t = await createTestApp();
  clock = { now: NOW };
  app = appOnDatabase(t, () => clock.now);
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  clinic = await makePlace(t.database, CODE);
  alice = await makeResident(t.database, CODE, { name: "山田 花子" });
  bob = await makeResident(t.database, CODE, { name: "佐藤 次郎" });
});
afterAll(() => t.cleanup());

const env = () => ({ app, database: t.database });
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
/** A sign-in through the real endpoint (`origin` e.g. an https one), answered as is. */
const signInWith = (email: string, password = TEST_PASSWORD, origin = "") =>
  app.request(`${origin}/api/v1/auth/sign-in`, json({ email, password }));
/** One clinic ride; the tests here book it again and again, confirming the second booking of a trip. */
const ride = (residentId: string | null) => rideBody(clinic, { residentId, confirmDuplicate: true });
const sessionCookie = (headers: Record<string, string>) =>
  /tsunagu_session=([^;]+)/.exec(headers.cookie ?? "")?.[1] ?? "";

describe("sign-in and sessions", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie", async () => {
    const user = await makeUser(t.database, "municipal_staff", CODE);
    const response = await signInWith(user.email);
    expect(response.status).toBe(200);
    const body = SessionSchema.parse(await response.json());
    expect(body.user).toMatchObject({ email: user.email, role: "municipal_staff", municipalityCode: CODE });
    expect(JSON.stringify(body)).not.toContain("scrypt");
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("tsunagu_session="));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    const csrf = cookies.find((c) => c.startsWith("tsunagu_csrf="));
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toContain(body.csrfToken);
  });

  it("marks the cookies Secure under https", async () => {
    const user = await makeUser(t.database, "coordinator", CODE);
    const response = await signInWith(user.email, TEST_PASSWORD, "https://tsunagu.example");
    expect(response.status).toBe(200);
    for (const cookie of response.headers.getSetCookie()) expect(cookie).toMatch(/; Secure/);
  });

  it("answers a wrong password and an unknown email the same way, 401 problem+json", async () => {
    const user = await makeUser(t.database, "coordinator", CODE);
    const wrong = await signInWith(user.email, "not-the-password");
    const unknown = await signInWith("nobody@test.tsunagu.jp");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await problem(wrong)).detail).toBe((await problem(unknown)).detail);
  });

  it("makes a session id fixed before sign-in useless after it (new id at sign-in)", async () => {
    const user = await makeUser(t.database, "coordinator", CODE);
    const planted = "A".repeat(43);
    const response = await app.request(
      "/api/v1/auth/sign-in",
      json({ email: user.email, password: TEST_PASSWORD }, { cookie: `tsunagu_session=${planted}` }),
    );
    expect(response.status).toBe(200);
    const issued = /tsunagu_session=([^;]+)/.exec(response.headers.getSetCookie().join(";"))?.[1];
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    const withPlanted = await app.request("/api/v1/auth/session", {
      headers: { cookie: `tsunagu_session=${planted}` },
    });
    expect(withPlanted.status).toBe(401);
    // And a session that was valid before a second sign-in is dropped by it.
    const first = await signIn(app, user.email);
    const second = await app.request(
      "/api/v1/auth/sign-in",
      json({ email: user.email, password: TEST_PASSWORD }, { cookie: first.cookie ?? "" }),
    );
    expect(second.status).toBe(200);
    expect((await app.request("/api/v1/auth/session", { headers: first })).status).toBe(401);
  });

  it("audits a sign-in as the account signing in, even from a browser signed in as another", async () => {
    const admin = await makeUser(t.database, "platform_admin", null);
    const staff = await signInAs(env(), "municipal_staff", CODE);
    const response = await app.request(
      "/api/v1/auth/sign-in",
      json({ email: admin.email, password: TEST_PASSWORD }, { cookie: staff.cookie ?? "" }),
    );
    expect(response.status).toBe(200);
    const entries = await t.database.db.select().from(schema.auditLog);
    expect(entries.filter((e) => e.action === "sign_in" && e.resourceId === admin.id)).toEqual([
      expect.objectContaining({ actorUserId: admin.id, actorRole: "platform_admin", municipalityCode: null }),
    ]);
  });

  it("stores only a hash of the session id", async () => {
    const headers = await signInAs(env(), "coordinator", CODE);
    const id = sessionCookie(headers);
    const rows = await t.database.db.select().from(schema.sessions);
    expect(rows.some((r) => r.idHash === id)).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  it("ends a session after the idle timeout and after the absolute timeout", async () => {
    const idle = await signInAs(env(), "coordinator", CODE);
    clock.now = new Date(NOW.getTime() + 29 * 60_000);
    expect((await app.request("/api/v1/auth/session", { headers: idle })).status).toBe(200);
    clock.now = new Date(NOW.getTime() + (29 + 31) * 60_000);
    expect((await app.request("/api/v1/auth/session", { headers: idle })).status).toBe(401);

    clock.now = NOW;
    const busy = await signInAs(env(), "coordinator", CODE);
    // Active every 20 minutes, but 12 hours after sign-in it ends anyway.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      clock.now = new Date(NOW.getTime() + minutes * 60_000);
      expect((await app.request("/api/v1/auth/session", { headers: busy })).status).toBe(200);
    }
    clock.now = new Date(NOW.getTime() + (12 * 60 + 1) * 60_000);
    expect((await app.request("/api/v1/auth/session", { headers: busy })).status).toBe(401);
    clock.now = NOW;
  });

  it("signs out one session, or every session of the account", async () => {
    const user = await makeUser(t.database, "coordinator", CODE);
    const a = await signIn(app, user.email);
    const b = await signIn(app, user.email);
    const c = await signIn(app, user.email);
    expect((await app.request("/api/v1/auth/sign-out", { method: "POST", headers: a })).status).toBe(204);
    expect((await app.request("/api/v1/auth/session", { headers: a })).status).toBe(401);
    expect((await app.request("/api/v1/auth/session", { headers: b })).status).toBe(200);
    expect(
      (await app.request("/api/v1/auth/sign-out-everywhere", { method: "POST", headers: b })).status,
    ).toBe(204);
    expect((await app.request("/api/v1/auth/session", { headers: c })).status).toBe(401);
  });

  it("changes a password: checks the current one and the length, signs other sessions out", async () => {
    const user = await makeUser(t.database, "coordinator", CODE);
    const mine = await signIn(app, user.email);
    const elsewhere = await signIn(app, user.email);
    const change = (body: unknown) =>
      app.request("/api/v1/auth/password", { ...json(body, mine), method: "PUT" });
    const wrong = await change({ currentPassword: "nope", newPassword: "a much longer password" });
    expect((await problem(wrong)).errors?.[0]?.path).toBe("body.currentPassword");
    const short = await change({ currentPassword: TEST_PASSWORD, newPassword: "short" });
    expect((await problem(short)).errors?.[0]?.path).toBe("body.newPassword");
    expect(
      (await change({ currentPassword: TEST_PASSWORD, newPassword: "a much longer password" })).status,
    ).toBe(204);
    expect((await app.request("/api/v1/auth/session", { headers: mine })).status).toBe(200);
    expect((await app.request("/api/v1/auth/session", { headers: elsewhere })).status).toBe(401);
    await signIn(app, user.email, "a much longer password");
  });

  it("resets a password with an admin-issued one-time link, once", async () => {
    const staff = as(app, await signInAs(env(), "municipal_staff", CODE));
    const created = await staff(
      `/api/v1/municipalities/${CODE}/users`,
      json({ email: "new.coordinator@test.tsunagu.jp", displayName: "新任", role: "coordinator" }),
    );
    expect(created.status).toBe(201);
    const { reset } = (await created.json()) as { reset: { resetPath?: string } };
    // Outside demo mode the link goes only to the account's own address.
    expect(reset.resetPath).toBeUndefined();
    const token = await tokenMailedTo(t.database, "new.coordinator@test.tsunagu.jp");
    const redeem = () =>
      app.request("/api/v1/auth/password-reset", json({ token, newPassword: "first own password" }));
    expect((await redeem()).status).toBe(204);
    await signIn(app, "new.coordinator@test.tsunagu.jp", "first own password");
    const again = await redeem();
    expect((await problem(again)).errors?.[0]?.path).toBe("body.token");
    const rows = await t.database.db.select().from(schema.passwordResets);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated POST without the X-CSRF-Token header (a cross-site form post)", async () => {
    const headers = await signInAs(env(), "coordinator", CODE);
    const before = (await t.database.db.select().from(schema.requests)).length;
    const crossSite = await app.request(`/api/v1/municipalities/${CODE}/requests`, {
      method: "POST",
      headers: {
        cookie: headers.cookie ?? "",
        "content-type": "application/json",
        origin: "https://evil.example",
      },
      body: JSON.stringify(ride(alice)),
    });
    expect(crossSite.status).toBe(403);
    expect((await problem(crossSite)).title).toBe("csrf_failed");
    const otherSession = await signInAs(env(), "coordinator", CODE);
    const stolenToken = await app.request(
      `/api/v1/municipalities/${CODE}/requests`,
      json(ride(alice), { cookie: headers.cookie ?? "", "x-csrf-token": otherSession["x-csrf-token"] ?? "" }),
    );
    expect(stolenToken.status).toBe(403);
    expect((await t.database.db.select().from(schema.requests)).length).toBe(before);
    expect(
      (await app.request(`/api/v1/municipalities/${CODE}/requests`, json(ride(alice), headers))).status,
    ).toBe(201);
  });

  it("refuses a cross-site sign-in (login CSRF)", async () => {
    const user = await makeUser(t.database, "coordinator", CODE);
    const response = await app.request(
      "/api/v1/auth/sign-in",
      json({ email: user.email, password: TEST_PASSWORD }, { origin: "https://evil.example" }),
    );
    expect(response.status).toBe(403);
  });
});

describe("rate limits", () => {
  it("limits sign-in attempts per client with 429 problem+json and Retry-After", async () => {
    const limited = await createTestApp({ SIGNIN_BURST: "3", SIGNIN_PER_MINUTE: "1" });
    const attempt = () =>
      limited.app.request(
        "/api/v1/auth/sign-in",
        json({ email: "x@test.tsunagu.jp", password: "guess-guess-guess" }),
      );
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after")); // one token at 1/min
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await problem(blocked)).title).toBe("rate_limited");
    limited.cleanup();
  });

  it("counts sign-in attempts once for every server process on the database", async () => {
    // Two server processes = two apps on one database: the second sees the first one's attempts.
    const first = await createTestApp({ SIGNIN_BURST: "3", SIGNIN_PER_MINUTE: "1" });
    const second = appOnDatabase(first);
    const attempt = (app: { request: typeof second.request }) =>
      app.request(
        "/api/v1/auth/sign-in",
        json({ email: "x@test.tsunagu.jp", password: "guess-guess-guess" }),
      );
    expect((await attempt(first.app)).status).toBe(401);
    expect((await attempt(second)).status).toBe(401);
    expect((await attempt(first.app)).status).toBe(401);
    expect((await attempt(second)).status).toBe(429);
    expect((await attempt(first.app)).status).toBe(429);
    first.cleanup();
  });

  /** An app allowing `burst` request creations per account, with two places and a coordinator of CODE. */
  async function limitedApp(burst: number) {
    const limited = await createTestApp({ REQUEST_CREATE_BURST: String(burst) });
    await makeMunicipality(limited.database, CODE);
    const place = await makePlace(limited.database, CODE);
    const other = await makePlace(limited.database, CODE, { lat: 37.5 });
    const coordinator = as(limited.app, await signInAs(limited, "coordinator", CODE));
    return { limited, place, other, coordinator };
  }

  it("limits request creation per account", async () => {
    const { limited, place, other, coordinator } = await limitedApp(2);
    const parcel = () =>
      coordinator(
        `/api/v1/municipalities/${CODE}/requests`,
        json({ ...ride(null), date: "2099-01-01", pickup: { placeId: place }, dropoff: { placeId: other } }),
      );
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await parcel()).status);
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
    limited.cleanup();
  });

  it("answers a retry of an acknowledged Idempotency-Key with its stored answer even when the limit is spent (#24 item 8)", async () => {
    const { limited, place, other, coordinator } = await limitedApp(1);
    const date = tokyoDate(new Date(), 7);
    const body = { ...ride(null), date, pickup: { placeId: place }, dropoff: { placeId: other } };
    const send = (key: string, b: unknown = body) =>
      coordinator(`/api/v1/municipalities/${CODE}/requests`, {
        ...json(b),
        headers: { "content-type": "application/json", "idempotency-key": key },
      });
    const first = await send("key-1");
    expect(first.status, await first.clone().text()).toBe(201);
    const stored = TransportRequestSchema.parse(await first.json());
    // The limit is spent: a new booking is refused …
    expect((await send("key-2")).status).toBe(429);
    // … but the retry of the acknowledged one gets its stored answer, so the client knows it is booked.
    const retry = await send("key-1");
    expect(retry.status).toBe(201);
    expect(TransportRequestSchema.parse(await retry.json()).id).toBe(stored.id);
    // The same key with another body is still refused (422), not replayed.
    expect((await send("key-1", { ...body, notes: "別の内容" })).status).toBe(422);
    limited.cleanup();
  });
});

describe("least privilege for personal data", () => {
  it("a resident sees, books and cancels only their own requests", async () => {
    const coordinator = as(app, await signInAs(env(), "coordinator", CODE));
    const resident = as(app, await signInAs(env(), "resident", CODE, { residentId: alice }));
    const base = `/api/v1/municipalities/${CODE}/requests`;
    const bobs = TransportRequestSchema.parse(await (await coordinator(base, json(ride(bob)))).json());

    const own = await resident(base, json(ride(alice)));
    expect(own.status).toBe(201);
    const mine = TransportRequestSchema.parse(await own.json());
    expect(mine).toMatchObject({ residentId: alice, source: "resident" });
    const forBob = await resident(base, json(ride(bob)));
    expect((await problem(forBob)).errors?.[0]?.path).toBe("body.residentId");

    const list = (await (await resident(base)).json()) as { items: { residentId: string }[]; total: number };
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((r) => r.residentId === alice)).toBe(true);
    const filtered = (await (await resident(`${base}?residentId=${bob}`)).json()) as { total: number };
    expect(filtered.total).toBe(0);
    expect((await resident(`${base}/${bobs.id}`)).status).toBe(404);

    const cancelBob = await resident(
      `${base}/${bobs.id}/transitions`,
      json({ to: "cancelled", reason: "x" }),
    );
    expect(cancelBob.status).toBe(404);
    const plan = await resident(`${base}/${mine.id}/transitions`, json({ to: "planned" }));
    expect(plan.status).toBe(403);
    const cancel = await resident(
      `${base}/${mine.id}/transitions`,
      json({ to: "cancelled", reason: "体調が戻った" }),
    );
    expect(cancel.status).toBe(200);
    expect(TransportRequestDetailSchema.parse(await cancel.json()).status).toBe("cancelled");
    expect((await resident(`/api/v1/municipalities/${CODE}/residents`)).status).toBe(403);
  });

  it("a driver sees no rider before run sheets exist", async () => {
    const coordinator = as(app, await signInAs(env(), "coordinator", CODE));
    const driver = as(app, await signInAs(env(), "driver", CODE));
    const base = `/api/v1/municipalities/${CODE}/requests`;
    const request = TransportRequestSchema.parse(await (await coordinator(base, json(ride(alice)))).json());
    const list = (await (await driver(base)).json()) as { total: number };
    expect(list.total).toBe(0);
    expect((await driver(`${base}/${request.id}`)).status).toBe(404);
    expect((await driver(`/api/v1/municipalities/${CODE}/residents`)).status).toBe(403);
  });

  it("answers 404 for another municipality, whatever the role", async () => {
    const staff = as(app, await signInAs(env(), "municipal_staff", OTHER));
    expect((await staff(`/api/v1/municipalities/${CODE}/residents/${alice}`)).status).toBe(404);
    expect((await staff(`/api/v1/municipalities/${CODE}/residents`)).status).toBe(404);
  });

  it("never writes names to the request log", async () => {
    const staff = as(t.app, await signInAs(t, "municipal_staff", CODE));
    t.logLines.length = 0;
    const created = await staff(
      `/api/v1/municipalities/${CODE}/residents`,
      json({
        name: "記録 禁止子",
        nameKana: "キロク キンシコ",
        home: { lat: 37.41, lon: 137.22 },
        consent: true,
      }),
    );
    expect(created.status).toBe(201);
    await staff(`/api/v1/municipalities/${CODE}/residents`);
    expect(t.logLines.length).toBeGreaterThan(0);
    expect(t.logLines.join("\n")).not.toContain("禁止子");
    expect(t.logLines.join("\n")).not.toContain("37.41");
  });
});

describe("audit log", () => {
  it("records who read a resident's record, and staff can filter it", async () => {
    const coordinatorUser = await makeUser(t.database, "coordinator", CODE);
    const coordinator = as(app, await signIn(app, coordinatorUser.email));
    expect((await coordinator(`/api/v1/municipalities/${CODE}/residents/${bob}`)).status).toBe(200);
    const staff = as(app, await signInAs(env(), "municipal_staff", CODE));
    const log = await staff(
      `/api/v1/municipalities/${CODE}/audit-log?residentId=${bob}&actorUserId=${coordinatorUser.id}`,
    );
    expect(log.status).toBe(200);
    const { items } = (await log.json()) as {
      items: { action: string; residentId: string; actorRole: string; ip: string }[];
    };
    expect(items).toContainEqual(
      expect.objectContaining({
        action: "read",
        resourceType: "resident",
        residentId: bob,
        actorRole: "coordinator",
      }),
    );
    expect(JSON.stringify(items)).not.toContain("佐藤");
    expect((await coordinator(`/api/v1/municipalities/${CODE}/audit-log`)).status).toBe(403);
  });

  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    const count = (await t.database.db.select().from(schema.auditLog)).length;
    expect(count).toBeGreaterThan(0);
    await expect(t.database.client.execute("UPDATE audit_log SET action = 'nothing'")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.client.execute("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    expect((await t.database.db.select().from(schema.auditLog)).length).toBe(count);
  });
});

describe("resident rights", () => {
  it("downloads their own data and erases it, keeping anonymised statistics", async () => {
    const carol = await makeResident(t.database, CODE, { name: "鈴木 三郎", phone: "090-0000-0000" });
    const user = await makeUser(t.database, "resident", CODE, { residentId: carol });
    const resident = as(app, await signIn(app, user.email));
    const created = TransportRequestSchema.parse(
      await (
        await resident(
          `/api/v1/municipalities/${CODE}/requests`,
          json({ ...ride(carol), notes: "玄関で待つ" }),
        )
      ).json(),
    );
    // A parcel names someone else as its receiver: personal data that goes with the erasure too.
    const parcel = TransportRequestSchema.parse(
      await (
        await resident(
          `/api/v1/municipalities/${CODE}/requests`,
          json({
            ...ride(carol),
            kind: "parcel",
            purpose: undefined,
            date: "2026-06-03",
            sizeClass: "small",
            description: "薬",
            receiverName: "鈴木 花子",
            receiverPhone: "090-1111-2222",
          }),
        )
      ).json(),
    );
    const exported = await resident("/api/v1/me/data");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/attachment/);
    const data = (await exported.json()) as { resident: { name: string }; requests: { id: string }[] };
    expect(data.resident.name).toBe("鈴木 三郎");
    expect(data.requests.map((r) => r.id).sort()).toEqual([created.id, parcel.id].sort());
    expect(JSON.stringify(data)).not.toContain("山田");

    const erased = await resident("/api/v1/me/erasure", json({ confirm: true }));
    expect(erased.status).toBe(200);
    const [row] = (await t.database.db.select().from(schema.residents)).filter((r) => r.id === carol);
    expect(row).toMatchObject({ name: null, nameKana: null, phone: null, lat: null, lon: null });
    expect(row?.erasedAt).toBeTruthy();
    const [request] = (await t.database.db.select().from(schema.requests)).filter((r) => r.id === created.id);
    // The home end moved to the centre of its 500 m mesh cell (37.41 → 37.408333… + 1/480).
    expect(request).toMatchObject({ kind: "ride", date: "2026-06-02", notes: null });
    expect(request?.pickupLat).toBeCloseTo(37.410417, 6);
    const [parcelRow] = (await t.database.db.select().from(schema.requests)).filter(
      (r) => r.id === parcel.id,
    );
    expect(parcelRow).toMatchObject({
      kind: "parcel",
      parcelSizeClass: "small",
      parcelDescription: null,
      receiverName: null,
      receiverPhone: null,
    });
    const signInAgain = await signInWith(user.email);
    expect(signInAgain.status).toBe(401);
  });
});

describe("hardening", () => {
  it("sends security headers with a CSP that lets the map load its tiles", async () => {
    const response = await app.request("/api/health");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("https://cyberjapandata.gsi.go.jp");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses an anonymous upload before reading it", async () => {
    const response = await app.request(`/api/v1/municipalities/${CODE}/gtfs-imports`, {
      method: "POST",
      headers: { "content-type": "application/zip" },
      body: new Uint8Array(10),
    });
    expect(response.status).toBe(401);
  });

  it("refuses a zip with a ../ entry and a zip bomb (1000× expansion)", async () => {
    const staff = as(app, await signInAs(env(), "municipal_staff", CODE));
    const upload = (files: Record<string, Uint8Array>) =>
      staff(`/api/v1/municipalities/${CODE}/gtfs-imports`, {
        method: "POST",
        headers: { "content-type": "application/zip" },
        body: zipSync(files, { level: 9 }),
      });
    const traversal = await upload({ "../../etc/stops.txt": new TextEncoder().encode("stop_id\n1\n") });
    expect(traversal.status).toBe(422);
    expect((await problem(traversal)).errors?.[0]?.message).toMatch(/parent-directory/);
    const bomb = await upload({ "stops.txt": new Uint8Array(5_000_000) });
    expect(bomb.status).toBe(422);
    expect((await problem(bomb)).errors?.[0]?.message).toMatch(/zip bomb/);
  });
});
