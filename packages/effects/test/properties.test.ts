import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInCore, paysNoMoreThanAlone, shapleyAllocation } from "../src/costSharing";
import { improvedTonKmUnit, type Leg } from "../src/emissions";
import { evaluateLegs } from "../src/report";

const leg = fc.record({
  litres: fc.integer({ min: 0, max: 200_000 }),
  fuel: fc.constantFrom("diesel" as const, "gasoline" as const),
  km: fc.integer({ min: 0, max: 500 }),
  tons: fc.integer({ min: 0, max: 50_000 }),
  mode: fc.constantFrom("truck" as const, "rail" as const, "van" as const, "ship" as const),
});
type LegSample = typeof leg extends fc.Arbitrary<infer T> ? T : never;
const toLeg = (l: LegSample, i: number): Leg =>
  i % 2 === 0
    ? {
        label: `fuel ${i}`,
        mode: l.mode,
        method: "fuel",
        fuel: l.fuel,
        fuelLitresPerYear: l.litres,
        distanceKm: l.km,
        tonsPerYear: l.tons,
      }
    : {
        label: `tkm ${i}`,
        mode: l.mode,
        method: "conventional-ton-km",
        distanceKm: l.km,
        tonsPerYear: l.tons,
        payloadKg: 4000,
      };

describe("report properties", () => {
  it("a total is within half a step per row of the sum of the displayed rows; reductions are of rounded totals", () => {
    fc.assert(
      fc.property(fc.array(leg, { maxLength: 12 }), fc.array(leg, { maxLength: 12 }), (b, a) => {
        const result = evaluateLegs({ before: b.map(toLeg), after: a.map(toLeg) });
        if (result.status !== "ok") return false;
        const { before, after, reduction } = result.report;
        const shown = before.rows.reduce((s, r) => s + r.tCO2, 0);
        expect(Math.abs(shown - before.tCO2)).toBeLessThanOrEqual(0.05 * (before.rows.length + 1) + 1e-9);
        expect(reduction.tCO2).toBeCloseTo(before.tCO2 - after.tCO2, 9);
        expect(before.truckTonKm).toBeLessThanOrEqual(
          before.rows.reduce((s, r) => s + r.tonKm, 0) + before.rows.length,
        );
        return true;
      }),
    );
  });
});

describe("improved ton-km properties", () => {
  it("a fuller truck never burns more per t·km (table or regression), and a bigger class never more", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("diesel" as const, "gasoline" as const),
        fc.integer({ min: 100, max: 20_000 }),
        fc.double({ min: 1, max: 99, noNaN: true }),
        (fuel, payloadKg, x) => {
          const lower = improvedTonKmUnit({ fuel, payloadKg, loadingRatePct: x }).unitLPerTkm;
          const higher = improvedTonKmUnit({ fuel, payloadKg, loadingRatePct: x + 1 }).unitLPerTkm;
          // The table cells sit within 0.5 % of the regression, so allow that much.
          expect(higher).toBeLessThanOrEqual(lower * 1.005);
          const bigger = improvedTonKmUnit({ fuel, payloadKg: payloadKg * 2, loadingRatePct: x }).unitLPerTkm;
          expect(bigger).toBeLessThanOrEqual(lower * 1.005);
        },
      ),
    );
  });
});

describe("Shapley properties", () => {
  // Concave (submodular) cost games: a shared fixed cost plus a concave function of
  // the members' total volume. Shapley is then in the core, hence never above alone.
  it("on concave games the shares add up to v(all) in yen, nobody pays more than alone, and the split is in the core", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (volumes, fixed) => {
          const parties = volumes.map((_, i) => `p${i}`);
          const volumeOf = new Map(parties.map((p, i) => [p, volumes[i] as number]));
          const v = (c: readonly string[]) =>
            c.length === 0
              ? 0
              : fixed + 10_000 * Math.sqrt(c.reduce((s, p) => s + (volumeOf.get(p) as number), 0));
          const r = shapleyAllocation(parties, v);
          if (r.status !== "ok") return false;
          expect(r.shares.reduce((s, x) => s + x.share, 0)).toBe(r.grandCoalitionCost);
          expect(paysNoMoreThanAlone(r.shares).ok).toBe(true);
          const check = isInCore(Object.fromEntries(r.shares.map((s) => [s.party, s.share])), v);
          expect(check.status === "checked" && check.inCore).toBe(true);
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});
