import { describe, expect, it } from "vitest";
import {
  allocateByUsage,
  isInCore,
  largestRemainder,
  paysNoMoreThanAlone,
  type ShapleyResult,
  shapleyAllocation,
} from "../src/costSharing";

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

function shapley(...args: Parameters<typeof shapleyAllocation>): ShapleyResult {
  const result = shapleyAllocation(...args);
  if (result.status !== "ok") throw new Error(JSON.stringify(result.errors));
  return result;
}

describe("largestRemainder", () => {
  it("rounds to whole yen summing exactly to the total", () => {
    expect(
      largestRemainder(
        [1 / 3, 1 / 3, 1 / 3].map((x) => x * 100),
        100,
      ),
    ).toEqual([34, 33, 33]);
    expect(largestRemainder([33.6, 33.6, 32.8], 100)).toEqual([34, 33, 33]);
    expect(sum(largestRemainder([10.5, -2.25, 91.75], 100))).toBe(100);
  });
});

describe("allocateByUsage", () => {
  it("splits by share of use in whole yen that add up exactly", () => {
    const r = allocateByUsage(1_000_000, { 池田町: 1, 介護施設A: 1, 商店: 1 });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.shares.map((s) => s.cost)).toEqual([333_334, 333_333, 333_333]);
    expect(sum(r.shares.map((s) => s.cost))).toBe(1_000_000);
  });

  it("is proportional to use", () => {
    const r = allocateByUsage(120_000, { a: 300, b: 100, c: 0 });
    expect(r.status === "ok" && r.shares.map((s) => s.cost)).toEqual([90_000, 30_000, 0]);
  });

  it("rejects negative use, no use at all and a bad total", () => {
    const bad = allocateByUsage(-1, { a: -3 });
    expect(bad.status === "invalid" && bad.errors.map((e) => e.field)).toEqual(["totalCost", "usage.a"]);
    const none = allocateByUsage(100, { a: 0 });
    expect(none.status === "invalid" && none.errors[0]?.field).toBe("usage");
  });
});

describe("shapleyAllocation: a small shared-vehicle game", () => {
  // Three parties share a van. Alone, each needs its own vehicle (fixed 400k yen a
  // year) plus its running cost; together they pay the fixed cost once.
  // Subadditive: v(S ∪ T) ≤ v(S) + v(T).
  const running: Record<string, number> = { town: 200_000, clinic: 100_000, shop: 60_000 };
  const cost = (coalition: readonly string[]) =>
    coalition.length === 0 ? 0 : 400_000 + sum(coalition.map((p) => running[p] as number));
  const parties = ["town", "clinic", "shop"];

  it("shares sum exactly to the grand-coalition cost and nobody pays more than alone", () => {
    const r = shapley(parties, cost);
    expect(r.method).toBe("exact");
    expect(r.grandCoalitionCost).toBe(cost(parties));
    expect(sum(r.shares.map((s) => s.share))).toBe(r.grandCoalitionCost);
    for (const s of r.shares) {
      expect(s.standAlone).toBe(cost([s.party]));
      expect(s.share).toBeLessThanOrEqual(s.standAlone);
      expect(s.savingVsAlone).toBe(s.standAlone - s.share);
      expect(s.standardError).toBeNull();
    }
    expect(paysNoMoreThanAlone(r.shares)).toEqual({ ok: true, paysMore: [] });
  });

  it("matches the hand-computed Shapley value", () => {
    // Each pays its own running cost and a third of the shared fixed cost.
    const r = shapley(parties, cost);
    for (const s of r.shares) {
      expect(s.shapley).toBeCloseTo((running[s.party] as number) + 400_000 / 3, 6);
    }
    // 760,000 yen in whole yen: the odd yen goes to the first of the equal remainders.
    expect(r.shares.map((s) => s.share)).toEqual([333_334, 233_333, 193_333]);
    expect(r.shares.map((s) => s.savingVsAlone)).toEqual([266_666, 266_667, 266_667]);
  });

  it("asks for each coalition once", () => {
    let calls = 0;
    const r = shapley(parties, (c) => {
      calls++;
      return cost(c);
    });
    expect(calls).toBe(7); // 2³ − 1 (the empty coalition costs 0 without asking)
    expect(r.coalitionEvaluations).toBe(7);
  });

  it("flags a party that would pay more than alone when the game is not subadditive", () => {
    // A big customer alone is cheap (own truck), but joining forces the small ones' detours on everybody.
    const superadditive = (c: readonly string[]) =>
      c.length === 0 ? 0 : c.length === 1 ? (c[0] === "big" ? 100 : 50) : 100 * c.length * c.length;
    const r = shapley(["big", "small1", "small2"], superadditive);
    const check = paysNoMoreThanAlone(r.shares);
    expect(check.ok).toBe(false);
    expect(check.paysMore).toContain("big");
  });

  it("rejects duplicates, empty lists and a cost function that returns NaN", () => {
    const dup = shapleyAllocation(["a", "a"], () => 1);
    expect(dup.status === "invalid" && dup.errors[0]?.field).toBe("parties.1");
    expect(shapleyAllocation([], () => 1).status).toBe("invalid");
    const nan = shapleyAllocation(["a", "b"], (c) => (c.length === 2 ? Number.NaN : 1));
    expect(nan.status === "invalid" && nan.errors[0]?.message).toBe("returned NaN for [a, b]");
  });
});

describe("shapleyAllocation: airport game (analytic Shapley)", () => {
  // v(S) = the largest runway any member of S needs. Shapley (Littlechild–Owen):
  // with costs sorted c₁ ≤ … ≤ cₙ, φ_k = Σ_{j ≤ k} (c_j − c_{j−1}) / (n − j + 1).
  const runway = [120, 150, 150, 210, 260, 300, 330, 380, 420, 500, 620, 800].map((c) => c * 1000);
  const parties = runway.map((_, i) => `p${i + 1}`);
  const needs = new Map(parties.map((p, i) => [p, runway[i] as number]));
  const v = (c: readonly string[]) => Math.max(0, ...c.map((p) => needs.get(p) as number));
  const analytic = runway.map((_, k) => {
    let phi = 0;
    for (let j = 0; j <= k; j++)
      phi += ((runway[j] as number) - (j === 0 ? 0 : (runway[j - 1] as number))) / (runway.length - j);
    return phi;
  });

  it("exact enumeration reproduces the formula (12 parties, exactUpTo 12)", () => {
    const r = shapley(parties, v, { exactUpTo: 12 });
    expect(r.method).toBe("exact");
    r.shares.forEach((s, i) => {
      expect(s.shapley).toBeCloseTo(analytic[i] as number, 6);
    });
    expect(sum(r.shares.map((s) => s.share))).toBe(800_000);
  });

  it("sampling (default above 10 parties) lands within 4 standard errors of the formula for every party", () => {
    const r = shapley(parties, v, { samples: 3000, seed: 7 });
    expect(r.method).toBe("sampled");
    expect(r.samples).toBe(3000);
    expect(sum(r.shares.map((s) => s.share))).toBe(800_000);
    r.shares.forEach((s, i) => {
      const se = s.standardError as number;
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(s.shapley - (analytic[i] as number))).toBeLessThanOrEqual(4 * se);
    });
    // The smallest user only ever adds cost when it joins first: its error is the smallest.
    const ses = r.shares.map((s) => s.standardError as number);
    expect(ses[0]).toBe(Math.min(...ses));
  });

  it("the stated error shrinks like 1/√samples", () => {
    const small = shapley(parties, v, { samples: 500, seed: 3 });
    const large = shapley(parties, v, { samples: 4500, seed: 3 });
    const ratio = (large.shares[11]?.standardError as number) / (small.shares[11]?.standardError as number);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(0.45); // √(500/4500) = 0.333
  });

  it("the same seed gives the same shares", () => {
    const a = shapley(parties, v, { samples: 200, seed: 42 });
    const b = shapley(parties, v, { samples: 200, seed: 42 });
    expect(a.shares).toEqual(b.shares);
  });

  it("the airport game's Shapley value is in the core", () => {
    const small = parties.slice(0, 6);
    const r = shapley(small, v);
    const allocation = Object.fromEntries(r.shares.map((s) => [s.party, s.share]));
    const check = isInCore(allocation, v);
    expect(check).toMatchObject({ status: "checked", inCore: true, violations: [] });
  });
});

describe("isInCore", () => {
  it("finds the coalition that would do better alone", () => {
    const v = (c: readonly string[]) =>
      c.length === 0 ? 0 : c.length === 1 ? 100 : c.length === 2 ? 150 : 210;
    const check = isInCore({ a: 120, b: 50, c: 40 }, v);
    expect(check.status).toBe("checked");
    if (check.status !== "checked") return;
    expect(check.inCore).toBe(false);
    // a alone would pay 100 < 120; a+b 150 < 170; a+c 150 < 160.
    expect(check.violations.map((x) => x.coalition)).toEqual([["a"], ["a", "b"], ["a", "c"]]);
    expect(isInCore({ a: 70, b: 70, c: 70 }, v)).toMatchObject({ inCore: true });
  });

  it("refuses to enumerate too many parties", () => {
    const allocation = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`p${i}`, 1]));
    expect(isInCore(allocation, () => 17).status).toBe("too-many-parties");
  });
});
