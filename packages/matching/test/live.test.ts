import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  euclideanTable,
  insertLive,
  type LiveRoute,
  type Problem,
  prepareLivePlan,
  solve,
  type TransportRequest,
} from "../src/index";

/** Earliest-start simulation of one route (windows + capacity only), for the brute force. */
function routeCost(
  problem: Problem,
  stops: { id: string; kind: "pickup" | "delivery" }[],
  extra: TransportRequest,
): number | undefined {
  const t = problem.travel.default;
  const v = problem.vehicles[0];
  if (!t || !v) return undefined;
  const byId = new Map([...problem.requests, extra].map((r) => [r.id, r]));
  let time = v.availability[0]?.start ?? 0;
  let loc = v.startLocation;
  let load = 0;
  let dist = 0;
  for (const s of stops) {
    const r = byId.get(s.id);
    if (!r) return undefined;
    const end = s.kind === "pickup" ? r.pickup : r.delivery;
    dist += t.distances[loc * t.size + end.location] as number;
    time = Math.max(
      time + (t.durations[loc * t.size + end.location] as number),
      end.timeWindow?.start ?? -1e9,
    );
    if (time > (end.timeWindow?.end ?? 1e9) + 1e-9) return undefined;
    time += end.serviceSeconds ?? 0;
    load += s.kind === "pickup" ? (r.load[0] as number) : -(r.load[0] as number);
    if (load > (v.capacity[0] as number)) return undefined;
    loc = end.location;
  }
  dist += t.distances[loc * t.size + v.startLocation] as number;
  time += t.durations[loc * t.size + v.startLocation] as number;
  if (time > (v.availability[0]?.end ?? 1e9) + 1e-9) return undefined;
  return stops.length === 0 ? 0 : dist;
}

const instance = fc
  .record({
    pts: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), {
      minLength: 8,
      maxLength: 16,
    }),
    reqs: fc.array(
      fc.record({
        p: fc.nat(),
        d: fc.nat(),
        at: fc.integer({ min: 0, max: 500 }),
        w: fc.integer({ min: 30, max: 400 }),
      }),
      {
        minLength: 2,
        maxLength: 8,
      },
    ),
    fixed: fc.nat(),
  })
  .map(({ pts, reqs, fixed }) => {
    const n = pts.length;
    const mk = (i: number, r: { p: number; d: number; at: number; w: number }): TransportRequest => {
      const p = 1 + (r.p % (n - 1));
      const d = 1 + ((p + 1 + (r.d % (n - 2))) % (n - 1));
      return {
        id: `r${i}`,
        pickup: { location: p, timeWindow: { start: r.at, end: r.at + r.w }, serviceSeconds: 5 },
        delivery: {
          location: d === p ? (p % (n - 1)) + 1 : d,
          timeWindow: { start: 0, end: r.at + 2 * r.w + 150 },
          serviceSeconds: 5,
        },
        load: [1],
      };
    };
    const all = reqs.map((r, i) => mk(i, r));
    const problem: Problem = {
      vehicles: [
        { id: "a", startLocation: 0, availability: [{ start: 0, end: 2000 }], capacity: [2] },
        { id: "b", startLocation: 0, availability: [{ start: 0, end: 2000 }], capacity: [2] },
      ],
      requests: all.slice(0, -1),
      travel: { default: euclideanTable(pts) },
    };
    return { problem, extra: { ...(all[all.length - 1] as TransportRequest), id: "new" }, fixed };
  });

describe("live insertion", () => {
  it("finds the cheapest feasible insertion after the fixed stops (brute force check)", () => {
    fc.assert(
      fc.property(instance, ({ problem, extra, fixed }) => {
        const res = solve(problem, { maxIterations: 30 });
        if (res.status === "invalid") throw new Error("invalid");
        const live: LiveRoute[] = res.routes.map((r) => {
          const stops = r.stops.flatMap((s) =>
            s.requestId && s.kind !== "start" && s.kind !== "end"
              ? [{ requestId: s.requestId, kind: s.kind }]
              : [],
          );
          return { vehicleId: r.vehicleId, stops, fixedStops: fixed % (stops.length + 1) };
        });
        const prepared = prepareLivePlan(problem, live);
        if (prepared.status !== "ok") throw new Error(JSON.stringify(prepared.issues));
        const out = insertLive(prepared.plan, extra);
        // Brute force over every vehicle and every position pair after the fixed stops.
        let best = Number.POSITIVE_INFINITY;
        for (const v of problem.vehicles) {
          const lr = live.find((l) => l.vehicleId === v.id);
          const stops = (lr?.stops ?? []).map((s) => ({ id: s.requestId, kind: s.kind }));
          const before = routeCost(problem, stops, extra);
          if (before === undefined) continue;
          const fixedN = lr?.fixedStops ?? 0;
          for (let i = fixedN; i <= stops.length; i++)
            for (let j = i + 1; j <= stops.length + 1; j++) {
              const s2 = [...stops];
              s2.splice(i, 0, { id: "new", kind: "pickup" });
              s2.splice(j, 0, { id: "new", kind: "delivery" });
              const after = routeCost(problem, s2, extra);
              if (after !== undefined) best = Math.min(best, (after - before) * 1);
            }
        }
        if (best === Number.POSITIVE_INFINITY) {
          expect(out.status).toBe("infeasible");
        } else {
          expect(out.status).toBe("inserted");
          if (out.status !== "inserted") return;
          // Costs are per km (1 per 1000 distance units) in the engine.
          expect(out.addedCost * 1000).toBeCloseTo(best, 6);
          const lr = live.find((l) => l.vehicleId === out.vehicleId);
          expect(out.pickupIndex).toBeGreaterThanOrEqual(lr?.fixedStops ?? 0);
          expect(out.route.stops.filter((s) => s.requestId === "new").map((s) => s.kind)).toEqual([
            "pickup",
            "delivery",
          ]);
        }
      }),
      { numRuns: 120 },
    );
  });

  it("explains why a new request cannot be inserted", () => {
    const problem: Problem = {
      vehicles: [{ id: "a", startLocation: 0, availability: [{ start: 0, end: 2000 }], capacity: [2] }],
      requests: [],
      travel: {
        default: euclideanTable([
          [0, 0],
          [10, 0],
          [20, 0],
        ]),
      },
    };
    const prepared = prepareLivePlan(problem, []);
    if (prepared.status !== "ok") throw new Error("invalid");
    const out = insertLive(prepared.plan, {
      id: "x",
      pickup: { location: 1 },
      delivery: { location: 2 },
      load: [1],
      requiredSkills: ["cold"],
    });
    expect(out).toMatchObject({
      status: "infeasible",
      reason: { requestId: "x", code: "NO_VEHICLE_WITH_SKILLS" },
    });
    const bad = insertLive(prepared.plan, {
      id: "y",
      pickup: { location: 7 },
      delivery: { location: 2 },
      load: [1],
    });
    expect(bad.status).toBe("invalid");
  });

  it("rejects routes that do not match the problem", () => {
    const problem: Problem = {
      vehicles: [{ id: "a", startLocation: 0, availability: [{ start: 0, end: 2000 }], capacity: [2] }],
      requests: [{ id: "r", pickup: { location: 1 }, delivery: { location: 2 }, load: [1] }],
      travel: {
        default: euclideanTable([
          [0, 0],
          [10, 0],
          [20, 0],
        ]),
      },
    };
    const prepared = prepareLivePlan(problem, [
      {
        vehicleId: "a",
        stops: [
          { requestId: "r", kind: "delivery" },
          { requestId: "r", kind: "pickup" },
        ],
      },
      { vehicleId: "zz", stops: [] },
    ]);
    expect(prepared.status).toBe("invalid");
    if (prepared.status === "invalid")
      expect(prepared.issues.map((i) => i.code)).toEqual(
        expect.arrayContaining(["delivery_before_pickup", "unknown_vehicle", "missing_delivery"]),
      );
  });
});
