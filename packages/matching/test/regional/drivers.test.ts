import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignRouteDriver,
  breakShifts,
  checkRegionalPlan,
  type Driver,
  insertIntoPlan,
  type RegionalPlan,
  type RegionalProblem,
  solveRegional,
} from "../../src/index";
import { longestDriving, resolveDriverRules } from "../../src/regional/drivers";
import { expectSoundPlan, h, mostAtOnce as peak, problemOf, pt, ride, vehicle } from "./region";

const mostAtOnce = (plan: RegionalPlan) => peak(plan).most;

type Solved = Extract<RegionalPlan, { status: "solved" | "partial" }>;

function solved(problem: RegionalProblem, seed = 1): Solved {
  const plan = solveRegional(problem, { timeLimitMs: 2000, maxIterations: 200, seed });
  if (plan.status === "invalid") throw new Error(JSON.stringify(plan.issues));
  return plan;
}

const driver = (id: string, vehicleIds: string[], over: Partial<Driver> = {}): Driver => ({
  id,
  name: id,
  availability: [{ start: h(7), end: h(20) }],
  vehicleIds,
  ...over,
});

/** Six rides at the same hour from three depots: three vans would serve them at once. */
const rushHour = (drivers?: Driver[]): RegionalProblem =>
  problemOf({
    vehicles: [vehicle("v1", pt(0, 0)), vehicle("v2", pt(4, 0)), vehicle("v3", pt(-4, 0))],
    requests: [0, 1, 2, 3, 4, 5].map((i) =>
      ride(`r${i}`, pt(i - 3, 2), pt(i - 3, 6), { earliest: h(9), latest: h(9, 45), maxWalkMeters: 0 }),
    ),
    ...(drivers ? { drivers } : {}),
  });

describe("drivers in the regional plan", () => {
  it("without drivers in the problem routes have none (the old behaviour)", () => {
    const plan = solved(rushHour());
    expect(plan.routes.every((r) => r.driverId === undefined)).toBe(true);
    expect(plan.summary.drivers).toBe(0);
  });

  it("one driver and three vehicles: never more than one route at a time, the rest NO_DRIVER", () => {
    const problem = rushHour([driver("d1", ["v1", "v2", "v3"])]);
    const plan = solved(problem);
    expect(checkRegionalPlan(problem, plan)).toEqual([]);
    expect(plan.routes.length).toBeGreaterThan(0);
    expect(plan.routes.every((r) => r.driverId === "d1")).toBe(true);
    expect(mostAtOnce(plan)).toBe(1);
    expect(plan.summary.drivers).toBe(1);
    expect(plan.unassigned.length).toBeGreaterThan(0);
    for (const u of plan.unassigned) expect(u.code).toBe("NO_DRIVER");
    const solo = solved(rushHour());
    expect(mostAtOnce(solo)).toBeGreaterThan(1);
  });

  it("one driver drives several routes in sequence, with time to move between depots", () => {
    const problem = problemOf({
      vehicles: [
        vehicle("v1", pt(0, 0), { availability: [{ start: h(8), end: h(11) }] }),
        vehicle("v2", pt(6, 0), { availability: [{ start: h(13), end: h(17) }] }),
      ],
      requests: [
        ride("am", pt(0, 1), pt(0, 5), { earliest: h(9), latest: h(10) }),
        ride("pm", pt(6, 1), pt(6, 5), { earliest: h(14), latest: h(15) }),
      ],
      drivers: [driver("d1", ["v1", "v2"])],
    });
    const plan = solved(problem);
    expect(checkRegionalPlan(problem, plan)).toEqual([]);
    expect(plan.unassigned).toEqual([]);
    expect(plan.routes.map((r) => [r.vehicleId, r.driverId])).toEqual([
      ["v1", "d1"],
      ["v2", "d1"],
    ]);
  });

  it("a driver is given only vehicles they may drive and only within their hours", () => {
    const problem = problemOf({
      vehicles: [vehicle("v1", pt(0, 0)), vehicle("v2", pt(1, 0))],
      requests: [
        ride("early", pt(0, 1), pt(0, 4), { earliest: h(8), latest: h(9) }),
        ride("late", pt(0, 1), pt(0, 4), { earliest: h(15), latest: h(16) }),
      ],
      drivers: [driver("d1", ["v2"], { availability: [{ start: h(7), end: h(12) }] })],
    });
    const plan = solved(problem);
    expect(checkRegionalPlan(problem, plan)).toEqual([]);
    expect(plan.routes.map((r) => [r.vehicleId, r.driverId])).toEqual([["v2", "d1"]]);
    expect(plan.unassigned.map((u) => [u.requestId, u.code])).toEqual([["late", "NO_DRIVER"]]);
    expect(plan.unassigned[0]?.details.from).toBeGreaterThanOrEqual(h(14));
  });

  it("a request that needs a qualification the only driver lacks is NO_DRIVER and says which", () => {
    const problem = problemOf({
      vehicles: [vehicle("v1", pt(0, 0))],
      requests: [
        ride("plain", pt(0, 1), pt(0, 4), { earliest: h(9), latest: h(10) }),
        ride("welfare", pt(0, 1), pt(0, 4), {
          earliest: h(13),
          latest: h(14),
          driverQualifications: ["welfare_course"],
        }),
      ],
      drivers: [driver("d1", ["v1"], { qualifications: ["sedan_course"] })],
    });
    const plan = solved(problem);
    expect(checkRegionalPlan(problem, plan)).toEqual([]);
    expect(plan.itineraries.map((i) => i.requestId)).toEqual(["plain"]);
    const u = plan.unassigned[0];
    expect(u?.code).toBe("NO_DRIVER");
    expect(u?.details.rule).toBe("qualification");
    expect(u?.details.qualifications).toEqual(["welfare_course"]);
    const ok = { ...problem, drivers: [driver("d1", ["v1"], { qualifications: ["welfare_course"] })] };
    expect(solved(ok).unassigned).toEqual([]);
  });

  it("honours the continuous-driving limit (a parameter, 4 h by default)", () => {
    const problem = problemOf({
      vehicles: [vehicle("v1", pt(0, 0))],
      requests: [ride("far", pt(0, 1), pt(0, 30), { earliest: h(9), latest: h(12) })],
      drivers: [driver("d1", ["v1"])],
    });
    expect(solved(problem).unassigned).toEqual([]);
    const strict = solveRegional(problem, {
      timeLimitMs: 1000,
      maxIterations: 100,
      driverRules: { maxContinuousDrivingSeconds: 20 * 60 },
    });
    if (strict.status === "invalid") throw new Error("invalid");
    expect(strict.unassigned.map((u) => [u.code, u.details.rule])).toEqual([
      ["NO_DRIVER", "continuous_driving"],
    ]);
  });

  it("cuts only windows over 6 h into shifts of at most 4 h, 30 min apart", () => {
    expect(breakShifts([{ start: h(10), end: h(15, 30) }])).toEqual([{ start: h(10), end: h(15, 30) }]);
    expect(breakShifts([{ start: h(8), end: h(18) }])).toEqual([
      { start: h(8), end: h(11) },
      { start: h(11, 30), end: h(14, 30) },
      { start: h(15), end: h(18) },
    ]);
    expect(breakShifts([{ start: h(8), end: h(15) }])).toEqual([
      { start: h(8), end: h(11, 15) },
      { start: h(11, 45), end: h(15) },
    ]);
  });

  it("counts a break only from pauses of 10 min or more adding up to 30 min", () => {
    const rules = resolveDriverRules();
    // 3 h, two 15-min pauses (a break), 3 h: never more than 3 h in a row.
    expect(longestDriving([h(3), h(0, 15), 0, h(0, 15), h(3)], rules)).toBe(h(3));
    // 3 h, three 9-min stops (none counts), 2 h: 5 h in a row.
    expect(longestDriving([h(3), h(0, 9), 0, h(0, 9), 0, h(0, 9), h(2)], rules)).toBe(h(5));
  });

  it("the checker finds a driver who may not drive the vehicle and a driver in two places", () => {
    const problem = problemOf({
      vehicles: [vehicle("v1", pt(0, 0)), vehicle("v2", pt(4, 0))],
      requests: [
        ride("a", pt(0, 1), pt(0, 5), { earliest: h(9), latest: h(9, 40), maxWalkMeters: 0 }),
        ride("b", pt(4, 1), pt(4, 5), { earliest: h(9), latest: h(9, 40), maxWalkMeters: 0 }),
      ],
      drivers: [driver("d1", ["v1"]), driver("d2", ["v2"])],
    });
    const plan = solved(problem);
    expect(plan.unassigned).toEqual([]);
    expect(checkRegionalPlan(problem, plan)).toEqual([]);
    const same = { ...plan, routes: plan.routes.map((r) => ({ ...r, driverId: "d1" })) };
    const errs = checkRegionalPlan(problem, same);
    expect(errs.some((e) => e.includes("may not drive v2"))).toBe(true);
    const both = { ...problem, drivers: [driver("d1", ["v1", "v2"]), driver("d2", ["v2"])] };
    expect(checkRegionalPlan(both, same).some((e) => e.includes("overlap"))).toBe(true);
    const none = { ...plan, routes: plan.routes.map(({ driverId: _, ...r }) => r) };
    expect(checkRegionalPlan(problem, none).some((e) => e.includes("no driver"))).toBe(true);
  });

  it("the coordinator's driver change is refused with the rule, or kept by the checker", () => {
    const problem = problemOf({
      vehicles: [vehicle("v1", pt(0, 0)), vehicle("v2", pt(4, 0))],
      requests: [
        ride("a", pt(0, 1), pt(0, 5), { earliest: h(9), latest: h(9, 40), maxWalkMeters: 0 }),
        ride("b", pt(4, 1), pt(4, 5), { earliest: h(9), latest: h(9, 40), maxWalkMeters: 0 }),
      ],
      drivers: [driver("d1", ["v1"]), driver("d2", ["v2"]), driver("d3", ["v1", "v2"])],
    });
    const plan = solved(problem);
    const v1 = plan.routes.find((r) => r.vehicleId === "v1");
    if (!v1) throw new Error("no v1 route");
    const d = (driverId: string, vehicleId = "v1") =>
      assignRouteDriver(problem, plan, { vehicleId, shift: 0, driverId });
    expect(d("d2")).toEqual({ status: "refused", rule: "vehicle" });
    const moved = d("d3");
    if (moved.status !== "assigned") throw new Error(moved.status);
    expect(moved.plan.routes.find((r) => r.vehicleId === "v1")?.driverId).toBe("d3");
    expect(checkRegionalPlan(problem, moved.plan)).toEqual([]);
    // d3 now drives v1; giving them v2 at the same time overlaps.
    expect(assignRouteDriver(problem, moved.plan, { vehicleId: "v2", shift: 0, driverId: "d3" })).toEqual({
      status: "refused",
      rule: "overlap",
    });
    expect(d("nobody").status).toBe("invalid");
  });

  it("live insertion keeps every route driven", () => {
    const base = rushHour([driver("d1", ["v1", "v2", "v3"])]);
    const problem = { ...base, requests: base.requests.slice(0, 1) };
    const plan = solved(problem);
    const extra = ride("x", pt(3, 2), pt(3, 6), { earliest: h(9), latest: h(9, 45), maxWalkMeters: 0 });
    const bigger = { ...problem, requests: [...problem.requests, extra] };
    const out = insertIntoPlan(bigger, plan, "x");
    if (out.status === "inserted") {
      expect(checkRegionalPlan(bigger, out.plan)).toEqual([]);
      expect(mostAtOnce(out.plan)).toBe(1);
    } else expect(out.status === "infeasible" && out.reason.code).toBe("NO_DRIVER");
  });
});

const day = fc
  .record({
    depots: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 1, maxLength: 4 }),
    rides: fc.array(
      fc.record({
        x: fc.integer({ min: -6, max: 6 }),
        y: fc.integer({ min: 0, max: 12 }),
        at: fc.integer({ min: 7, max: 16 }),
        span: fc.integer({ min: 1, max: 3 }),
        welfare: fc.boolean(),
      }),
      { minLength: 1, maxLength: 9 },
    ),
    drivers: fc.array(
      fc.record({
        from: fc.integer({ min: 6, max: 12 }),
        len: fc.integer({ min: 3, max: 12 }),
        vehicles: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        welfare: fc.boolean(),
      }),
      { minLength: 0, maxLength: 3 },
    ),
  })
  .map(
    ({ depots, rides, drivers }): RegionalProblem =>
      problemOf({
        vehicles: depots.map((x, i) =>
          vehicle(`v${i}`, pt(x, 0), { availability: [{ start: h(7), end: h(19) }] }),
        ),
        requests: rides.map((r, i) =>
          ride(`r${i}`, pt(r.x, r.y), pt(-r.x, 12 - r.y), {
            earliest: h(r.at),
            latest: h(r.at + r.span),
            maxWalkMeters: 0,
            ...(r.welfare ? { driverQualifications: ["welfare_course"] } : {}),
          }),
        ),
        drivers: drivers.map((d, i) =>
          driver(
            `d${i}`,
            depots.flatMap((_, k) => (d.vehicles[k] ? [`v${k}`] : [])),
            {
              availability: [{ start: h(d.from), end: h(Math.min(24, d.from + d.len)) }],
              ...(d.welfare ? { qualifications: ["welfare_course"] } : {}),
            },
          ),
        ),
      }),
  );

describe("driver assignment properties", () => {
  it("every plan passes the checker and never has more routes at once than drivers", () => {
    fc.assert(
      fc.property(day, (problem) => {
        const plan = solved(problem, 4);
        expectSoundPlan(problem, plan);
        expect(mostAtOnce(plan)).toBeLessThanOrEqual(problem.drivers?.length ?? 0);
      }),
      { numRuns: 40, seed: 20261207 },
    );
  });
});
