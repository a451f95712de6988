import {
  LiveInsertResultSchema,
  PlanSchema,
  RequestCreatedSchema,
  UnassignedReasonSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { checkRegionalPlan, type RegionalPlan, type RegionalProblem } from "@tsunagu/matching";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, problem } from "../../test/calls";
import type { as, TestApp } from "../../test/testApp";
import { makePlanFixture, planTestApp, requestEventsOf } from "./plans.fixture";

const CODE = "991406";
const OTHER = "991414";

let t: TestApp;
let call: Record<"coordinator" | "otherCoordinator" | "driver", ReturnType<typeof as>>;

beforeAll(async () => {
  ({ t, call } = await planTestApp(CODE, OTHER, {
    coordinator: "coordinator",
    otherCoordinator: ["coordinator", OTHER],
    driver: "driver",
  }));
});
afterAll(() => t.cleanup());

const planUrl = (runId: string, code = CODE) => `/api/v1/municipalities/${code}/match-runs/${runId}/plan`;
/** `POST …/plan/move` of the fixture's ride; `fields` say where to. */
const moveRide = (
  f: { runId: string; ride: string },
  fields: Record<string, unknown>,
  who = call.coordinator,
  code = CODE,
) => post(who, `${planUrl(f.runId, code)}/move`, { requestId: f.ride, ...fields });
const liveUrl = (code = CODE) => `/api/v1/municipalities/${code}/live-requests`;

async function runRow(runId: string) {
  const [row] = await t.database.db.select().from(schema.matchRuns).where(eq(schema.matchRuns.id, runId));
  if (!row?.problemJson || !row.planJson) throw new Error("run has no plan");
  return {
    problem: JSON.parse(row.problemJson) as RegionalProblem,
    plan: JSON.parse(row.planJson) as RegionalPlan,
    row,
  };
}
async function statusOf(id: string) {
  const [row] = await t.database.db.select().from(schema.requests).where(eq(schema.requests.id, id));
  return row;
}

/** A solved fixture where van A carries the ride. */
async function solvedDay(date: string) {
  const f = await makePlanFixture(t.database, CODE, { date, solve: true });
  const { problem: p, plan } = await runRow(f.runId);
  expect(checkRegionalPlan(p, plan)).toEqual([]);
  return f;
}

describe("POST /match-runs/{runId}/plan/move", () => {
  it("moves a request to a vehicle it fits, and the stored plan still passes the check", async () => {
    const f = await solvedDay("2026-08-01");
    const before = PlanSchema.parse(await (await call.coordinator(planUrl(f.runId))).json());
    const from = before.requests
      .find((r) => r.requestId === f.ride)
      ?.legs.find((l) => l.mode === "vehicle")?.vehicleId;
    const to = from === f.vanA ? f.vanB : f.vanA;
    const response = await moveRide(f, { toVehicleId: to });
    expect(response.status).toBe(200);
    const plan = PlanSchema.parse(await response.json());
    expect(
      plan.requests.find((r) => r.requestId === f.ride)?.legs.find((l) => l.mode === "vehicle")?.vehicleId,
    ).toBe(to);
    expect(plan.routes.find((r) => r.vehicleId === to)?.stops.some((s) => s.requestId === f.ride)).toBe(true);
    const { problem: p, plan: stored } = await runRow(f.runId);
    expect(checkRegionalPlan(p, stored)).toEqual([]);
    expect((await statusOf(f.ride))?.status).toBe("planned");
  });

  it("answers 409 request_does_not_fit with the reason when the vehicle cannot take it, plan unchanged", async () => {
    const f = await solvedDay("2026-08-02");
    const before = await runRow(f.runId);
    // A third van that day whose only window (06:00–07:00) ends before the ride's earliest pick-up.
    const vanC = {
      ...before.problem.vehicles[0],
      id: "van-c",
      name: "早朝便",
      availability: [{ start: 6 * 3600, end: 7 * 3600 }],
    };
    const problemJson = JSON.stringify({ ...before.problem, vehicles: [...before.problem.vehicles, vanC] });
    await t.database.db.update(schema.matchRuns).set({ problemJson }).where(eq(schema.matchRuns.id, f.runId));
    const response = await moveRide(f, { toVehicleId: "van-c" });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { title: string; reason: unknown };
    expect(body.title).toBe("request_does_not_fit");
    expect(UnassignedReasonSchema.parse(body.reason).code).toMatch(/^[A-Z_]+$/);
    expect((await runRow(f.runId)).row.planJson).toBe(before.row.planJson);
    expect((await statusOf(f.ride))?.status).toBe("planned");
  });

  it("names the bad field (422) and refuses drivers (403) and other municipalities (404)", async () => {
    const f = await solvedDay("2026-08-03");
    let response = await moveRide(f, { toVehicleId: "van-x" });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.toVehicleId");
    response = await moveRide(f, { toVehicleId: f.vanB, shift: 3 });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.shift");
    response = await moveRide(f, {});
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.path).toBe("body.toVehicleId");
    expect((await moveRide(f, { toVehicleId: f.vanB }, call.driver)).status).toBe(403);
    expect((await moveRide(f, { toVehicleId: f.vanB }, call.otherCoordinator, OTHER)).status).toBe(404);
  });
});

describe("POST /match-runs/{runId}/plan/reject", () => {
  it("takes the request out: back to submitted with the note as the event's reason", async () => {
    const f = await solvedDay("2026-08-04");
    const response = await post(call.coordinator, `${planUrl(f.runId)}/reject`, {
      requestId: f.ride,
      note: "本人から電話で辞退",
    });
    expect(response.status).toBe(200);
    const plan = PlanSchema.parse(await response.json());
    expect(plan.requests.some((r) => r.requestId === f.ride)).toBe(false);
    expect(plan.routes.some((r) => r.stops.some((s) => s.requestId === f.ride))).toBe(false);
    expect((await statusOf(f.ride))?.status).toBe("submitted");
    const events = await requestEventsOf(t.database, f.ride);
    expect(events.at(-1)).toMatchObject({
      fromStatus: "planned",
      toStatus: "submitted",
      reason: "本人から電話で辞退",
    });
    const { problem: p, plan: stored } = await runRow(f.runId);
    expect(checkRegionalPlan(p, stored)).toEqual([]);
    const again = await post(call.coordinator, `${planUrl(f.runId)}/reject`, {
      requestId: f.ride,
      note: "再度",
    });
    expect(again.status).toBe(422);
    const noNote = await post(call.coordinator, `${planUrl(f.runId)}/reject`, {
      requestId: f.parcel,
      note: " ",
    });
    expect(noNote.status).toBe(422);
    expect((await problem(noNote)).errors?.[0]?.path).toBe("body.note");
  });
});

describe("POST /live-requests", () => {
  async function newRequest(f: { resident: string; date: string }, earliest: string, latest: string) {
    const id = `live-${earliest.replace(":", "")}-${Math.random().toString(36).slice(2, 8)}`;
    await t.database.db.insert(schema.requests).values({
      id,
      municipalityCode: CODE,
      kind: "ride",
      residentId: f.resident,
      date: f.date,
      status: "submitted",
      earliest,
      latest,
      pickupLat: 37.41,
      pickupLon: 137.22,
      dropoffLat: 37.45,
      dropoffLon: 137.27,
      passengers: 1,
    });
    return id;
  }

  /** The approved plan of 2026-06-02 and a new request from `earliest` to `latest`, inserted live. */
  async function liveInsertIntoApprovedDay(earliest: string, latest: string) {
    const f = await solvedDay("2026-06-02");
    expect((await post(call.coordinator, `${planUrl(f.runId)}/approve`, {})).status).toBe(200);
    const id = await newRequest(f, earliest, latest);
    const response = await post(call.coordinator, liveUrl(), { requestId: id });
    expect(response.status).toBe(200);
    return { f, id, result: LiveInsertResultSchema.parse(await response.json()) };
  }

  it("inserts a new request into the approved plan: confirmed, on a run sheet, checked", async () => {
    const { f, id, result } = await liveInsertIntoApprovedDay("13:00", "14:30");
    expect(result).toMatchObject({ status: "inserted", requestId: id });
    expect((await statusOf(id))?.status).toBe("confirmed");
    const { problem: p, plan: stored } = await runRow(f.runId);
    expect(checkRegionalPlan(p, stored)).toEqual([]);
    const plan = PlanSchema.parse(await (await call.coordinator(planUrl(f.runId))).json());
    const route = plan.routes.find((r) => r.stops.some((s) => s.requestId === id));
    expect(route?.approved).toBe(true);
  });

  it("reports an unservable request with its reason, status unchanged and the reason stored", async () => {
    // The vans work 08:00–17:00: a ride at 20:00 has no vehicle.
    const { id, result } = await liveInsertIntoApprovedDay("20:00", "20:40");
    expect(result.status).toBe("unservable");
    expect((await statusOf(id))?.status).toBe("submitted");
    const stored = await t.database.db
      .select()
      .from(schema.planUnassigned)
      .where(eq(schema.planUnassigned.requestId, id));
    expect(stored).toHaveLength(1);
  });

  it("answers 409 without an approved plan, 404 for an unknown request, 422 without requestId", async () => {
    const f = await solvedDay("2026-09-01");
    const id = await newRequest(f, "13:00", "14:30");
    const response = await post(call.coordinator, liveUrl(), { requestId: id });
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("no_approved_plan");
    expect((await post(call.coordinator, liveUrl(), { requestId: "nope" })).status).toBe(404);
    const bad = await post(call.coordinator, liveUrl(), {});
    expect(bad.status).toBe(422);
    expect((await problem(bad)).errors?.[0]?.path).toBe("body.requestId");
    expect((await post(call.driver, liveUrl(), { requestId: id })).status).toBe(403);
    expect((await post(call.otherCoordinator, liveUrl(OTHER), { requestId: id })).status).toBe(404);
  });
});

describe("POST /requests on a day whose plan is approved (live requests)", () => {
  const requestsUrl = `/api/v1/municipalities/${CODE}/requests`;
  const ride = (date: string, earliest: string, latest: string) => ({
    kind: "ride",
    date,
    earliest,
    latest,
    purpose: "shopping",
    pickup: { lat: 37.41, lon: 137.22 },
    dropoff: { lat: 37.45, lon: 137.27 },
  });

  it("inserts the new request at once: confirmed with its pick-up time, and a retry answers the same", async () => {
    const f = await solvedDay("2026-06-03");
    expect((await post(call.coordinator, `${planUrl(f.runId)}/approve`, {})).status).toBe(200);
    const key = `live-${Math.random().toString(36).slice(2)}`;
    const send = () =>
      call.coordinator(requestsUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify(ride("2026-06-03", "13:00", "14:30")),
      });
    const response = await send();
    expect(response.status).toBe(201);
    const created = RequestCreatedSchema.parse(await response.json());
    expect(created.status).toBe("confirmed");
    expect(created.placement).toMatchObject({ status: "inserted", requestId: created.id });
    expect((await statusOf(created.id))?.status).toBe("confirmed");
    const { problem: p, plan } = await runRow(f.runId);
    expect(checkRegionalPlan(p, plan)).toEqual([]);
    expect(plan.status !== "invalid" && plan.itineraries.some((i) => i.requestId === created.id)).toBe(true);
    // The retry creates nothing and answers the whole first answer, placement included.
    const retry = await send();
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(RequestCreatedSchema.parse(await retry.json())).toEqual(created);
  });

  it("says why when the request does not fit, keeps it submitted, and leaves unplanned days to the match run", async () => {
    const f = await solvedDay("2026-06-04");
    expect((await post(call.coordinator, `${planUrl(f.runId)}/approve`, {})).status).toBe(200);
    // The vans work 08:00–17:00: a ride at 20:00 has no vehicle.
    const late = await post(call.coordinator, requestsUrl, ride("2026-06-04", "20:00", "20:40"));
    expect(late.status).toBe(201);
    const refused = RequestCreatedSchema.parse(await late.json());
    expect(refused.status).toBe("submitted");
    expect(refused.placement?.status).toBe("unservable");
    if (refused.placement?.status === "unservable")
      expect(UnassignedReasonSchema.parse(refused.placement.reason).code).toBeTruthy();

    const unplanned = await post(call.coordinator, requestsUrl, ride("2026-06-05", "13:00", "14:30"));
    const waiting = RequestCreatedSchema.parse(await unplanned.json());
    expect(waiting.status).toBe("submitted");
    expect(waiting.placement).toBeUndefined();
  });
});
