/**
 * 交通空白 (transport-blank) analysis: which mesh cells have no qualifying
 * public-transport stop within walking distance of their representative point.
 *
 * Each stop kind has its own spatial index (kdbush over lon/lat; distances are
 * geokdbush's great-circle formula, evaluated inline), built from qualifying
 * stops only, so a cell costs two small radius queries instead of a scan over
 * every stop.
 */
import KDBush from "kdbush";
import { MeshCodeError, meshCentre } from "./mesh";

/** A population cell. The representative point is the mesh centre unless `lat`/`lon` are given. */
export interface CoverageCell {
  code: string;
  population: number;
  age65plus: number;
  age75plus: number;
  /** Representative point (e.g. a population-weighted centroid); default: the mesh centre. */
  lat?: number;
  lon?: number;
}

/** A stop or station. `departures` undefined means "assume it qualifies" (e.g. rail without a timetable). */
export interface CoverageStop {
  id: string;
  lat: number;
  lon: number;
  departures?: number;
}

/** Analysis parameters. */
export interface CoverageParams {
  /** Walking radius to a bus stop, metres (rural preset 500, urban 300). */
  busRadiusM: number;
  /** Walking radius to a rail station, metres (rural preset 1,000, urban 500). */
  railRadiusM: number;
  /** Minimum departures (in the analysed day/band) for a bus stop to qualify; default 1. */
  minDepartures: number;
  /** Minimum departures for a rail station with a known count; default 1. */
  minRailDepartures: number;
  /**
   * How far to look for the nearest qualifying stop when a cell is blank, in
   * metres; beyond it the distance is reported as null. Default 5,000.
   */
  nearestSearchM: number;
}

export type CoveragePreset = "rural" | "urban";

/**
 * Presets. `rural`: bus 500 m / rail 1 km — the thresholds of MLIT's
 * 地域公共交通づくりハンドブック for 交通空白地域. `urban`: bus 300 m / rail 500 m,
 * as commonly used by city plans (都市構造の評価に関するハンドブック uses 300 m / 800 m;
 * 500 m keeps rail stricter for dense areas). Both count any stop with at least one
 * departure in the analysed day/band; raise `minDepartures` for a frequency threshold.
 */
export const COVERAGE_PRESETS: Readonly<Record<CoveragePreset, Readonly<CoverageParams>>> = {
  rural: { busRadiusM: 500, railRadiusM: 1000, minDepartures: 1, minRailDepartures: 1, nearestSearchM: 5000 },
  urban: { busRadiusM: 300, railRadiusM: 500, minDepartures: 1, minRailDepartures: 1, nearestSearchM: 5000 },
};

export interface CoverageInput {
  cells: readonly CoverageCell[];
  busStops: readonly CoverageStop[];
  railStations?: readonly CoverageStop[];
  /** `rural` (default) or `urban`; `params` override single values. */
  preset?: CoveragePreset;
  params?: Partial<CoverageParams>;
}

export interface CoverageTotals {
  cells: number;
  population: number;
  age65plus: number;
  age75plus: number;
  blankCells: number;
  blankPopulation: number;
  blank65plus: number;
  blank75plus: number;
}

/**
 * Per-cell results in columns (index = input order), because a national run has
 * 1.5 M cells and objects per cell would dominate the time and memory.
 */
export interface CoverageResult {
  params: CoverageParams;
  totals: CoverageTotals;
  /** 1 served, 0 blank. */
  served: Uint8Array;
  /** Distance to the nearest qualifying stop of either kind, metres; NaN when none within `nearestSearchM`. */
  nearestM: Float64Array;
  /** That stop: its index in busStops (≥ 0), or -(its index in railStations) - 1 (< 0); {@link NO_STOP} when none. */
  nearestStop: Int32Array;
  qualifyingBusStops: number;
  qualifyingRailStations: number;
}

export interface CoverageProblem {
  field: string;
  message: string;
  code: "COVERAGE_INVALID_INPUT";
}

export type CoverageOutcome =
  | { ok: true; result: CoverageResult }
  | { ok: false; problems: CoverageProblem[] };

/** Marker in `nearestStop` for "no stop within nearestSearchM". */
export const NO_STOP = -(2 ** 31);

const MAX_PROBLEMS = 50;

/** Check params and inputs; at most 50 problems are listed (a broken 1.5 M-row input would list them all otherwise). */
function validate(input: CoverageInput, params: CoverageParams): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  const add = (field: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, message, code: "COVERAGE_INVALID_INPUT" });
  };
  for (const k of ["busRadiusM", "railRadiusM", "nearestSearchM"] as const) {
    const v = params[k];
    if (!Number.isFinite(v) || v <= 0 || v > 100_000)
      add(`params.${k}`, `must be a distance in metres, 0 < x ≤ 100000, got ${v}`);
  }
  for (const k of ["minDepartures", "minRailDepartures"] as const) {
    const v = params[k];
    if (!Number.isFinite(v) || v < 0) add(`params.${k}`, `must be a number ≥ 0, got ${v}`);
  }
  if (input.preset !== undefined && !(input.preset in COVERAGE_PRESETS)) {
    add("preset", `must be "rural" or "urban", got "${String(input.preset)}"`);
  }
  const checkPoint = (field: string, lat: unknown, lon: unknown) => {
    if (typeof lat !== "number" || !Number.isFinite(lat) || lat < -90 || lat > 90)
      add(`${field}.lat`, `invalid latitude ${String(lat)}`);
    if (typeof lon !== "number" || !Number.isFinite(lon) || lon < -180 || lon > 180)
      add(`${field}.lon`, `invalid longitude ${String(lon)}`);
  };
  input.cells.forEach((c, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    for (const k of ["population", "age65plus", "age75plus"] as const) {
      if (!Number.isFinite(c[k]) || c[k] < 0) add(`cells[${i}].${k}`, `must be a count ≥ 0, got ${c[k]}`);
    }
    if (c.lat !== undefined || c.lon !== undefined) checkPoint(`cells[${i}]`, c.lat, c.lon);
    else {
      try {
        meshCentre(c.code);
      } catch (e) {
        add(`cells[${i}].code`, e instanceof MeshCodeError ? e.message : String(e));
      }
    }
  });
  const checkStops = (name: string, stops: readonly CoverageStop[]) =>
    stops.forEach((s, i) => {
      if (problems.length >= MAX_PROBLEMS) return;
      checkPoint(`${name}[${i}]`, s.lat, s.lon);
      if (s.departures !== undefined && (!Number.isFinite(s.departures) || s.departures < 0)) {
        add(`${name}[${i}].departures`, `must be a count ≥ 0, got ${s.departures}`);
      }
    });
  checkStops("busStops", input.busStops);
  checkStops("railStations", input.railStations ?? []);
  return problems;
}

/** Resolve preset + overrides into full params. */
export function resolveCoverageParams(
  preset: CoveragePreset = "rural",
  overrides: Partial<CoverageParams> = {},
): CoverageParams {
  const base = COVERAGE_PRESETS[preset] ?? COVERAGE_PRESETS.rural;
  const out: CoverageParams = { ...base };
  for (const [k, v] of Object.entries(overrides) as [keyof CoverageParams, number | undefined][]) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** A spatial index over the stops that qualify, with their coordinates in flat arrays. */
interface StopIndex {
  index: KDBush | undefined;
  /** Input position of the k-th indexed stop. */
  pos: Int32Array;
  lat: Float64Array;
  lon: Float64Array;
  /** cos(lat) of each indexed stop, precomputed for the haversine. */
  cosLat: Float64Array;
  /** Reused output buffer for kdbush `withinInto` (no allocation per query). */
  scratch: number[];
}

const RAD = Math.PI / 180;
/** geokdbush's earth radius (km) — our distances must equal its `distance()` exactly. */
const EARTH_KM = 6371;

function buildIndex(stops: readonly CoverageStop[], min: number): StopIndex {
  const keep: number[] = [];
  stops.forEach((s, i) => {
    if (s.departures === undefined || s.departures >= min) keep.push(i);
  });
  const n = keep.length;
  const out: StopIndex = {
    index: undefined,
    pos: Int32Array.from(keep),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    cosLat: new Float64Array(n),
    scratch: [],
  };
  if (n === 0) return out;
  const index = new KDBush(n);
  keep.forEach((i, k) => {
    const s = stops[i] as CoverageStop;
    out.lat[k] = s.lat;
    out.lon[k] = s.lon;
    out.cosLat[k] = Math.cos(s.lat * RAD);
    index.add(s.lon, s.lat);
  });
  index.finish();
  out.index = index;
  return out;
}

/** Metres per degree of latitude on geokdbush's 6,371 km sphere. */
const M_PER_DEG = (EARTH_KM * 1000 * Math.PI) / 180;

/**
 * Nearest qualifying stop within `maxM`: [distance m, input position] or undefined.
 *
 * A kdbush query around the point at the walking radius first, then ×4 up to
 * `maxM`. The query disc (in degrees, radius = the circle's widest longitude
 * extent) holds the whole great circle, so a hit at distance ≤ the current
 * radius is the true nearest. Candidates are ranked by the haversine term
 * itself (the same expression geokdbush's `distance` evaluates, so the
 * reported metres equal `distance() × 1000` exactly) and only the winner pays
 * for the asin. Per-cell geokdbush `around()` (a priority queue) was ~2.5×
 * slower at national scale — figures in docs/benchmarks.md.
 */
function nearest(
  idx: StopIndex,
  lat: number,
  lon: number,
  startM: number,
  maxM: number,
): [number, number] | undefined {
  const index = idx.index;
  if (!index) return undefined;
  const cosLat1 = Math.cos(lat * RAD);
  let r = Math.min(startM, maxM);
  for (;;) {
    const dLat = r / M_PER_DEG;
    // The circle is widest in longitude on its poleward edge: use that latitude.
    const cosEdge = Math.cos((Math.abs(lat) + dLat) * RAD);
    const dLon = cosEdge > 1e-9 ? Math.min(360, dLat / cosEdge) : 360;
    const count = index.withinInto(lon, lat, dLon, idx.scratch);
    let bestH = Number.POSITIVE_INFINITY;
    let best = -1;
    for (let j = 0; j < count; j++) {
      const k = idx.scratch[j] as number;
      const sLng = Math.sin(((lon - (idx.lon[k] as number)) * RAD) / 2);
      const sLat = Math.sin(((lat - (idx.lat[k] as number)) * RAD) / 2);
      const h = cosLat1 * (idx.cosLat[k] as number) * (sLng * sLng) + sLat * sLat;
      if (h < bestH || (h === bestH && k < best)) {
        bestH = h;
        best = k;
      }
    }
    if (best >= 0) {
      const d = 2 * EARTH_KM * Math.asin(Math.sqrt(bestH)) * 1000;
      if (d <= r) return [d, idx.pos[best] as number];
    }
    if (r >= maxM) return undefined;
    r = Math.min(r * 4, maxM);
  }
}

/**
 * Classify every cell as served or blank and total the blank population.
 * A cell is served when a qualifying bus stop lies within `busRadiusM` or a
 * qualifying rail station within `railRadiusM` of its representative point
 * (great-circle distance; no road network is available, see the data README).
 */
export function analyseCoverage(input: CoverageInput): CoverageOutcome {
  const params = resolveCoverageParams(input.preset ?? "rural", input.params ?? {});
  const problems = validate(input, params);
  if (problems.length > 0) return { ok: false, problems };

  const rail = input.railStations ?? [];
  const busIdx = buildIndex(input.busStops, params.minDepartures);
  const railIdx = buildIndex(rail, params.minRailDepartures);
  const n = input.cells.length;
  const served = new Uint8Array(n);
  const nearestM = new Float64Array(n);
  const nearestStop = new Int32Array(n);
  const totals: CoverageTotals = {
    cells: n,
    population: 0,
    age65plus: 0,
    age75plus: 0,
    blankCells: 0,
    blankPopulation: 0,
    blank65plus: 0,
    blank75plus: 0,
  };
  const searchBus = Math.max(params.nearestSearchM, params.busRadiusM);
  const searchRail = Math.max(params.nearestSearchM, params.railRadiusM);
  for (let i = 0; i < n; i++) {
    const c = input.cells[i] as CoverageCell;
    let lat = c.lat;
    let lon = c.lon;
    if (lat === undefined || lon === undefined) {
      const p = meshCentre(c.code);
      lat = p.lat;
      lon = p.lon;
    }
    const b = nearest(busIdx, lat, lon, params.busRadiusM, searchBus);
    const busServed = b !== undefined && b[0] <= params.busRadiusM;
    // Once a bus stop serves the cell, a station matters only if it is nearer still.
    const railMax = busServed ? Math.min(searchRail, b[0]) : searchRail;
    const r = nearest(railIdx, lat, lon, Math.min(params.railRadiusM, railMax), railMax);
    const isServed = busServed || (r !== undefined && r[0] <= params.railRadiusM);
    served[i] = isServed ? 1 : 0;
    if (b && (!r || b[0] <= r[0])) {
      nearestM[i] = b[0];
      nearestStop[i] = b[1];
    } else if (r) {
      nearestM[i] = r[0];
      nearestStop[i] = -r[1] - 1;
    } else {
      nearestM[i] = Number.NaN;
      nearestStop[i] = NO_STOP;
    }
    totals.population += c.population;
    totals.age65plus += c.age65plus;
    totals.age75plus += c.age75plus;
    if (!isServed) {
      totals.blankCells++;
      totals.blankPopulation += c.population;
      totals.blank65plus += c.age65plus;
      totals.blank75plus += c.age75plus;
    }
  }
  return {
    ok: true,
    result: {
      params,
      totals,
      served,
      nearestM,
      nearestStop,
      qualifyingBusStops: busIdx.pos.length,
      qualifyingRailStations: railIdx.pos.length,
    },
  };
}

/** One cell's outcome, for display and JSON. */
export interface CellCoverage {
  code: string;
  served: boolean;
  /** Metres to the nearest qualifying stop, null when none within `nearestSearchM`. */
  nearestM: number | null;
  nearestStopId: string | null;
  nearestKind: "bus" | "rail" | null;
}

/** Materialise per-cell objects from the columns of a result (use for a municipality, not the nation). */
export function coverageCells(input: CoverageInput, result: CoverageResult): CellCoverage[] {
  const rail = input.railStations ?? [];
  return input.cells.map((c, i) => {
    const s = result.nearestStop[i] as number;
    const stop = s === NO_STOP ? undefined : s >= 0 ? input.busStops[s] : rail[-s - 1];
    const d = result.nearestM[i] as number;
    return {
      code: c.code,
      served: result.served[i] === 1,
      nearestM: Number.isNaN(d) ? null : Math.round(d),
      nearestStopId: stop?.id ?? null,
      nearestKind: s === NO_STOP ? null : s >= 0 ? "bus" : "rail",
    };
  });
}
