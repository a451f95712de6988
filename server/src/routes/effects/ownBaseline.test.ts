import { PlanEffectsResponseSchema, PlanSchema } from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { solveRegional } from "@tsunagu/matching";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownVehiclesPlan } from "../../domain/effects/ownVehicles";
import { findRun, type RunRow } from "../../domain/effects/planQueries";
import { post } from "../../test/calls";
import type { as, TestApp } from "../../test/testApp";
import { makePlanFixture, planTestApp } from "../plans/plans.fixture";

/**
 * Issue 24 item 9: the own-vehicles "before" (one solve per organisation, seconds on a real day)
 * is stored with the run when first computed, read back after, and computed again once the plan
 * changes (a move, 外す, a driver change — every edit stores the engine state anew).
 */
const CODE = "991201";
const OTHER = "991210";
let t: TestApp;
let coordinator: ReturnType<typeof as>;

beforeAll(async () => {
  const app = await planTestApp(CODE, OTHER, { coordinator: "coordinator" });
  t = app.t;
  coordinator = app.call.coordinator;
});
afterAll(() => t.cleanup());

const planUrl = (runId: string) => `/api/v1/municipalities/${CODE}/match-runs/${runId}/plan`;

/** solveRegional, counted. */
function countingSolve() {
  const counter = { calls: 0 };
  const solve: typeof solveRegional = (problem, options) => {
    counter.calls++;
    return solveRegional(problem, options);
  };
  return { counter, solve };
}

async function run(runId: string): Promise<RunRow> {
  const row = await findRun(t.database.db, CODE, runId);
  if (!row) throw new Error(`no run ${runId}`);
  return row;
}

describe("the own-vehicles baseline, stored with the run", () => {
  it("solves once; a second read takes the stored baseline; an edit of the plan makes it solve again", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-09-01", solve: true });
    const { counter, solve } = countingSolve();

    const first = await ownVehiclesPlan(t.database.db, CODE, await run(f.runId), { solve });
    expect(first?.stored).toBe(false);
    const solves = counter.calls;
    expect(solves).toBeGreaterThan(0);
    expect((await run(f.runId)).ownBaselineJson).not.toBeNull();

    const second = await ownVehiclesPlan(t.database.db, CODE, await run(f.runId), { solve });
    expect(counter.calls).toBe(solves);
    expect(second?.stored).toBe(true);
    expect(second?.served).toEqual(first?.served);
    expect(second?.organisations).toBe(first?.organisations);
    expect(second?.rows.routes).toEqual(first?.rows.routes);
    expect(second?.rows.stops).toEqual(first?.rows.stops);
    expect(second?.rows.legs).toEqual(first?.rows.legs);
    expect(second?.rows.requests).toEqual(first?.rows.requests);

    // The coordinator moves the ride to the other van: the stored baseline is gone.
    const before = PlanSchema.parse(await (await coordinator(planUrl(f.runId))).json());
    const on = before.requests.find((r) => r.requestId === f.ride)?.legs.find((l) => l.mode === "vehicle");
    const moved = await post(coordinator, `${planUrl(f.runId)}/move`, {
      requestId: f.ride,
      toVehicleId: on?.vehicleId === f.vanA ? f.vanB : f.vanA,
      shift: 0,
    });
    expect(moved.status).toBe(200);
    expect((await run(f.runId)).ownBaselineJson).toBeNull();
    const third = await ownVehiclesPlan(t.database.db, CODE, await run(f.runId), { solve });
    expect(third?.stored).toBe(false);
    expect(counter.calls).toBe(2 * solves);

    // 外す (back to the next run) is an edit too.
    const rejected = await post(coordinator, `${planUrl(f.runId)}/reject`, {
      requestId: f.ride,
      note: "ご本人から電話で変更",
    });
    expect(rejected.status).toBe(200);
    expect((await run(f.runId)).ownBaselineJson).toBeNull();
  });

  it("solves again when ownership changed since it was stored (a vehicle moved to an organisation)", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-09-02", solve: true });
    const { counter, solve } = countingSolve();
    await ownVehiclesPlan(t.database.db, CODE, await run(f.runId), { solve });
    const solves = counter.calls;
    const [org] = await t.database.db
      .insert(schema.organisations)
      .values({ id: "org-own-test", municipalityCode: CODE, name: "デイサービスひだまり", kind: "facility" })
      .returning();
    await t.database.db
      .update(schema.vehicles)
      .set({ organisationId: org?.id ?? null })
      .where(eq(schema.vehicles.id, f.vanA));
    const again = await ownVehiclesPlan(t.database.db, CODE, await run(f.runId), { solve });
    expect(again?.stored).toBe(false);
    expect(counter.calls).toBeGreaterThan(solves);
  });

  it("the effects read stores it, and states the own-vehicles baseline by default", async () => {
    const f = await makePlanFixture(t.database, CODE, { date: "2026-09-03", solve: true });
    // The effects need each planned vehicle's fuel economy.
    for (const id of [f.vanA, f.vanB])
      await t.database.db.update(schema.vehicles).set({ kmPerLitre: 9.5 }).where(eq(schema.vehicles.id, id));
    const response = await coordinator(`/api/v1/municipalities/${CODE}/match-runs/${f.runId}/effects`);
    expect(response.status, await response.clone().text()).toBe(200);
    const effects = PlanEffectsResponseSchema.parse(await response.json());
    expect(effects.comparedWith.kind).toBe("own_vehicles");
    expect((await run(f.runId)).ownBaselineJson).not.toBeNull();
    const again = PlanEffectsResponseSchema.parse(
      await (await coordinator(`/api/v1/municipalities/${CODE}/match-runs/${f.runId}/effects`)).json(),
    );
    expect(again.before).toEqual(effects.before);
    expect(again.comparedWith).toEqual(effects.comparedWith);
  });
});
