/**
 * One-time links (issue 20 item 2): single use, the newest wins, a password
 * change or sign-out-everywhere kills them, they expire; the mail that
 * carries them is in the outbox, not in the answer (outside demo mode).
 */
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailSender } from "../../jobs/mailSender";
import { createLogger } from "../../lib/logger";
import { post, problem } from "../../test/calls";
import { makeMunicipality } from "../../test/factories";
import { mailTo, tokenMailedTo } from "../../test/mail";
import {
  as,
  createTestApp,
  makeUser,
  signIn,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from "../../test/testApp";

const CODE = "991007";
const START = new Date("2026-06-01T01:00:00Z");
const MINUTE = 60_000;

let t: TestApp;
let clock: { now: Date };
let app: TestApp["app"];
let staffEmail: string;
/** The municipality's staff, signed in at the clock's "now" (sessions time out as the clock moves). */
const staff = async (path: string, body: unknown) => post(as(app, await signIn(app, staffEmail)), path, body);

beforeAll(async () => {
  clock = { now: START };
  t = await createTestApp({}, { now: () => clock.now });
  app = t.app;
  await makeMunicipality(t.database, CODE);
  staffEmail = (await makeUser(t.database, "municipal_staff", CODE)).email;
});
afterAll(() => t.cleanup());

/** Staff have a reset mailed to `user`; answers the token the mail carries. */
async function mailReset(user: TestUser): Promise<string> {
  const response = await staff(`/api/v1/municipalities/${CODE}/users/${user.id}/password-resets`, {});
  expect(response.status).toBe(201);
  const body = (await response.json()) as { resetPath?: string; messageId: string };
  expect(body.resetPath).toBeUndefined();
  const { message, token } = await mailTo(t.database, user.email);
  expect(message.id).toBe(body.messageId);
  if (!token) throw new Error("no link in the mail");
  return token;
}

const redeem = (token: string, newPassword = "a brand new password") =>
  app.request("/api/v1/auth/password-reset", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, newPassword }),
  });

async function expectDeadLink(token: string) {
  const response = await redeem(token);
  expect(response.status).toBe(422);
  expect((await problem(response)).errors?.[0]?.path).toBe("body.token");
}

describe("one-time links", () => {
  it("an older link is dead once a newer one was issued, used or not", async () => {
    clock.now = START;
    const user = await makeUser(t.database, "coordinator", CODE);
    const older = await mailReset(user);
    const newer = await mailReset(user);
    expect((await redeem(newer)).status).toBe(204);
    await expectDeadLink(older);
    // And before the newer one is used, too.
    const first = await mailReset(user);
    await mailReset(user);
    await expectDeadLink(first);
  });

  it("a link issued before a password change is dead after it", async () => {
    clock.now = START;
    const user = await makeUser(t.database, "coordinator", CODE);
    const token = await mailReset(user);
    const own = await signIn(app, user.email);
    const change = await app.request("/api/v1/auth/password", {
      method: "PUT",
      headers: { ...own, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: "changed by its owner" }),
    });
    expect(change.status).toBe(204);
    await expectDeadLink(token);
    // Its unsent mail is cancelled and forgets the link.
    const { message } = await mailTo(t.database, user.email);
    expect(message.status).toBe("cancelled");
    expect(message.body).toBeNull();
  });

  it("sign-out-everywhere kills every outstanding link and every session", async () => {
    clock.now = START;
    const user = await makeUser(t.database, "coordinator", CODE);
    const token = await mailReset(user);
    const a = await signIn(app, user.email);
    const b = await signIn(app, user.email);
    expect(
      (await app.request("/api/v1/auth/sign-out-everywhere", { method: "POST", headers: a })).status,
    ).toBe(204);
    expect((await app.request("/api/v1/auth/session", { headers: b })).status).toBe(401);
    await expectDeadLink(token);
  });

  it("a reset link expires after an hour; an invitation after seven days", async () => {
    clock.now = START;
    const user = await makeUser(t.database, "coordinator", CODE);
    const reset = await mailReset(user);
    clock.now = new Date(START.getTime() + 61 * MINUTE);
    await expectDeadLink(reset);
    const inTime = await mailReset(user);
    clock.now = new Date(clock.now.getTime() + 59 * MINUTE);
    expect((await redeem(inTime)).status).toBe(204);

    clock.now = START;
    const invited = await staff(`/api/v1/municipalities/${CODE}/users`, {
      email: "late.invitee@test.tsunagu.jp",
      displayName: "遅い 招待",
      role: "coordinator",
    });
    expect(invited.status).toBe(201);
    const invitation = await tokenMailedTo(t.database, "late.invitee@test.tsunagu.jp");
    clock.now = new Date(START.getTime() + 7 * 24 * 60 * MINUTE + MINUTE);
    await expectDeadLink(invitation);
  });

  it("a link is used once, and the database keeps only its hash", async () => {
    clock.now = START;
    const user = await makeUser(t.database, "coordinator", CODE);
    const token = await mailReset(user);
    expect((await redeem(token)).status).toBe(204);
    await expectDeadLink(token);
    const links = await t.database.db
      .select()
      .from(schema.passwordResets)
      .where(eq(schema.passwordResets.userId, user.id));
    expect(JSON.stringify(links)).not.toContain(token);
  });
});

describe("the mail outbox", () => {
  it("is delivered by the sender, which then forgets the link; a failure is retried, then marked failed", async () => {
    clock.now = START;
    const user = await makeUser(t.database, "coordinator", CODE);
    const token = await mailReset(user);
    const sent: { to: string; text: string }[] = [];
    const sender = createMailSender({
      database: t.database,
      logger: createLogger("silent"),
      transport: { sendMail: async (m) => sent.push({ to: m.to, text: m.text }) },
      from: "test@tsunagu.invalid",
    });
    expect(await sender.deliverPending()).toBeGreaterThan(0);
    const mine = sent.find((m) => m.to === user.email);
    expect(mine?.text).toContain(`http://localhost:${t.config.PORT}/reset-password#token=${token}`);
    const { message } = await mailTo(t.database, user.email);
    expect(message.status).toBe("sent");
    expect(message.body).toBeNull();
    // The link still works: sending it is not using it.
    expect((await redeem(token)).status).toBe(204);

    const other = await makeUser(t.database, "coordinator", CODE);
    await mailReset(other);
    const failing = createMailSender({
      database: t.database,
      logger: createLogger("silent"),
      transport: {
        sendMail: async () => {
          throw new Error("connection refused");
        },
      },
      from: "test@tsunagu.invalid",
      maxAttempts: 2,
    });
    await failing.deliverPending();
    expect((await mailTo(t.database, other.email)).message).toMatchObject({ status: "pending", attempts: 1 });
    await failing.deliverPending();
    expect((await mailTo(t.database, other.email)).message).toMatchObject({
      status: "failed",
      attempts: 2,
      lastError: "connection refused",
    });
  });

  it("in demo mode the answer shows the link as well", async () => {
    const demo = await createTestApp({ SEED_DEMO: "true" });
    await makeMunicipality(demo.database, CODE);
    const demoStaff = as(
      demo.app,
      await signIn(demo.app, (await makeUser(demo.database, "municipal_staff", CODE)).email),
    );
    const created = await post(demoStaff, `/api/v1/municipalities/${CODE}/users`, {
      email: "demo.new@test.tsunagu.jp",
      displayName: "デモ 新任",
      role: "coordinator",
    });
    const { reset } = (await created.json()) as { reset: { resetPath?: string } };
    const mailed = await tokenMailedTo(demo.database, "demo.new@test.tsunagu.jp");
    expect(reset.resetPath).toBe(`/reset-password#token=${mailed}`);
    demo.cleanup();
  });
});
