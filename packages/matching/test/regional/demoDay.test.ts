import { describe, expect, it } from "vitest";
import { breakShifts, checkRegionalPlan, type RegionalPlan, solveRegional } from "../../src/index";
import { demoDrivers, demoTownDay } from "./demoProblem";
import { mostAtOnce } from "./region";

type Solved = Extract<RegionalPlan, { status: "solved" | "partial" }>;

describe("the demo town's Monday (2026-11-23)", () => {
  it("plans ≥ 150 requests with bus parcels, drone parcels handed over at the hub, and passes the checker", () => {
    const { town, problem } = demoTownDay();
    expect(problem.requests.length).toBeGreaterThanOrEqual(150);
    const t0 = performance.now();
    const plan = solveRegional(problem, { timeLimitMs: 4000, seed: 1 }) as Extract<
      RegionalPlan,
      { status: "solved" | "partial" }
    >;
    const ms = performance.now() - t0;
    expect(plan.status).not.toBe("invalid");
    expect(checkRegionalPlan(problem, plan)).toEqual([]);
    const kind = new Map(problem.requests.map((r) => [r.id, r.kind]));
    const busParcels = plan.itineraries.filter(
      (i) => kind.get(i.requestId) === "parcel" && i.legs.some((l) => l.mode === "route_bus"),
    );
    const hub = town.hubs[0];
    const droneViaHub = plan.itineraries.filter((i) =>
      i.legs.some(
        (l, k) =>
          l.mode === "drone" &&
          i.legs[k - 1]?.mode === "vehicle" &&
          i.legs[k - 1]?.to.transferPointId === hub?.id,
      ),
    );
    // Served figure on this 2-core machine with a 4 s budget is ~135 of 175 (see the report).
    const served = plan.summary.served;
    console.info(
      `demo day: ${served}/${problem.requests.length} served, bus parcels ${busParcels.length}, drone via hub ${droneViaHub.length}, flights ${plan.droneFlights.length}, bus legs ${plan.summary.byMode.route_bus}, school bus ${plan.summary.byMode.school_bus}, ${Math.round(ms)} ms`,
    );
    expect(busParcels.length).toBeGreaterThan(0);
    expect(droneViaHub.length).toBeGreaterThan(0);
    expect(served / problem.requests.length).toBeGreaterThanOrEqual(0.7);
    // Every unserved request says why.
    for (const u of plan.unassigned) expect(u.code).toBeTruthy();
  }, 30_000);

  it("with the town's drivers: never more routes at once than drivers, and the demo driver drives", () => {
    const { town, problem: base } = demoTownDay();
    const drivers = demoDrivers(town);
    // With drivers, long vehicle windows become shifts with a break between (breakShifts).
    const problem = {
      ...base,
      vehicles: base.vehicles.map((v) => ({ ...v, availability: breakShifts(v.availability) })),
      drivers,
    };
    const run = (p: typeof problem | typeof base) => {
      const t0 = performance.now();
      const plan = solveRegional(p, { timeLimitMs: 4000, seed: 1 }) as Solved;
      return { plan, ms: performance.now() - t0 };
    };
    const before = run(base);
    const after = run(problem);
    expect(checkRegionalPlan(problem, after.plan)).toEqual([]);
    const peak = mostAtOnce(after.plan);
    const line = (label: string, r: { plan: Solved; ms: number }) => {
      const p = mostAtOnce(r.plan);
      return `${label}: ${r.plan.summary.served}/${problem.requests.length} served, ${r.plan.summary.vehicles} routes, ${r.plan.summary.drivers} drivers, at most ${p.most} routes at once (${Math.floor(p.at / 3600)}:${String(Math.floor((p.at % 3600) / 60)).padStart(2, "0")}), ${Math.round(r.ms)} ms`;
    };
    console.info(`demo day without drivers — ${line("before", before)}`);
    console.info(`demo day with ${drivers.length} drivers — ${line("after", after)}`);
    expect(peak.most).toBeLessThanOrEqual(drivers.length);
    expect(after.plan.routes.some((r) => r.driverId === "drv-demo")).toBe(true);
    // Measured 129–145 of 186 with drivers (143–154 without) on the shared 2-core machine, seeds 1–3
    // (docs/benchmarks.md): the shifts with breaks cost some flexibility.
    expect(after.plan.summary.served / problem.requests.length).toBeGreaterThanOrEqual(0.65);
    for (const u of after.plan.unassigned) expect(u.code).toBeTruthy();
  }, 60_000);
});
