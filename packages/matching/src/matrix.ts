import type { TravelTable } from "./model";

/** A point on the map (WGS84 degrees). */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/**
 * Source of travel tables. Swap implementations freely: straight-line estimates, a road graph,
 * or an OSRM `table` call (which is why the result may be a promise). The solver itself takes
 * the finished tables in `Problem.travel`, so it stays synchronous and pure.
 */
export interface MatrixProvider {
  table(points: readonly GeoPoint[], profile: string): TravelTable | Promise<TravelTable>;
}

/** Speed and detour assumptions for one vehicle profile of the straight-line provider. */
export interface StraightLineProfile {
  /** Average speed in km/h. Default 30 (rural roads with stops). */
  readonly speedKmh?: number;
  /** Road distance / straight-line distance. Default 1.3 (typical for Japanese rural roads). */
  readonly circuity?: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function haversineMeters(a: GeoPoint, b: GeoPoint): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Straight-line estimate: haversine × circuity, at a constant speed per profile. Unknown
 * profiles use the defaults (30 km/h, circuity 1.3).
 */
export class StraightLineProvider implements MatrixProvider {
  constructor(private readonly profiles: Readonly<Record<string, StraightLineProfile>> = {}) {}

  table(points: readonly GeoPoint[], profile: string): TravelTable {
    const p = this.profiles[profile] ?? {};
    const speed = ((p.speedKmh ?? 30) * 1000) / 3600;
    const circuity = p.circuity ?? 1.3;
    const n = points.length;
    const distances = new Float64Array(n * n);
    const durations = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const m = haversineMeters(points[i] as GeoPoint, points[j] as GeoPoint) * circuity;
        distances[i * n + j] = m;
        distances[j * n + i] = m;
        durations[i * n + j] = m / speed;
        durations[j * n + i] = m / speed;
      }
    return { size: n, distances, durations };
  }
}

/** Planar Euclidean table (benchmarks): distance = duration = ‖a − b‖ in double precision. */
export function euclideanTable(xy: readonly (readonly [number, number])[]): TravelTable {
  const n = xy.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = xy[i] as readonly [number, number];
      const b = xy[j] as readonly [number, number];
      m[i * n + j] = Math.hypot(a[0] - b[0], a[1] - b[1]);
    }
  return { size: n, distances: m, durations: m };
}

/** A provider that returns tables given up front (e.g. loaded from a file), by profile. */
export class ExplicitMatrixProvider implements MatrixProvider {
  constructor(private readonly tables: Readonly<Record<string, TravelTable>>) {}
  table(points: readonly GeoPoint[], profile: string): TravelTable {
    const t = this.tables[profile];
    if (!t) throw new Error(`no table for profile "${profile}"`);
    if (t.size < points.length)
      throw new Error(`table "${profile}" has ${t.size} rows, need ${points.length}`);
    return t;
  }
}

/** Builds `Problem.travel` for every profile with one provider. */
export async function buildTravel(
  provider: MatrixProvider,
  points: readonly GeoPoint[],
  profiles: readonly string[],
): Promise<Record<string, TravelTable>> {
  const out: Record<string, TravelTable> = {};
  for (const p of profiles) out[p] = await provider.table(points, p);
  return out;
}
