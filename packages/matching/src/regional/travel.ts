/**
 * Travel tables of one regional problem: every point a road vehicle may visit (depots, request
 * ends, trip stops, drone ports, transfer points) in one list, one table per vehicle kind.
 * Built once per run; the core solver and the checker both index into it.
 */
import { type GeoPoint, haversineMeters, type MatrixProvider } from "../matrix";
import type { TravelTable } from "../model";
import type { RegionalProblem } from "./model";
import { DEFAULT_CIRCUITY, KindSpeedProvider } from "./providers";

/**
 * Travel times larger than this are "unreachable" (OSRM `null` cells): finite, so the core's
 * arithmetic stays well defined, yet longer than any plan day.
 */
export const UNREACHABLE_SECONDS = 1e9;

/** The travel tables of a run. */
export interface RegionalTravel {
  readonly points: readonly GeoPoint[];
  /** `pointKey(p)` → row/column in the tables. */
  readonly index: ReadonlyMap<string, number>;
  /** One table per road vehicle kind present in the problem. */
  readonly tables: Readonly<Record<string, TravelTable>>;
}

/** Identity of a point at 1e-6° (≈ 0.1 m): two ends with the same key are one location. */
export function pointKey(p: GeoPoint): string {
  return `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;
}

/** Every point a road vehicle can visit, deduplicated, in a deterministic order. */
export function regionalPoints(problem: RegionalProblem): GeoPoint[] {
  const seen = new Map<string, GeoPoint>();
  const add = (p: GeoPoint | undefined) => {
    if (p && !seen.has(pointKey(p))) seen.set(pointKey(p), { lat: p.lat, lon: p.lon });
  };
  for (const v of problem.vehicles) {
    add(v.start);
    add(v.end);
  }
  for (const r of problem.requests) {
    add(r.pickup);
    add(r.dropoff);
  }
  for (const t of problem.trips ?? []) for (const s of t.stops) add(s.point);
  for (const d of problem.droneRoutes ?? []) {
    add(d.from);
    add(d.to);
  }
  for (const tp of problem.transferPoints ?? []) add(tp.point);
  return [...seen.values()];
}

/**
 * Road vehicle kinds present (the profiles the tables are built for); `van` when there are no
 * vehicles, since itinerary estimates (ride limits, savings) still need a road table.
 */
export function regionalProfiles(problem: RegionalProblem): string[] {
  const kinds = [...new Set(problem.vehicles.map((v) => v.kind))].sort();
  return kinds.length > 0 ? kinds : ["van"];
}

export type TravelResult =
  | { readonly status: "ok"; readonly travel: RegionalTravel }
  | { readonly status: "error"; readonly message: string };

function finish(points: GeoPoint[], raw: Record<string, TravelTable>): TravelResult {
  const tables: Record<string, TravelTable> = {};
  for (const [profile, t] of Object.entries(raw)) {
    if (t.size < points.length)
      return {
        status: "error",
        message: `table "${profile}" has ${t.size} rows for ${points.length} points`,
      };
    const n = points.length;
    const durations = new Float64Array(n * n);
    const distances = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const d = t.durations[i * t.size + j] ?? Number.NaN;
        const m = t.distances[i * t.size + j] ?? Number.NaN;
        const ok = Number.isFinite(d) && Number.isFinite(m);
        durations[i * n + j] = ok ? d : UNREACHABLE_SECONDS;
        distances[i * n + j] = ok ? m : UNREACHABLE_SECONDS;
      }
    tables[profile] = { size: n, durations, distances };
  }
  return { status: "ok", travel: { points, index: new Map(points.map((p, i) => [pointKey(p), i])), tables } };
}

/**
 * Builds the run's tables with any provider (e.g. `OsrmTableProvider`). Unreachable cells
 * (Infinity/NaN) become `UNREACHABLE_SECONDS`. A provider failure comes back as `status: "error"`.
 */
export async function buildRegionalTravel(
  problem: RegionalProblem,
  provider: MatrixProvider,
): Promise<TravelResult> {
  const points = regionalPoints(problem);
  const raw: Record<string, TravelTable> = {};
  try {
    for (const p of regionalProfiles(problem)) raw[p] = await provider.table(points, p);
  } catch (e) {
    return { status: "error", message: e instanceof Error ? e.message : String(e) };
  }
  return finish(points, raw);
}

/**
 * Synchronous variant for providers that answer synchronously (default `KindSpeedProvider`).
 * Returns an error when the provider answers with a promise.
 */
export function buildRegionalTravelSync(
  problem: RegionalProblem,
  provider: MatrixProvider = new KindSpeedProvider(),
): TravelResult {
  const points = regionalPoints(problem);
  const raw: Record<string, TravelTable> = {};
  try {
    for (const p of regionalProfiles(problem)) {
      const t = provider.table(points, p);
      if (t instanceof Promise) {
        t.catch(() => undefined);
        return {
          status: "error",
          message: "the matrix provider is asynchronous: build the tables with buildRegionalTravel first",
        };
      }
      raw[p] = t;
    }
  } catch (e) {
    return { status: "error", message: e instanceof Error ? e.message : String(e) };
  }
  return finish(points, raw);
}

/** Walking distance between two points: straight line × the rural circuity (1.3). */
export function walkMeters(a: GeoPoint, b: GeoPoint): number {
  return haversineMeters(a, b) * DEFAULT_CIRCUITY;
}

/** Seconds to walk `meters` at `kmh`. */
export function walkSeconds(meters: number, kmh: number): number {
  return meters / ((kmh * 1000) / 3600);
}
