import { describe, expect, it } from "vitest";
import { checkRegionalPlan, type DroneRoute, type RegionalProblem, solveRegional } from "../../src/index";
import { drone, droneProblem, parcel, problemOf, pt, run, vehicle } from "./region";

/** Issue 24 item 1: parcels flow through matching within the drone's weight and volume limits. */
const boxed: DroneRoute = { ...drone, maxPayloadLitres: 10 };
const withDrone = (p: RegionalProblem, d: DroneRoute = boxed, requests = p.requests): RegionalProblem => ({
  ...p,
  droneRoutes: [d],
  requests,
});

describe("drone payload limits (weight and volume)", () => {
  it("flies a parcel within the cargo box, and not one bigger than it", () => {
    const fits = run(
      withDrone(droneProblem(), boxed, [parcel("p1", pt(1, 0), pt(0.5, 15.8), { sizeLitres: 8 })]),
    );
    expect(fits.droneFlights.map((f) => f.requestIds)).toEqual([["p1"]]);
    const big = run(
      withDrone(droneProblem(), boxed, [parcel("p1", pt(1, 0), pt(0.5, 15.8), { sizeLitres: 20 })]),
    );
    expect(big.droneFlights).toEqual([]);
    expect(big.itineraries.flatMap((i) => i.legs).some((l) => l.mode === "drone")).toBe(false);
  });

  it("never puts more litres on one flight than the box holds", () => {
    const p = withDrone(droneProblem(), boxed, [
      parcel("a", pt(1, 0), pt(0.5, 15.8), { weightKg: 1, sizeLitres: 6 }),
      parcel("b", pt(1, 0), pt(0.6, 15.8), { weightKg: 1, sizeLitres: 6 }),
    ]);
    const plan = run(p);
    for (const f of plan.droneFlights) expect(f.requestIds.length).toBe(1);
  });

  it("says the parcel is over the drone's weight when nothing else can carry it", () => {
    const plan = run(
      problemOf({
        vehicles: [vehicle("van", pt(1, 0))],
        requests: [parcel("heavy", pt(1, 0), pt(0.5, 15.8), { weightKg: 500 })],
        droneRoutes: [boxed],
      }),
    );
    expect(plan.unassigned[0]).toMatchObject({
      requestId: "heavy",
      code: "NO_MODE_POSSIBLE",
      details: { roadReason: "CAPACITY", droneDimension: "cargoKg", droneLoad: 500, droneLimit: 5 },
    });
  });

  it("says the parcel is over the drone's volume when nothing else can carry it", () => {
    const plan = run(
      problemOf({
        vehicles: [vehicle("van", pt(1, 0))],
        requests: [parcel("bulky", pt(1, 0), pt(0.5, 15.8), { weightKg: 3, sizeLitres: 600 })],
        droneRoutes: [boxed],
      }),
    );
    expect(plan.unassigned[0]).toMatchObject({
      requestId: "bulky",
      code: "NO_MODE_POSSIBLE",
      details: { droneDimension: "cargoLitres", droneLoad: 600, droneLimit: 10 },
    });
  });

  it("has the checker find a flight over its cargo box, and the validator a box of no size", () => {
    const p = withDrone(droneProblem(), drone, [parcel("p1", pt(1, 0), pt(0.5, 15.8), { sizeLitres: 8 })]);
    const plan = run(p);
    expect(plan.droneFlights).toHaveLength(1);
    expect(checkRegionalPlan({ ...p, droneRoutes: [{ ...drone, maxPayloadLitres: 5 }] }, plan)).toContain(
      "flight 0: 8 L over the 5 L cargo box",
    );
    const invalid = solveRegional({ ...p, droneRoutes: [{ ...drone, maxPayloadLitres: 0 }] });
    expect(invalid.status).toBe("invalid");
    if (invalid.status === "invalid")
      expect(invalid.issues.map((i) => i.path)).toContain("droneRoutes[0].maxPayloadLitres");
  });
});
