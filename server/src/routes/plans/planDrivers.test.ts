import { DriverSchema, type Plan, PlanSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../lib/openapi";
import { makeMunicipality, makePlace } from "../../test/factories";
import { planDayThroughApi } from "../../test/matchRun";
import { as, type Call, createTestApp, signedInCallers, signInAs, type TestApp } from "../../test/testApp";
import { RunSheetListSchema } from "../runSheets/runSheets.routes";

const CODE = "990001";
const OTHER = "990108";
/** A Monday. */
const DATE = "2026-12-07";
let t: TestApp;
let call: Record<"staff" | "coordinator" | "otherCoordinator", Call>;

const m = `/api/v1/municipalities/${CODE}`;
const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
// Three depots 4 km apart on an east–west line; rides go 3 km north of each.
const at = (x: number, y: number) => ({ lat: 37.4 + y * 0.009, lon: 137.2 + x * 0.0113 });
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

async function registerDriver(name: string, vehicleIds: string[]) {
  const response = await call.staff(
    `${m}/drivers`,
    post({
      kind: "staff",
      name,
      nameKana: "テスト",
      vehicleIds,
      availability: { weekly: [{ days: ALL_WEEK, from: "08:00", to: "12:00" }], exceptions: [] },
    }),
  );
  expect(response.status).toBe(201);
  return DriverSchema.parse(await response.json()).id;
}

/** Queues a run of DATE, runs it in a job runner and answers its plan. */
const planDay = (): Promise<Plan> => planDayThroughApi(t, call.coordinator, CODE, DATE);

const minutes = (hhmm: string) => {
  const [h = "0", mm = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(mm);
};

/** Every pair of routes of one driver is apart in time. */
function overlapping(plan: Plan): string[] {
  const out: string[] = [];
  plan.routes.forEach((a, i) => {
    plan.routes.slice(i + 1).forEach((b) => {
      if (a.driverId !== b.driverId) return;
      const a0 = minutes(a.stops[1]?.arrival ?? "00:00") - 1;
      const a1 = minutes(a.stops.at(-1)?.arrival ?? "00:00");
      const b0 = minutes(b.stops[1]?.arrival ?? "00:00") - 1;
      const b1 = minutes(b.stops.at(-1)?.arrival ?? "00:00");
      if (a0 < b1 && b0 < a1) out.push(`${a.vehicleId} and ${b.vehicleId}`);
    });
  });
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: "silent" });
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  call = await signedInCallers(t, CODE, {
    staff: "municipal_staff",
    coordinator: "coordinator",
    otherCoordinator: ["coordinator", OTHER],
  });
  const db = t.database.db;
  for (const k of [0, 1, 2]) {
    const depot = await makePlace(t.database, CODE, { id: `depot-${k}`, kind: "depot", ...at(k * 4, 0) });
    await db.insert(schema.vehicles).values({
      id: `van-${k}`,
      municipalityCode: CODE,
      kind: "van",
      name: `送迎車${k}`,
      seats: 4,
      fuel: "gasoline",
      depotPlaceId: depot,
      availability: JSON.stringify([{ days: ALL_WEEK, from: "08:00", to: "12:00" }]),
    });
  }
  // Six rides wanting the same hour, two near each depot: three vans could take them at once.
  await db.insert(schema.requests).values(
    [0, 1, 2, 3, 4, 5].map((i) => {
      const x = Math.floor(i / 2) * 4 + (i % 2) * 0.5;
      const from = at(x, 1);
      const to = at(x, 4);
      return {
        id: `req-${i}`,
        municipalityCode: CODE,
        kind: "ride" as const,
        date: DATE,
        passengers: 1,
        pickupLat: from.lat,
        pickupLon: from.lon,
        dropoffLat: to.lat,
        dropoffLon: to.lon,
        earliest: "09:00",
        latest: "09:40",
      };
    }),
  );
}, 60_000);
afterAll(() => t.cleanup());

describe("drivers in the plan (#19)", () => {
  let only: string;
  let plan: Plan;

  it("one driver and three vehicles: every route is his, never two at once; the rest says no driver", async () => {
    only = await registerDriver("一人 運転手", ["van-0", "van-1", "van-2"]);
    plan = await planDay();
    expect(plan.routes.length).toBeGreaterThan(0);
    for (const r of plan.routes) {
      expect(r.driverId).toBe(only);
      expect(r.driverName).toBe("一人 運転手");
    }
    expect(overlapping(plan)).toEqual([]);
    expect(plan.drivers.map((d) => d.driverId)).toEqual([only]);
    expect(plan.unassigned.length).toBeGreaterThan(0);
    expect(plan.unassigned.some((u) => u.reason.code === "NO_DRIVER")).toBe(true);
    expect(plan.summary.served + plan.summary.unserved).toBe(6);
  }, 60_000);

  it("the coordinator gives a route to another driver, and is refused an overlap or a vehicle the driver may not drive", async () => {
    const second = await registerDriver("二人目 運転手", ["van-0", "van-1", "van-2"]);
    const third = await registerDriver("三人目 運転手", ["van-2"]);
    const fourth = await registerDriver("四人目 運転手", ["van-0", "van-1", "van-2"]);
    plan = await planDay();
    expect(plan.drivers).toHaveLength(4);
    expect(overlapping(plan)).toEqual([]);
    const route = plan.routes.find((r) => r.vehicleId !== "van-2");
    if (!route) throw new Error("no route on van-0 or van-1");
    const change = (driverId: string, who = call.coordinator) =>
      who(
        `${m}/match-runs/${plan.runId}/plan/driver`,
        post({ vehicleId: route.vehicleId, shift: route.shift, driverId }),
      );
    const wrongVehicle = await change(third);
    expect(wrongVehicle.status).toBe(409);
    const refused = ProblemSchema.parse(await wrongVehicle.json());
    expect(refused.title).toBe("driver_not_possible");
    expect(refused.detail).toBe("この運転者はこの車両を運転できません");
    // With enough drivers the six rides run at once: another route's driver is busy then.
    const busy = plan.routes.find((r) => r.driverId !== route.driverId)?.driverId;
    if (!busy) throw new Error("the plan has one route only");
    const overlap = await change(busy);
    expect(overlap.status).toBe(409);
    expect(ProblemSchema.parse(await overlap.json()).detail).toBe(
      "この運転者は同じ時間に別の便を運転しています",
    );
    // Four drivers, three vans: one who may drive every van is free.
    const free = [only, second, fourth].find((d) => !plan.routes.some((r) => r.driverId === d));
    if (!free) throw new Error("every driver has a route");
    const ok = await change(free);
    expect(ok.status).toBe(200);
    const changed = PlanSchema.parse(await ok.json());
    expect(changed.routes.find((r) => r.vehicleId === route.vehicleId)?.driverId).toBe(free);
    plan = changed;
    const unknown = await change("no-such-driver");
    expect(unknown.status).toBe(422);
    expect((await change(only, call.otherCoordinator)).status).toBe(404);
  }, 60_000);

  it("a driver's run sheets are the routes assigned to him", async () => {
    const approved = await call.coordinator(`${m}/match-runs/${plan.runId}/plan/approve`, post({}));
    expect(approved.status).toBe(200);
    const final = PlanSchema.parse(await approved.json());
    for (const d of final.drivers) {
      const driver = as(t.app, await signInAs(t, "driver", CODE, { driverId: d.driverId }));
      const response = await driver(`${m}/run-sheets?date=${DATE}`);
      expect(response.status).toBe(200);
      const sheets = RunSheetListSchema.parse(await response.json());
      const theirs = final.routes.filter((r) => r.driverId === d.driverId);
      expect(sheets.items.map((s) => `${s.vehicleId}:${s.shift}`).sort()).toEqual(
        theirs.map((r) => `${r.vehicleId}:${r.shift}`).sort(),
      );
      for (const other of final.routes.filter((r) => r.driverId !== d.driverId)) {
        const sheet = await driver(`${m}/run-sheets/${plan.runId}/${other.vehicleId}/${other.shift}`);
        expect(sheet.status).toBe(404);
      }
    }
  }, 60_000);
});
