import { describe, expect, it } from "vitest";
import { roundHalfUp } from "../src/rounding";

describe("roundHalfUp (四捨五入)", () => {
  it("rounds decimal halves up even when the binary float is just below", () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(0.35, 1)).toBe(0.4);
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(566.85, 1)).toBe(566.9);
  });

  it("rounds negative halves away from zero and never returns -0", () => {
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect(roundHalfUp(-0.04, 1)).toBe(0);
    expect(Object.is(roundHalfUp(-0.04, 1), -0)).toBe(false);
  });

  it("handles values printed in exponent notation", () => {
    expect(roundHalfUp(1e-7, 1)).toBe(0);
    expect(roundHalfUp(1.5e21, 0)).toBe(1.5e21);
  });

  it("strips float noise from differences", () => {
    expect(566.9 - 394.3).not.toBe(172.6);
    expect(roundHalfUp(566.9 - 394.3, 1)).toBe(172.6);
  });
});
