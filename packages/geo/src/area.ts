/**
 * Polygonal areas from GeoJSON (N03 municipal boundaries, on-demand zones,
 * facility service areas): validated once, then queried with point-in-polygon.
 * N03 boundaries come as many Polygon features (a mainland and its islets) or
 * MultiPolygons; all are flattened into one list with a bounding box each, so a
 * point is tested only against the polygons whose box holds it.
 */
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { meshCentre } from "./mesh";

type Position = [number, number];
type PolygonCoords = Position[][];

/** A validated area: polygons (with holes) in WGS84 lon/lat. */
export interface Area {
  /** Each polygon with its bounding box `[west, south, east, north]`. */
  readonly polygons: readonly { bbox: [number, number, number, number]; coordinates: PolygonCoords }[];
  /** Bounding box of the whole area. */
  readonly bbox: [number, number, number, number];
}

export interface AreaProblem {
  /** Where in the input, e.g. `features[3].geometry.coordinates[0]`. */
  field: string;
  message: string;
  code: "GEOJSON_INVALID";
}

export type AreaParseResult = { ok: true; area: Area } | { ok: false; problems: AreaProblem[] };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

function checkRing(ring: unknown, field: string, problems: AreaProblem[]): Position[] | undefined {
  if (!Array.isArray(ring) || ring.length < 4) {
    problems.push({ field, code: "GEOJSON_INVALID", message: "a linear ring needs at least 4 positions" });
    return undefined;
  }
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p: unknown = ring[i];
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      problems.push({
        field: `${field}[${i}]`,
        code: "GEOJSON_INVALID",
        message: "a position must be [lon, lat] numbers",
      });
      return undefined;
    }
    const lon = p[0] as number;
    const lat = p[1] as number;
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      problems.push({
        field: `${field}[${i}]`,
        code: "GEOJSON_INVALID",
        message: `[${lon}, ${lat}] is not a lon/lat position`,
      });
      return undefined;
    }
    out.push([lon, lat]);
  }
  return out;
}

function addPolygon(
  coords: unknown,
  field: string,
  out: Area["polygons"][number][],
  problems: AreaProblem[],
): void {
  if (!Array.isArray(coords) || coords.length === 0) {
    problems.push({ field, code: "GEOJSON_INVALID", message: "a Polygon needs at least one ring" });
    return;
  }
  const rings: Position[][] = [];
  for (let i = 0; i < coords.length; i++) {
    const ring = checkRing(coords[i], `${field}[${i}]`, problems);
    if (!ring) return;
    rings.push(ring);
  }
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of rings[0] as Position[]) {
    bbox[0] = Math.min(bbox[0], lon);
    bbox[1] = Math.min(bbox[1], lat);
    bbox[2] = Math.max(bbox[2], lon);
    bbox[3] = Math.max(bbox[3], lat);
  }
  out.push({ bbox, coordinates: rings });
}

function addGeometry(
  g: unknown,
  field: string,
  out: Area["polygons"][number][],
  problems: AreaProblem[],
): void {
  if (!isObj(g)) {
    problems.push({ field, code: "GEOJSON_INVALID", message: "geometry must be an object" });
    return;
  }
  if (g.type === "Polygon") addPolygon(g.coordinates, `${field}.coordinates`, out, problems);
  else if (g.type === "MultiPolygon") {
    if (!Array.isArray(g.coordinates)) {
      problems.push({
        field: `${field}.coordinates`,
        code: "GEOJSON_INVALID",
        message: "MultiPolygon coordinates must be an array",
      });
      return;
    }
    g.coordinates.forEach((p: unknown, i: number) => {
      addPolygon(p, `${field}.coordinates[${i}]`, out, problems);
    });
  } else if (g.type === "GeometryCollection" && Array.isArray(g.geometries)) {
    g.geometries.forEach((x: unknown, i: number) => {
      addGeometry(x, `${field}.geometries[${i}]`, out, problems);
    });
  } else {
    problems.push({
      field: `${field}.type`,
      code: "GEOJSON_INVALID",
      message: `expected Polygon or MultiPolygon, got ${String(g.type)}`,
    });
  }
}

/**
 * Validate a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon and
 * prepare it for point queries. `field` prefixes problem paths (e.g. "boundary").
 */
export function parseArea(json: unknown, field = "area"): AreaParseResult {
  const problems: AreaProblem[] = [];
  const polygons: Area["polygons"][number][] = [];
  if (isObj(json) && json.type === "FeatureCollection") {
    if (!Array.isArray(json.features)) {
      problems.push({
        field: `${field}.features`,
        code: "GEOJSON_INVALID",
        message: "features must be an array",
      });
    } else {
      json.features.forEach((f: unknown, i: number) => {
        addGeometry(
          isObj(f) ? f.geometry : undefined,
          `${field}.features[${i}].geometry`,
          polygons,
          problems,
        );
      });
    }
  } else if (isObj(json) && json.type === "Feature") {
    addGeometry(json.geometry, `${field}.geometry`, polygons, problems);
  } else {
    addGeometry(json, field, polygons, problems);
  }
  if (problems.length === 0 && polygons.length === 0) {
    problems.push({ field, code: "GEOJSON_INVALID", message: "no polygon found" });
  }
  if (problems.length > 0) return { ok: false, problems };
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polygons) {
    bbox[0] = Math.min(bbox[0], p.bbox[0]);
    bbox[1] = Math.min(bbox[1], p.bbox[1]);
    bbox[2] = Math.max(bbox[2], p.bbox[2]);
    bbox[3] = Math.max(bbox[3], p.bbox[3]);
  }
  return { ok: true, area: { polygons, bbox } };
}

/** Whether (lat, lon) lies inside the area (boundary counts as inside). */
export function areaContains(area: Area, lat: number, lon: number): boolean {
  const [w, s, e, n] = area.bbox;
  if (lon < w || lon > e || lat < s || lat > n) return false;
  for (const p of area.polygons) {
    if (lon < p.bbox[0] || lon > p.bbox[2] || lat < p.bbox[1] || lat > p.bbox[3]) continue;
    if (booleanPointInPolygon([lon, lat], { type: "Polygon", coordinates: p.coordinates })) return true;
  }
  return false;
}

/**
 * The cells whose centre lies inside the area — the usual rule for assigning
 * mesh statistics to a municipality (a cell straddling the border goes wholly
 * to the side holding its centre, so neighbouring municipalities never share one).
 */
export function clipCellsToArea<T extends { code: string }>(cells: readonly T[], area: Area): T[] {
  return cells.filter((c) => {
    const { lat, lon } = meshCentre(c.code);
    return areaContains(area, lat, lon);
  });
}
