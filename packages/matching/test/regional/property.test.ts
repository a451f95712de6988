import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RegionalProblem, solveRegional } from "../../src/index";
import { bus, drone, expectSoundPlan, h, hub, pt, vehicle } from "./region";

const region = fc
  .record({
    vehicles: fc.array(
      fc.record({
        x: fc.integer({ min: -5, max: 5 }),
        y: fc.integer({ min: -2, max: 16 }),
        kind: fc.constantFrom("van", "car", "wheelchair_van"),
        from: fc.integer({ min: 7, max: 11 }),
        len: fc.integer({ min: 2, max: 9 }),
      }),
      { minLength: 0, maxLength: 3 },
    ),
    requests: fc.array(
      fc.record({
        ride: fc.boolean(),
        px: fc.integer({ min: -5, max: 5 }),
        py: fc.integer({ min: -2, max: 16 }),
        dx: fc.integer({ min: -5, max: 5 }),
        dy: fc.integer({ min: -2, max: 16 }),
        at: fc.integer({ min: 7, max: 14 }),
        span: fc.integer({ min: 1, max: 6 }),
        kg: fc.integer({ min: 1, max: 12 }),
        wheel: fc.boolean(),
        walk: fc.constantFrom(0, 300, 800),
        cold: fc.boolean(),
      }),
      { minLength: 1, maxLength: 7 },
    ),
    withDrone: fc.boolean(),
    seats: fc.integer({ min: 0, max: 2 }),
  })
  .map(
    ({ vehicles, requests, withDrone, seats }): RegionalProblem => ({
      date: "2026-11-23",
      vehicles: vehicles.map((v, i) =>
        vehicle(`v${i}`, pt(v.x, v.y), {
          kind: v.kind,
          availability: [{ start: h(v.from), end: h(v.from + v.len) }],
          features: v.kind === "wheelchair_van" ? ["lift", "cold_box"] : [],
          capacity: {
            seats: 3,
            wheelchairs: v.kind === "wheelchair_van" ? 1 : 0,
            cargoKg: 20,
            cargoLitres: 80,
          },
        }),
      ),
      requests: requests.map((r, i) => ({
        id: `q${i}`,
        kind: r.ride ? "ride" : "parcel",
        pickup: pt(r.px, r.py),
        dropoff: pt(r.dx + 0.3, r.dy + 0.2),
        earliest: h(r.at),
        latest: h(r.at + r.span),
        ...(r.ride
          ? { passengers: 1, wheelchair: r.wheel, maxWalkMeters: r.walk }
          : { weightKg: r.kg, sizeLitres: 3 * r.kg, cold: r.cold }),
      })),
      trips: [bus({ spare: { seats, wheelchairs: 1, cargoKg: 10, cargoLitres: 40 } })],
      droneRoutes: withDrone ? [drone] : [],
      transferPoints: [hub],
    }),
  );

describe("regional planner properties", () => {
  it("every plan passes the independent checker and lists every request exactly once", () => {
    fc.assert(
      fc.property(region, (problem) => {
        const plan = solveRegional(problem, { timeLimitMs: 500, maxIterations: 100, seed: 3 });
        if (plan.status === "invalid") throw new Error(JSON.stringify(plan.issues));
        expectSoundPlan(problem, plan);
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });

  it("is deterministic for a seed and an iteration budget", () => {
    const problem = fc.sample(region, { numRuns: 1, seed: 7 })[0] as RegionalProblem;
    const a = solveRegional(problem, { timeLimitMs: 10_000, maxIterations: 150, seed: 5 });
    const b = solveRegional(problem, { timeLimitMs: 10_000, maxIterations: 150, seed: 5 });
    if (a.status === "invalid" || b.status === "invalid") throw new Error("invalid");
    expect({ ...a, stats: { ...a.stats, elapsedMs: 0 } }).toEqual({
      ...b,
      stats: { ...b.stats, elapsedMs: 0 },
    });
  });
});
