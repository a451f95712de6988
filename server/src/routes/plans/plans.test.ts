import { PlanSchema, RequestPageSchema, TransportRequestDetailSchema } from "@tsunagu/contract";
import { loadPlan, replacePlan, schema } from "@tsunagu/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRowsFromEngine } from "../../domain/plans/engineConvert";
import { post, problem } from "../../test/calls";
import type { as, TestApp } from "../../test/testApp";
import { makePlanFixture, planTestApp, requestEventsOf } from "./plans.fixture";

const CODE = "991201";
const OTHER = "991210";

let t: TestApp;
let call: Record<"coordinator" | "staff" | "otherCoordinator" | "resident" | "driver", ReturnType<typeof as>>;

beforeAll(async () => {
  ({ t, call } = await planTestApp(CODE, OTHER, {
    coordinator: "coordinator",
    staff: "municipal_staff",
    otherCoordinator: ["coordinator", OTHER],
    resident: "resident",
    driver: "driver",
  }));
});
afterAll(() => t.cleanup());

const planUrl = (runId: string, code = CODE) => `/api/v1/municipalities/${code}/match-runs/${runId}/plan`;

async function statusOf(requestId: string) {
  const [row] = await t.database.db.select().from(schema.requests).where(eq(schema.requests.id, requestId));
  return row?.status;
}

describe("GET /match-runs/{runId}/plan", () => {
  it("answers the plan: routes with stops, legs, the drone flight and the unassigned request with its hint", async () => {
    const f = await makePlanFixture(t.database, CODE);
    const response = await call.coordinator(planUrl(f.runId));
    expect(response.status).toBe(200);
    const plan = PlanSchema.parse(await response.json());
    expect(plan.runId).toBe(f.runId);
    expect(plan.date).toBe(f.date);
    expect(plan.routes.map((r) => r.vehicleName).sort()).toEqual(["デイサービス送迎車A", "配送バンB"]);
    // The day's vehicles (where a request may be moved) come from the run's input, with their windows.
    expect(plan.vehicles.map((v) => v.vehicleName).sort()).toEqual(["デイサービス送迎車A", "配送バンB"]);
    for (const v of plan.vehicles) expect(v.windows[0]).toMatchObject({ shift: 0 });
    const a = plan.routes.find((r) => r.vehicleId === f.vanA);
    expect(a?.approved).toBe(false);
    expect(a?.distanceKm).toBe(12);
    expect(a?.stops.map((s) => [s.kind, s.arrival, s.status])).toEqual([
      ["start", "08:48", "pending"],
      ["pickup", "09:00", "pending"],
      ["dropoff", "09:30", "pending"],
      ["end", "09:48", "pending"],
    ]);
    expect(a?.stops[0]?.place.name).toBe("役場");
    expect(a?.stops[2]?.place.name).toBe("すずらん診療所");
    expect(a?.stops[1]?.load.seats).toBe(1);
    const parcel = plan.requests.find((r) => r.requestId === f.parcel);
    expect(parcel?.status).toBe("planned");
    // What the parcel is, its size class and its receiver, as on the run sheet (#24 item 1).
    expect(parcel?.parcel).toEqual({
      description: "処方薬",
      sizeClass: "small",
      receiverName: "川上 一郎",
      receiverPhone: "0761-11-2222",
      handover: "leave_at_door",
    });
    expect(plan.requests.find((r) => r.requestId === f.ride)?.parcel).toBeNull();
    expect(parcel?.legs.map((l) => [l.mode, l.label, l.departure, l.arrival])).toEqual([
      ["vehicle", "配送バンB", "09:00", "09:24"],
      ["drone", "拠点ポート → 山間ポート", "10:00", "10:15"],
    ]);
    expect(plan.droneFlights).toEqual([
      {
        droneRouteId: "drone-1",
        label: "拠点ポート → 山間ポート",
        takeOff: "10:00",
        landing: "10:15",
        payloadKg: 2,
        requestIds: [f.parcel],
      },
    ]);
    expect(plan.unassigned).toEqual([
      {
        requestId: f.late,
        kind: "ride",
        earliest: "09:30",
        latest: "10:30",
        person: {
          residentId: f.resident,
          name: "山田 花子",
          phone: "0761-00-0000",
          wheelchair: false,
          escort: false,
        },
        from: expect.objectContaining({ name: "山田 花子様宅", address: "架空町大字北沢 12-3" }),
        to: expect.objectContaining({ lat: expect.any(Number), lon: expect.any(Number) }),
        parcel: null,
        reason: {
          code: "TIME_WINDOW_UNREACHABLE",
          details: { lateBySeconds: 700, end: "delivery" },
          // 700 s late → 12 whole minutes → 10:42.
          hint: { kind: "delay_delivery_end", minutes: 12, until: "10:42" },
        },
      },
    ]);
    expect(plan.summary).toMatchObject({
      requests: 3,
      served: 2,
      unserved: 1,
      vehicles: 2,
      distanceKm: 23,
      transfers: 1,
      droneFlights: 1,
    });
    expect(plan.summary.byMode).toEqual({ vehicle: 2, route_bus: 0, school_bus: 0, drone: 1, walk: 0 });
  });

  it("writes a read audit entry for the residents whose trips the plan shows", async () => {
    const f = await makePlanFixture(t.database, CODE);
    expect((await call.staff(planUrl(f.runId))).status).toBe(200);
    const entries = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.residentId, f.resident), eq(schema.auditLog.action, "read")));
    // Each request shown, and the resident whose name and phone are on the plan.
    expect(entries.map((e) => e.resourceId).sort()).toEqual([f.late, f.ride, f.resident].sort());
    expect(entries.every((e) => e.actorRole === "municipal_staff")).toBe(true);
  });

  it("answers 409 run_not_done for a run without a plan, 404 for an unknown run", async () => {
    const f = await makePlanFixture(t.database, CODE, { status: "running" });
    const response = await call.coordinator(planUrl(f.runId));
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("run_not_done");
    expect((await call.coordinator(planUrl("run-nope"))).status).toBe(404);
  });

  it("hides another municipality's run (404) and refuses residents and drivers (403)", async () => {
    const f = await makePlanFixture(t.database, CODE);
    expect((await call.otherCoordinator(planUrl(f.runId, OTHER))).status).toBe(404);
    expect((await call.otherCoordinator(planUrl(f.runId, CODE))).status).toBe(404);
    expect((await call.resident(planUrl(f.runId))).status).toBe(403);
    expect((await call.driver(planUrl(f.runId))).status).toBe(403);
  });
});

describe("POST /match-runs/{runId}/plan/approve", () => {
  it("approves one vehicle: its riders are confirmed, the others stay planned", async () => {
    const f = await makePlanFixture(t.database, CODE);
    const response = await post(call.coordinator, `${planUrl(f.runId)}/approve`, { vehicleIds: [f.vanA] });
    expect(response.status).toBe(200);
    const plan = PlanSchema.parse(await response.json());
    expect(plan.routes.find((r) => r.vehicleId === f.vanA)?.approved).toBe(true);
    expect(plan.routes.find((r) => r.vehicleId === f.vanB)?.approved).toBe(false);
    expect(plan.requests.find((r) => r.requestId === f.ride)?.status).toBe("confirmed");
    expect(await statusOf(f.ride)).toBe("confirmed");
    expect(await statusOf(f.parcel)).toBe("planned");
    // The unassigned request is not touched.
    expect(await statusOf(f.late)).toBe("submitted");
    const events = await requestEventsOf(t.database, f.ride);
    expect(events.map((e) => [e.fromStatus, e.toStatus])).toContainEqual(["planned", "confirmed"]);
    // The confirmed request now carries the plan's times (what the resident is told); the planned one not yet.
    const legs = plan.requests.find((r) => r.requestId === f.ride)?.legs ?? [];
    const requests = `/api/v1/municipalities/${CODE}/requests`;
    const ride = TransportRequestDetailSchema.parse(
      await (await call.coordinator(`${requests}/${f.ride}`)).json(),
    );
    expect(ride.planned).toEqual({ pickup: legs[0]?.departure, arrival: legs.at(-1)?.arrival });
    const parcel = TransportRequestDetailSchema.parse(
      await (await call.coordinator(`${requests}/${f.parcel}`)).json(),
    );
    expect(parcel.planned).toBeUndefined();
    const list = RequestPageSchema.parse(await (await call.coordinator(`${requests}?date=${f.date}`)).json());
    expect(list.items.find((r) => r.id === f.ride)?.planned).toEqual(ride.planned);
  });

  it("approves all routes: every planned request of the plan is confirmed", async () => {
    const f = await makePlanFixture(t.database, CODE);
    const response = await post(call.coordinator, `${planUrl(f.runId)}/approve`, {});
    expect(response.status).toBe(200);
    const plan = PlanSchema.parse(await response.json());
    expect(plan.routes.every((r) => r.approved)).toBe(true);
    expect(await statusOf(f.ride)).toBe("confirmed");
    expect(await statusOf(f.parcel)).toBe("confirmed");
  });

  it("names the failing field for a vehicle without a route (422) and an empty list (422)", async () => {
    const f = await makePlanFixture(t.database, CODE);
    let response = await post(call.coordinator, `${planUrl(f.runId)}/approve`, {
      vehicleIds: [f.vanA, "van-x"],
    });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.map((e) => e.path)).toEqual(["body.vehicleIds.1"]);
    response = await post(call.coordinator, `${planUrl(f.runId)}/approve`, { vehicleIds: [] });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.vehicleIds");
    // Nothing was approved by the refused calls.
    expect((await loadPlan(t.database.db, CODE, f.runId)).routes.every((r) => r.approvedAt === null)).toBe(
      true,
    );
  });

  it("refuses drivers (403) and another municipality (404)", async () => {
    const f = await makePlanFixture(t.database, CODE);
    expect((await post(call.driver, `${planUrl(f.runId)}/approve`, {})).status).toBe(403);
    expect((await post(call.otherCoordinator, `${planUrl(f.runId, OTHER)}/approve`, {})).status).toBe(404);
    expect(await statusOf(f.ride)).toBe("planned");
  });
});

describe("replacePlan", () => {
  it("keeps the id and status of stops that still exist, and route approvals", async () => {
    const f = await makePlanFixture(t.database, CODE);
    const db = t.database.db;
    const before = await loadPlan(db, CODE, f.runId);
    const pickup = before.stops.find((s) => s.requestId === f.ride && s.kind === "pickup");
    if (!pickup) throw new Error("fixture has no pick-up");
    await db.update(schema.planStops).set({ status: "done" }).where(eq(schema.planStops.id, pickup.id));
    await db
      .update(schema.planRoutes)
      .set({ approvedAt: "2026-06-01T00:00:00Z" })
      .where(eq(schema.planRoutes.vehicleId, f.vanA));
    // The same plan converted afresh gets new random ids; the rewrite must map them back.
    const rows = planRowsFromEngine(f.runId, CODE, f.problem, f.plan);
    expect(rows.stops.some((s) => s.id === pickup.id)).toBe(false);
    await db.transaction((tx) => replacePlan(tx, f.runId, rows));
    const after = await loadPlan(db, CODE, f.runId);
    expect(after.stops).toHaveLength(before.stops.length);
    expect(after.stops.find((s) => s.id === pickup.id)?.status).toBe("done");
    expect(new Set(after.stops.map((s) => s.id))).toEqual(new Set(before.stops.map((s) => s.id)));
    expect(after.routes.find((r) => r.vehicleId === f.vanA)?.approvedAt).toBe("2026-06-01T00:00:00Z");
    expect(after.routes.find((r) => r.vehicleId === f.vanB)?.approvedAt).toBeNull();
  });
});
