import { RequestSearchResultSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem } from "../../test/calls";
import type { as, TestApp } from "../../test/testApp";
import { makePlanFixture, type PlanFixture, planTestApp } from "../plans/plans.fixture";

const CODE = "991406";
const OTHER = "991414";

type Call = ReturnType<typeof as>;
let t: TestApp;
let call: Record<"coordinator" | "otherCoordinator" | "driver", Call>;
let f: PlanFixture;

beforeAll(async () => {
  ({ t, call } = await planTestApp(CODE, OTHER, {
    coordinator: "coordinator",
    otherCoordinator: ["coordinator", OTHER],
    driver: "driver",
  }));
  f = await makePlanFixture(t.database, CODE, { date: "2026-08-03" });
});
afterAll(() => t.cleanup());

const search = (caller: Call, q: string, date = "2026-08-03", code = CODE) =>
  caller(`/api/v1/municipalities/${code}/request-search?date=${date}&q=${encodeURIComponent(q)}`);

async function hits(q: string) {
  const response = await search(call.coordinator, q);
  expect(response.status).toBe(200);
  return RequestSearchResultSchema.parse(await response.json());
}

describe("GET /request-search", () => {
  it("finds the day's requests by name (spaces ignored), phone digits and request number", async () => {
    const byName = await hits("山田花子");
    expect(byName.items.map((h) => h.requestId).sort()).toEqual([f.ride, f.late].sort());
    const ride = byName.items.find((h) => h.requestId === f.ride);
    expect(ride).toMatchObject({
      person: { name: "山田 花子", phone: "0761-00-0000" },
      from: { name: "山田 花子様宅", address: "架空町大字北沢 12-3" },
    });
    expect((await hits("0761000000")).items).toHaveLength(2);
    expect((await hits(f.parcel)).items.map((h) => h.requestId)).toEqual([f.parcel]);
    expect((await hits("佐藤")).items).toEqual([]);
    // Another day has none of them.
    const other = RequestSearchResultSchema.parse(
      await (await search(call.coordinator, "山田", "2026-08-04")).json(),
    );
    expect(other.items).toEqual([]);
  });

  it("audits each request and resident shown", async () => {
    await hits("山田 花子");
    const entries = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.residentId, f.resident), eq(schema.auditLog.resourceType, "resident")));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.action === "read" && e.actorRole === "coordinator")).toBe(true);
  });

  it("refuses drivers (403), other municipalities (404) and an empty query (422)", async () => {
    expect((await search(call.driver, "山田")).status).toBe(403);
    expect((await search(call.otherCoordinator, "山田")).status).toBe(404);
    const empty = await search(call.coordinator, "  ");
    expect(empty.status).toBe(422);
    expect((await problem(empty)).errors?.[0]?.path).toBe("query.q");
  });
});
