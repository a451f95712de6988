/**
 * Issue 20 item 3: an erasure erases. After it, nothing shows the person —
 * accounts, requests, plans, run sheets, the call list, the search, the access
 * log — and no personal value of theirs is left in any table, while the
 * plan's counts and effects stay the same.
 */
import { ERASED_PERSON, ERASURE_COVERAGE, schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { post } from "../../test/calls";
import { as, makeUser, signIn, type TestApp } from "../../test/testApp";
import { makePlanFixture, type PlanFixture, planTestApp } from "../plans/plans.fixture";

const CODE = "991309";
const OTHER = "991317";
const m = `/api/v1/municipalities/${CODE}`;

/** The person's values as the fixture and this test store them. */
const PERSON = {
  name: "山田 花子",
  kana: "ヤマダ ハナコ",
  phone: "0761-00-0000",
  address: "架空町大字北沢 12-3",
  email: "hanako.yamada@example.jp",
  displayName: "やまだ はなこ",
  notes: "杖あり",
};
const HOME = { lat: 37.41, lon: 137.22 };

type Call = ReturnType<typeof as>;
let t: TestApp;
let call: Record<"staff" | "coordinator", Call>;
let f: PlanFixture;
let driver: Call;
let residentUser: { id: string; email: string };

beforeEach(async () => {
  ({ t, call } = await planTestApp(CODE, OTHER, { staff: "municipal_staff", coordinator: "coordinator" }));
  f = await makePlanFixture(t.database, CODE);
  const db = t.database.db;
  await db.update(schema.residents).set({ nameKana: PERSON.kana }).where(eq(schema.residents.id, f.resident));
  // The effects need each van's fuel economy.
  await db.update(schema.vehicles).set({ kmPerLitre: 10 }).where(eq(schema.vehicles.municipalityCode, CODE));
  residentUser = await makeUser(t.database, "resident", CODE, {
    residentId: f.resident,
    email: PERSON.email,
  });
  await db
    .update(schema.users)
    .set({ displayName: PERSON.displayName })
    .where(eq(schema.users.id, residentUser.id));
  expect((await post(call.coordinator, `${m}/match-runs/${f.runId}/plan/approve`, {})).status).toBe(200);
  const driverId = `drv-${f.runId}`;
  await db
    .insert(schema.drivers)
    .values({ id: driverId, municipalityCode: CODE, kind: "staff", name: "運転手" });
  await db.insert(schema.driverVehicles).values({ driverId, vehicleId: f.vanA });
  const driverUser = await makeUser(t.database, "driver", CODE, { driverId });
  driver = as(t.app, await signIn(t.app, driverUser.email));
  // A reset link mailed to the resident's address: the outbox holds it.
  expect((await post(call.staff, `${m}/users/${residentUser.id}/password-resets`, {})).status).toBe(201);
});
afterEach(() => t.cleanup());

/** Every text a staff member, coordinator or driver reads about that day. */
async function everythingShown() {
  const read = async (who: Call, path: string) => {
    const response = await who(path);
    expect(response.status, path).toBe(200);
    return response.text();
  };
  return {
    users: await read(call.staff, `${m}/users`),
    plan: await read(call.coordinator, `${m}/match-runs/${f.runId}/plan`),
    runSheet: await read(driver, `${m}/run-sheets/${f.runId}/${f.vanA}/0`),
    requests: await read(call.coordinator, `${m}/requests?date=${f.date}`),
    searchByName: await read(
      call.coordinator,
      `${m}/request-search?date=${f.date}&q=${encodeURIComponent("山田")}`,
    ),
    searchByPhone: await read(call.coordinator, `${m}/request-search?date=${f.date}&q=0761000000`),
    callList: await read(call.coordinator, `${m}/days/${f.date}/unserved`),
    auditLog: await read(call.staff, `${m}/audit-log`),
    residents: await read(call.coordinator, `${m}/residents`),
  };
}

/**
 * The counts and figures the plan and its effects report: all of them against
 * private cars (the distances are frozen before the home moves); against the
 * own-vehicles plan, which the engine re-plans from the stored points, the
 * plan's own side ("after").
 */
async function figures() {
  const plan = (await (await call.coordinator(`${m}/match-runs/${f.runId}/plan`)).json()) as {
    summary: unknown;
  };
  const json = async (path: string) => {
    const response = await call.staff(path);
    expect(response.status, path).toBe(200);
    return (await response.json()) as { after?: unknown };
  };
  const effects = `${m}/match-runs/${f.runId}/effects`;
  return {
    summary: plan.summary,
    privateCar: await json(`${effects}?baseline=private_car`),
    modalSplit: await json(`${effects}?baseline=modal_split&carSharePct=40`),
    ownVehiclesAfter: (await json(effects)).after,
    history: await json(`${m}/effects/history?year=2026&baseline=private_car`),
  };
}

/** The tables whose rows belong to a person: a resident, user or request id column. */
function personalTables(): string[] {
  const tables = Object.values(schema as Record<string, unknown>).filter(
    (v): v is SQLiteTable => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
  );
  return tables
    .map((table) => getTableConfig(table))
    .filter((c) => c.columns.some((col) => /(^|_)(resident|user|request)_id$/.test(col.name)))
    .map((c) => c.name)
    .sort();
}

/** Where each personal value still stands in the database: "table.column: value". */
async function personalValuesInDatabase(): Promise<string[]> {
  const texts = Object.values(PERSON);
  const coordinate = (x: number) => new RegExp(`(?<![\\d.])${String(x).replace(".", "\\.")}(?!\\d)`);
  const found: string[] = [];
  const { rows: tables } = await t.database.client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
  );
  for (const { name } of tables) {
    const { rows, columns } = await t.database.client.execute(`SELECT * FROM "${String(name)}"`);
    for (const row of rows)
      for (const column of columns) {
        const value = row[column];
        const where = `${String(name)}.${column}`;
        if (typeof value === "string") {
          for (const text of texts) if (value.includes(text)) found.push(`${where}: ${text}`);
          for (const x of [HOME.lat, HOME.lon]) if (coordinate(x).test(value)) found.push(`${where}: ${x}`);
        } else if (value === HOME.lat || value === HOME.lon) found.push(`${where}: ${value}`);
      }
  }
  return [...new Set(found)].sort();
}

describe("erasure erases (issue 20 item 3)", () => {
  it("covers every table that holds a resident, user or request id (a new one must say how it is erased)", () => {
    expect(personalTables()).toEqual(
      expect.arrayContaining(["users", "requests", "sessions", "plan_stops", "audit_log"]),
    );
    expect(personalTables().filter((name) => !(name in ERASURE_COVERAGE))).toEqual([]);
  });

  for (const by of ["the resident", "the municipality's staff"] as const)
    it(`by ${by}: nothing shows the person, no value of theirs is left, the figures stay`, async () => {
      const before = await figures();
      const shownBefore = JSON.stringify(await everythingShown());
      // The test can fail: before the erasure the person is everywhere.
      for (const value of [PERSON.name, PERSON.phone, PERSON.email, PERSON.displayName, PERSON.notes])
        expect(shownBefore).toContain(value);
      expect((await personalValuesInDatabase()).length).toBeGreaterThan(5);

      const erased =
        by === "the resident"
          ? await post(as(t.app, await signIn(t.app, PERSON.email)), "/api/v1/me/erasure", { confirm: true })
          : await post(call.staff, `${m}/residents/${f.resident}/erasure`, { confirm: true });
      expect(erased.status).toBe(200);

      const shown = await everythingShown();
      for (const [where, text] of Object.entries(shown))
        for (const value of Object.values(PERSON))
          expect(text, `${where} shows ${value}`).not.toContain(value);
      expect(await personalValuesInDatabase()).toEqual([]);

      // The driver's stop: 「削除された利用者」 at the centre of the 500 m mesh, no phone, no notes.
      const sheet = JSON.parse(shown.runSheet) as {
        stops: {
          requestId: string | null;
          kind: string;
          place: { name: string | null; lat: number; lon: number };
          phone: string | null;
          notes: string | null;
        }[];
      };
      const pickup = sheet.stops.find((s) => s.requestId === f.ride && s.kind === "pickup");
      expect(pickup).toMatchObject({ place: { name: ERASED_PERSON }, phone: null, notes: null });
      expect(Math.abs((pickup?.place.lat ?? 0) - HOME.lat)).toBeLessThan(0.005);
      expect(Math.abs((pickup?.place.lon ?? 0) - HOME.lon)).toBeLessThan(0.007);
      expect(shown.plan).toContain(ERASED_PERSON);
      expect(shown.users).toContain(ERASED_PERSON);

      expect(await figures()).toEqual(before);
      // The event stays in the access log.
      expect(shown.auditLog).toContain('"erase"');
    });

  it("is staff-only and stays in the municipality: a coordinator gets 403, another town's resident 404", async () => {
    const denied = await post(call.coordinator, `${m}/residents/${f.resident}/erasure`, { confirm: true });
    expect(denied.status).toBe(403);
    const elsewhere = await post(
      call.staff,
      `/api/v1/municipalities/${CODE}/residents/no-such-resident/erasure`,
      { confirm: true },
    );
    expect(elsewhere.status).toBe(404);
  });
});
