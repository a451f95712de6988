import { describe, expect, it } from "vitest";
import {
  DEFAULT_PLAN_BASELINE,
  type PlanEffectsInput,
  type PlanEffectsResult,
  planEffects,
  rollUpPlanEffects,
} from "../src/planEffects";
import { REGISTRY_FUEL_MAPPING, REGISTRY_FUELS, vehicleEnergy } from "../src/registryFuel";

// kg-CO₂ per litre from the guideline constants (heat value × carbon factor × 44/12).
const GASOLINE_KG_PER_L = 34.6 * 0.0183 * 3.6667;
const DIESEL_KG_PER_L = 38.2 * 0.0187 * 3.6667;
// 0.000434 t-CO₂/kWh, the national average in the factor table.
const GRID_KG_PER_KWH = 0.000434 * 1000;

function ok(r: ReturnType<typeof planEffects>): PlanEffectsResult {
  if (r.status !== "ok") throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r;
}

type PlanRoute = PlanEffectsInput["routes"][number];

/** Route `shift` of a vehicle (id `${vehicleId}:${shift}`); `onBoard` as [request id, km on board]. */
function route(
  vehicleId: string,
  shift: number,
  vehicleKind: PlanRoute["vehicleKind"],
  energy: PlanRoute["energy"],
  trip: { distanceKm: number; drivingHours: number },
  onBoard: readonly [string, number][],
): PlanRoute {
  return {
    id: `${vehicleId}:${shift}`,
    vehicleId,
    vehicleKind,
    energy,
    ...trip,
    onBoard: onBoard.map(([requestId, km]) => ({ requestId, km })),
  };
}

describe("registry fuel → effects fuel", () => {
  it("maps every registry fuel, hybrid and lpg to gasoline, electric and battery to electricity", () => {
    expect(Object.keys(REGISTRY_FUEL_MAPPING).sort()).toEqual([...REGISTRY_FUELS].sort());
    expect(REGISTRY_FUEL_MAPPING.petrol).toMatchObject({
      fuel: "gasoline",
      method: "fuel-economy",
      approximate: false,
    });
    expect(REGISTRY_FUEL_MAPPING.diesel).toMatchObject({ fuel: "diesel", method: "fuel-economy" });
    expect(REGISTRY_FUEL_MAPPING.hybrid).toMatchObject({
      fuel: "gasoline",
      method: "fuel-economy",
      approximate: false,
    });
    expect(REGISTRY_FUEL_MAPPING.lpg).toMatchObject({
      fuel: "gasoline",
      method: "fuel-economy",
      approximate: true,
    });
    expect(REGISTRY_FUEL_MAPPING.electric).toMatchObject({ fuel: "electricity", method: "electricity" });
    expect(REGISTRY_FUEL_MAPPING.battery).toMatchObject({ fuel: "electricity", method: "electricity" });
  });

  it("names the efficiency field a vehicle lacks, and refuses an unknown fuel", () => {
    expect(vehicleEnergy({ fuel: "hybrid", kmPerLitre: null }, "routes.0.energy")).toEqual({
      status: "invalid",
      errors: [{ field: "routes.0.energy.kmPerLitre", message: expect.stringContaining("hybrid") }],
    });
    expect(vehicleEnergy({ fuel: "electric", kmPerLitre: 12 })).toMatchObject({
      status: "invalid",
      errors: [{ field: "vehicle.kWhPerKm" }],
    });
    expect(vehicleEnergy({ fuel: "gasoline" as never, kmPerLitre: 12 })).toMatchObject({
      status: "invalid",
      errors: [{ field: "vehicle.fuel" }],
    });
    expect(vehicleEnergy({ fuel: "hybrid", kmPerLitre: 25 })).toEqual({
      status: "ok",
      energy: {
        method: "fuel-economy",
        fuel: "gasoline",
        kmPerLitre: 25,
        registryFuel: "hybrid",
        approximate: false,
      },
    });
  });
});

/** Two rides and a parcel sharing one diesel van. */
const shared: PlanEffectsInput = {
  requests: [
    { id: "A", kind: "ride", passengers: 1, weightKg: 0, directKm: 10 },
    { id: "B", kind: "ride", passengers: 2, weightKg: 0, directKm: 5 },
    { id: "P", kind: "parcel", passengers: 0, weightKg: 4, directKm: 8 },
  ],
  routes: [
    route("van1", 0, "van", { fuel: "diesel", kmPerLitre: 10 }, { distanceKm: 20, drivingHours: 1 }, [
      ["A", 10],
      ["B", 5],
      ["P", 8],
    ]),
  ],
};

describe("planEffects", () => {
  it("computes a hand-checked shared van against each request alone", () => {
    const r = ok(planEffects(shared));
    // Before: A 10 km and B 5 km by petrol car at 10.6 km/ℓ; P 8 km × 2 by kei van at 12 km/ℓ.
    const beforeKg = (15 / 10.6 + 16 / 12) * GASOLINE_KG_PER_L;
    const afterKg = (20 / 10) * DIESEL_KG_PER_L;
    expect(r.before.exactKgCO2).toBeCloseTo(beforeKg, 6);
    expect(r.after.exactKgCO2).toBeCloseTo(afterKg, 6);
    expect(r.before.kgCO2).toBe(6.4);
    expect(r.after.kgCO2).toBe(5.2);
    expect(r.before.tCO2).toBe(0);
    expect(r.reduction.kgCO2).toBe(1.2);
    expect(r.reduction.kgCO2Pct).toBe(18.8); // 1.2 / 6.4
    expect(r.before.vehicleKm).toBe(31);
    expect(r.after.vehicleKm).toBe(20);
    expect(r.reduction.vehicleKm).toBe(11);
    expect(r.before.driverHours).toBe(1); // 31 km at 30 km/h = 1.03 h
    expect(r.after.driverHours).toBe(1);
    expect(r.before.dispatches).toBe(3);
    expect(r.after.dispatches).toBe(1);
    expect(r.reduction.vehicles).toBe(2);

    // Allocation by kg·km: A 100×10 = 1000, B 2×100×5 = 1000, P 4×8 = 32.
    const a = r.allocation.find((x) => x.requestId === "A");
    const p = r.allocation.find((x) => x.requestId === "P");
    expect(a?.parts[0]?.kgKm).toBe(1000);
    expect(a?.afterKgCO2).toBeCloseTo((afterKg * 1000) / 2032, 3);
    expect(p?.afterKgCO2).toBeCloseTo((afterKg * 32) / 2032, 3);
    expect(p?.beforeKgCO2).toBeCloseTo((16 / 12) * GASOLINE_KG_PER_L, 3);
  });

  it("allocates each vehicle's whole emissions, empty running included", () => {
    const r = ok(planEffects(shared));
    for (const v of r.vehicles) {
      const allocated = r.allocation.flatMap((x) => x.parts).filter((p) => p.id === v.id);
      expect(allocated.reduce((s, p) => s + p.kgCO2, 0)).toBeCloseTo(v.kgCO2, 9);
      expect(allocated.reduce((s, p) => s + p.sharePct, 0)).toBeCloseTo(100, 9);
    }
  });

  it("gives zeros and null rates for a plan that served nobody", () => {
    const r = ok(planEffects({ requests: [], routes: [] }));
    expect(r.before).toMatchObject({ kgCO2: 0, vehicleKm: 0, dispatches: 0, vehicles: 0 });
    expect(r.after).toMatchObject({ kgCO2: 0, vehicleKm: 0, dispatches: 0, vehicles: 0 });
    expect(r.reduction.kgCO2Pct).toBeNull();
    expect(r.allocation).toEqual([]);
  });

  it("adds nothing for a leg on a timetabled bus", () => {
    const r = ok(
      planEffects({
        requests: [{ id: "R", kind: "ride", passengers: 1, weightKg: 0, directKm: 12 }],
        routes: [],
        timetabledLegs: [{ requestId: "R", service: "route_bus", km: 12 }],
      }),
    );
    expect(r.after).toMatchObject({
      exactKgCO2: 0,
      vehicleKm: 0,
      driverHours: 0,
      dispatches: 0,
      vehicles: 0,
    });
    expect(r.allocation[0]?.afterKgCO2).toBe(0);
    expect(r.allocation[0]?.parts).toMatchObject([{ source: "timetabled", kgCO2: 0 }]);
    expect(r.reduction.kgCO2Pct).toBe(100);
  });

  it("counts a drone flight as kWh × grid factor and shares it by parcel weight", () => {
    const r = ok(
      planEffects({
        requests: [
          { id: "P1", kind: "parcel", passengers: 0, weightKg: 1, directKm: 6 },
          { id: "P2", kind: "parcel", passengers: 0, weightKg: 3, directKm: 6 },
        ],
        routes: [],
        droneFlights: [
          { id: "f1", droneRouteId: "d1", distanceKm: 5, kWhPerKm: 0.05, requestIds: ["P1", "P2"] },
        ],
      }),
    );
    const kg = 5 * 0.05 * GRID_KG_PER_KWH;
    expect(r.after.exactKgCO2).toBeCloseTo(kg, 9);
    expect(r.after.droneKm).toBe(5);
    expect(r.after.vehicleKm).toBe(0);
    expect(r.after.driverHours).toBe(0);
    expect(r.after.vehicles).toBe(1);
    expect(r.allocation.map((x) => x.parts[0]?.sharePct)).toEqual([25, 75]);
  });

  it("takes a municipality's baseline and flags LPG as an approximation", () => {
    const r = ok(
      planEffects(
        {
          requests: [{ id: "A", kind: "ride", passengers: 1, weightKg: 0, directKm: 10 }],
          routes: [
            route("taxi", 0, "car", { fuel: "lpg", kmPerLitre: 8 }, { distanceKm: 14, drivingHours: 0.5 }, [
              ["A", 10],
            ]),
          ],
        },
        { ride: { ...DEFAULT_PLAN_BASELINE.ride, fuel: "electric", kWhPerKm: 0.15 } },
      ),
    );
    expect(r.before.exactKgCO2).toBeCloseTo(10 * 0.15 * GRID_KG_PER_KWH, 9);
    expect(r.after.exactKgCO2).toBeCloseTo((14 / 8) * GASOLINE_KG_PER_L, 9);
    expect(r.vehicles[0]).toMatchObject({ fuel: "lpg", approximate: true });
    expect(r.notes).toHaveLength(1);
  });

  it("splits equally when a vehicle's transport activity is zero, and reports a route that carried nobody", () => {
    const r = ok(
      planEffects({
        requests: [
          { id: "A", kind: "ride", passengers: 1, weightKg: 0, directKm: 0 },
          { id: "B", kind: "ride", passengers: 1, weightKg: 0, directKm: 0 },
        ],
        routes: [
          route("v", 0, "car", { fuel: "petrol", kmPerLitre: 10 }, { distanceKm: 4, drivingHours: 0.2 }, [
            ["A", 0],
            ["B", 0],
          ]),
          route("v", 1, "car", { fuel: "petrol", kmPerLitre: 10 }, { distanceKm: 3, drivingHours: 0.1 }, []),
        ],
      }),
    );
    expect(r.allocation.map((x) => x.parts[0]?.sharePct)).toEqual([50, 50]);
    expect(r.vehicles[1]?.unallocatedKgCO2).toBeCloseTo(0.3 * GASOLINE_KG_PER_L, 9);
    expect(r.after.vehicles).toBe(1);
    expect(r.after.dispatches).toBe(2);
  });

  it("names every bad field", () => {
    const r = planEffects({
      requests: [
        { id: "A", kind: "taxi" as never, passengers: -1, weightKg: 0, directKm: 1 },
        { id: "A", kind: "ride", passengers: 1, weightKg: 0, directKm: Number.NaN },
      ],
      routes: [
        {
          id: "r",
          vehicleId: "v",
          vehicleKind: "van",
          energy: { fuel: "diesel" },
          distanceKm: 1,
          drivingHours: 1,
          onBoard: [{ requestId: "Z", km: 1 }],
        },
      ],
    });
    expect(r.status).toBe("invalid");
    if (r.status !== "invalid") return;
    expect(r.errors.map((e) => e.field)).toEqual([
      "requests.0.kind",
      "requests.0.passengers",
      "requests.1.id",
      "requests.1.directKm",
      "routes.0.energy.kmPerLitre",
      "routes.0.onBoard.0.requestId",
    ]);
  });
});

describe("rollUpPlanEffects", () => {
  it("sums unrounded days per month and year and rounds once", () => {
    const day = (date: string, beforeKg: number, afterKg: number) => ({
      date,
      served: 2,
      before: { exactKgCO2: beforeKg, exactVehicleKm: 40.4, exactDriverHours: 1.4, dispatches: 2 },
      after: { exactKgCO2: afterKg, exactVehicleKm: 20.4, exactDriverHours: 0.6, dispatches: 1 },
    });
    const r = rollUpPlanEffects(2026, [
      day("2026-03-01", 30, 10),
      day("2026-03-02", 30, 10),
      day("2026-04-01", 40, 10),
      day("2025-12-31", 999, 0),
    ]);
    expect(r.months).toHaveLength(12);
    const march = r.months[2];
    expect(march).toMatchObject({ period: "2026-03", plans: 2, served: 4 });
    expect(march?.before).toEqual({ tCO2: 0.1, vehicleKm: 81, driverHours: 3, dispatches: 4 });
    expect(march?.after).toEqual({ tCO2: 0, vehicleKm: 41, driverHours: 1, dispatches: 2 });
    expect(march?.reduction).toMatchObject({ tCO2: 0.1, tCO2Pct: 100, vehicleKm: 40, driverHours: 2 });
    expect(r.months[0]?.reduction.tCO2Pct).toBeNull();
    expect(r.year).toMatchObject({ period: "2026", plans: 3, served: 6 });
    expect(r.year.before.tCO2).toBe(0.1); // 100 kg, not the 999 of 2025
    expect(r.year.after.vehicleKm).toBe(61);
  });
});
