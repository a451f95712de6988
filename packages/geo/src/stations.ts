/**
 * Rail stations from 国土数値情報 N02 (鉄道) GeoJSON. N02 draws each station as
 * a LineString along its platform, one feature per line and operator; the
 * representative point is the point halfway along that line (it lies on the
 * platform, unlike a vertex average of a bent platform).
 */
import { distance } from "geokdbush";

/** A rail station as a point. */
export interface RailStation {
  /** N02_005c (station code), or `feature-<index>` when absent. */
  id: string;
  name: string;
  /** N02_003 (line name). */
  line: string;
  /** N02_004 (operator). */
  operator: string;
  lat: number;
  lon: number;
}

export interface StationProblem {
  field: string;
  message: string;
  code: "STATIONS_INVALID";
}

export type StationsParseResult =
  | { ok: true; stations: RailStation[] }
  | { ok: false; problems: StationProblem[] };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

/**
 * Metres between two points: geokdbush's great-circle distance (6,371 km
 * sphere), so that every distance in this package agrees with the spatial
 * index's radius queries to the metre.
 */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return distance(lon1, lat1, lon2, lat2) * 1000;
}

/** The point halfway along a polyline of `[lon, lat]` positions. */
function midpointAlong(line: [number, number][]): [number, number] {
  if (line.length === 1) return line[0] as [number, number];
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1] as [number, number], line[i] as [number, number]];
    const d = haversineM(a[1], a[0], b[1], b[0]);
    seg.push(d);
    total += d;
  }
  let half = total / 2;
  for (let i = 0; i < seg.length; i++) {
    const d = seg[i] as number;
    const [a, b] = [line[i] as [number, number], line[i + 1] as [number, number]];
    if (half <= d || i === seg.length - 1) {
      const t = d > 0 ? Math.min(1, half / d) : 0;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    half -= d;
  }
  return line[0] as [number, number];
}

function positions(x: unknown): [number, number][] | undefined {
  if (!Array.isArray(x) || x.length === 0) return undefined;
  const out: [number, number][] = [];
  for (const p of x) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return undefined;
    out.push([p[0] as number, p[1] as number]);
  }
  return out;
}

/**
 * Read stations from N02 GeoJSON (LineString, MultiLineString or Point
 * features). The same station code appearing twice (e.g. split platforms) is
 * kept once, at its first feature.
 */
export function parseN02Stations(json: unknown): StationsParseResult {
  const problems: StationProblem[] = [];
  if (!isObj(json) || json.type !== "FeatureCollection" || !Array.isArray(json.features)) {
    return {
      ok: false,
      problems: [
        { field: "stations", code: "STATIONS_INVALID", message: "expected a GeoJSON FeatureCollection" },
      ],
    };
  }
  const stations: RailStation[] = [];
  const seen = new Set<string>();
  json.features.forEach((f: unknown, i: number) => {
    const field = `stations.features[${i}]`;
    const g = isObj(f) && isObj(f.geometry) ? f.geometry : undefined;
    const props = isObj(f) && isObj(f.properties) ? f.properties : {};
    let point: [number, number] | undefined;
    if (g?.type === "Point") point = positions([g.coordinates])?.[0];
    else if (g?.type === "LineString") {
      const line = positions(g.coordinates);
      if (line) point = midpointAlong(line);
    } else if (g?.type === "MultiLineString" && Array.isArray(g.coordinates)) {
      const line = positions(g.coordinates[0]);
      if (line) point = midpointAlong(line);
    }
    if (!point) {
      problems.push({
        field: `${field}.geometry`,
        code: "STATIONS_INVALID",
        message: "expected a Point or (Multi)LineString with [lon, lat] positions",
      });
      return;
    }
    const [lon, lat] = point;
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      problems.push({
        field: `${field}.geometry`,
        code: "STATIONS_INVALID",
        message: `[${lon}, ${lat}] is not a lon/lat position`,
      });
      return;
    }
    const id = typeof props.N02_005c === "string" && props.N02_005c !== "" ? props.N02_005c : `feature-${i}`;
    if (seen.has(id)) return;
    seen.add(id);
    stations.push({
      id,
      name: typeof props.N02_005 === "string" ? props.N02_005 : "",
      line: typeof props.N02_003 === "string" ? props.N02_003 : "",
      operator: typeof props.N02_004 === "string" ? props.N02_004 : "",
      lat,
      lon,
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, stations };
}
