import { describe, expect, it } from "vitest";
import { StraightLineProvider } from "../matrix";
import { solve } from "../solve";
import { COLD_SKILL, WHEELCHAIR_SKILL } from "./context";
import type { RegionalProblem, RoadVehicle } from "./model";
import { roadCoreProblem } from "./road";

const h = (hh: number, mm = 0) => hh * 3600 + mm * 60;
/** `km` kilometres north of a fixed point. */
const north = (km: number) => ({ lat: +(35.77 + km / 111.32).toFixed(6), lon: 137.8 });

const van: RoadVehicle = {
  id: "van",
  kind: "wheelchair_van",
  name: "福祉車両",
  start: north(0),
  availability: [{ start: h(8), end: h(17) }],
  capacity: { seats: 4, wheelchairs: 1, cargoKg: 50, cargoLitres: 200 },
  features: ["lift", "cold_box"],
  costPerKm: 30,
  fixedCost: 2000,
};

const problem: RegionalProblem = {
  date: "2026-05-11",
  vehicles: [van],
  requests: [
    {
      id: "ride-wc",
      kind: "ride",
      pickup: north(6),
      dropoff: north(1),
      earliest: h(9),
      latest: h(11),
      passengers: 2,
      wheelchair: true,
      escort: true,
      priority: 4,
    },
    {
      id: "cold-parcel",
      kind: "parcel",
      pickup: north(1),
      dropoff: north(4),
      earliest: h(10),
      latest: h(15),
      weightKg: 3,
      sizeLitres: 12,
      cold: true,
    },
  ],
  // Left out of the road problem: a bus trip and a drone route.
  trips: [
    {
      id: "bus-1",
      service: "route_bus",
      label: "Line 1",
      stops: [
        { stopId: "B1", name: "South", point: north(20), arrival: h(9), departure: h(9) },
        { stopId: "B2", name: "North", point: north(25), arrival: h(9, 10), departure: h(9, 10) },
      ],
      spare: { seats: 5, wheelchairs: 0, cargoKg: 30, cargoLitres: 100 },
    },
  ],
  droneRoutes: [
    {
      id: "drone",
      fromPortId: "p1",
      fromName: "Port 1",
      from: north(30),
      toPortId: "p2",
      toName: "Port 2",
      to: north(35),
      maxPayloadKg: 5,
      rangeKm: 40,
      operating: { start: h(9), end: h(16) },
    },
  ],
};

// 30 km/h × circuity 1.3 on every profile: times follow from the distances alone.
const provider = new StraightLineProvider();

function converted(p: RegionalProblem = problem) {
  const result = roadCoreProblem(p, { provider });
  if (result.status !== "ok") throw new Error(JSON.stringify(result.issues));
  return result.problem;
}

describe("roadCoreProblem", () => {
  it("converts each request to one door-to-door pair by the planner's rules", () => {
    const core = converted();
    const [ride, parcel] = core.requests;
    const table = core.travel[van.kind];
    if (!ride || !parcel || !table) throw new Error("missing request or table");
    expect(ride).toMatchObject({
      id: "ride-wc",
      // Two passengers, the escort and a wheelchair user: one seat and the wheelchair place.
      load: [1, 1, 0, 0],
      requiredSkills: [WHEELCHAIR_SKILL],
      priority: 4,
      pickup: { timeWindow: { start: h(9), end: h(11) }, serviceSeconds: 120 },
      delivery: { timeWindow: { end: h(11) }, serviceSeconds: 120 },
    });
    // The default ride limit, max(30 min, 2 × direct + 10 min), counted from the end of boarding.
    const direct = table.durations[ride.pickup.location * table.size + ride.delivery.location] ?? Number.NaN;
    expect(ride.maxRideSeconds).toBeCloseTo(Math.max(1800, 2 * direct + 600) - 120, 6);
    expect(parcel).toMatchObject({
      id: "cold-parcel",
      load: [0, 0, 3, 12],
      requiredSkills: [COLD_SKILL],
      priority: 1,
      pickup: { timeWindow: { start: h(10), end: h(15) }, serviceSeconds: 60 },
      delivery: { serviceSeconds: 60 },
    });
    expect(parcel.maxRideSeconds).toBeUndefined();
  });

  it("converts the road vehicles with their kind as profile, skills and costs", () => {
    const [vehicle] = converted().vehicles;
    expect(vehicle).toMatchObject({
      id: "van",
      profile: "wheelchair_van",
      capacity: [4, 1, 50, 200],
      costPerKm: 30,
      fixedCost: 2000,
      availability: van.availability,
    });
    expect(vehicle?.skills).toEqual(expect.arrayContaining([WHEELCHAIR_SKILL, COLD_SKILL]));
  });

  it("leaves bus trips and drone routes out of the travel tables", () => {
    const core = converted();
    // The depot and the four request ends (north(1) is both a drop-off and a pick-up): four points.
    expect(Object.keys(core.travel)).toEqual(["wheelchair_van"]);
    expect(core.travel.wheelchair_van?.size).toBe(4);
  });

  it("gives a problem the core solver serves within every window and ride limit", () => {
    const core = converted();
    const result = solve(core, { seed: 1, maxIterations: 50, timeLimitMs: 5_000 });
    if (result.status === "invalid") throw new Error(JSON.stringify(result.issues));
    expect(result.unassigned).toEqual([]);
    const requests = new Map(core.requests.map((r) => [r.id, r]));
    for (const route of result.routes) {
      const pickedUp = new Map<string, number>();
      for (const stop of route.stops) {
        const request = stop.requestId === undefined ? undefined : requests.get(stop.requestId);
        if (!request) continue;
        // Both ends of a converted request carry a window (the delivery's may start at -Infinity).
        const window = (stop.kind === "pickup" ? request.pickup : request.delivery).timeWindow;
        expect(stop.serviceStart).toBeGreaterThanOrEqual((window?.start ?? Number.NaN) - 1e-6);
        expect(stop.serviceStart).toBeLessThanOrEqual((window?.end ?? Number.NaN) + 1e-6);
        if (stop.kind === "pickup") pickedUp.set(request.id, stop.serviceStart);
        else {
          const boarded = (pickedUp.get(request.id) ?? Number.NaN) + (request.pickup.serviceSeconds ?? 0);
          expect(stop.serviceStart - boarded).toBeLessThanOrEqual(
            (request.maxRideSeconds ?? Infinity) + 1e-6,
          );
        }
      }
    }
  });

  it("answers the regional validation's issues for an invalid problem", () => {
    const result = roadCoreProblem(
      {
        ...problem,
        requests: [{ ...(problem.requests[0] as RegionalProblem["requests"][number]), latest: -1 }],
      },
      { provider },
    );
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") expect(result.issues.map((i) => i.path)).toContain("requests[0].latest");
  });
});
