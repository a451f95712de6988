import { describe, expect, it } from "vitest";
import { DEFAULT_SERVICE_COST_MODEL, outcomeCost, shareServiceCost } from "../src/serviceCost";

describe("outcomeCost", () => {
  it("prices km, vehicles and each unserved request as a taxi fare", () => {
    expect(outcomeCost({ km: 10, vehicles: 2, unservedKm: [5] })).toBe(10 * 50 + 2 * 4000 + 700 + 400 * 5);
    expect(outcomeCost({ km: 10, vehicles: 0, unservedKm: [] }, { yenPerKm: 30 })).toBe(300);
    expect(DEFAULT_SERVICE_COST_MODEL.taxiBaseYen).toBe(700);
  });
});

describe("shareServiceCost", () => {
  // A subadditive game: sharing one van saves the fixed cost.
  const v: Record<string, number> = { A: 6000, B: 5000, C: 3000, AB: 8000, AC: 7000, BC: 6500, ABC: 9500 };
  const cost = (s: readonly string[]) => v[[...s].sort().join("")] ?? Number.NaN;
  /** Shares a yearly cost among A, B and C of the game above; the allocation must come back. */
  const shareAbc = (yearlyCost: number, requests: Record<"A" | "B" | "C", number>) => {
    const r = shareServiceCost({ yearlyCost, parties: ["A", "B", "C"], requests, coalitionCost: cost });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    return r;
  };

  it("scales both allocations to the yearly cost, adding up exactly, nobody above going alone", () => {
    const r = shareAbc(1_000_000, { A: 10, B: 5, C: 5 });
    expect(r.periodCost).toBe(9500);
    expect(r.shares.reduce((s, x) => s + x.shapleyShare, 0)).toBe(1_000_000);
    expect(r.shares.reduce((s, x) => s + x.usageShare, 0)).toBe(1_000_000);
    expect(r.shares.map((x) => x.usageShare)).toEqual([500_000, 250_000, 250_000]);
    // φ_A = ⅓·v(A) + ⅙·(v(AB)−v(B)) + ⅙·(v(AC)−v(C)) + ⅓·(v(ABC)−v(BC)) = 4,166.67, scaled by 1e6/9,500;
    // the largest-remainder rounding may move a yen.
    const phiA = (2 * 6000 + (8000 - 5000) + (7000 - 3000) + 2 * (9500 - 6500)) / 6;
    expect(Math.abs((r.shares[0]?.shapleyShare ?? 0) - (phiA * 1_000_000) / 9500)).toBeLessThanOrEqual(1);
    expect(r.shares[0]?.standAlone).toBe(Math.round((6000 * 1_000_000) / 9500));
    for (const s of r.shares) expect(s.savingVsAlone).toBeGreaterThanOrEqual(0);
  });

  it("refuses a period in which nothing is attributed or nothing costs", () => {
    expect(
      shareServiceCost({ yearlyCost: 1, parties: ["A"], requests: {}, coalitionCost: () => 1 }),
    ).toMatchObject({ status: "invalid", errors: [{ field: "from" }] });
    expect(
      shareServiceCost({ yearlyCost: 1, parties: ["A"], requests: { A: 1 }, coalitionCost: () => 0 }),
    ).toMatchObject({ status: "invalid", errors: [{ field: "from" }] });
    expect(
      shareServiceCost({ yearlyCost: -1, parties: ["A"], requests: { A: 1 }, coalitionCost: () => 1 }),
    ).toMatchObject({ status: "invalid", errors: [{ field: "yearlyCost" }] });
  });

  it("samples above ten parties and states each share's standard error, still adding up exactly", () => {
    // The airport game: a coalition pays for the largest vehicle any member needs. Its Shapley value
    // is known in closed form (the cost of each step up the sorted needs is split among those needing it).
    const needs = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200];
    const parties = needs.map((_, i) => `P${i}`);
    const r = shareServiceCost({
      yearlyCost: 1_200_000,
      parties,
      requests: Object.fromEntries(parties.map((p) => [p, 1])),
      coalitionCost: (members) => Math.max(...members.map((m) => needs[Number(m.slice(1))] ?? 0)),
      shapley: { samples: 400, seed: 7 },
    });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    expect(r.method).toBe("sampled");
    expect(r.samples).toBe(400);
    expect(r.shares.reduce((sum, x) => sum + x.shapleyShare, 0)).toBe(1_200_000);
    // Exact φ_k = Σ_{j ≤ k} (need_j − need_{j−1}) / (n − j) on the sorted needs; scale 1,200,000 / 1,200.
    const exact = needs.map((_, k) => {
      let phi = 0;
      for (let j = 0; j <= k; j++) phi += ((needs[j] ?? 0) - (needs[j - 1] ?? 0)) / (needs.length - j);
      return phi * 1000;
    });
    r.shares.forEach((share, i) => {
      const se = share.shapleyStandardError ?? Number.NaN;
      expect(se).toBeGreaterThanOrEqual(0);
      // Within four standard errors (plus a yen of rounding) of the exact value.
      expect(Math.abs(share.shapleyShare - (exact[i] ?? 0))).toBeLessThanOrEqual(4 * se + 2);
    });
    // The biggest user's estimate varies: its error is stated, not zero.
    expect(r.shares.at(-1)?.shapleyStandardError).toBeGreaterThan(0);
  });

  it("is exact (no standard error) up to ten parties", () => {
    const r = shareAbc(1000, { A: 1, B: 1, C: 1 });
    expect(r.method).toBe("exact");
    expect(r.samples).toBeNull();
    for (const share of r.shares) expect(share.shapleyStandardError).toBeNull();
  });
});
