import type { Feature } from "@tsunagu/contract";
import { describe, expect, it } from "vitest";
import {
  boundaryCheck,
  fieldsOf,
  normaliseNumberText,
  outsideNeedsConfirmation,
  parseCoordinate,
  parseLatLonPair,
  pointOf,
} from "./location";

/** A square town around 35.5°N 138.9°E with a lake (hole) in its middle, and an islet. */
const town: Feature = {
  type: "Feature",
  properties: {},
  geometry: {
    type: "MultiPolygon",
    coordinates: [
      [
        [
          [138.8, 35.4],
          [139.0, 35.4],
          [139.0, 35.6],
          [138.8, 35.6],
          [138.8, 35.4],
        ],
        [
          [138.89, 35.49],
          [138.91, 35.49],
          [138.91, 35.51],
          [138.89, 35.51],
          [138.89, 35.49],
        ],
      ],
      [
        [
          [139.2, 35.2],
          [139.21, 35.2],
          [139.21, 35.21],
          [139.2, 35.21],
          [139.2, 35.2],
        ],
      ],
    ],
  },
};

describe("parseCoordinate", () => {
  it("reads decimal degrees, full-width digits and spaces", () => {
    expect(parseCoordinate("35.681236", "lat")).toEqual({ ok: true, value: 35.681236 });
    expect(parseCoordinate(" ３５．６８１２ ", "lat")).toEqual({ ok: true, value: 35.6812 });
    expect(parseCoordinate("１３９", "lon")).toEqual({ ok: true, value: 139 });
  });

  it("names what is wrong: empty, not a number, outside Japan (a swapped pair too)", () => {
    expect(parseCoordinate("", "lat")).toEqual({ ok: false, problem: "empty" });
    expect(parseCoordinate("　", "lon")).toEqual({ ok: false, problem: "empty" });
    expect(parseCoordinate("35.6.8", "lat")).toEqual({ ok: false, problem: "notNumber" });
    expect(parseCoordinate("北緯35度", "lat")).toEqual({ ok: false, problem: "notNumber" });
    expect(parseCoordinate("139.7", "lat")).toEqual({ ok: false, problem: "outsideJapan" });
    expect(parseCoordinate("35.6", "lon")).toEqual({ ok: false, problem: "outsideJapan" });
    expect(parseCoordinate("－35", "lat")).toEqual({ ok: false, problem: "outsideJapan" });
  });

  it("normalises the minus signs a word processor makes", () => {
    expect(normaliseNumberText("−１２．５")).toBe("-12.5");
  });
});

describe("parseLatLonPair", () => {
  it("reads a pair as map apps copy it", () => {
    expect(parseLatLonPair("35.6812, 139.7671")).toEqual({ lat: 35.6812, lon: 139.7671 });
    expect(parseLatLonPair("35.6812 139.7671")).toEqual({ lat: 35.6812, lon: 139.7671 });
    expect(parseLatLonPair("３５．６８１２，１３９．７６７１")).toEqual({ lat: 35.6812, lon: 139.7671 });
  });

  it("is nothing for a single number, three numbers or a swapped pair", () => {
    expect(parseLatLonPair("35.6812")).toBeUndefined();
    expect(parseLatLonPair("35, 139, 1")).toBeUndefined();
    expect(parseLatLonPair("139.7671, 35.6812")).toBeUndefined();
  });
});

describe("pointOf and fieldsOf", () => {
  it("is a point only when both fields are usable, and round-trips through the fields", () => {
    expect(pointOf({ lat: "35.5", lon: "" })).toBeUndefined();
    expect(pointOf({ lat: "35.5", lon: "abc" })).toBeUndefined();
    const point = { lat: 35.512345678, lon: 138.9 };
    expect(fieldsOf(point)).toEqual({ lat: "35.512346", lon: "138.900000" });
    expect(pointOf(fieldsOf(point))).toEqual({ lat: 35.512346, lon: 138.9 });
  });
});

describe("boundaryCheck", () => {
  it("knows inside, outside, a hole (a lake) and an islet", () => {
    expect(boundaryCheck({ lat: 35.45, lon: 138.85 }, town)).toBe("inside");
    expect(boundaryCheck({ lat: 35.7, lon: 138.85 }, town)).toBe("outside");
    expect(boundaryCheck({ lat: 35.5, lon: 138.9 }, town)).toBe("outside");
    expect(boundaryCheck({ lat: 35.205, lon: 139.205 }, town)).toBe("inside");
  });

  it("is unknown without a stored boundary", () => {
    expect(boundaryCheck({ lat: 35.45, lon: 138.85 }, null)).toBe("unknown");
    expect(boundaryCheck({ lat: 35.45, lon: 138.85 }, undefined)).toBe("unknown");
  });
});

describe("outsideNeedsConfirmation", () => {
  it("asks for a home or a place outside; a destination outside (the next city's hospital) is only warned", () => {
    expect(outsideNeedsConfirmation("home", "outside")).toBe(true);
    expect(outsideNeedsConfirmation("place", "outside")).toBe(true);
    expect(outsideNeedsConfirmation("destination", "outside")).toBe(false);
    expect(outsideNeedsConfirmation("home", "inside")).toBe(false);
    expect(outsideNeedsConfirmation("home", "unknown")).toBe(false);
  });
});
