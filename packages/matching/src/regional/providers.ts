/**
 * Travel-table providers for the regional planner: a straight-line estimate with an average
 * speed per vehicle kind (the default, synchronous) and an adapter for an OSRM `/table`
 * service (asynchronous; `fetch` is injected so the engine package itself does no I/O).
 */
import { type GeoPoint, haversineMeters, type MatrixProvider } from "../matrix";
import type { TravelTable } from "../model";

/** Profile name used for people walking to and from stops. */
export const WALK_PROFILE = "walk";

/**
 * Default average speeds per profile (= road vehicle kind), km/h, for rural Japanese roads with
 * stops and bends: car/van/wheelchair_van 35, minibus/route_bus/school_bus 30, truck 30,
 * walk 3.6 (an elderly pace). Unknown profiles drive at 30 km/h.
 */
export const DEFAULT_KIND_SPEEDS_KMH: Readonly<Record<string, number>> = {
  car: 35,
  van: 35,
  wheelchair_van: 35,
  minibus: 30,
  route_bus: 30,
  school_bus: 30,
  truck: 30,
  [WALK_PROFILE]: 3.6,
};

/** Default road distance / straight-line distance on rural roads. */
export const DEFAULT_CIRCUITY = 1.3;

/** Speed used for a profile missing from the table, km/h. */
export const DEFAULT_FALLBACK_KMH = 30;

export interface KindSpeedOptions {
  /** Speeds per profile, km/h, merged over `DEFAULT_KIND_SPEEDS_KMH`. */
  readonly speedsKmh?: Readonly<Record<string, number>>;
  /** Road distance / straight-line distance. Default 1.3. */
  readonly circuity?: number;
}

/**
 * Straight line × circuity (default 1.3) at an average speed per vehicle kind (defaults in
 * `DEFAULT_KIND_SPEEDS_KMH`). Symmetric; synchronous. Tables are cached per point list and
 * profile, so asking twice in one run costs nothing.
 */
export class KindSpeedProvider implements MatrixProvider {
  private readonly speeds: Readonly<Record<string, number>>;
  private readonly circuity: number;
  private readonly cache = new Map<string, TravelTable>();

  constructor(options: KindSpeedOptions = {}) {
    this.speeds = { ...DEFAULT_KIND_SPEEDS_KMH, ...(options.speedsKmh ?? {}) };
    this.circuity = options.circuity ?? DEFAULT_CIRCUITY;
  }

  /** Average speed of a profile, km/h. */
  speedKmh(profile: string): number {
    return this.speeds[profile] ?? DEFAULT_FALLBACK_KMH;
  }

  table(points: readonly GeoPoint[], profile: string): TravelTable {
    const key = `${profile}|${pointsKey(points)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const speed = (this.speedKmh(profile) * 1000) / 3600;
    const n = points.length;
    const distances = new Float64Array(n * n);
    const durations = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const m = haversineMeters(points[i] as GeoPoint, points[j] as GeoPoint) * this.circuity;
        distances[i * n + j] = m;
        distances[j * n + i] = m;
        durations[i * n + j] = m / speed;
        durations[j * n + i] = m / speed;
      }
    const t = { size: n, distances, durations };
    this.cache.set(key, t);
    return t;
  }
}

function pointsKey(points: readonly GeoPoint[]): string {
  return points.map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`).join(";");
}

/** The part of `fetch` the OSRM adapter uses (inject `globalThis.fetch` in the server). */
export type FetchLike = (url: string) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}>;

/** Why an OSRM table could not be used. */
export class OsrmError extends Error {
  constructor(
    /** OSRM's `code` (e.g. `InvalidQuery`, `TooBig`), `HTTP_<status>` or `BAD_RESPONSE`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OsrmError";
  }
}

export interface OsrmOptions {
  /**
   * OSRM profile per planner profile (vehicle kind or `walk`). Default: `foot` for `walk`,
   * `driving` for everything else (the usual osrm-backend profile names are car/foot; a
   * server started with one profile ignores the name).
   */
  readonly profiles?: Readonly<Record<string, string>>;
  /**
   * Multiplier on OSRM's car durations per planner profile, since buses and trucks are slower
   * than the car profile assumes. Default: 35 / 30 ≈ 1.17 for minibus, route_bus, school_bus
   * and truck (the straight-line provider's speed ratio), 1 otherwise.
   */
  readonly durationFactor?: Readonly<Record<string, number>>;
}

const SLOW_KINDS = ["minibus", "route_bus", "school_bus", "truck"];

/**
 * OSRM `/table/v1/{profile}/{lon,lat;…}?annotations=duration,distance` adapter. A `null` cell
 * (no route between the two points) becomes `Infinity` — unreachable. A response whose `code` is
 * not `"Ok"` (or an HTTP error, or a malformed body) rejects with an `OsrmError`. Tables are
 * cached per point list and profile for the life of the provider (create one per run).
 * Large tables are the server's concern (`--max-table-size`, default 100 points in osrm-routed).
 */
export class OsrmTableProvider implements MatrixProvider {
  private readonly cache = new Map<string, Promise<TravelTable>>();
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly fetchFn: FetchLike,
    private readonly options: OsrmOptions = {},
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
  }

  /** The URL asked for a point list and planner profile. */
  url(points: readonly GeoPoint[], profile: string): string {
    const osrmProfile = this.options.profiles?.[profile] ?? (profile === WALK_PROFILE ? "foot" : "driving");
    return `${this.base}/table/v1/${osrmProfile}/${pointsKey(points)}?annotations=duration,distance`;
  }

  table(points: readonly GeoPoint[], profile: string): Promise<TravelTable> {
    const url = this.url(points, profile);
    const factor = this.options.durationFactor?.[profile] ?? (SLOW_KINDS.includes(profile) ? 35 / 30 : 1);
    const key = `${profile}|${url}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const p = this.load(url, points.length, factor);
    this.cache.set(key, p);
    // A failed request must not poison the cache for a retry.
    p.catch(() => this.cache.delete(key));
    return p;
  }

  private async load(url: string, n: number, factor: number): Promise<TravelTable> {
    const res = await this.fetchFn(url);
    if (!res.ok) {
      let detail = "";
      try {
        const body = (await res.json()) as { code?: unknown; message?: unknown };
        if (typeof body.code === "string") detail = `: ${body.code} ${String(body.message ?? "")}`;
      } catch {
        // A non-JSON error page: the HTTP status says enough.
      }
      throw new OsrmError(`HTTP_${res.status}`, `OSRM answered HTTP ${res.status}${detail}`);
    }
    return parseOsrmTable(await res.json(), n, factor);
  }
}

/**
 * Turns an OSRM table response into a `TravelTable` of `n` points (durations × `durationFactor`).
 * Rejects a non-"Ok" code and malformed or wrongly sized matrices; `null` cells become Infinity.
 */
export function parseOsrmTable(body: unknown, n: number, durationFactor = 1): TravelTable {
  if (!body || typeof body !== "object")
    throw new OsrmError("BAD_RESPONSE", "OSRM response is not an object");
  const b = body as { code?: unknown; message?: unknown; durations?: unknown; distances?: unknown };
  if (b.code !== "Ok")
    throw new OsrmError(
      typeof b.code === "string" ? b.code : "BAD_RESPONSE",
      `OSRM table failed: ${String(b.code)} ${typeof b.message === "string" ? b.message : ""}`.trim(),
    );
  const durations = new Float64Array(n * n);
  const distances = new Float64Array(n * n);
  const fill = (name: string, m: unknown, out: Float64Array, scale: number) => {
    if (!Array.isArray(m) || m.length !== n)
      throw new OsrmError("BAD_RESPONSE", `OSRM ${name} must be a ${n}×${n} matrix`);
    m.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== n)
        throw new OsrmError("BAD_RESPONSE", `OSRM ${name}[${i}] must have ${n} cells`);
      row.forEach((v: unknown, j) => {
        if (v === null) out[i * n + j] = Number.POSITIVE_INFINITY;
        else if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[i * n + j] = v * scale;
        else throw new OsrmError("BAD_RESPONSE", `OSRM ${name}[${i}][${j}] is not a number`);
      });
    });
  };
  fill("durations", b.durations, durations, durationFactor);
  fill("distances", b.distances, distances, 1);
  return { size: n, durations, distances };
}
