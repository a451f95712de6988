import {
  EffectsHistoryResponseSchema,
  FuelSchema,
  type MatchRunStatus,
  PlanEffectsResponseSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { REGISTRY_FUELS } from "@tsunagu/effects";
import { haversineMeters } from "@tsunagu/matching";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProblemSchema } from "../../lib/openapi";
import { makeMunicipality } from "../../test/factories";
import { type Call, createTestApp, signedInCallers, type TestApp } from "../../test/testApp";

const CODE = "990001";
const OTHER = "990108";
let t: TestApp;
let call: Record<"coordinator" | "staff" | "resident" | "otherStaff", Call>;

// Points due north of the depot, 0.01° (≈ 1.11 km) apart.
const p = (k: number) => ({ lat: 37.4 + k * 0.01, lon: 137.2 });
const ROUTE_M = 8674;

/** A finished run of `date`: one diesel van carrying ride A and parcel B, and ride C on a route bus. */
async function makeRun(runId: string, date: string, approved: boolean, status: MatchRunStatus = "done") {
  const db = t.database.db;
  const rid = (x: string) => `${runId}-${x}`;
  await db.insert(schema.requests).values(
    [
      { id: rid("A"), kind: "ride" as const, passengers: 1, from: p(1), to: p(3) },
      { id: rid("B"), kind: "parcel" as const, weightKg: 5, from: p(2), to: p(3) },
      { id: rid("C"), kind: "ride" as const, passengers: 1, escort: true, from: p(0), to: p(5) },
    ].map(({ from, to, ...r }) => ({
      ...r,
      municipalityCode: CODE,
      status: "planned" as const,
      date,
      pickupLat: from.lat,
      pickupLon: from.lon,
      dropoffLat: to.lat,
      dropoffLon: to.lon,
      earliest: "09:00",
      latest: "11:00",
    })),
  );
  await db
    .insert(schema.matchRuns)
    .values({ id: runId, municipalityCode: CODE, date, status, timeLimitSeconds: 10 });
  if (status !== "done") return;
  await db.insert(schema.planRoutes).values({
    runId,
    municipalityCode: CODE,
    vehicleId: "van-1",
    shift: 0,
    distanceM: ROUTE_M,
    approvedAt: approved ? `${date}T08:00:00Z` : null,
  });
  const stops: [string, string | null, number][] = [
    ["start", null, 0],
    ["pickup", rid("A"), 1],
    ["pickup", rid("B"), 2],
    ["dropoff", rid("A"), 3],
    ["dropoff", rid("B"), 3],
    ["end", null, 0],
  ];
  await db.insert(schema.planStops).values(
    stops.map(([kind, requestId, k], seq) => ({
      id: `${runId}-s${seq}`,
      runId,
      municipalityCode: CODE,
      vehicleId: "van-1",
      shift: 0,
      seq,
      kind,
      requestId,
      legIndex: requestId ? 0 : null,
      ...p(k),
      // 3 minutes per 1.11 km, 1 minute at each stop.
      arrivalSec: 32400 + seq * 240,
      departureSec: 32400 + seq * 240 + 60,
      load: "{}",
    })),
  );
  await db
    .insert(schema.planLegs)
    .values([
      leg(runId, rid("A"), "vehicle", p(1), p(3)),
      leg(runId, rid("B"), "vehicle", p(2), p(3)),
      leg(runId, rid("C"), "route_bus", p(0), p(5)),
    ]);
}

function leg(
  runId: string,
  requestId: string,
  mode: string,
  from: { lat: number; lon: number },
  to: typeof from,
) {
  return {
    runId,
    municipalityCode: CODE,
    requestId,
    legIndex: 0,
    mode,
    vehicleId: mode === "vehicle" ? "van-1" : null,
    shift: mode === "vehicle" ? 0 : null,
    tripId: mode === "route_bus" ? "feed:t1" : null,
    label: mode,
    fromLat: from.lat,
    fromLon: from.lon,
    toLat: to.lat,
    toLon: to.lon,
    departureSec: 32400,
    arrivalSec: 33000,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await makeMunicipality(t.database, CODE);
  await makeMunicipality(t.database, OTHER);
  await t.database.db.insert(schema.vehicles).values({
    id: "van-1",
    municipalityCode: CODE,
    kind: "van",
    name: "デイサービス号",
    seats: 6,
    fuel: "diesel",
    kmPerLitre: 10,
  });
  await makeRun("run-1", "2026-03-02", true);
  await makeRun("run-2", "2026-03-03", true);
  await makeRun("run-3", "2026-04-01", false);
  await makeRun("run-q", "2026-04-02", false, "running");
  call = await signedInCallers(t, CODE, {
    coordinator: "coordinator",
    staff: "municipal_staff",
    resident: "resident",
    otherStaff: ["municipal_staff", OTHER],
  });
});
afterAll(() => t.cleanup());

const effectsUrl = (runId: string, code = CODE) =>
  `/api/v1/municipalities/${code}/match-runs/${runId}/effects`;

describe("registry fuels", () => {
  it("the effects mapping covers exactly the registry's fuels", () => {
    expect([...REGISTRY_FUELS].sort()).toEqual([...FuelSchema.options].sort());
  });
});

describe("GET /match-runs/{runId}/effects", () => {
  it("computes the plan against each request alone, with the allocation adding up", async () => {
    const response = await call.coordinator(effectsUrl("run-1"));
    expect(response.status, await response.clone().text()).toBe(200);
    const body = PlanEffectsResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ runId: "run-1", date: "2026-03-02", scope: "plan", served: 3 });
    expect(body.after.vehicleKm).toBe(8.7);
    expect(body.after).toMatchObject({ dispatches: 1, vehicles: 1 });
    // 5 legs of 3 minutes driving (arrival − previous departure).
    expect(body.after.exactDriverHours).toBeCloseTo((5 * 180) / 3600, 9);
    const dieselKgPerL = 38.2 * 0.0187 * 3.6667;
    expect(body.after.exactKgCO2).toBeCloseTo((8.674 / 10) * dieselKgPerL, 9);

    // Before: A 2 steps and C 5 steps by car one way, B 1 step by van and back; straight × 1.3.
    const step = (haversineMeters(p(0), p(1)) / 1000) * 1.3;
    expect(body.before.exactVehicleKm).toBeCloseTo(step * (2 + 5 + 2), 6);
    expect(body.before.dispatches).toBe(3);

    // A rides 2 of the route's 6 straight steps, B 1: kg·km 100 × 2/6 × 8.674 and 5 × 1/6 × 8.674.
    const byId = new Map(body.allocation.map((a) => [a.requestId, a]));
    const a = byId.get("run-1-A");
    const b = byId.get("run-1-B");
    const c = byId.get("run-1-C");
    expect(a?.parts[0]?.kgKm).toBeCloseTo(100 * (2 / 6) * 8.674, 6);
    expect(b?.parts[0]?.kgKm).toBeCloseTo(5 * (1 / 6) * 8.674, 6);
    expect(c?.parts).toMatchObject([{ source: "timetabled", kgCO2: 0 }]);
    const van = body.vehicles.find((v) => v.id === "van-1:0");
    const allocated = body.allocation.flatMap((x) => x.parts).filter((x) => x.id === "van-1:0");
    expect(allocated.reduce((s, x) => s + x.kgCO2, 0)).toBeCloseTo(van?.kgCO2 ?? -1, 9);
    expect(body.rules.some((r) => r.includes("ISO 14083"))).toBe(true);
  });

  it("takes a municipality's baseline figures from the query", async () => {
    const plain = PlanEffectsResponseSchema.parse(await (await call.coordinator(effectsUrl("run-1"))).json());
    const response = await call.coordinator(`${effectsUrl("run-1")}?rideKmPerLitre=21.2&passengerMassKg=80`);
    expect(response.status).toBe(200);
    const body = PlanEffectsResponseSchema.parse(await response.json());
    expect(body.baseline.ride).toMatchObject({ fuel: "petrol", kmPerLitre: 21.2 });
    expect(body.baseline.passengerMassKg).toBe(80);
    // Rides at twice the km/ℓ emit half as much alone; the parcel's van is unchanged.
    const alone = (b: typeof body, id: string) =>
      b.allocation.find((a) => a.requestId === id)?.beforeKgCO2 ?? -1;
    expect(alone(body, "run-1-A")).toBeCloseTo(alone(plain, "run-1-A") / 2, 2);
    expect(alone(body, "run-1-B")).toBe(alone(plain, "run-1-B"));
    expect(body.after.exactKgCO2).toBe(plain.after.exactKgCO2);
    expect((await call.coordinator(`${effectsUrl("run-1")}?rideKmPerLitre=0`)).status).toBe(422);
  });

  it("is for staff and coordinators of the municipality only", async () => {
    expect((await call.staff(effectsUrl("run-1"))).status).toBe(200);
    expect((await call.resident(effectsUrl("run-1"))).status).toBe(403);
    expect((await call.otherStaff(effectsUrl("run-1"))).status).toBe(404);
    // A run of CODE asked for through the other municipality's path does not exist there.
    expect((await call.otherStaff(effectsUrl("run-1", OTHER))).status).toBe(404);
    expect((await t.app.request(effectsUrl("run-1"))).status).toBe(401);
  });

  it("answers 409 run_not_done for a running run and 404 for an unknown one", async () => {
    const running = await call.coordinator(effectsUrl("run-q"));
    expect(running.status).toBe(409);
    expect(ProblemSchema.parse(await running.json()).title).toBe("run_not_done");
    expect((await call.coordinator(effectsUrl("nope"))).status).toBe(404);
  });

  it("answers 409 plan_effects_unavailable naming what a planned vehicle lacks", async () => {
    const db = t.database.db;
    await db.insert(schema.vehicles).values({
      id: "van-x",
      municipalityCode: CODE,
      kind: "van",
      name: "燃費未登録の車",
      seats: 6,
      fuel: "diesel",
    });
    await makeRun("run-x", "2026-04-03", false);
    // The same plan, driven by a vehicle whose fuel economy the registry does not know.
    const { planRoutes, planStops, planLegs } = schema;
    await db.update(planRoutes).set({ vehicleId: "van-x" }).where(eq(planRoutes.runId, "run-x"));
    await db.update(planStops).set({ vehicleId: "van-x" }).where(eq(planStops.runId, "run-x"));
    await db
      .update(planLegs)
      .set({ vehicleId: "van-x" })
      .where(and(eq(planLegs.runId, "run-x"), eq(planLegs.mode, "vehicle")));
    const response = await call.coordinator(effectsUrl("run-x"));
    expect(response.status).toBe(409);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.title).toBe("plan_effects_unavailable");
    expect(problem.errors?.map((e) => e.path)).toEqual([expect.stringMatching(/kmPerLitre$/)]);
  });
});

describe("GET /effects/history", () => {
  it("rolls up the approved plans per month and year", async () => {
    const response = await call.staff(`/api/v1/municipalities/${CODE}/effects/history?year=2026`);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = EffectsHistoryResponseSchema.parse(await response.json());
    // run-3 (April) has no approved route.
    expect(body.plans).toEqual([
      { date: "2026-03-02", runId: "run-1" },
      { date: "2026-03-03", runId: "run-2" },
    ]);
    const march = body.months[2];
    expect(march).toMatchObject({ period: "2026-03", plans: 2, served: 6 });
    expect(march?.after.vehicleKm).toBe(17); // 2 × 8.674
    expect(march?.after.dispatches).toBe(2);
    expect(body.months[3]?.plans).toBe(0);
    expect(body.total.before).toEqual(march?.before);
  });

  it("refuses a bad year and other tenants", async () => {
    expect((await call.staff(`/api/v1/municipalities/${CODE}/effects/history?year=abc`)).status).toBe(422);
    expect((await call.otherStaff(`/api/v1/municipalities/${CODE}/effects/history?year=2026`)).status).toBe(
      404,
    );
    expect((await call.resident(`/api/v1/municipalities/${CODE}/effects/history?year=2026`)).status).toBe(
      403,
    );
  });
});
