import {
  PARCEL_SIZE_CLASSES,
  type ParcelSizeClass,
  ParcelSizeClassSchema,
  RequestInputSchema,
} from "@tsunagu/contract";
import type { RequestRow } from "@tsunagu/db";
import {
  type DroneRoute,
  type RegionalProblem,
  type RoadVehicle,
  roadCoreProblem,
  StraightLineProvider,
  solveRegional,
} from "@tsunagu/matching";
import { describe, expect, it } from "vitest";
import { toRequestRow } from "../requests/convert";
import { regionalRequestOf } from "./engineConvert";

/**
 * A parcel booked by its size class (小・中・大) reaches the planner at the class's limits: it
 * takes cargo room, never a seat, and a drone only carries it when the class fits the drone's
 * payload. The rows are built by the same converters a booking goes through.
 */

const h = (hh: number, mm = 0) => hh * 3600 + mm * 60;
/** `km` kilometres north of a fixed point. */
const north = (km: number) => ({ lat: +(36.77 + km / 111.32).toFixed(6), lon: 137.2 });

/** The stored row of a parcel booked with `sizeClass` between two points, as submitRequest stores it. */
function parcelRow(id: string, sizeClass: ParcelSizeClass, from = north(0), to = north(5)): RequestRow {
  const input = RequestInputSchema.parse({
    kind: "parcel",
    date: "2026-12-08",
    earliest: "09:00",
    latest: "15:00",
    pickup: from,
    dropoff: to,
    description: "箱",
    sizeClass,
    handover: "leave_at_door",
  });
  const point = (p: { lat: number; lon: number }) => ({ ...p, placeId: null, home: false });
  return {
    ...toRequestRow(input, point(from), point(to)),
    id,
    municipalityCode: "162116",
    status: "submitted",
    statusReason: null,
    createdAt: "2026-12-07T00:00:00Z",
    updatedAt: null,
  } as RequestRow;
}

const drone: DroneRoute = {
  id: "drone",
  fromPortId: "p1",
  fromName: "港のポート",
  from: north(30),
  toPortId: "p2",
  toName: "山のポート",
  to: north(36),
  maxPayloadKg: 5,
  rangeKm: 40,
  operating: { start: h(9), end: h(16) },
  bidirectional: false,
};

const van: RoadVehicle = {
  id: "van",
  kind: "van",
  name: "ワゴン",
  start: north(0),
  availability: [{ start: h(8), end: h(17) }],
  capacity: { seats: 1, wheelchairs: 0, cargoKg: 30, cargoLitres: 150 },
  features: [],
  costPerKm: 30,
  fixedCost: 2000,
};

describe("a parcel's size class in the planner", () => {
  it.each(ParcelSizeClassSchema.options)(
    "counts a %s parcel at its class's weight and volume",
    (sizeClass) => {
      const request = regionalRequestOf(parcelRow("p", sizeClass), undefined);
      expect(request).toMatchObject({
        kind: "parcel",
        weightKg: PARCEL_SIZE_CLASSES[sizeClass].maxKg,
        sizeLitres: PARCEL_SIZE_CLASSES[sizeClass].maxLitres,
      });
    },
  );

  it("loads cargo room, never a seat", () => {
    const problem: RegionalProblem = {
      date: "2026-12-08",
      vehicles: [van],
      requests: [regionalRequestOf(parcelRow("large", "large"), undefined)],
    };
    const core = roadCoreProblem(problem, { provider: new StraightLineProvider() });
    if (core.status !== "ok") throw new Error(JSON.stringify(core.issues));
    // Seats, wheelchair places, kg, litres.
    expect(core.problem.requests[0]?.load).toEqual([
      0,
      0,
      PARCEL_SIZE_CLASSES.large.maxKg,
      PARCEL_SIZE_CLASSES.large.maxLitres,
    ]);
  });

  it("flies a small parcel by drone but never a medium one over the drone's 5 kg", () => {
    const problem: RegionalProblem = {
      date: "2026-12-08",
      vehicles: [],
      requests: [
        regionalRequestOf(parcelRow("small", "small", drone.from, drone.to), undefined),
        regionalRequestOf(parcelRow("medium", "medium", drone.from, drone.to), undefined),
      ],
      droneRoutes: [drone],
    };
    const plan = solveRegional(problem, { seed: 1, maxIterations: 200 });
    if (plan.status === "invalid") throw new Error(JSON.stringify(plan.issues));
    const small = plan.itineraries.find((i) => i.requestId === "small");
    expect(small?.legs.some((l) => l.mode === "drone")).toBe(true);
    expect(plan.itineraries.some((i) => i.requestId === "medium")).toBe(false);
    expect(plan.unassigned.map((u) => u.requestId)).toEqual(["medium"]);
    for (const flight of plan.droneFlights) expect(flight.payloadKg).toBeLessThanOrEqual(drone.maxPayloadKg);
  });

  it("carries a parcel and a rider together in a one-seat van", () => {
    const ride = {
      id: "ride",
      kind: "ride" as const,
      pickup: north(0.2),
      dropoff: north(5.2),
      earliest: h(9),
      latest: h(9, 40),
      passengers: 1,
    };
    const parcel = { ...regionalRequestOf(parcelRow("parcel", "medium"), undefined), latest: h(9, 40) };
    const plan = solveRegional(
      { date: "2026-12-08", vehicles: [van], requests: [ride, parcel] },
      { seed: 1, maxIterations: 200 },
    );
    if (plan.status === "invalid") throw new Error(JSON.stringify(plan.issues));
    expect(plan.unassigned).toEqual([]);
    const stops = plan.routes[0]?.stops ?? [];
    expect(Math.max(...stops.map((s) => s.load.seats))).toBe(1);
    expect(Math.max(...stops.map((s) => s.load.cargoKg))).toBe(PARCEL_SIZE_CLASSES.medium.maxKg);
  });
});
