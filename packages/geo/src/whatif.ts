/**
 * What-if coverage: how many blank cells (and people, 65+, 75+) extra,
 * non-public supply would reach — an on-demand zone, facility shuttles
 * (施設送迎) opened to residents, residents riding school buses (混乗) — and,
 * separately, which cells a drone port reaches for parcels (drones carry no
 * passengers, so they never turn a cell "served").
 */
import { type Area, areaContains, parseArea } from "./area";
import {
  analyseCoverage,
  type CoverageInput,
  type CoverageProblem,
  type CoverageResult,
  type CoverageTotals,
} from "./coverage";
import type { TimeBand } from "./gtfs/service";
import { meshCentre } from "./mesh";
import { haversineM } from "./stations";

/** An on-demand (デマンド) service zone: every cell whose representative point is inside is served. */
export interface OnDemandZone {
  id: string;
  /** GeoJSON Polygon / MultiPolygon / Feature / FeatureCollection. */
  area: unknown;
}

/** A window of availability in seconds since midnight, `[from, to)`. */
export type AvailabilityWindow = TimeBand;

/**
 * A facility shuttle opened to residents: an area given as a polygon, or as a
 * centre and radius. It counts only when one of its windows overlaps the
 * analysed band (a van idle 10:00–15:30 does not help a 07:00–08:00 analysis).
 */
export interface FacilityShuttle {
  id: string;
  area?: unknown;
  centre?: { lat: number; lon: number };
  radiusM?: number;
  windows: AvailabilityWindow[];
}

/** A school-bus stop residents may board (混乗); radius default: the bus radius of the analysis. */
export interface SchoolBusStop {
  id: string;
  lat: number;
  lon: number;
  radiusM?: number;
}

/** A drone port and its delivery radius (parcels only). */
export interface DronePort {
  id: string;
  lat: number;
  lon: number;
  radiusM: number;
}

export interface WhatIfSupply {
  onDemandZones?: OnDemandZone[];
  facilityShuttles?: FacilityShuttle[];
  schoolBusStops?: SchoolBusStop[];
  dronePorts?: DronePort[];
}

export interface WhatIfInput {
  coverage: CoverageInput;
  supply: WhatIfSupply;
  /** The analysed time band; facility shuttles must overlap it. Default: the whole day (any window counts). */
  band?: TimeBand;
}

/** A cell that was blank and is served with the extra supply. */
export interface ChangedCell {
  code: string;
  population: number;
  age65plus: number;
  age75plus: number;
  /** Ids of the supply items that serve it. */
  servedBy: string[];
}

export interface DroneReach {
  /** All cells within any port's radius. */
  cells: number;
  population: number;
  /** Of those, cells still blank for passengers after the extra supply. */
  blankCells: number;
  blankPopulation: number;
  blank65plus: number;
  blank75plus: number;
}

export interface WhatIfResult {
  before: CoverageTotals;
  after: CoverageTotals;
  changed: ChangedCell[];
  /** Per supply item: blank cells and people it reaches (one cell may count for several items). */
  bySupply: {
    id: string;
    kind: "onDemand" | "facilityShuttle" | "schoolBus";
    blankCells: number;
    blankPopulation: number;
  }[];
  drone: DroneReach;
  baseline: CoverageResult;
}

export type WhatIfOutcome = { ok: true; result: WhatIfResult } | { ok: false; problems: CoverageProblem[] };

type Reach = {
  id: string;
  kind: WhatIfResult["bySupply"][number]["kind"];
  test: (lat: number, lon: number) => boolean;
};

const DAY_MAX = 48 * 3600;

/** Compare before/after coverage with extra supply. */
export function analyseWhatIf(input: WhatIfInput): WhatIfOutcome {
  const problems: CoverageProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field, message, code: "COVERAGE_INVALID_INPUT" });
  const { band } = input;
  if (
    band &&
    !(Number.isFinite(band.from) && Number.isFinite(band.to) && band.from >= 0 && band.to > band.from)
  ) {
    add("band", `must satisfy 0 ≤ from < to, got ${band.from}–${band.to}`);
  }
  const base = analyseCoverage(input.coverage);
  if (!base.ok) problems.push(...base.problems);
  const busRadius = base.ok ? base.result.params.busRadiusM : 0;

  const okPoint = (lat: unknown, lon: unknown) =>
    typeof lat === "number" && typeof lon === "number" && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const okRadius = (r: unknown) => typeof r === "number" && Number.isFinite(r) && r > 0 && r <= 100_000;
  const circle = (lat: number, lon: number, r: number) => (la: number, lo: number) =>
    haversineM(lat, lon, la, lo) <= r;
  const polygon = (a: Area) => (la: number, lo: number) => areaContains(a, la, lo);

  const reaches: Reach[] = [];
  const seenIds = new Set<string>();
  const checkId = (id: unknown, field: string) => {
    if (typeof id !== "string" || id === "") add(`${field}.id`, "must be a non-empty string");
    else if (seenIds.has(id)) add(`${field}.id`, `"${id}" is used twice`);
    else seenIds.add(id);
  };
  const { supply } = input;
  (supply.onDemandZones ?? []).forEach((z, i) => {
    const field = `supply.onDemandZones[${i}]`;
    checkId(z.id, field);
    const a = parseArea(z.area, `${field}.area`);
    if (!a.ok) for (const p of a.problems) add(p.field, p.message);
    else reaches.push({ id: z.id, kind: "onDemand", test: polygon(a.area) });
  });
  (supply.facilityShuttles ?? []).forEach((f, i) => {
    const field = `supply.facilityShuttles[${i}]`;
    checkId(f.id, field);
    if (!Array.isArray(f.windows) || f.windows.length === 0)
      add(`${field}.windows`, "at least one availability window is required");
    let overlaps = false;
    (f.windows ?? []).forEach((w, j) => {
      if (
        !(Number.isFinite(w.from) && Number.isFinite(w.to) && w.from >= 0 && w.to > w.from && w.to <= DAY_MAX)
      ) {
        add(`${field}.windows[${j}]`, `must satisfy 0 ≤ from < to ≤ 48:00, got ${w.from}–${w.to}`);
      } else if (!band || (w.from < band.to && band.from < w.to)) overlaps = true;
    });
    let test: Reach["test"] | undefined;
    if (f.area !== undefined) {
      const a = parseArea(f.area, `${field}.area`);
      if (!a.ok) for (const p of a.problems) add(p.field, p.message);
      else test = polygon(a.area);
    } else if (f.centre !== undefined && okPoint(f.centre.lat, f.centre.lon) && okRadius(f.radiusM)) {
      test = circle(f.centre.lat, f.centre.lon, f.radiusM as number);
    } else {
      add(field, "give either an area polygon or a valid centre {lat, lon} and radiusM (0 < r ≤ 100000)");
    }
    if (test && overlaps) reaches.push({ id: f.id, kind: "facilityShuttle", test });
  });
  (supply.schoolBusStops ?? []).forEach((s, i) => {
    const field = `supply.schoolBusStops[${i}]`;
    checkId(s.id, field);
    if (!okPoint(s.lat, s.lon)) add(field, "lat/lon must be a valid position");
    else if (s.radiusM !== undefined && !okRadius(s.radiusM))
      add(`${field}.radiusM`, "must be 0 < r ≤ 100000");
    else reaches.push({ id: s.id, kind: "schoolBus", test: circle(s.lat, s.lon, s.radiusM ?? busRadius) });
  });
  const drones: DronePort[] = [];
  (supply.dronePorts ?? []).forEach((d, i) => {
    const field = `supply.dronePorts[${i}]`;
    checkId(d.id, field);
    if (!okPoint(d.lat, d.lon)) add(field, "lat/lon must be a valid position");
    else if (!okRadius(d.radiusM)) add(`${field}.radiusM`, "must be 0 < r ≤ 100000");
    else drones.push(d);
  });
  if (problems.length > 0 || !base.ok) return { ok: false, problems };

  const baseline = base.result;
  const before = baseline.totals;
  const after: CoverageTotals = { ...before };
  const changed: ChangedCell[] = [];
  const bySupply = reaches.map((r) => ({ id: r.id, kind: r.kind, blankCells: 0, blankPopulation: 0 }));
  const drone: DroneReach = {
    cells: 0,
    population: 0,
    blankCells: 0,
    blankPopulation: 0,
    blank65plus: 0,
    blank75plus: 0,
  };
  input.coverage.cells.forEach((c, i) => {
    const pt = c.lat !== undefined && c.lon !== undefined ? { lat: c.lat, lon: c.lon } : meshCentre(c.code);
    let servedAfter = baseline.served[i] === 1;
    if (!servedAfter) {
      const servedBy: string[] = [];
      reaches.forEach((r, k) => {
        if (!r.test(pt.lat, pt.lon)) return;
        servedBy.push(r.id);
        const s = bySupply[k] as (typeof bySupply)[number];
        s.blankCells++;
        s.blankPopulation += c.population;
      });
      if (servedBy.length > 0) {
        servedAfter = true;
        changed.push({
          code: c.code,
          population: c.population,
          age65plus: c.age65plus,
          age75plus: c.age75plus,
          servedBy,
        });
        after.blankCells--;
        after.blankPopulation -= c.population;
        after.blank65plus -= c.age65plus;
        after.blank75plus -= c.age75plus;
      }
    }
    if (drones.some((d) => haversineM(d.lat, d.lon, pt.lat, pt.lon) <= d.radiusM)) {
      drone.cells++;
      drone.population += c.population;
      if (!servedAfter) {
        drone.blankCells++;
        drone.blankPopulation += c.population;
        drone.blank65plus += c.age65plus;
        drone.blank75plus += c.age75plus;
      }
    }
  });
  return { ok: true, result: { before, after, changed, bySupply, drone, baseline } };
}
