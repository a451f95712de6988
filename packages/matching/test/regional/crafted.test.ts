import { describe, expect, it } from "vitest";
import { type RegionalProblem, solveRegional } from "../../src/index";
import {
  bus,
  drone,
  droneProblem,
  HUB,
  h,
  hub,
  parcel,
  problemOf,
  pt,
  ride,
  run,
  type Solved,
  vehicle,
} from "./region";

const legsOf = (plan: Solved, id: string) => plan.itineraries.find((i) => i.requestId === id)?.legs ?? [];

const rideProblem = (over: Parameters<typeof ride>[3] = {}, spareSeats = 5) =>
  problemOf({
    vehicles: [vehicle("van", pt(2, 0))],
    requests: [ride("r1", pt(3, 0), pt(0.2, 10.2), over)],
    trips: [bus({ spare: { seats: spareSeats, wheelchairs: 0, cargoKg: 30, cargoLitres: 100 } })],
  });

describe("regional itineraries", () => {
  it("sends a parcel van → hub → drone → far port → volunteer car → door", () => {
    const plan = run(droneProblem());
    const legs = legsOf(plan, "p1");
    expect(legs.map((l) => l.mode)).toEqual(["vehicle", "drone", "vehicle"]);
    expect(legs[0]?.vehicleId).toBe("van");
    expect(legs[0]?.to.transferPointId).toBe("hub");
    expect(legs[1]?.from.portId).toBe("port-hub");
    expect(legs[1]?.to.portId).toBe("port-far");
    expect(legs[2]?.vehicleId).toBe("volunteer");
    // The hand-over at the hub keeps its 15 minutes, the far-port one the plain-stop 5.
    expect((legs[1]?.departure ?? 0) - (legs[0]?.arrival ?? 0)).toBeGreaterThanOrEqual(900);
    expect((legs[2]?.departure ?? 0) - (legs[1]?.arrival ?? 0)).toBeGreaterThanOrEqual(300);
    expect(plan.droneFlights).toHaveLength(1);
    expect(plan.droneFlights[0]?.requestIds).toEqual(["p1"]);
    expect(plan.summary.byMode.drone).toBe(1);
  });

  it("uses no drone when the route is suspended (absent)", () => {
    const plan = run(droneProblem(false));
    expect(plan.droneFlights).toHaveLength(0);
    expect(legsOf(plan, "p1").some((l) => l.mode === "drone")).toBe(false);
  });

  it("takes a rider van → bus stop → bus → walk", () => {
    const plan = run(rideProblem());
    const legs = legsOf(plan, "r1");
    expect(legs.map((l) => l.mode)).toEqual(["vehicle", "route_bus", "walk"]);
    expect(legs[0]?.to.stopId).toBe("B1");
    expect(legs[1]?.tripId).toBe("bus-1");
    expect(legs[1]?.departure).toBe(h(9));
    expect(legs[2]?.to.point).toEqual(pt(0.2, 10.2));
  });

  it("falls back to driving door to door when the bus is full", () => {
    const p = rideProblem({}, 1);
    const second = ride("r2", pt(3.1, 0), pt(0.3, 10.2));
    const plan = run({ ...p, requests: [...p.requests, second] });
    const modes = ["r1", "r2"].map((id) =>
      legsOf(plan, id)
        .map((l) => l.mode)
        .join(">"),
    );
    expect(modes.sort()).toEqual(["vehicle", "vehicle>route_bus>walk"]);
    expect(plan.unassigned).toEqual([]);
  });

  it("keeps the whole journey within the ride limit (bus too slow here → direct)", () => {
    const plan = run(rideProblem({ maxRideSeconds: 1800 }));
    const legs = legsOf(plan, "r1");
    expect(legs.map((l) => l.mode)).toEqual(["vehicle"]);
    expect((legs.at(-1)?.arrival ?? 0) - (legs[0]?.departure ?? 0)).toBeLessThanOrEqual(1800);
  });

  it("never puts a wheelchair user on a trip without a wheelchair place, nor makes them walk", () => {
    const wc = { wheelchair: true, maxWalkMeters: 800, earliest: h(8), latest: h(11) };
    const trips = [
      bus(), // ramp, but no wheelchair place
      bus({ id: "bus-2", features: [], spare: { seats: 5, wheelchairs: 1, cargoKg: 0, cargoLitres: 0 } }),
    ];
    const p = problemOf({
      vehicles: [
        vehicle("van", pt(2, 0)),
        vehicle("wc-van", pt(2, 0), {
          kind: "wheelchair_van",
          features: ["lift"],
          capacity: { seats: 2, wheelchairs: 1, cargoKg: 0, cargoLitres: 0 },
        }),
      ],
      requests: [ride("w1", pt(0.1, 0.1), pt(0.2, 10.2), wc)],
      trips,
    });
    const plan = run(p);
    const legs = legsOf(plan, "w1");
    expect(legs.map((l) => l.mode)).toEqual(["vehicle"]);
    expect(legs[0]?.vehicleId).toBe("wc-van");
    // Without a lift-equipped vehicle nothing can carry them.
    const none = run({ ...p, vehicles: [vehicle("van", pt(2, 0))] });
    expect(none.unassigned[0]?.code).toBe("NO_MODE_POSSIBLE");
    expect(none.unassigned[0]?.details.roadReason).toBe("NO_VEHICLE_WITH_SKILLS");
  });

  it("lets a wheelchair user ride a trip with a ramp and a wheelchair place, door to door by van", () => {
    const p = problemOf({
      vehicles: [
        vehicle("wc-van", pt(2, 0), {
          kind: "wheelchair_van",
          features: ["lift"],
          capacity: { seats: 2, wheelchairs: 1, cargoKg: 0, cargoLitres: 0 },
        }),
      ],
      requests: [ride("w1", pt(3, 0), pt(0.2, 10.2), { wheelchair: true, maxWalkMeters: 800 })],
      trips: [bus({ spare: { seats: 5, wheelchairs: 1, cargoKg: 0, cargoLitres: 0 } })],
    });
    const legs = legsOf(run(p), "w1");
    expect(legs.some((l) => l.mode === "walk")).toBe(false);
    expect(legs.map((l) => l.mode)).toEqual(["vehicle", "route_bus", "vehicle"]);
  });

  it("never flies or busses a cold parcel", () => {
    const p = droneProblem();
    const cold = {
      ...p,
      vehicles: p.vehicles.map((v) => ({ ...v, features: ["cold_box"] })),
      requests: [parcel("p1", pt(1, 0), pt(0.5, 15.8), { cold: true })],
    };
    const plan = run(cold);
    expect(legsOf(plan, "p1").map((l) => l.mode)).not.toContain("drone");
  });

  it("reports NO_MODE_POSSIBLE when no itinerary type applies", () => {
    const p = problemOf({
      vehicles: [vehicle("van", pt(1, 0))],
      requests: [parcel("heavy", pt(1, 0), pt(0.5, 15.8), { weightKg: 500 })],
      droneRoutes: [drone],
      trips: [bus()],
    });
    const plan = run(p);
    expect(plan.unassigned).toHaveLength(1);
    expect(plan.unassigned[0]).toMatchObject({ requestId: "heavy", code: "NO_MODE_POSSIBLE" });
    expect(plan.unassigned[0]?.details.roadReason).toBe("CAPACITY");
  });

  it("reports the core's reason with details and a relaxation when a window is too tight", () => {
    const p = problemOf({
      vehicles: [vehicle("van", pt(1, 0))],
      requests: [parcel("late", pt(1, 0), pt(0.5, 15.8), { earliest: h(8), latest: h(8, 10) })],
    });
    const plan = run(p);
    expect(plan.unassigned[0]?.code).toBe("TIME_WINDOW_UNREACHABLE");
    expect(plan.unassigned[0]?.relaxation?.kind).toBe("delay_delivery_end");
  });

  it("schedules one drone for both directions of a port pair without overlaps", () => {
    const back = {
      ...drone,
      id: "drone-back",
      fromPortId: "port-far",
      fromName: "Far port",
      from: drone.to,
      toPortId: "port-hub",
      toName: "Hub port",
      to: HUB,
    };
    const p = problemOf({
      vehicles: [vehicle("van", pt(1, 0)), vehicle("volunteer", pt(0.5, 15.5), { kind: "car" })],
      requests: [
        parcel("a", pt(1, 0), pt(0.5, 15.8), { weightKg: 4 }),
        parcel("b", pt(1, 0), pt(0.6, 15.8), { weightKg: 4 }),
        parcel("c", pt(0.5, 15.8), pt(1, 0), { weightKg: 3 }),
      ],
      droneRoutes: [drone, back],
    });
    const plan = run(p);
    expect(plan.droneFlights.length).toBeGreaterThanOrEqual(2);
    for (const f of plan.droneFlights) expect(f.payloadKg).toBeLessThanOrEqual(5);
  });

  it("returns field-named issues for invalid input", () => {
    const p = rideProblem({ earliest: h(10), latest: h(9) });
    const bad = { ...p, trips: [{ ...bus(), stops: [bus().stops[0]] }] } as unknown as RegionalProblem;
    const plan = solveRegional(bad, { timeLimitMs: 100 });
    expect(plan.status).toBe("invalid");
    if (plan.status !== "invalid") return;
    const paths = plan.issues.map((i) => i.path);
    expect(paths).toContain("requests[0].latest");
    expect(paths).toContain("trips[0].stops");
  });

  it("reports progress with phases and percentages", () => {
    const seen: string[] = [];
    solveRegional(droneProblem(), {
      timeLimitMs: 200,
      maxIterations: 100,
      onProgress: (p) => seen.push(p.phase),
    });
    expect(seen[0]).toBe("itineraries");
    expect(seen.at(-1)).toBe("finish");
    expect(seen).toContain("construct");
  });
});

export { hub, rideProblem };
