import {
  PlanSchema,
  RequestPageSchema,
  TransportRequestDetailSchema,
  UnservedCallListSchema,
  unassignedReasonSentence,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemFromDb } from "../../domain/plans/engineConvert";
import { post, problem } from "../../test/calls";
import { as, signInAs, type TestApp } from "../../test/testApp";
import { makePlanFixture, type PlanFixture, planTestApp } from "./plans.fixture";

/** Issue 24 item 3: every request of an approved day ends in an answer. */
const CODE = "991601";
const OTHER = "991619";

type Call = ReturnType<typeof as>;
let t: TestApp;
let call: Record<"coordinator" | "driver" | "resident", Call>;

beforeAll(async () => {
  ({ t, call } = await planTestApp(CODE, OTHER, {
    coordinator: "coordinator",
    driver: "driver",
    resident: "resident",
  }));
});
afterAll(() => t.cleanup());

const planUrl = (runId: string) => `/api/v1/municipalities/${CODE}/match-runs/${runId}/plan`;
const callsUrl = (date: string) => `/api/v1/municipalities/${CODE}/days/${date}/unserved`;
const requestUrl = (id: string) => `/api/v1/municipalities/${CODE}/requests/${id}`;

async function statusOf(id: string) {
  const [row] = await t.database.db.select().from(schema.requests).where(eq(schema.requests.id, id));
  return row;
}

/** The fixture's resident, signed in as a resident account of their own. */
async function residentOf(f: PlanFixture): Promise<Call> {
  return as(t.app, await signInAs(t, "resident", CODE, { residentId: f.resident }));
}

describe("approving the whole day answers every request", () => {
  it("moves what the plan could not serve to unserved with the reason in words; the call list and 「わたしの予約」 show it", async () => {
    const f = await makePlanFixture(t.database, CODE);
    // Approving one vehicle is not the whole day: nothing is answered unserved yet.
    await post(call.coordinator, `${planUrl(f.runId)}/approve`, { vehicleIds: [f.vanA] });
    expect((await statusOf(f.late))?.status).toBe("submitted");
    // The rest: the bus/drone-only and the remaining vehicle are confirmed, the late one unserved.
    const response = await post(call.coordinator, `${planUrl(f.runId)}/approve`, { vehicleIds: [f.vanB] });
    expect(response.status).toBe(200);
    expect((await statusOf(f.parcel))?.status).toBe("confirmed");
    const late = await statusOf(f.late);
    expect(late?.status).toBe("unserved");
    expect(late?.statusReason).toMatch(/^[^A-Z_]*$/); // words, not the engine's code
    // The same sentence the plan review shows for it (one table of words, in the contract).
    const plan = PlanSchema.parse(await (await call.coordinator(planUrl(f.runId))).json());
    const entry = plan.unassigned.find((u) => u.requestId === f.late);
    expect(entry).toBeDefined();
    if (entry) expect(late?.statusReason).toBe(unassignedReasonSentence(entry.reason, "ride", "ja"));

    const calls = await call.coordinator(callsUrl(f.date));
    expect(calls.status).toBe(200);
    const list = UnservedCallListSchema.parse(await calls.json());
    expect(list.items).toEqual([
      {
        requestId: f.late,
        kind: "ride",
        earliest: "09:30",
        latest: "10:30",
        residentId: f.resident,
        residentName: "山田 花子",
        phone: "0761-00-0000",
        reason: late?.statusReason,
      },
    ]);
    // Reading names and phones is audited.
    const audit = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.resourceId, f.late));
    expect(audit.some((a) => a.action === "read")).toBe(true);

    // The resident reads the answer and its reason in their own list.
    const mine = RequestPageSchema.parse(
      await (await (await residentOf(f))(`/api/v1/municipalities/${CODE}/requests?date=${f.date}`)).json(),
    );
    expect(mine.items.find((r) => r.id === f.late)).toMatchObject({
      status: "unserved",
      statusReason: late?.statusReason,
    });
  });

  it("keeps the call list to staff and coordinators", async () => {
    expect((await call.driver(callsUrl("2026-06-02"))).status).toBe(403);
    expect((await call.resident(callsUrl("2026-06-02"))).status).toBe(403);
    expect((await call.coordinator(callsUrl("2026-13-02"))).status).toBe(422);
  });
});

/** Solves a plan of `date` and takes its ride off with `outcome`: answered 200, the request carries `note` as its reason. */
async function rejectRide(date: string, outcome: "cancelled" | "unserved", note: string) {
  const f = await makePlanFixture(t.database, CODE, { date, solve: true });
  const response = await post(call.coordinator, `${planUrl(f.runId)}/reject`, {
    requestId: f.ride,
    note,
    outcome,
  });
  expect(response.status).toBe(200);
  expect(await statusOf(f.ride)).toMatchObject({ status: outcome, statusReason: note });
  return f;
}

describe("「外す」: 取り消し（ご本人の希望） or 今回は見送り", () => {
  it("cancels a request the resident withdrew; the next run's input never holds it again", async () => {
    const f = await rejectRide("2026-06-03", "cancelled", "ご本人から電話で取り消し");
    const { problem: next } = await problemFromDb(t.database.db, CODE, f.date);
    expect(next.requests.some((r) => r.id === f.ride)).toBe(false);
  });

  it("answers 今回は見送り with the note as the reason, on the call list", async () => {
    const f = await rejectRide("2026-06-04", "unserved", "車いす対応車が点検中のため");
    const list = UnservedCallListSchema.parse(await (await call.coordinator(callsUrl(f.date))).json());
    expect(list.items.map((i) => [i.requestId, i.reason])).toEqual([[f.ride, "車いす対応車が点検中のため"]]);
  });
});

describe("POST /match-runs/{runId}/plan/withdraw-approval", () => {
  it("undoes the approval before the first pick-up: routes proposed, confirmed → planned, unserved → submitted", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-06-05" });
    // Nothing approved yet.
    const early = await post(call.coordinator, `${planUrl(f.runId)}/withdraw-approval`, {});
    expect(early.status).toBe(409);
    expect((await problem(early)).title).toBe("plan_not_approved");
    await post(call.coordinator, `${planUrl(f.runId)}/approve`, {});
    expect((await statusOf(f.late))?.status).toBe("unserved");
    const response = await post(call.coordinator, `${planUrl(f.runId)}/withdraw-approval`, {});
    expect(response.status).toBe(200);
    const plan = PlanSchema.parse(await response.json());
    expect(plan.routes.every((r) => !r.approved)).toBe(true);
    expect((await statusOf(f.ride))?.status).toBe("planned");
    expect((await statusOf(f.parcel))?.status).toBe("planned");
    expect(await statusOf(f.late)).toMatchObject({ status: "submitted", statusReason: null });
    // The same moves by hand are refused: only the withdrawal makes them.
    await post(call.coordinator, `${planUrl(f.runId)}/approve`, {});
    const byHand = await post(call.coordinator, `${requestUrl(f.ride)}/transitions`, { to: "planned" });
    expect(byHand.status).toBe(409);
    const detail = TransportRequestDetailSchema.parse(
      await (await call.coordinator(requestUrl(f.ride))).json(),
    );
    expect(detail.allowedTransitions).not.toContain("planned");
  });

  it("is refused once the day has started (a stop marked)", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-06-06" });
    await post(call.coordinator, `${planUrl(f.runId)}/approve`, {});
    await t.database.db
      .update(schema.planStops)
      .set({ status: "done" })
      .where(eq(schema.planStops.requestId, f.ride));
    const response = await post(call.coordinator, `${planUrl(f.runId)}/withdraw-approval`, {});
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("day_already_started");
    expect((await statusOf(f.ride))?.status).toBe("confirmed");
  });

  it("is refused when the first pick-up time has come (the fixture's clock is 08:00 of 2026-06-02)", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-06-01" });
    await post(call.coordinator, `${planUrl(f.runId)}/approve`, {});
    const response = await post(call.coordinator, `${planUrl(f.runId)}/withdraw-approval`, {});
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("day_already_started");
  });
});
