import { RequestPageSchema, RunSheetSchema, RunSheetStopSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, problem } from "../../test/calls";
import { as, signInAs, type TestApp } from "../../test/testApp";
import {
  makePlanFixture,
  PLAN_DAY_NOW,
  type PlanFixture,
  planTestApp,
  requestEventsOf,
} from "../plans/plans.fixture";
import { RunSheetListSchema } from "./runSheets.routes";

const CODE = "991309";
const OTHER = "991317";

let t: TestApp;
type Call = ReturnType<typeof as>;
let call: Record<"coordinator" | "otherCoordinator" | "resident", Call>;

beforeAll(async () => {
  ({ t, call } = await planTestApp(CODE, OTHER, {
    coordinator: "coordinator",
    otherCoordinator: ["coordinator", OTHER],
    resident: "resident",
  }));
});
afterAll(() => t.cleanup());

const m = (code = CODE) => `/api/v1/municipalities/${code}`;

/** A plan of its own date (so lists do not mix), approved, and a driver who may drive van A only. */
async function approvedDay(day: number): Promise<{ f: PlanFixture; driver: Call }> {
  const f = await makePlanFixture(t.database, CODE, { date: `2026-07-${String(day).padStart(2, "0")}` });
  const approved = await post(call.coordinator, `${m()}/match-runs/${f.runId}/plan/approve`, {});
  expect(approved.status).toBe(200);
  const driverId = `drv-${f.runId}`;
  await t.database.db
    .insert(schema.drivers)
    .values({ id: driverId, municipalityCode: CODE, kind: "staff", name: "運転手" });
  await t.database.db.insert(schema.driverVehicles).values({ driverId, vehicleId: f.vanA });
  const driver = as(t.app, await signInAs(t, "driver", CODE, { driverId }));
  return { f, driver };
}

async function stopId(f: PlanFixture, requestId: string, kind: string) {
  const [row] = await t.database.db
    .select()
    .from(schema.planStops)
    .where(and(eq(schema.planStops.requestId, requestId), eq(schema.planStops.kind, kind)));
  if (!row) throw new Error(`no ${kind} stop of ${requestId} in ${f.runId}`);
  return row.id;
}

async function statusOf(requestId: string) {
  const [row] = await t.database.db.select().from(schema.requests).where(eq(schema.requests.id, requestId));
  return row;
}

describe("GET /run-sheets", () => {
  it("lists approved routes: all for a coordinator, only his vehicles for a driver", async () => {
    const { f, driver } = await approvedDay(1);
    const all = RunSheetListSchema.parse(
      await (await call.coordinator(`${m()}/run-sheets?date=${f.date}`)).json(),
    );
    expect(all.items.map((i) => i.vehicleId).sort()).toEqual([f.vanA, f.vanB].sort());
    const own = RunSheetListSchema.parse(await (await driver(`${m()}/run-sheets?date=${f.date}`)).json());
    expect(own.items).toEqual([
      {
        runId: f.runId,
        vehicleId: f.vanA,
        vehicleName: "デイサービス送迎車A",
        shift: 0,
        stops: 4,
        firstTime: "08:48",
        lastTime: "09:48",
      },
    ]);
  });

  it("shows nothing before approval, and refuses residents (403) and a bad date (422)", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-07-20" });
    const list = RunSheetListSchema.parse(
      await (await call.coordinator(`${m()}/run-sheets?date=${f.date}`)).json(),
    );
    expect(list.items).toEqual([]);
    expect((await call.resident(`${m()}/run-sheets?date=${f.date}`)).status).toBe(403);
    const bad = await call.coordinator(`${m()}/run-sheets?date=tomorrow`);
    expect(bad.status).toBe(422);
    expect((await problem(bad)).errors?.[0]?.path).toBe("query.date");
  });
});

describe("GET /run-sheets/{runId}/{vehicleId}/{shift}", () => {
  it("gives the driver his sheet with the rider's name, phone and notes, and audits the read", async () => {
    const { f, driver } = await approvedDay(2);
    const response = await driver(`${m()}/run-sheets/${f.runId}/${f.vanA}/0`);
    expect(response.status).toBe(200);
    const sheet = RunSheetSchema.parse(await response.json());
    expect(sheet.stops.map((s) => [s.kind, s.time])).toEqual([
      ["start", "08:48"],
      ["pickup", "09:00"],
      ["dropoff", "09:30"],
      ["end", "09:48"],
    ]);
    const pickup = sheet.stops[1];
    expect(pickup).toMatchObject({
      requestId: f.ride,
      requestKind: "ride",
      residentName: "山田 花子",
      phone: "0761-00-0000",
      passengers: 1,
      notes: "杖あり",
      handover: null,
      status: "pending",
    });
    // The door has a name and an address, not 「自宅・指定地点」.
    expect(pickup?.place).toMatchObject({ name: "山田 花子様宅", address: "架空町大字北沢 12-3" });
    const audit = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.residentId, f.resident),
          eq(schema.auditLog.resourceType, "resident"),
          eq(schema.auditLog.actorRole, "driver"),
        ),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "read", actorRole: "driver", resourceId: f.resident });
  });

  it("shows the hand-over to the drone on the parcel's drop-off at the hub", async () => {
    const { f } = await approvedDay(3);
    const sheet = RunSheetSchema.parse(
      await (await call.coordinator(`${m()}/run-sheets/${f.runId}/${f.vanB}/0`)).json(),
    );
    const dropoff = sheet.stops.find((s) => s.kind === "dropoff");
    expect(dropoff?.place.name).toBe("物流拠点");
    expect(dropoff?.handover).toEqual({
      mode: "drone",
      label: "拠点ポート → 山間ポート",
      time: "10:00",
      direction: "to",
    });
    expect(dropoff?.residentName).toBeNull();
    expect(dropoff?.weightKg).toBe(2);
  });

  it("answers 404 for a vehicle the driver may not drive, an unapproved route and another municipality", async () => {
    const { f, driver } = await approvedDay(4);
    expect((await driver(`${m()}/run-sheets/${f.runId}/${f.vanB}/0`)).status).toBe(404);
    const unapproved = await makePlanFixture(t.database, CODE, { date: "2026-07-21" });
    expect(
      (await call.coordinator(`${m()}/run-sheets/${unapproved.runId}/${unapproved.vanA}/0`)).status,
    ).toBe(404);
    expect((await call.otherCoordinator(`${m(OTHER)}/run-sheets/${f.runId}/${f.vanA}/0`)).status).toBe(404);
    expect((await call.coordinator(`${m()}/run-sheets/${f.runId}/${f.vanA}/x`)).status).toBe(422);
  });
});

describe("POST /plan-stops/{stopId}/status", () => {
  it("pick-up done → in_progress, a second mark → 409, drop-off done → done", async () => {
    const { f, driver } = await approvedDay(5);
    const pickup = await stopId(f, f.ride, "pickup");
    let response = await post(driver, `${m()}/plan-stops/${pickup}/status`, { status: "done" });
    expect(response.status).toBe(200);
    expect(RunSheetStopSchema.parse(await response.json()).status).toBe("done");
    expect((await statusOf(f.ride))?.status).toBe("in_progress");
    response = await post(driver, `${m()}/plan-stops/${pickup}/status`, { status: "done" });
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("stop_already_marked");
    response = await post(driver, `${m()}/plan-stops/${await stopId(f, f.ride, "dropoff")}/status`, {
      status: "done",
    });
    expect(response.status).toBe(200);
    expect((await statusOf(f.ride))?.status).toBe("done");
    const events = await requestEventsOf(t.database, f.ride);
    expect(events.map((e) => e.toStatus)).toEqual(["confirmed", "in_progress", "done"]);
  });

  it("no-show at the first pick-up → no_show with 「不在」; its later stops are cancelled and refused (409)", async () => {
    const { f } = await approvedDay(6);
    const pickup = await stopId(f, f.parcel, "pickup");
    const response = await post(call.coordinator, `${m()}/plan-stops/${pickup}/status`, {
      status: "no_show",
    });
    expect(response.status).toBe(200);
    const row = await statusOf(f.parcel);
    expect(row?.status).toBe("no_show");
    expect(row?.statusReason).toBe("不在");
    const dropoffId = await stopId(f, f.parcel, "dropoff");
    const [cancelled] = await t.database.db
      .select()
      .from(schema.planStops)
      .where(eq(schema.planStops.id, dropoffId));
    expect(cancelled?.status).toBe("cancelled");
    const dropoff = await post(call.coordinator, `${m()}/plan-stops/${dropoffId}/status`, { status: "done" });
    expect(dropoff.status).toBe(409);
    expect((await problem(dropoff)).title).toBe("stop_already_marked");
  });

  it("a drop-off that is not the last leg only records the stop", async () => {
    const { f } = await approvedDay(7);
    await post(call.coordinator, `${m()}/plan-stops/${await stopId(f, f.parcel, "pickup")}/status`, {
      status: "done",
    });
    const response = await post(
      call.coordinator,
      `${m()}/plan-stops/${await stopId(f, f.parcel, "dropoff")}/status`,
      {
        status: "done",
      },
    );
    expect(response.status).toBe(200);
    // The parcel still has its drone leg ahead: in progress, not done.
    expect((await statusOf(f.parcel))?.status).toBe("in_progress");
  });

  it("refuses a stop of a planned (not approved) route as not found, and a request not confirmed (409)", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-07-22" });
    const response = await post(
      call.coordinator,
      `${m()}/plan-stops/${await stopId(f, f.ride, "pickup")}/status`,
      {
        status: "done",
      },
    );
    expect(response.status).toBe(404);
    const g = await makePlanFixture(t.database, CODE, { date: "2026-07-23" });
    await t.database.db
      .update(schema.planRoutes)
      .set({ approvedAt: PLAN_DAY_NOW.toISOString() })
      .where(eq(schema.planRoutes.runId, g.runId));
    const planned = await post(
      call.coordinator,
      `${m()}/plan-stops/${await stopId(g, g.ride, "pickup")}/status`,
      {
        status: "done",
      },
    );
    expect(planned.status).toBe(409);
    expect((await problem(planned)).title).toBe("request_not_active");
  });

  it("answers 404 for another vehicle's stop (driver) or municipality, 403 for residents, 422 for bad input", async () => {
    const { f, driver } = await approvedDay(8);
    const other = await stopId(f, f.parcel, "pickup");
    expect((await post(driver, `${m()}/plan-stops/${other}/status`, { status: "done" })).status).toBe(404);
    expect(
      (await post(call.otherCoordinator, `${m(OTHER)}/plan-stops/${other}/status`, { status: "done" }))
        .status,
    ).toBe(404);
    expect((await post(call.resident, `${m()}/plan-stops/${other}/status`, { status: "done" })).status).toBe(
      403,
    );
    const bad = await post(driver, `${m()}/plan-stops/${await stopId(f, f.ride, "pickup")}/status`, {
      status: "picked",
    });
    expect(bad.status).toBe(422);
    expect((await problem(bad)).errors?.[0]?.path).toBe("body.status");
    expect((await statusOf(f.parcel))?.status).toBe("confirmed");
  });
});

describe("no-show cascade and undo (DELETE /plan-stops/{stopId}/status)", () => {
  const undo = (call: Call, id: string) => call(`${m()}/plan-stops/${id}/status`, { method: "DELETE" });
  const sheetOf = async (driver: Call, f: PlanFixture) =>
    RunSheetSchema.parse(await (await driver(`${m()}/run-sheets/${f.runId}/${f.vanA}/0`)).json());

  it("不在 at the pick-up takes the drop-off off the driver's sheet; undone within 5 minutes, both come back", async () => {
    const { f, driver } = await approvedDay(10);
    const pickup = await stopId(f, f.ride, "pickup");
    const marked = await post(driver, `${m()}/plan-stops/${pickup}/status`, { status: "no_show" });
    expect(marked.status).toBe(200);
    const stop = RunSheetStopSchema.parse(await marked.json());
    expect(stop.markedAt).toBe(PLAN_DAY_NOW.toISOString());
    expect(stop.undoableUntil).toBe(new Date(PLAN_DAY_NOW.getTime() + 5 * 60_000).toISOString());
    let sheet = await sheetOf(driver, f);
    expect(sheet.stops.filter((s) => s.requestId === f.ride).map((s) => [s.kind, s.status])).toEqual([
      ["pickup", "no_show"],
      ["dropoff", "cancelled"],
    ]);
    expect((await statusOf(f.ride))?.status).toBe("no_show");

    const undone = await undo(driver, pickup);
    expect(undone.status).toBe(200);
    expect(RunSheetStopSchema.parse(await undone.json())).toMatchObject({
      status: "pending",
      markedAt: null,
    });
    sheet = await sheetOf(driver, f);
    expect(sheet.stops.filter((s) => s.requestId === f.ride).map((s) => s.status)).toEqual([
      "pending",
      "pending",
    ]);
    const row = await statusOf(f.ride);
    expect(row?.status).toBe("confirmed");
    const events = await requestEventsOf(t.database, f.ride);
    expect(events.map((e) => e.toStatus)).toEqual(["confirmed", "no_show", "confirmed"]);
  });

  it("乗車済み undone goes back to confirmed; after 5 minutes, or once the drop-off is marked, undo is refused (409)", async () => {
    const { f, driver } = await approvedDay(11);
    const pickup = await stopId(f, f.ride, "pickup");
    expect((await post(driver, `${m()}/plan-stops/${pickup}/status`, { status: "done" })).status).toBe(200);
    expect((await statusOf(f.ride))?.status).toBe("in_progress");
    expect((await undo(driver, pickup)).status).toBe(200);
    expect((await statusOf(f.ride))?.status).toBe("confirmed");

    // Marked again, then the drop-off: the pick-up can no longer be undone.
    expect((await post(driver, `${m()}/plan-stops/${pickup}/status`, { status: "done" })).status).toBe(200);
    const dropoff = await stopId(f, f.ride, "dropoff");
    expect((await post(driver, `${m()}/plan-stops/${dropoff}/status`, { status: "done" })).status).toBe(200);
    const blocked = await undo(driver, pickup);
    expect(blocked.status).toBe(409);
    expect((await problem(blocked)).title).toBe("stop_not_undoable");

    // The drop-off, marked six minutes ago by the server's clock, is past its window.
    await t.database.db
      .update(schema.planStops)
      .set({ statusAt: new Date(PLAN_DAY_NOW.getTime() - 6 * 60_000).toISOString() })
      .where(eq(schema.planStops.id, dropoff));
    const late = await undo(driver, dropoff);
    expect(late.status).toBe(409);
    expect(await problem(late)).toMatchObject({ title: "stop_not_undoable" });
    expect((await statusOf(f.ride))?.status).toBe("done");
  });

  it("refuses a pending stop (409), another vehicle's stop (404 for the driver) and residents (403)", async () => {
    const { f, driver } = await approvedDay(12);
    const pending = await undo(driver, await stopId(f, f.ride, "pickup"));
    expect(pending.status).toBe(409);
    expect((await problem(pending)).title).toBe("stop_not_undoable");
    const parcelPickup = await stopId(f, f.parcel, "pickup");
    expect(
      (await post(call.coordinator, `${m()}/plan-stops/${parcelPickup}/status`, { status: "done" })).status,
    ).toBe(200);
    expect((await undo(driver, parcelPickup)).status).toBe(404);
    expect((await undo(call.resident, parcelPickup)).status).toBe(403);
    expect((await undo(call.otherCoordinator, parcelPickup)).status).toBe(404);
    expect((await undo(call.coordinator, parcelPickup)).status).toBe(200);
  });
});

describe("drivers' view of requests", () => {
  it("lets a driver read the requests on his approved run sheets and no others", async () => {
    const { f, driver } = await approvedDay(9);
    const page = RequestPageSchema.parse(await (await driver(`${m()}/requests?date=${f.date}`)).json());
    expect(page.items.map((r) => r.id)).toEqual([f.ride]);
    expect((await driver(`${m()}/requests/${f.parcel}`)).status).toBe(404);
  });
});
