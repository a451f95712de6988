import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyseCoverage,
  COVERAGE_PRESETS,
  type CoverageCell,
  type CoverageStop,
  coverageCells,
  resolveCoverageParams,
} from "../src/coverage";
import { meshCentre, toMeshCode } from "../src/mesh";
import { haversineM } from "../src/stations";

// A cell near 小菅村役場 and points offset north of its centre by a given number of metres.
const CODE = toMeshCode(35.7599, 138.9405, "3rd");
const C = meshCentre(CODE);
const north = (m: number) => ({ lat: C.lat + m / 111_195, lon: C.lon });
const cell = (code: string, population = 100): CoverageCell => ({
  code,
  population,
  age65plus: 40,
  age75plus: 20,
});

describe("analyseCoverage", () => {
  it("serves a cell by a bus stop inside the radius and not outside it", () => {
    const inStop: CoverageStop = { id: "in", ...north(450), departures: 3 };
    const outStop: CoverageStop = { id: "out", ...north(550), departures: 3 };
    const served = analyseCoverage({ cells: [cell(CODE)], busStops: [inStop] });
    expect(served.ok && served.result.totals.blankCells).toBe(0);
    const blank = analyseCoverage({ cells: [cell(CODE)], busStops: [outStop] });
    expect(blank.ok).toBe(true);
    if (!blank.ok) return;
    expect(blank.result.totals).toEqual({
      cells: 1,
      population: 100,
      age65plus: 40,
      age75plus: 20,
      blankCells: 1,
      blankPopulation: 100,
      blank65plus: 40,
      blank75plus: 20,
    });
    expect(blank.result.nearestM[0]).toBeCloseTo(550, 0);
    // The urban preset (300 m) makes the 450 m stop too far.
    const urban = analyseCoverage({ cells: [cell(CODE)], busStops: [inStop], preset: "urban" });
    expect(urban.ok && urban.result.totals.blankCells).toBe(1);
  });

  it("ignores stops below minDepartures and counts stations without a count as qualifying", () => {
    const rare: CoverageStop = { id: "rare", ...north(100), departures: 2 };
    const r = analyseCoverage({ cells: [cell(CODE)], busStops: [rare], params: { minDepartures: 3 } });
    expect(r.ok && r.result.totals.blankCells).toBe(1);
    expect(r.ok && r.result.qualifyingBusStops).toBe(0);
    const station: CoverageStop = { id: "sta", ...north(900) };
    const withRail = analyseCoverage({
      cells: [cell(CODE)],
      busStops: [rare],
      railStations: [station],
      params: { minDepartures: 3 },
    });
    expect(withRail.ok).toBe(true);
    if (!withRail.ok) return;
    expect(withRail.result.totals.blankCells).toBe(0); // 900 m ≤ rural rail radius 1,000 m
    expect(
      coverageCells({ cells: [cell(CODE)], busStops: [rare], railStations: [station] }, withRail.result),
    ).toEqual([{ code: CODE, served: true, nearestM: 900, nearestStopId: "sta", nearestKind: "rail" }]);
  });

  it("reports null distance when nothing lies within nearestSearchM", () => {
    const far: CoverageStop = { id: "far", ...north(8000) };
    const input = { cells: [cell(CODE)], busStops: [far] };
    const r = analyseCoverage(input);
    if (!r.ok) throw new Error("unexpected");
    expect(coverageCells(input, r.result)[0]).toMatchObject({
      served: false,
      nearestM: null,
      nearestStopId: null,
    });
    const wide = analyseCoverage({ ...input, params: { nearestSearchM: 10_000 } });
    if (!wide.ok) throw new Error("unexpected");
    expect(wide.result.nearestM[0]).toBeCloseTo(8000, -1);
  });

  it("resolves presets with overrides", () => {
    expect(resolveCoverageParams("rural", { busRadiusM: 400 })).toEqual({
      ...COVERAGE_PRESETS.rural,
      busRadiusM: 400,
    });
    expect(resolveCoverageParams("urban")).toMatchObject({ busRadiusM: 300, railRadiusM: 500 });
    expect(COVERAGE_PRESETS.rural).toMatchObject({ busRadiusM: 500, railRadiusM: 1000 });
  });

  it("refuses bad input with field names", () => {
    const r = analyseCoverage({
      cells: [
        { code: "12x", population: 1, age65plus: 0, age75plus: 0 },
        { code: CODE, population: -1, age65plus: 0, age75plus: 0 },
      ],
      busStops: [{ id: "a", lat: 95, lon: 139 }],
      params: { busRadiusM: 0, minDepartures: Number.NaN },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual([
      "params.busRadiusM",
      "params.minDepartures",
      "cells[0].code",
      "cells[1].population",
      "busStops[0].lat",
    ]);
  });

  it("agrees with a brute-force scan over every stop (property)", () => {
    const point = fc.record({
      dLat: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      dLon: fc.double({ min: -0.06, max: 0.06, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(point, fc.integer({ min: 0, max: 5 })), { maxLength: 30 }),
        fc.array(point, { maxLength: 5 }),
        fc.integer({ min: 100, max: 1500 }),
        (cellPts, stopPts, railPts, radius) => {
          const cells = cellPts.map((p, i) => ({
            code: `c${i}`,
            lat: C.lat + p.dLat,
            lon: C.lon + p.dLon,
            population: i + 1,
            age65plus: 1,
            age75plus: 0,
          }));
          const busStops = stopPts.map(([p, dep], i) => ({
            id: `b${i}`,
            lat: C.lat + p.dLat,
            lon: C.lon + p.dLon,
            departures: dep,
          }));
          const railStations = railPts.map((p, i) => ({
            id: `r${i}`,
            lat: C.lat + p.dLat,
            lon: C.lon + p.dLon,
          }));
          const params = {
            busRadiusM: radius,
            railRadiusM: radius * 2,
            minDepartures: 2,
            nearestSearchM: 20_000,
          };
          const r = analyseCoverage({ cells, busStops, railStations, params });
          if (!r.ok) throw new Error(JSON.stringify(r.problems));
          cells.forEach((c, i) => {
            const bus = busStops
              .filter((s) => s.departures >= 2)
              .map((s) => haversineM(c.lat, c.lon, s.lat, s.lon));
            const rail = railStations.map((s) => haversineM(c.lat, c.lon, s.lat, s.lon));
            const served = bus.some((d) => d <= radius) || rail.some((d) => d <= radius * 2);
            expect(r.result.served[i]).toBe(served ? 1 : 0);
            const best = Math.min(...bus, ...rail);
            if (Number.isFinite(best)) expect(r.result.nearestM[i]).toBeCloseTo(best, 6);
            else expect(r.result.nearestM[i]).toBeNaN();
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
