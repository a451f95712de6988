import { describe, expect, it } from "vitest";
import { improvedTonKmUnit, type Leg, legEmission, validateLeg } from "../src/emissions";
import { MLIT_WORKED_EXAMPLE } from "../src/examples";
import { defaultFactors, tCO2PerKl } from "../src/factors";

const DIESEL_T_PER_KL = 38.2 * 0.0187 * 3.6667;
const GASOLINE_T_PER_KL = 34.6 * 0.0183 * 3.6667;

function ok(leg: Leg) {
  const result = legEmission(leg);
  if (result.status !== "ok") throw new Error(`unexpected invalid leg: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function fields(leg: Leg) {
  return validateLeg(leg, { side: "before", legIndex: 0 }).map((i) => i.field);
}

describe("燃料法 (fuel)", () => {
  it("1,000 ℓ of diesel a year is 1 kℓ × 38.2 × 0.0187 × 3.6667 t", () => {
    const v = ok({ label: "van", mode: "van", method: "fuel", fuel: "diesel", fuelLitresPerYear: 1000 });
    expect(v.tCO2).toBeCloseTo(DIESEL_T_PER_KL, 12);
    expect(v.litres).toBe(1000);
  });

  it("needs a liquid fuel and litres", () => {
    expect(fields({ label: "x", mode: "van", method: "fuel" })).toEqual(["fuel", "fuelLitresPerYear"]);
    expect(
      fields({ label: "x", mode: "van", method: "fuel", fuel: "electricity", fuelLitresPerYear: 5 }),
    ).toEqual(["fuel"]);
  });
});

describe("燃費法 (fuel economy)", () => {
  it("20 km × 250 runs at 10 km/ℓ of gasoline = 500 ℓ", () => {
    const v = ok({
      label: "shuttle",
      mode: "car",
      method: "fuel-economy",
      fuel: "gasoline",
      distanceKm: 20,
      runsPerYear: 250,
      kmPerLitre: 10,
    });
    expect(v.litres).toBeCloseTo(500, 9);
    expect(v.vehicleKm).toBe(5000);
    expect(v.tCO2).toBeCloseTo(0.5 * GASOLINE_T_PER_KL, 12);
  });

  it("needs distance, fuel economy and runs; a zero fuel economy is invalid", () => {
    expect(fields({ label: "x", mode: "car", method: "fuel-economy", fuel: "gasoline" })).toEqual([
      "distanceKm",
      "kmPerLitre",
      "runsPerYear",
    ]);
    expect(
      fields({
        label: "x",
        mode: "car",
        method: "fuel-economy",
        fuel: "gasoline",
        distanceKm: 1,
        runsPerYear: 1,
        kmPerLitre: 0,
      }),
    ).toEqual(["kmPerLitre"]);
  });
});

describe("改良トンキロ法 unit lookup", () => {
  it("uses the table value at a loading-rate column", () => {
    expect(improvedTonKmUnit({ fuel: "diesel", payloadKg: 10000, loadingRatePct: 60 })).toMatchObject({
      unitLPerTkm: 0.0518,
      basis: "table",
      payloadClass: "10,000~11,999",
    });
    expect(improvedTonKmUnit({ fuel: "gasoline", payloadKg: 350, loadingRatePct: 10 }).unitLPerTkm).toBe(
      2.74,
    );
  });

  it("uses the regression with the class's representative payload between columns", () => {
    const u = improvedTonKmUnit({ fuel: "diesel", payloadKg: 10000, loadingRatePct: 50 });
    expect(u.basis).toBe("regression");
    expect(u.unitLPerTkm).toBeCloseTo(Math.exp(2.71 - 0.812 * Math.log(0.5) - 0.654 * Math.log(11000)), 12);
    // Between the 40 % and 60 % cells, as an emptier truck burns more per t·km.
    expect(u.unitLPerTkm).toBeLessThan(0.0719);
    expect(u.unitLPerTkm).toBeGreaterThan(0.0518);
    const g = improvedTonKmUnit({ fuel: "gasoline", payloadKg: 1500, loadingRatePct: 33 });
    expect(g.unitLPerTkm).toBeCloseTo(Math.exp(2.67 - 0.927 * Math.log(0.33) - 0.648 * Math.log(1000)), 12);
  });

  it("the regression is continuous with the table: just off a column it lands within 1 % of the cell", () => {
    const at = improvedTonKmUnit({ fuel: "diesel", payloadKg: 5000, loadingRatePct: 80 }).unitLPerTkm;
    const near = improvedTonKmUnit({ fuel: "diesel", payloadKg: 5000, loadingRatePct: 80.001 }).unitLPerTkm;
    expect(Math.abs(near / at - 1)).toBeLessThan(0.01);
  });

  it("falls back to the default unit for the use when the loading rate is unknown (default commercial)", () => {
    expect(improvedTonKmUnit({ fuel: "diesel", payloadKg: 11000 })).toMatchObject({
      unitLPerTkm: 0.0504,
      basis: "default-loading-rate",
      loadingRatePct: 62,
    });
    expect(improvedTonKmUnit({ fuel: "diesel", payloadKg: 11000, use: "private" })).toMatchObject({
      unitLPerTkm: 0.061,
      loadingRatePct: 49,
    });
  });

  it("picks the payload class by inclusive upper bounds within the fuel's rows", () => {
    const cls = (fuel: "diesel" | "gasoline", payloadKg: number) =>
      improvedTonKmUnit({ fuel, payloadKg }).payloadClass;
    expect(cls("gasoline", 350)).toBe("軽貨物車");
    expect(cls("gasoline", 351)).toBe("~1,999");
    expect(cls("gasoline", 2000)).toBe("2,000~");
    expect(cls("diesel", 999)).toBe("~999");
    expect(cls("diesel", 999.5)).toBe("1,000~1,999");
    expect(cls("diesel", 1000)).toBe("1,000~1,999");
    expect(cls("diesel", 4000)).toBe("4,000~5,999");
    expect(cls("diesel", 16999)).toBe("12,000~16,999");
    // Heavier vehicles (trailers) use the top class, as the MLIT worked example does.
    expect(cls("diesel", 26000)).toBe("12,000~16,999");
  });

  it("takes its numbers from the factors passed in", () => {
    const custom = structuredClone(defaultFactors);
    const row = custom.improvedTonKm.rows.find((r) => r.payloadClass === "10,000~11,999");
    if (!row) throw new Error("row missing");
    row.unitsLPerTkm[3] = 0.05;
    expect(
      improvedTonKmUnit({ fuel: "diesel", payloadKg: 10000, loadingRatePct: 60 }, custom).unitLPerTkm,
    ).toBe(0.05);
  });
});

describe("改良トンキロ法 legs", () => {
  /** Row ② of the MLIT worked example: 有明DC → 埼玉工場, 10 t truck at 80 %. */
  const base = MLIT_WORKED_EXAMPLE.before[1] as Leg;

  it("computes km × t × unit ℓ, then the fuel constants (the worked example's 360.8 t row)", () => {
    const v = ok(base);
    expect(v.tonKm).toBe(3_360_000);
    expect(v.vehicleKm).toBe(0); // no runsPerYear given
    expect(v.litres).toBeCloseTo(3_360_000 * 0.041, 6);
    expect(v.tCO2).toBeCloseTo(137.76 * DIESEL_T_PER_KL, 9);
    expect(v.factor).toEqual({ value: 0.041, unit: "l/tkm", basis: "table" });
  });

  it("an explicit unit overrides the lookup and needs no payload", () => {
    const { payloadKg: _omit, ...noPayload } = base;
    const v = ok({ ...noPayload, loadingRatePct: 100, unitLPerTkm: 0.041 });
    expect(v.factor).toEqual({ value: 0.041, unit: "l/tkm", basis: "explicit" });
    expect(v.tCO2).toBeCloseTo(ok(base).tCO2, 12);
  });

  it("names what is missing: fuel, distance, tons, payload (unless a unit is given)", () => {
    expect(fields({ label: "x", mode: "truck", method: "improved-ton-km" })).toEqual([
      "fuel",
      "distanceKm",
      "tonsPerYear",
      "payloadKg",
    ]);
  });

  it("rejects a loading rate of 0 or above 100 %", () => {
    expect(fields({ ...base, loadingRatePct: 0 })).toEqual(["loadingRatePct"]);
    expect(fields({ ...base, loadingRatePct: 120 })).toEqual(["loadingRatePct"]);
  });

  it("refuses a table lookup for a mode the truck table does not cover", () => {
    expect(fields({ ...base, mode: "rail" })).toEqual(["mode"]);
    expect(fields({ ...base, mode: "rail", unitLPerTkm: 0.01 })).toEqual([]);
  });
});

describe("従来トンキロ法 (conventional ton-km)", () => {
  it("rail defaults to 22 g-CO₂/t·km", () => {
    const v = ok({
      label: "JR貨物",
      mode: "rail",
      method: "conventional-ton-km",
      distanceKm: 100,
      tonsPerYear: 1000,
    });
    expect(v.tCO2).toBeCloseTo((100_000 * 22) / 1e6, 12);
    expect(v.factor).toEqual({ value: 22, unit: "gCO2/tkm", basis: "table" });
  });

  it("ship 39, air 1,490; an explicit factor overrides", () => {
    const leg = (mode: Leg["mode"], extra: Partial<Leg> = {}) =>
      ok({ label: mode, mode, method: "conventional-ton-km", distanceKm: 10, tonsPerYear: 100, ...extra });
    expect(leg("ship").tCO2).toBeCloseTo((1000 * 39) / 1e6, 12);
    expect(leg("air").tCO2).toBeCloseTo((1000 * 1490) / 1e6, 12);
    expect(leg("rail", { gCO2PerTkm: 17 }).tCO2).toBeCloseTo((1000 * 17) / 1e6, 12);
    expect(leg("rail", { gCO2PerTkm: 17 }).factor?.basis).toBe("explicit");
  });

  it("picks the truck class by payload and use", () => {
    const factor = (
      payloadKg: number,
      use: "private" | "commercial" = "commercial",
      mode: Leg["mode"] = "truck",
    ) =>
      ok({ label: "t", mode, method: "conventional-ton-km", distanceKm: 1, tonsPerYear: 1, payloadKg, use })
        .factor?.value;
    expect(factor(3000)).toBe(173);
    expect(factor(2999)).toBe(808);
    expect(factor(350)).toBe(1951);
    expect(factor(3000, "private")).toBe(394);
    expect(factor(1000, "private")).toBe(3443);
    expect(factor(1000, "commercial", "van")).toBe(808);
  });

  it("a trailer is an ordinary truck without a payload", () => {
    const v = ok({
      label: "t",
      mode: "trailer",
      method: "conventional-ton-km",
      distanceKm: 1,
      tonsPerYear: 1,
    });
    expect(v.factor?.value).toBe(173);
  });

  it("asks for what the table cannot supply", () => {
    const leg = (extra: Partial<Leg>): Leg => ({
      label: "x",
      mode: "truck",
      method: "conventional-ton-km",
      distanceKm: 1,
      tonsPerYear: 1,
      ...extra,
    });
    expect(fields(leg({}))).toEqual(["payloadKg"]);
    expect(fields(leg({ payloadKg: 300, use: "private" }))).toEqual(["gCO2PerTkm"]);
    expect(fields(leg({ mode: "bus" }))).toEqual(["gCO2PerTkm"]);
    expect(fields(leg({ mode: "drone", gCO2PerTkm: 0 }))).toEqual([]);
  });
});

describe("electricity", () => {
  it("kWh = km × kWh/km × runs, × the national average grid factor", () => {
    const v = ok({
      label: "drone",
      mode: "drone",
      method: "electricity",
      fuel: "electricity",
      distanceKm: 10,
      kWhPerKm: 0.5,
      runsPerYear: 300,
    });
    expect(v.kWh).toBe(1500);
    expect(v.tCO2).toBeCloseTo(1500 * 0.000434, 12);
  });

  it("a supplier's factor on the leg overrides the grid average", () => {
    const v = ok({
      label: "EV",
      mode: "van",
      method: "electricity",
      distanceKm: 10,
      kWhPerKm: 0.2,
      runsPerYear: 100,
      tCO2PerKWh: 0.0003,
    });
    expect(v.tCO2).toBeCloseTo(200 * 0.0003, 12);
    expect(v.factor?.basis).toBe("explicit");
  });

  it("rejects a liquid fuel and names missing inputs", () => {
    expect(fields({ label: "x", mode: "drone", method: "electricity", fuel: "diesel" })).toEqual([
      "fuel",
      "distanceKm",
      "kWhPerKm",
      "runsPerYear",
    ]);
  });
});

describe("labour and general validation", () => {
  it("driver hours = hours per run × runs per year; none without hoursPerRun", () => {
    const leg: Leg = { label: "x", mode: "van", method: "fuel", fuel: "diesel", fuelLitresPerYear: 10 };
    expect(ok(leg).driverHours).toBe(0);
    expect(ok({ ...leg, hoursPerRun: 1.5, runsPerYear: 240 }).driverHours).toBe(360);
    expect(fields({ ...leg, hoursPerRun: 1.5 })).toEqual(["runsPerYear"]);
  });

  it("reports wrong types, non-finite numbers and unknown enums with the leg's label", () => {
    const bad = {
      label: "  ",
      mode: "boat",
      method: "guess",
      fuel: "kerosene",
      distanceKm: Number.NaN,
      tonsPerYear: "12",
    } as unknown as Leg;
    const issues = validateLeg(bad, { side: "after", legIndex: 3 });
    expect(issues.map((i) => i.field)).toEqual([
      "label",
      "mode",
      "method",
      "fuel",
      "distanceKm",
      "tonsPerYear",
    ]);
    expect(issues.every((i) => i.side === "after" && i.legIndex === 3 && i.label === null)).toBe(true);
    const named = validateLeg(
      { label: "③ 館林", mode: "truck", method: "fuel" },
      { side: "before", legIndex: 2 },
    );
    expect(named[0]).toMatchObject({ label: "③ 館林", field: "fuel", legIndex: 2 });
  });

  it("uses the fuel constants of the factors passed in", () => {
    const custom = structuredClone(defaultFactors);
    custom.fuels.diesel.heatValueGJPerKl.value = 40;
    const leg: Leg = { label: "x", mode: "van", method: "fuel", fuel: "diesel", fuelLitresPerYear: 1000 };
    const result = legEmission(leg, custom);
    expect(result.status === "ok" && result.value.tCO2).toBeCloseTo(tCO2PerKl("diesel", custom), 12);
    expect(tCO2PerKl("diesel", custom)).toBeCloseTo(40 * 0.0187 * 3.6667, 12);
  });
});
