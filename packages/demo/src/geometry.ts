/**
 * Plane geometry around the town centre. The town is ~50 km across, so an
 * equirectangular projection (x km east, y km north of the centre) is accurate
 * to well under 0.1 % there, which is all a generator needs.
 */

/** A point in kilometres east (x) and north (y) of the town centre. */
export interface Xy {
  readonly x: number;
  readonly y: number;
}

/** A WGS 84 point. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_EQUATOR = 111.32;

/** Converts between local kilometres and latitude/longitude around one origin. */
export class LocalProjection {
  private readonly kmPerDegLon: number;

  constructor(readonly origin: LatLon) {
    this.kmPerDegLon = KM_PER_DEG_LON_EQUATOR * Math.cos((origin.lat * Math.PI) / 180);
  }

  toLatLon(p: Xy): LatLon {
    return {
      lat: round6(this.origin.lat + p.y / KM_PER_DEG_LAT),
      lon: round6(this.origin.lon + p.x / this.kmPerDegLon),
    };
  }

  toXy(p: LatLon): Xy {
    return { x: (p.lon - this.origin.lon) * this.kmPerDegLon, y: (p.lat - this.origin.lat) * KM_PER_DEG_LAT };
  }
}

/** Six decimals (~0.1 m): enough for any map, and keeps the output stable and readable. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export function dist(a: Xy, b: Xy): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Great-circle distance in km (haversine, R = 6371.0088 km). */
export function haversineKm(a: LatLon, b: LatLon): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance from p to the segment ab. */
export function distToSegment(p: Xy, a: Xy, b: Xy): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

export function distToPolyline(p: Xy, line: readonly Xy[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) {
    best = Math.min(best, distToSegment(p, line[i - 1] as Xy, line[i] as Xy));
  }
  return best;
}

export function polylineLength(line: readonly Xy[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += dist(line[i - 1] as Xy, line[i] as Xy);
  return total;
}

/** The point at distance `s` km along the polyline (clamped to its ends). */
export function pointAlong(line: readonly Xy[], s: number): Xy {
  let rest = Math.max(0, s);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Xy;
    const b = line[i] as Xy;
    const d = dist(a, b);
    if (rest <= d && d > 0) return { x: a.x + ((b.x - a.x) * rest) / d, y: a.y + ((b.y - a.y) * rest) / d };
    rest -= d;
  }
  const last = line[line.length - 1];
  if (last === undefined) throw new RangeError("pointAlong on an empty polyline");
  return last;
}

/** Offsets p by (dx, dy) km. */
export function offset(p: Xy, dx: number, dy: number): Xy {
  return { x: p.x + dx, y: p.y + dy };
}

/** Polar helpers: bearing in radians counter-clockwise from east. */
export function polar(angle: number, r: number): Xy {
  return { x: r * Math.cos(angle), y: r * Math.sin(angle) };
}
