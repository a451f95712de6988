import { describe, expect, it } from "vitest";
import bundled from "../../../data/factors/factors.v1.json" with { type: "json" };
import { defaultFactors, LIQUID_FUELS, parseFactors, tCO2PerKl } from "../src/factors";

const clone = () => structuredClone(bundled);

describe("bundled factor file", () => {
  it("loads, is versioned and names a source for every block of numbers", () => {
    expect(defaultFactors.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(defaultFactors.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(defaultFactors.carbonToCO2.source).toContain("共同ガイドライン Ver.3.1");
    for (const fuel of LIQUID_FUELS) {
      expect(defaultFactors.fuels[fuel].heatValueGJPerKl.source).toContain("共同ガイドライン");
      expect(defaultFactors.fuels[fuel].carbonTCPerGJ.source).toContain("共同ガイドライン");
    }
    expect(defaultFactors.improvedTonKm.source).toContain("改良トンキロ法");
    expect(defaultFactors.improvedTonKm.regression.source).toContain("回帰式");
    expect(defaultFactors.conventionalTonKm.source).toContain("従来トンキロ法");
    expect(defaultFactors.electricity.tCO2PerKWh.value).toBe(0.000434);
    expect(defaultFactors.electricity.tCO2PerKWh.source).toContain("全国平均係数");
    expect(defaultFactors.electricity.tCO2PerKWh.note).toContain("調整後排出係数");
  });

  it("gives the CO₂ per kℓ the spec's fuel table states (2.62 t diesel, 2.32 t gasoline)", () => {
    expect(tCO2PerKl("diesel")).toBeCloseTo(2.62, 2);
    expect(tCO2PerKl("gasoline")).toBeCloseTo(2.32, 2);
    expect(tCO2PerKl("diesel")).toBeCloseTo(38.2 * 0.0187 * 3.6667, 12);
  });

  // The table is sampled from the regression: a typo in any cell shows up as a
  // cell that no longer agrees with it.
  it("every improved ton-km table cell agrees with the regression within 0.5 %", () => {
    const t = defaultFactors.improvedTonKm;
    for (const row of t.rows) {
      const { a, b, c } = t.regression[row.fuel];
      t.loadingRateColumnsPct.forEach((x, k) => {
        const regression = Math.exp(a - b * Math.log(x / 100) - c * Math.log(row.representativeKg));
        const cell = row.unitsLPerTkm[k] as number;
        expect(Math.abs(regression / cell - 1), `${row.fuel} ${row.payloadClass} @${x}%`).toBeLessThan(0.005);
      });
    }
  });

  it("every default unit agrees with the regression at its default loading rate within 1 %", () => {
    const t = defaultFactors.improvedTonKm;
    for (const row of t.rows) {
      const { a, b, c } = t.regression[row.fuel];
      for (const use of ["private", "commercial"] as const) {
        const x = row.defaultLoadingRatePct[use];
        const regression = Math.exp(a - b * Math.log(x / 100) - c * Math.log(row.representativeKg));
        expect(
          Math.abs(regression / row.defaultUnitLPerTkm[use] - 1),
          `${row.payloadClass} ${use}`,
        ).toBeLessThan(0.01);
      }
    }
  });
});

describe("parseFactors", () => {
  it("accepts the bundled file", () => {
    expect(parseFactors(bundled).status).toBe("ok");
  });

  it("rejects a row with a missing loading-rate column, naming the path", () => {
    const broken = clone();
    broken.improvedTonKm.rows[3]?.unitsLPerTkm.pop();
    const result = parseFactors(broken);
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") {
      expect(result.errors.map((e) => e.path)).toContain("improvedTonKm.rows.3.unitsLPerTkm");
    }
  });

  it("rejects a non-positive factor and a missing source", () => {
    const broken = clone();
    broken.fuels.diesel.heatValueGJPerKl.value = -38.2;
    (broken.electricity.tCO2PerKWh as { source?: string }).source = undefined;
    const result = parseFactors(broken);
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") {
      const paths = result.errors.map((e) => e.path);
      expect(paths).toContain("fuels.diesel.heatValueGJPerKl.value");
      expect(paths).toContain("electricity.tCO2PerKWh.source");
    }
  });

  it("rejects payload classes out of order or without an open-ended last class", () => {
    const broken = clone();
    const rows = broken.improvedTonKm.rows;
    (rows[rows.length - 1] as { maxKg: number | null }).maxKg = 16999;
    (rows[4] as { maxKg: number | null }).maxKg = 500;
    const result = parseFactors(broken);
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") {
      const paths = result.errors.map((e) => e.path);
      expect(paths).toContain(`improvedTonKm.rows.${rows.length - 1}.maxKg`);
      expect(paths).toContain("improvedTonKm.rows.4.maxKg");
    }
  });

  it("rejects a bad version string", () => {
    const broken = clone();
    broken.version = "v1";
    expect(parseFactors(broken).status).toBe("invalid");
  });
});
