import { describe, expect, it } from "vitest";
import {
  emptyLeg,
  emptyWaiting,
  fieldsFor,
  legNumber,
  legToDraft,
  parseNumber,
  problemToFieldErrors,
  toLegsRequest,
  toWaitingRequest,
  waitingProblemToFieldErrors,
} from "./legForm";

describe("fieldsFor", () => {
  it("shows what each method needs (validateLeg's rules), labour last", () => {
    const fields = (method: Parameters<typeof fieldsFor>[0], mode: Parameters<typeof fieldsFor>[1]) =>
      fieldsFor(method, mode).map((f) => `${f.field}${f.optional ? "?" : ""}`);
    expect(fields("improved-ton-km", "truck")).toEqual([
      "distanceKm",
      "tonsPerYear",
      "payloadKg",
      "loadingRatePct?",
      "unitLPerTkm?",
      "runsPerYear?",
      "hoursPerRun?",
    ]);
    // Rail's factor comes from its mode; only trucks and vans pick theirs by payload.
    expect(fields("conventional-ton-km", "rail")).not.toContain("payloadKg");
    expect(fields("conventional-ton-km", "van")).toContain("payloadKg");
    expect(fields("fuel-economy", "car")).toEqual([
      "distanceKm",
      "kmPerLitre",
      "runsPerYear",
      "hoursPerRun?",
    ]);
    expect(fields("electricity", "drone")).toEqual([
      "distanceKm",
      "kWhPerKm",
      "runsPerYear",
      "tCO2PerKWh?",
      "hoursPerRun?",
    ]);
    expect(fields("fuel", "bus")[0]).toBe("fuelLitresPerYear");
  });
});

describe("parseNumber", () => {
  it("reads numbers as people type them and flags the rest", () => {
    expect(parseNumber("2,000")).toBe(2000);
    expect(parseNumber("２０００")).toBe(2000);
    expect(parseNumber(" 0.0518 ")).toBe(0.0518);
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("   ")).toBeUndefined();
    expect(parseNumber("4km")).toBeNaN();
    expect(parseNumber("1.2.3")).toBeNaN();
  });
});

describe("toLegsRequest", () => {
  it("sends only the inputs the chosen method shows, as numbers", () => {
    const truck = emptyLeg("①");
    truck.values = { distanceKm: "500", tonsPerYear: "2,000", payloadKg: "10000", fuelLitresPerYear: "99" };
    const rail = { ...emptyLeg("鉄道"), mode: "rail" as const, method: "conventional-ton-km" as const };
    rail.values = { distanceKm: "480", tonsPerYear: "2000", payloadKg: "10000" };
    const result = toLegsRequest({ before: [truck], after: [rail] });
    expect(result).toEqual({
      status: "ok",
      body: {
        before: [
          {
            label: "①",
            mode: "truck",
            method: "improved-ton-km",
            fuel: "diesel",
            use: "commercial",
            distanceKm: 500,
            tonsPerYear: 2000,
            payloadKg: 10000,
          },
        ],
        // No fuel on a 従来トンキロ法 leg, and the hidden payload of a rail leg is not sent.
        after: [
          {
            label: "鉄道",
            mode: "rail",
            method: "conventional-ton-km",
            use: "commercial",
            distanceKm: 480,
            tonsPerYear: 2000,
          },
        ],
      },
    });
  });

  it("names every field whose text is not a number, and a leg without a name", () => {
    const leg = emptyLeg("");
    leg.values = { distanceKm: "4km", tonsPerYear: "10" };
    expect(toLegsRequest({ before: [], after: [leg] })).toEqual({
      status: "invalid",
      errors: { "after.0.label": { kind: "required" }, "after.0.distanceKm": { kind: "number" } },
    });
  });

  it("round-trips a leg from the API", () => {
    const leg = {
      label: "⑤",
      from: "埼玉工場",
      to: "羽生倉庫",
      mode: "truck" as const,
      method: "improved-ton-km" as const,
      fuel: "diesel" as const,
      payloadKg: 10000,
      distanceKm: 4,
      loadingRatePct: 100,
      tonsPerYear: 25000,
      unitLPerTkm: 0.041,
    };
    const result = toLegsRequest({ before: [legToDraft(leg)], after: [] });
    expect(result.status === "ok" && result.body.before[0]).toEqual({ ...leg, use: "commercial" });
  });
});

describe("problemToFieldErrors", () => {
  it("turns the engine's and zod's messages into kinds the page can word in Japanese", () => {
    expect(
      problemToFieldErrors([
        {
          path: "body.before.1.tonsPerYear",
          message: 'before leg "②": tonsPerYear is required for the improved ton-km method',
        },
        {
          path: "body.before.1.loadingRatePct",
          message: 'before leg "②": loadingRatePct must be a finite number > 0 and ≤ 100',
        },
        { path: "body.after.0.distanceKm", message: 'after leg "x": distanceKm must be a finite number ≥ 0' },
        { path: "body.after.0.label", message: "Too small: expected string to have >=1 characters" },
        { path: "body.after.0.mode", message: 'Invalid option: expected one of "truck"|"trailer"' },
      ]),
    ).toEqual({
      "before.1.tonsPerYear": { kind: "required" },
      "before.1.loadingRatePct": { kind: "range", min: 0, exclusiveMin: true, max: 100 },
      "after.0.distanceKm": { kind: "range", min: 0, exclusiveMin: false, max: null },
      "after.0.label": { kind: "required" },
      "after.0.mode": { kind: "invalid", message: 'Invalid option: expected one of "truck"|"trailer"' },
    });
  });
});

describe("legNumber", () => {
  it("numbers legs as the application does", () => {
    expect([1, 2, 20, 21].map(legNumber)).toEqual(["①", "②", "⑳", "(21)"]);
  });
});

describe("waiting form", () => {
  it("requires every field and reads the engine's ranges", () => {
    const result = toWaitingRequest(emptyWaiting());
    expect(result.status === "invalid" && Object.keys(result.errors)).toEqual([
      "before.0.site",
      "before.0.trucksPerDay",
      "before.0.operatingDays",
      "before.0.waitingSharePct",
      "before.0.avgWaitHours",
      "targetCutPct",
      "after.trucksPerDay",
      "after.operatingDays",
      "after.waitingSharePct",
    ]);
    expect(
      waitingProblemToFieldErrors([
        { path: "body.after.waitingSharePct", message: "must be a number from 0 to 100" },
        { path: "body.before.0.trucksPerDay", message: "must be a number from 0 to ∞" },
      ]),
    ).toEqual({
      "after.waitingSharePct": { kind: "range", min: 0, exclusiveMin: false, max: 100 },
      "before.0.trucksPerDay": { kind: "range", min: 0, exclusiveMin: false, max: null },
    });
  });
});
