/**
 * Issue 20 item 4: no personal data in logs. A representative day on the demo
 * town — a resident's booking, a phone intake, errors, a match run, approval,
 * the driver's run sheet, an erasure — goes through the app and the job
 * runner with the real logger writing to a buffer; the buffer must hold none
 * of the seeded residents' names, phones, addresses or home coordinates.
 */
import { MatchRunSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobRunner } from "../jobs/jobRunner";
import { DEMO_PASSWORD, seedDemoTownIfEmpty } from "../seed/demoTown";
import { post } from "../test/calls";
import { rideBody } from "../test/factories";
import { as, createTestApp, signIn, type TestApp } from "../test/testApp";
import { createLogger, REDACTED, redactLogFields } from "./logger";

const TODAY = "2026-11-23";
/** 08:00 in Japan on TODAY. */
const NOW = new Date("2026-11-22T23:00:00Z");

describe("redactLogFields", () => {
  it("drops personal fields and replaces e-mails, phones, coordinates and Japanese text in any text", () => {
    const error = new Error(
      "UNIQUE failed for 山田 花子 (hanako@example.jp, 0761-22-3344) at 37.41234,137.22345",
    );
    expect(
      redactLogFields({
        requestId: "0761-4444-5555-aaaa",
        path: "/api/v1/municipalities/991309/residents",
        name: "山田 花子",
        phone: "09011112222",
        nested: { address: "架空町 1-2", lat: 37.41234, count: 3 },
        error,
      }),
    ).toEqual({
      requestId: "0761-4444-5555-aaaa",
      path: "/api/v1/municipalities/991309/residents",
      name: REDACTED,
      phone: REDACTED,
      nested: { address: REDACTED, lat: REDACTED, count: 3 },
      error: {
        name: "Error",
        message: `UNIQUE failed for ${REDACTED} ${REDACTED} (${REDACTED}, ${REDACTED}) at ${REDACTED},${REDACTED}`,
      },
    });
  });
});

describe("the log of a representative day (demo town)", () => {
  let t: TestApp;
  let code = "";
  const log: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: "true" }, { now: () => NOW });
    const seeded = await seedDemoTownIfEmpty(t.database.db, { today: TODAY });
    code = seeded?.municipalityCode ?? "";
  }, 120_000);
  afterAll(() => t.cleanup());

  it("holds no resident's name, phone, address or home coordinates", async () => {
    const m = `/api/v1/municipalities/${code}`;
    const signedIn = async (who: string) =>
      as(t.app, await signIn(t.app, `${who}@demo.tsunagu.jp`, DEMO_PASSWORD));
    const [resident, coordinator, driver, staff] = await Promise.all(
      ["resident", "coordinator", "driver", "staff"].map(signedIn),
    );
    if (!resident || !coordinator || !driver || !staff) throw new Error("demo accounts missing");
    const residents = await t.database.db.select().from(schema.residents);
    const [place] = await t.database.db.select().from(schema.places);
    const [someone, other] = residents;
    if (!place || !someone || !other) throw new Error("demo town without places or residents");

    // Booking by the resident, intake by phone (the notes name people and a number).
    const [own] = await t.database.db
      .select({ residentId: schema.users.residentId })
      .from(schema.users)
      .where(eq(schema.users.email, "resident@demo.tsunagu.jp"));
    const day = { date: "2026-11-26" };
    const booking = await post(
      resident,
      `${m}/requests`,
      rideBody(place.id, {
        ...day,
        residentId: own?.residentId,
        notes: `${someone.name}さんと一緒 ${someone.phone}`,
      }),
    );
    expect(booking.status, await booking.clone().text()).toBe(201);
    const intake = await post(
      coordinator,
      `${m}/requests`,
      rideBody(place.id, {
        ...day,
        residentId: other.id,
        earliest: "13:00",
        latest: "14:00",
        notes: `${other.address} 玄関で待つ`,
      }),
    );
    expect(intake.status, await intake.clone().text()).toBe(201);
    // Errors: a body full of personal data refused, a resident that is not there, a search by name.
    const refused = await post(coordinator, `${m}/requests`, {
      kind: "ride",
      residentId: other.id,
      date: "not-a-date",
      pickup: { lat: other.lat, lon: other.lon, name: other.name },
      notes: `${other.name} ${other.phone}`,
    });
    expect(refused.status).toBe(422);
    expect((await coordinator(`${m}/residents/${encodeURIComponent(other.name ?? "x")}`)).status).toBe(404);
    const search = await coordinator(
      `${m}/request-search?date=2026-11-26&q=${encodeURIComponent(other.phone ?? "")}`,
    );
    expect(search.status).toBe(200);

    // The day's plan, its approval, the driver's run sheet.
    const queued = await post(coordinator, `${m}/match-runs`, { date: "2026-11-26", timeLimitSeconds: 1 });
    expect(queued.status).toBe(202);
    const run = MatchRunSchema.parse(await queued.json());
    const runner = createJobRunner({
      database: t.database,
      logger: createLogger("debug", (line) => log.push(line)),
      leaseMs: 10_000,
      pollMs: 50,
    });
    runner.start();
    try {
      let status = run.status;
      for (let i = 0; i < 600 && (status === "queued" || status === "running"); i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = MatchRunSchema.parse(await (await coordinator(`${m}/match-runs/${run.id}`)).json()).status;
      }
      expect(status).toBe("done");
    } finally {
      await runner.stop();
    }
    expect((await coordinator(`${m}/match-runs/${run.id}/plan`)).status).toBe(200);
    expect((await post(coordinator, `${m}/match-runs/${run.id}/plan/approve`, {})).status).toBe(200);
    const sheets = (await (await driver(`${m}/run-sheets?date=2026-11-26`)).json()) as {
      items: { runId: string; vehicleId: string; shift: number }[];
    };
    for (const s of sheets.items)
      expect((await driver(`${m}/run-sheets/${s.runId}/${s.vehicleId}/${s.shift}`)).status).toBe(200);
    expect((await staff(`${m}/users`)).status).toBe(200);

    // The resident erases their data.
    expect((await post(resident, "/api/v1/me/erasure", { confirm: true })).status).toBe(200);

    const text = [...t.logLines, ...log].join("\n");
    expect(t.logLines.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const r of residents) {
      for (const value of [r.name, r.nameKana, r.phone, r.address])
        if (value && text.includes(value)) found.push(value);
      for (const x of [r.lat, r.lon]) if (x !== null && text.includes(String(x))) found.push(String(x));
    }
    expect(found).toEqual([]);
  }, 180_000);
});
