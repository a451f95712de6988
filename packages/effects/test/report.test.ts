import { describe, expect, it } from "vitest";
import type { Leg } from "../src/emissions";
import { MLIT_WORKED_EXAMPLE } from "../src/examples";
import { evaluateLegs, type LegsReport } from "../src/report";

function report(before: Leg[], after: Leg[]): LegsReport {
  const result = evaluateLegs({ before, after });
  if (result.status !== "ok") throw new Error(JSON.stringify(result.errors));
  return result.report;
}

describe("MLIT worked example (EMISSIONS.md)", () => {
  const r = report(MLIT_WORKED_EXAMPLE.before, MLIT_WORKED_EXAMPLE.after);

  it("reproduces every published row to the digit", () => {
    expect(r.before.rows.map((row) => row.tCO2)).toEqual([84.0, 360.8, 20.4, 50.9, 50.9]);
    expect(r.after.rows.map((row) => row.tCO2)).toEqual([356.9, 18.0, 8.6, 10.7]);
    expect(r.before.rows.map((row) => row.label)).toEqual(["①", "②", "④", "⑤", "⑥"]);
  });

  it("566.9 → 394.3 t-CO₂: 172.6 t less, 30.4 %", () => {
    expect(r.before.tCO2).toBe(566.9);
    expect(r.after.tCO2).toBe(394.3);
    expect(r.reduction.tCO2).toBe(172.6);
    expect(r.reduction.tCO2Pct).toBe(30.4);
  });

  it("counts ton-km of the trailer and trucks as truck ton-km", () => {
    expect(r.before.truckTonKm).toBe(20 * 56250 + 80 * 42000 + 10 * 15000 + 25 * 15000 + 25 * 15000);
    expect(r.after.truckTonKm).toBe(85 * 56250 + 4 * 42000 + 4 * 20000 + 4 * 25000);
    expect(r.reduction.truckTonKm).toBe(r.before.truckTonKm - r.after.truckTonKm);
    // No labour inputs: 0 hours and no rate rather than a division by zero.
    expect(r.before.driverHours).toBe(0);
    expect(r.reduction.driverHoursPct).toBeNull();
  });

  it("the published ⑤-after row needs its explicit unit: the table at 100 % (0.0342) would give 9.0, not 10.7", () => {
    const { unitLPerTkm: _explicit, ...tableOnly } = MLIT_WORKED_EXAMPLE.after[3] as Leg;
    const lookedUp = report([], [tableOnly]);
    // 4 km × 25,000 t × 0.0342 ℓ/t·km = 3.42 kℓ × 2.61919 t/kℓ = 8.96 t
    expect(lookedUp.after.rows[0]?.tCO2).toBe(9.0);
    expect(report([], [MLIT_WORKED_EXAMPLE.after[3] as Leg]).after.rows[0]?.tCO2).toBe(10.7);
  });
});

describe("rounding rules", () => {
  const fuelLeg = (label: string, litres: number, extra: Partial<Leg> = {}): Leg => ({
    label,
    mode: "van",
    method: "fuel",
    fuel: "diesel",
    fuelLitresPerYear: litres,
    ...extra,
  });
  // 17 ℓ of diesel = 0.04453 t: each row shows 0.0, yet three rows are 0.1336 t → total 0.1.
  it("totals are the unrounded rows summed, then rounded once", () => {
    const r = report([fuelLeg("a", 17), fuelLeg("b", 17), fuelLeg("c", 17)], []);
    expect(r.before.rows.map((row) => row.tCO2)).toEqual([0, 0, 0]);
    expect(r.before.tCO2).toBe(0.1);
  });

  it("the reduction is the difference of rounded totals and the rate is over the rounded before-total", () => {
    // before 1,000 ℓ = 2.61919 t → 2.6; after 17 ℓ ×3 = 0.1336 t → 0.1; 2.5 / 2.6 = 96.15… %.
    const r = report([fuelLeg("a", 1000)], [fuelLeg("a", 17), fuelLeg("b", 17), fuelLeg("c", 17)]);
    expect(r.before.tCO2).toBe(2.6);
    expect(r.after.tCO2).toBe(0.1);
    expect(r.reduction.tCO2).toBe(2.5);
    expect(r.reduction.tCO2Pct).toBe(96.2);
  });

  it("an increase shows as a negative reduction", () => {
    const r = report([fuelLeg("a", 100)], [fuelLeg("a", 200)]);
    // 100 ℓ = 0.262 t → 0.3; 200 ℓ = 0.524 t → 0.5; −0.2 / 0.3: the rate follows the rounded totals.
    expect(r.reduction.tCO2).toBe(-0.2);
    expect(r.reduction.tCO2Pct).toBe(-66.7);
  });

  it("driver hours: hours per run × runs, whole hours, with the saved share", () => {
    const before = [
      fuelLeg("truck A", 100, { hoursPerRun: 2.25, runsPerYear: 250 }),
      fuelLeg("truck B", 100, { hoursPerRun: 1.1, runsPerYear: 250 }),
    ];
    const after = [fuelLeg("joint", 150, { hoursPerRun: 2.4, runsPerYear: 250 })];
    const r = report(before, after);
    expect(r.before.rows.map((row) => row.driverHours)).toEqual([563, 275]);
    expect(r.before.driverHours).toBe(838); // 562.5 + 275 = 837.5 → 838
    expect(r.after.driverHours).toBe(600);
    expect(r.reduction.driverHours).toBe(238);
    expect(r.reduction.driverHoursPct).toBe(28.4); // 238 / 838 = 28.40… %
  });

  it("truck ton-km leaves out rail, ship, bus and drone legs (転換)", () => {
    const road: Leg = {
      label: "road",
      mode: "truck",
      method: "conventional-ton-km",
      distanceKm: 100,
      tonsPerYear: 500,
      payloadKg: 10000,
    };
    const rail: Leg = {
      label: "rail",
      mode: "rail",
      method: "conventional-ton-km",
      distanceKm: 90,
      tonsPerYear: 500,
    };
    const van: Leg = { ...road, label: "van", mode: "van", distanceKm: 10, payloadKg: 1000 };
    const r = report([road], [rail, van]);
    expect(r.after.rows.map((row) => row.tonKm)).toEqual([45000, 5000]);
    expect(r.after.truckTonKm).toBe(5000);
    expect(r.reduction.truckTonKm).toBe(45000);
    expect(r.reduction.truckTonKmPct).toBe(90);
  });
});

describe("bad legs", () => {
  it("lists every bad input on both sides, naming side, leg and field", () => {
    const result = evaluateLegs({
      before: [
        MLIT_WORKED_EXAMPLE.before[0] as Leg,
        {
          label: "③",
          mode: "truck",
          method: "improved-ton-km",
          fuel: "diesel",
          distanceKm: 5,
          payloadKg: 4000,
        },
      ],
      after: [{ label: "drone", mode: "drone", method: "electricity", distanceKm: 3, runsPerYear: 200 }],
    });
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.errors.map((e) => [e.side, e.legIndex, e.label, e.field])).toEqual([
      ["before", 1, "③", "tonsPerYear"],
      ["after", 0, "drone", "kWhPerKm"],
    ]);
  });

  it("rejects a side that is not a list", () => {
    const result = evaluateLegs({ before: [], after: null as unknown as Leg[] });
    expect(result.status === "invalid" && result.errors[0]?.message).toBe("after must be a list of legs");
  });
});

describe("row trace (the 総合効率化計画 table's columns)", () => {
  it("carries the inputs and factors each worked-example row was computed from", () => {
    const r = report(MLIT_WORKED_EXAMPLE.before, MLIT_WORKED_EXAMPLE.after);
    expect(r.before.rows[0]).toEqual({
      label: "①",
      tCO2: 84,
      tonKm: 1_125_000,
      driverHours: 0,
      from: "東京湾",
      to: "有明DC",
      mode: "trailer",
      method: "improved-ton-km",
      fuel: "diesel",
      distanceKm: 20,
      tonsPerYear: 56250,
      loadingRatePct: 100,
      unitLPerTkm: 0.0285,
      litres: 1_125_000 * 0.0285,
      heatGJPerKl: 38.2,
      carbonTCPerGJ: 0.0187,
      carbonToCO2: 3.6667,
      factorBasis: "table",
    });
    expect(r.after.rows[3]?.unitLPerTkm).toBe(0.041);
    expect(r.after.rows[3]?.factorBasis).toBe("explicit");
  });

  it("reproduces every row from its own columns: Σ a×b×c×d×e×f / 1000", () => {
    const r = report(MLIT_WORKED_EXAMPLE.before, MLIT_WORKED_EXAMPLE.after);
    for (const row of [...r.before.rows, ...r.after.rows]) {
      const { distanceKm, tonsPerYear, unitLPerTkm, heatGJPerKl, carbonTCPerGJ, carbonToCO2 } = row;
      if (
        distanceKm === undefined ||
        tonsPerYear === undefined ||
        unitLPerTkm === undefined ||
        heatGJPerKl === undefined ||
        carbonTCPerGJ === undefined ||
        carbonToCO2 === undefined
      ) {
        throw new Error(`row ${row.label} lacks a column`);
      }
      const fromColumns =
        (distanceKm * tonsPerYear * unitLPerTkm * heatGJPerKl * carbonTCPerGJ * carbonToCO2) / 1000;
      expect(Math.abs(fromColumns - row.tCO2)).toBeLessThanOrEqual(0.05);
    }
  });

  it("states the class's default loading rate when the unit is the default-rate one", () => {
    const leg: Leg = {
      label: "x",
      mode: "truck",
      method: "improved-ton-km",
      fuel: "diesel",
      payloadKg: 10000,
      distanceKm: 10,
      tonsPerYear: 100,
    };
    const row = report([leg], []).before.rows[0];
    expect(row?.factorBasis).toBe("default-loading-rate");
    expect(row?.unitLPerTkm).toBe(0.0504);
    expect(row?.loadingRatePct).toBe(62);
    const privateRow = report([{ ...leg, use: "private" }], []).before.rows[0];
    expect([privateRow?.unitLPerTkm, privateRow?.loadingRatePct]).toEqual([0.061, 49]);
  });

  it("gives a 従来トンキロ法 row its g-CO₂/t·km and no fuel constants", () => {
    const row = report(
      [{ label: "rail", mode: "rail", method: "conventional-ton-km", distanceKm: 480, tonsPerYear: 2000 }],
      [],
    ).before.rows[0];
    expect(row).toEqual({
      label: "rail",
      tCO2: 21.1,
      tonKm: 960_000,
      driverHours: 0,
      mode: "rail",
      method: "conventional-ton-km",
      distanceKm: 480,
      tonsPerYear: 2000,
      gCO2PerTkm: 22,
      factorBasis: "table",
    });
  });
});
