import { describe, expect, it } from "vitest";
import { WAITING_EXAMPLE_RESULT } from "../../../tests/helpers/effectsExamples";
import { WAITING_EXAMPLE } from "../src/examples";
import { type WaitingInput, waitingTime } from "../src/waiting";

function run(input: WaitingInput) {
  const result = waitingTime(input);
  if (result.status !== "ok") throw new Error(JSON.stringify(result.errors));
  return result.report;
}

describe("荷待ち時間 (EMISSIONS.md formula)", () => {
  /*
   * Worked by hand:
   *   埼玉工場 20 trucks/day × 250 days × 40 % × 1.5 h = 3,000 h
   *   久喜倉庫  8 × 300 × 25 % × 0.75 h               =   450 h
   *   館林DC    7 × 245 × 33 % × 1.2 h  = 679.14       →   679 h
   *   before = 4,129 h; cut 50 % = 2,064.5 → 2,065 h; target = 2,064 h
   *   after: 30 × 250 × 30 % = 2,250 waiting handlings
   *   2,064 / 2,250 = 0.917 h → 0.9 h → 54.0 min > 30 min
   */
  it("reproduces the hand-worked example", () => {
    expect(run(WAITING_EXAMPLE)).toEqual(WAITING_EXAMPLE_RESULT);
  });

  // Cut 80 %: 3,303.2 → 3,303 h; target 826 h; 826 / 2,250 = 0.367 → 0.4 h = 24 min.
  it("meets the 30-minute rule with a deeper cut", () => {
    const r = run({ ...WAITING_EXAMPLE, targetCutPct: 80 });
    expect(r.cutHours).toBe(3303);
    expect(r.targetHours).toBe(826);
    expect(r.avgWaitMinutesAfter).toBe(24);
    expect(r.meetsThirtyMinuteRule).toBe(true);
  });

  // 0.5 h per handling is exactly 30 minutes, which counts as meeting the rule.
  it("30.0 minutes exactly meets the rule; 36 does not", () => {
    const base = { site: "s", trucksPerDay: 10, operatingDays: 100, waitingSharePct: 100, avgWaitHours: 1 };
    const after = { trucksPerDay: 10, operatingDays: 100, waitingSharePct: 100 };
    expect(run({ before: [base], targetCutPct: 50, after })).toMatchObject({
      avgWaitMinutesAfter: 30,
      meetsThirtyMinuteRule: true,
    });
    expect(run({ before: [base], targetCutPct: 40, after })).toMatchObject({
      avgWaitMinutesAfter: 36,
      meetsThirtyMinuteRule: false,
    });
  });

  it("rounds each site to whole hours before summing, as the form does", () => {
    // Two sites of 0.5 h each: 1 + 1 = 2 h, where summing first would give 1 h.
    const site = { trucksPerDay: 1, operatingDays: 1, waitingSharePct: 50, avgWaitHours: 1 };
    const r = run({
      before: [
        { site: "a", ...site },
        { site: "b", ...site },
      ],
      targetCutPct: 0,
      after: { trucksPerDay: 1, operatingDays: 1, waitingSharePct: 100 },
    });
    expect(r.beforeHours).toBe(2);
    expect(r.targetHours).toBe(2);
  });

  it("rounds the average to 0.1 h before turning it into minutes", () => {
    // 100 h over 220 handlings = 0.4545 h → 0.5 h → 30.0 min (27.3 min unrounded).
    const r = run({
      before: [{ site: "s", trucksPerDay: 1, operatingDays: 100, waitingSharePct: 100, avgWaitHours: 1 }],
      targetCutPct: 0,
      after: { trucksPerDay: 1, operatingDays: 220, waitingSharePct: 100 },
    });
    expect(r.avgWaitMinutesAfter).toBe(30);
  });

  it("no waiting handlings after the change: no average, rule met", () => {
    const r = run({
      ...WAITING_EXAMPLE,
      after: { trucksPerDay: 30, operatingDays: 250, waitingSharePct: 0 },
    });
    expect(r.handlingsAfter).toBe(0);
    expect(r.avgWaitMinutesAfter).toBeNull();
    expect(r.meetsThirtyMinuteRule).toBe(true);
  });

  it("names every invalid field", () => {
    const result = waitingTime({
      before: [
        { site: "", trucksPerDay: -1, operatingDays: 400, waitingSharePct: 120, avgWaitHours: Number.NaN },
      ],
      targetCutPct: 101,
      after: { trucksPerDay: 1, operatingDays: 1, waitingSharePct: -5 },
    });
    expect(result.status === "invalid" && result.errors.map((e) => e.field)).toEqual([
      "before.0.site",
      "before.0.trucksPerDay",
      "before.0.operatingDays",
      "before.0.waitingSharePct",
      "before.0.avgWaitHours",
      "targetCutPct",
      "after.waitingSharePct",
    ]);
    expect(waitingTime({ ...WAITING_EXAMPLE, before: [] }).status).toBe("invalid");
  });
});
