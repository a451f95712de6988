import { describe, expect, it } from "vitest";
import { generateDemoTown } from "./generate";
import { DemoTownOptionsError, validateDemoTownOptions } from "./options";

describe("options", () => {
  it.each([
    [{ seed: -1 }, "seed"],
    [{ seed: 1.5 }, "seed"],
    [{ seed: 2 ** 32 }, "seed"],
    [{ seed: Number.NaN }, "seed"],
    [{ weekStart: "2026-11-24" }, "weekStart"],
    [{ weekStart: "2026-02-30" }, "weekStart"],
    [{ weekStart: "23/11/2026" }, "weekStart"],
    [{ today: "2026-13-01" }, "today"],
    [{ today: "1899-01-02" }, "today"],
  ] as const)("rejects %j naming %s", (bad, field) => {
    const result = validateDemoTownOptions({ today: "2026-11-23", ...bad });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual([field]);
    expect(() => generateDemoTown({ today: "2026-11-23", ...bad })).toThrow(DemoTownOptionsError);
  });

  it("reports every bad field at once", () => {
    const result = validateDemoTownOptions({ seed: -3, weekStart: "x", today: "y" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field).sort()).toEqual(["seed", "today", "weekStart"]);
  });

  it("says which Monday was meant", () => {
    const result = validateDemoTownOptions({ today: "2026-11-23", weekStart: "2026-11-26" });
    expect(result.ok ? "" : result.issues[0]?.message).toContain("2026-11-23");
  });

  it("applies the defaults", () => {
    const result = validateDemoTownOptions({ today: "2026-11-29" });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.seed).toBe(20261123);
    // Without `today` it reads the clock in Asia/Tokyo: a valid Monday-started week either way.
    const now = generateDemoTown();
    expect(now.weekDates).toHaveLength(7);
    expect(new Date(`${now.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
  });
});
