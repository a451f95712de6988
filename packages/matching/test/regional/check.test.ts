import { describe, expect, it } from "vitest";
import { checkRegionalPlan, type RegionalPlan, type RegionalProblem, solveRegional } from "../../src/index";
import { bus, drone, h, parcel, problemOf, pt, ride, vehicle } from "./region";

type Solved = Extract<RegionalPlan, { status: "solved" | "partial" }>;

// One good plan with a van → bus → walk rider and a van → drone → car parcel.
const problem: RegionalProblem = problemOf({
  vehicles: [
    vehicle("van", pt(1, 0), { availability: [{ start: h(8), end: h(10, 30) }] }),
    vehicle("volunteer", pt(0.5, 15.5), { kind: "car", availability: [{ start: h(10), end: h(18) }] }),
  ],
  requests: [parcel("p1", pt(1, 0), pt(0.5, 15.8)), ride("r1", pt(3, 0), pt(0.2, 10.2))],
  droneRoutes: [drone],
  trips: [bus()],
});
const good = solveRegional(problem, { timeLimitMs: 300, maxIterations: 200 }) as Solved;
const clone = (): Solved => structuredClone(good);
const it1 = (p: Solved, id: string) => {
  const i = p.itineraries.find((x) => x.requestId === id);
  if (!i) throw new Error(`no itinerary ${id}`);
  return i as { legs: Record<string, unknown>[] } & typeof i;
};

describe("checkRegionalPlan", () => {
  it("accepts the good plan, which uses a bus and a drone", () => {
    expect(good.status).toBe("solved");
    expect(checkRegionalPlan(problem, good)).toEqual([]);
    expect(good.summary.byMode.drone).toBe(1);
    expect(good.summary.byMode.route_bus).toBe(1);
  });

  const cases: [string, () => [RegionalProblem, RegionalPlan], RegExp][] = [
    [
      "capacity",
      () => [
        {
          ...problem,
          vehicles: problem.vehicles.map((v) => ({
            ...v,
            capacity: { ...v.capacity, seats: 0, cargoKg: 1 },
          })),
        },
        good,
      ],
      /over capacity/,
    ],
    [
      "request window",
      () => [{ ...problem, requests: problem.requests.map((r) => ({ ...r, latest: h(9) })) }, good],
      /after latest/,
    ],
    [
      "travel time",
      () => {
        const p = clone();
        const rt = p.routes[0] as unknown as {
          stops: { arrival: number; departure: number; serviceStart: number }[];
        };
        const s = rt.stops[2] as { arrival: number };
        s.arrival -= 600;
        return [problem, p];
      },
      /arrives before it can/,
    ],
    [
      "precedence",
      () => {
        const p = clone();
        const rt = p.routes.find((r) => r.stops.length > 3) as unknown as { stops: unknown[] };
        const [a, b] = [rt.stops[1], rt.stops[2]];
        rt.stops[1] = b;
        rt.stops[2] = a;
        return [problem, p];
      },
      /dropped off before pick-up|arrives before/,
    ],
    [
      "timetable",
      () => {
        const p = clone();
        const legs = it1(p, "r1").legs;
        const busLeg = legs.find((l) => l.mode === "route_bus") as { departure: number };
        busLeg.departure += 60;
        return [problem, p];
      },
      /timetable/,
    ],
    [
      "trip room",
      () => [
        { ...problem, trips: [bus({ spare: { seats: 0, wheelchairs: 0, cargoKg: 0, cargoLitres: 0 } })] },
        good,
      ],
      /spare room/,
    ],
    [
      "transfer time",
      () => [
        {
          ...problem,
          transferPoints: [
            {
              ...(problem.transferPoints?.[0] as NonNullable<RegionalProblem["transferPoints"]>[0]),
              minTransferSeconds: 4 * 3600,
            },
          ],
        },
        good,
      ],
      /needs 14400 s/,
    ],
    [
      "open hours",
      () => [
        {
          ...problem,
          transferPoints: [
            {
              ...(problem.transferPoints?.[0] as NonNullable<RegionalProblem["transferPoints"]>[0]),
              open: { start: h(6), end: h(7) },
            },
          ],
        },
        good,
      ],
      /open hours/,
    ],
    [
      "walking limit",
      () => [{ ...problem, requests: problem.requests.map((r) => ({ ...r, maxWalkMeters: 50 })) }, good],
      /walk of/,
    ],
    [
      "ride time",
      () => [
        {
          ...problem,
          requests: problem.requests.map((r) => (r.kind === "ride" ? { ...r, maxRideSeconds: 900 } : r)),
        },
        good,
      ],
      /ride limit/,
    ],
    ["drone payload", () => [{ ...problem, droneRoutes: [{ ...drone, maxPayloadKg: 1 }] }, good], /payload/],
    [
      "drone hours",
      () => [{ ...problem, droneRoutes: [{ ...drone, operating: { start: h(15), end: h(16) } }] }, good],
      /operating hours/,
    ],
    ["drone range", () => [{ ...problem, droneRoutes: [{ ...drone, rangeKm: 10 }] }, good], /range/],
    [
      "overlapping flights",
      () => {
        const p = clone();
        const f = p.droneFlights[0];
        if (!f) throw new Error("no flight");
        (p.droneFlights as unknown[]).push({ ...f, requestIds: ["p1"] });
        return [problem, p];
      },
      /same drone at once/,
    ],
    [
      "served twice",
      () => {
        const p = clone();
        (p.unassigned as unknown[]).push({ requestId: "p1", code: "CAPACITY", details: {} });
        return [problem, p];
      },
      /appears 2 times/,
    ],
    [
      "not served nor unassigned",
      () => {
        const p = clone();
        (p as unknown as { itineraries: unknown[] }).itineraries = p.itineraries.filter(
          (i) => i.requestId !== "p1",
        );
        return [problem, p];
      },
      /appears 0 times/,
    ],
    [
      "legs not consecutive",
      () => {
        const p = clone();
        const legs = it1(p, "r1").legs;
        const walk = legs.find((l) => l.mode === "walk") as { from: { point: unknown } };
        walk.from = { point: pt(5, 5) };
        return [problem, p];
      },
      /does not start where/,
    ],
    [
      "legs out of order in time",
      () => {
        const p = clone();
        const legs = it1(p, "p1").legs;
        const d = legs.find((l) => l.mode === "drone") as { departure: number };
        d.departure -= 3600;
        return [problem, p];
      },
      /leaves .* after leg|times differ/,
    ],
    [
      "wheelchair without lift",
      () => [
        {
          ...problem,
          requests: problem.requests.map((r) => (r.kind === "ride" ? { ...r, wheelchair: true } : r)),
        },
        good,
      ],
      /wheelchair/,
    ],
    [
      "cold parcel",
      () => [
        {
          ...problem,
          requests: problem.requests.map((r) => (r.kind === "parcel" ? { ...r, cold: true } : r)),
        },
        good,
      ],
      /cold/,
    ],
  ];
  for (const [name, make, re] of cases)
    it(`rejects a plan that breaks: ${name}`, () => {
      const [p, plan] = make();
      const errs = checkRegionalPlan(p, plan);
      expect(
        errs.some((e) => re.test(e)),
        errs.join("\n"),
      ).toBe(true);
    });
});
