import { describe, expect, it } from "vitest";
import {
  checkRegionalPlan,
  insertIntoPlan,
  type RegionalPlan,
  removeFromPlan,
  solveRegional,
} from "../../src/index";
import { bus, drone, h, parcel, problemOf, pt, ride, vehicle } from "./region";

type Solved = Extract<RegionalPlan, { status: "solved" | "partial" }>;
const base = problemOf({
  vehicles: [vehicle("van", pt(1, 0)), vehicle("car", pt(0.5, 15.5), { kind: "car" })],
  requests: [
    parcel("p1", pt(1, 0), pt(0.5, 15.8)),
    ride("r1", pt(3, 0), pt(0.2, 10.2)),
    parcel("p2", pt(2, 1), pt(3, 4)),
  ],
  droneRoutes: [drone],
  trips: [bus()],
});
const plan = solveRegional(base, { timeLimitMs: 300, maxIterations: 200 }) as Solved;

describe("insertIntoPlan / removeFromPlan", () => {
  it("inserts a live request and keeps the plan feasible", () => {
    const problem = {
      ...base,
      requests: [...base.requests, parcel("new", pt(1, 1), pt(2, 3), { earliest: h(11) })],
    };
    const t0 = performance.now();
    const res = insertIntoPlan(problem, plan, "new");
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(res.status).toBe("inserted");
    if (res.status !== "inserted") return;
    expect(res.itinerary.legs.map((l) => l.mode)).toEqual(["vehicle"]);
    expect(checkRegionalPlan(problem, res.plan)).toEqual([]);
    expect(res.plan.summary.served).toBe(plan.summary.served + 1);
  });

  it("moves a request to a chosen vehicle (remove + insert with vehicleId)", () => {
    const first = plan.itineraries.find((i) => i.requestId === "p2")?.legs[0]?.vehicleId;
    const other = first === "van" ? "car" : "van";
    const removed = removeFromPlan(base, plan, "p2");
    expect(
      checkRegionalPlan({ ...base, requests: base.requests.filter((r) => r.id !== "p2") }, removed),
    ).toEqual([]);
    const moved = insertIntoPlan(base, removed, "p2", { vehicleId: other });
    expect(moved.status).toBe("inserted");
    if (moved.status !== "inserted") return;
    expect(moved.itinerary.legs[0]?.vehicleId).toBe(other);
    expect(checkRegionalPlan(base, moved.plan)).toEqual([]);
  });

  it("releases the drone flight of a removed parcel", () => {
    expect(plan.droneFlights).toHaveLength(1);
    const removed = removeFromPlan(base, plan, "p1") as Solved;
    expect(removed.droneFlights).toHaveLength(0);
    expect(removed.routes.flatMap((r) => r.stops).some((s) => s.requestId === "p1")).toBe(false);
  });

  it("reports why a request cannot be inserted, and refuses unknown ids", () => {
    const problem = {
      ...base,
      requests: [
        ...base.requests,
        parcel("tight", pt(1, 0), pt(0.5, 15.8), { earliest: h(8), latest: h(8, 5) }),
      ],
    };
    const res = insertIntoPlan(problem, plan, "tight");
    expect(res.status).toBe("infeasible");
    if (res.status === "infeasible") expect(res.reason.code).toBe("TIME_WINDOW_UNREACHABLE");
    expect(insertIntoPlan(base, plan, "nope").status).toBe("invalid");
    expect(insertIntoPlan(base, plan, "p1").status).toBe("invalid");
  });

  it("never inserts before a route's done stops", () => {
    const route = plan.routes.find((r) => r.vehicleId === "van");
    if (!route) return;
    const done = route.stops.filter((s) => s.requestId).length;
    const problem = {
      ...base,
      requests: [...base.requests, parcel("new", pt(1, 1), pt(2, 3), { earliest: h(8) })],
    };
    const res = insertIntoPlan(problem, plan, "new", {
      vehicleId: "van",
      fixedStops: { [`van:${route.shift}`]: done },
    });
    if (res.status !== "inserted") return;
    const stops = res.plan.routes.find((r) => r.vehicleId === "van")?.stops.filter((s) => s.requestId) ?? [];
    expect(stops.slice(0, done).map((s) => s.requestId)).not.toContain("new");
  });
});
