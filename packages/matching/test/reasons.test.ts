import { describe, expect, it } from "vitest";
import { euclideanTable, type Problem, solve, type TransportRequest, type Vehicle } from "../src/index";

// Points on a line, 100 units apart: 0 depot, 1 at 100, 2 at 200, 3 at 300, 4 at 1000.
const table = euclideanTable([
  [0, 0],
  [100, 0],
  [200, 0],
  [300, 0],
  [1000, 0],
]);
const van: Vehicle = {
  id: "van",
  startLocation: 0,
  availability: [{ start: 0, end: 3000 }],
  capacity: [4, 0],
};
const ride = (id: string, extra: Partial<TransportRequest> = {}): TransportRequest => ({
  id,
  pickup: { location: 1 },
  delivery: { location: 2 },
  load: [1, 0],
  ...extra,
});
const run = (requests: TransportRequest[], vehicles: Vehicle[] = [van]) => {
  const problem: Problem = { vehicles, requests, travel: { default: table } };
  const res = solve(problem, { maxIterations: 50 });
  if (res.status === "invalid") throw new Error(JSON.stringify(res.issues));
  return res;
};

describe("reasons for unassigned requests", () => {
  it("no vehicle with the required skill", () => {
    const res = run([ride("r", { requiredSkills: ["wheelchair"] })]);
    expect(res.unassigned).toEqual([
      { requestId: "r", code: "NO_VEHICLE_WITH_SKILLS", details: { requiredSkills: ["wheelchair"] } },
    ]);
  });

  it("capacity, with the missing amount in the binding dimension", () => {
    const res = run([ride("r", { load: [1, 2] })]);
    expect(res.unassigned[0]).toMatchObject({
      code: "CAPACITY",
      details: { dimension: 1, load: 2, largestCapacity: 0 },
      relaxation: { kind: "increase_capacity", dimension: 1, amount: 2 },
    });
  });

  it("maximum ride time shorter than the direct trip", () => {
    const res = run([ride("r", { maxRideSeconds: 60 })]);
    expect(res.unassigned[0]).toMatchObject({
      code: "MAX_RIDE_TIME",
      details: { directSeconds: 100, maxRideSeconds: 60 },
      relaxation: { kind: "increase_max_ride", seconds: 40 },
    });
  });

  it("window unreachable from the depot, with the smallest delay of the latest arrival", () => {
    // Earliest arrival at the delivery: 200 (drive 0→1→2). The window ends at 150.
    const res = run([ride("r", { delivery: { location: 2, timeWindow: { start: 0, end: 150 } } })]);
    expect(res.unassigned[0]).toMatchObject({
      code: "TIME_WINDOW_UNREACHABLE",
      relaxation: { kind: "delay_delivery_end", seconds: 50 },
    });
  });

  it("no vehicle available at that time", () => {
    const res = run([
      ride("r", {
        pickup: { location: 1, timeWindow: { start: 5000, end: 5100 } },
        delivery: { location: 2, timeWindow: { start: 5000, end: 6000 } },
      }),
    ]);
    expect(res.unassigned[0]?.code).toBe("NO_VEHICLE_AVAILABLE");
  });

  it("maximum route duration", () => {
    const res = run(
      [ride("r", { pickup: { location: 4 }, delivery: { location: 3 } })],
      [{ ...van, maxRouteSeconds: 1500 }],
    );
    expect(res.unassigned[0]).toMatchObject({ code: "MAX_ROUTE_DURATION" });
  });

  it("no room in the plan: the smallest later arrival that would fit", () => {
    // One seat; both riders must be picked up at 100 and dropped at 200 by 210.
    const tight = {
      pickup: { location: 1, timeWindow: { start: 100, end: 100 } },
      delivery: { location: 2, timeWindow: { start: 0, end: 210 } },
    };
    const res = run([ride("a", { ...tight, priority: 2 }), ride("b", tight)], [{ ...van, capacity: [1, 0] }]);
    expect(res.unassigned).toHaveLength(1);
    const u = res.unassigned[0];
    expect(u?.requestId).toBe("b");
    expect(u?.code).toBe("NO_ROOM_IN_PLAN");
    // b can only go after a is dropped (200) and the van came back to 1 (300) — but b's pickup
    // window is closed then, so no delivery delay helps: the relaxation is another vehicle.
    expect(u?.relaxation).toEqual({ kind: "add_vehicle" });
  });

  it("no room in the plan, fixable by a later arrival", () => {
    const a = ride("a", {
      pickup: { location: 1, timeWindow: { start: 100, end: 100 } },
      delivery: { location: 2, timeWindow: { start: 0, end: 200 } },
      priority: 2,
    });
    const b = ride("b", {
      pickup: { location: 1, timeWindow: { start: 100, end: 1000 } },
      delivery: { location: 3, timeWindow: { start: 0, end: 300 } },
    });
    // Alone, b arrives at 300 in time. a holds the only seat 100–200 (1→2); b then starts at 1
    // at 300 and arrives at 3 at 500: its latest arrival must move by 200.
    const res = run([a, b], [{ ...van, capacity: [1, 0] }]);
    expect(res.unassigned[0]).toMatchObject({
      requestId: "b",
      code: "NO_ROOM_IN_PLAN",
      relaxation: { kind: "delay_delivery_end", seconds: 200 },
    });
  });
});

describe("input validation", () => {
  it("names the failing fields", () => {
    const problem = {
      vehicles: [{ ...van, capacity: [1] }],
      requests: [
        ride("r", { pickup: { location: 99 }, delivery: { location: 2, timeWindow: { start: 10, end: 5 } } }),
        ride("r"),
      ],
      travel: { default: table },
    } as Problem;
    const res = solve(problem);
    expect(res.status).toBe("invalid");
    if (res.status !== "invalid") return;
    const paths = res.issues.map((i) => `${i.path}:${i.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "requests[0].pickup.location:out_of_range",
        "requests[0].delivery.timeWindow:inverted",
        "requests[1].id:duplicate",
        "requests[0].load:wrong_dimensions",
      ]),
    );
  });

  it("rejects an unknown profile and an empty availability", () => {
    const res = solve({
      vehicles: [{ ...van, profile: "bus", availability: [] }],
      requests: [],
      travel: { default: table },
    });
    expect(res.status).toBe("invalid");
    if (res.status === "invalid")
      expect(res.issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(["vehicles[0].profile", "vehicles[0].availability"]),
      );
  });
});
