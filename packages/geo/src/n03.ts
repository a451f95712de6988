/**
 * A municipality's boundary from 国土数値情報 行政区域 (N03) GeoJSON as MLIT
 * publishes it: a whole prefecture (one feature per polygon, each with its
 * N03 attributes) or one town, UTF-8 or Shift_JIS.
 *
 * N03 attributes: N03_001 prefecture, N03_002 振興局/支庁 (Hokkaido, Tokyo's
 * islands), N03_003 郡 — or, up to the 2023 edition, the 政令指定都市 whose
 * ward N03_004 is —, N03_004 the municipality (from the 2024 edition the
 * designated city, its ward moving to N03_005), N03_007 the 5-digit code.
 * Features without N03_007 are 所属未定地 (land no municipality claims yet).
 *
 * Pre-clipped files with only a `name` property ("山梨県北都留郡小菅村") are
 * accepted too: they name one town and carry no code, so the caller's code is
 * taken and checked against the prefecture in the name.
 */
import { JAPAN_BOUNDS, PREFECTURES, parseMunicipalityCode } from "@tsunagu/contract";
import turfArea from "@turf/area";
import { simplify } from "@turf/simplify";
import type { MultiPolygon, Position } from "geojson";
import { decodeJapaneseText, type TextEncodingName } from "./text";

/** A municipality's boundary, ready to store and to draw. */
export interface MunicipalBoundary {
  /** 6-digit 全国地方公共団体コード. */
  code: string;
  /** 5-digit form, as in N03_007. */
  code5: string;
  prefecture: string;
  /** 振興局 or 支庁 when N03 names one (Hokkaido, Tokyo's islands). */
  subprefecture: string | null;
  /** 郡 of a town or village. */
  district: string | null;
  /** For a ward of a 政令指定都市: the city ("札幌市"); the ward is then `name`'s tail. */
  designatedCity: string | null;
  /** The municipality as people write it without the prefecture: 小菅村, 珠洲市, 札幌市中央区, 札幌市. */
  name: string;
  /** 山梨県北都留郡小菅村. */
  fullName: string;
  /** How the features were chosen: by N03_007, as the wards of a designated city, or a pre-clipped named file. */
  matchedBy: "n03_007" | "designated_city_wards" | "name";
  /** Indexes of the features kept, in file order. */
  features: number[];
  /** Every polygon kept (islets included), with holes; WGS84 [lon, lat]. */
  geometry: MultiPolygon;
  /** A lighter copy for the map: same polygons (no islet dropped), fewer vertices. */
  simplified: MultiPolygon;
  polygons: number;
  holes: number;
  vertices: number;
  simplifiedVertices: number;
  /** Geodesic area in km² (holes subtracted). */
  areaKm2: number;
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
  encoding: TextEncodingName;
}

export type N03ProblemCode =
  | "N03_CODE"
  | "N03_JSON"
  | "N03_NOT_FEATURES"
  | "N03_NO_NAME"
  | "N03_CODE_NOT_FOUND"
  | "N03_AMBIGUOUS"
  | "N03_PREFECTURE_MISMATCH"
  | "N03_NOT_POLYGON"
  | "N03_BROKEN_RING";

/** A problem with the file; `feature` is the index in `features` (and `n03_007` its code) when one is at fault. */
export interface N03Problem {
  code: N03ProblemCode;
  /** Where in the file, e.g. `features[3].geometry.coordinates[0][2]`. */
  field: string;
  message: string;
  feature?: number;
  n03_007?: string;
}

export type N03Result =
  | { ok: true; boundary: MunicipalBoundary; warnings: N03Problem[] }
  | { ok: false; problems: N03Problem[] };

export interface N03Options {
  /**
   * Douglas–Peucker tolerance of the map copy, in degrees; default 0.0001
   * (about 10 m, under a pixel at the zoom a whole town fits on a phone).
   * Rings are never dropped: @turf/simplify lowers the tolerance of a ring
   * until it stays a ring, so islets survive as small polygons.
   */
  simplifyTolerance?: number;
}

/** Default tolerance of the map copy, degrees. */
export const DEFAULT_SIMPLIFY_TOLERANCE = 0.0001;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
const text = (x: unknown): string | null => (typeof x === "string" && x.trim() !== "" ? x.trim() : null);

/** N03_007 as a 5-digit string: numbers lose leading zeros in some conversions ("01633" → 1633); 6-digit forms are cut. */
function code5Of(props: Record<string, unknown>): string | null {
  const raw = props.N03_007;
  const s = typeof raw === "number" && Number.isInteger(raw) ? String(raw).padStart(5, "0") : text(raw);
  if (s === null || !/^\d{5,6}$/.test(s)) return null;
  return s.slice(0, 5);
}

interface Names {
  prefecture: string;
  subprefecture: string | null;
  district: string | null;
  designatedCity: string | null;
  name: string;
}

/** Names from N03 attributes, in both the ≤2023 and the 2024+ layout of designated cities. */
function namesOfN03(p: Record<string, unknown>): Names {
  const prefecture = text(p.N03_001) ?? "";
  const subprefecture = text(p.N03_002);
  const n3 = text(p.N03_003);
  const n4 = text(p.N03_004) ?? "";
  const n5 = text(p.N03_005);
  if (n5 !== null)
    return { prefecture, subprefecture, district: null, designatedCity: n4, name: `${n4}${n5}` };
  if (n3?.endsWith("市"))
    return { prefecture, subprefecture, district: null, designatedCity: n3, name: `${n3}${n4}` };
  return {
    prefecture,
    subprefecture,
    district: n3?.endsWith("郡") ? n3 : null,
    designatedCity: null,
    name: n4,
  };
}

/**
 * Split a full name ("山梨県北都留郡小菅村", "北海道札幌市中央区") into its parts;
 * undefined when it starts with no prefecture. Only towns and villages sit in
 * a 郡, only wards in a city, so 郡山市 or 四日市市 are never split.
 */
export function splitMunicipalityName(full: string): Names | undefined {
  const s = full.normalize("NFKC").replace(/\s/g, "");
  const prefecture = Object.values(PREFECTURES).find((p) => s.startsWith(p));
  if (prefecture === undefined) return undefined;
  let rest = s.slice(prefecture.length);
  const sub = /^(.+?(?:総合振興局|振興局|支庁))(.+)$/.exec(rest);
  const subprefecture = sub ? (sub[1] as string) : null;
  if (sub) rest = sub[2] as string;
  const gun = /^(.+?郡)(.+[町村])$/.exec(rest);
  if (gun)
    return {
      prefecture,
      subprefecture,
      district: gun[1] as string,
      designatedCity: null,
      name: gun[2] as string,
    };
  const ward = /^(.+?市)(.+区)$/.exec(rest);
  if (ward)
    return { prefecture, subprefecture, district: null, designatedCity: ward[1] as string, name: rest };
  return rest === ""
    ? undefined
    : { prefecture, subprefecture, district: null, designatedCity: null, name: rest };
}

/** Checks one polygon's rings; returns the problems found (none = fine). */
function checkPolygon(
  coords: unknown,
  field: string,
  at: { feature: number; n03_007?: string },
): N03Problem[] {
  const broken = (f: string, message: string): N03Problem[] => [
    { code: "N03_BROKEN_RING", field: f, message, ...at },
  ];
  if (!Array.isArray(coords) || coords.length === 0)
    return broken(field, "a polygon needs at least one ring");
  for (let r = 0; r < coords.length; r++) {
    const ring: unknown = coords[r];
    const rf = `${field}[${r}]`;
    if (!Array.isArray(ring) || ring.length < 4)
      return broken(rf, `a ring needs at least 4 positions, has ${Array.isArray(ring) ? ring.length : 0}`);
    for (let i = 0; i < ring.length; i++) {
      const p: unknown = ring[i];
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
        return broken(`${rf}[${i}]`, "a position must be two finite numbers [lon, lat]");
      const [lon, lat] = p as [number, number];
      if (
        lat < JAPAN_BOUNDS.minLat ||
        lat > JAPAN_BOUNDS.maxLat ||
        lon < JAPAN_BOUNDS.minLon ||
        lon > JAPAN_BOUNDS.maxLon
      )
        return broken(
          `${rf}[${i}]`,
          `[${lon}, ${lat}] is outside Japan (is the file in another coordinate system, or lat/lon swapped?)`,
        );
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1])
      return broken(rf, "the ring is not closed (its last position must repeat its first)");
  }
  return [];
}

/** The polygons of one feature's geometry, or the problems that make it unusable. */
function polygonsOf(
  geometry: unknown,
  field: string,
  at: { feature: number; n03_007?: string },
): { polygons: Position[][][]; problems: N03Problem[] } {
  const notPolygon = (message: string) => ({
    polygons: [],
    problems: [{ code: "N03_NOT_POLYGON" as const, field: `${field}.type`, message, ...at }],
  });
  if (!isObj(geometry)) return notPolygon("the feature has no geometry");
  if (geometry.type === "Polygon") {
    const problems = checkPolygon(geometry.coordinates, `${field}.coordinates`, at);
    return { polygons: problems.length ? [] : [geometry.coordinates as Position[][]], problems };
  }
  if (geometry.type === "MultiPolygon") {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0)
      return notPolygon("a MultiPolygon needs at least one polygon");
    const problems = geometry.coordinates.flatMap((c: unknown, i: number) =>
      checkPolygon(c, `${field}.coordinates[${i}]`, at),
    );
    return { polygons: problems.length ? [] : (geometry.coordinates as Position[][][]), problems };
  }
  return notPolygon(`expected Polygon or MultiPolygon, got ${String(geometry.type)}`);
}

const countVertices = (m: MultiPolygon) =>
  m.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);

/**
 * Read the boundary of the municipality `municipalityCode` (5 or 6 digits)
 * from the bytes of an N03 GeoJSON file. Every problem is reported; the
 * geometry checks name the feature index and its N03_007.
 *
 * A designated city's own code (e.g. 札幌市 01100) has no N03 feature: its
 * wards (01101 …) do, and are joined into the city's boundary.
 */
export function readN03Boundary(
  bytes: Uint8Array,
  municipalityCode: string,
  options: N03Options = {},
): N03Result {
  const fail = (problem: N03Problem): N03Result => ({ ok: false, problems: [problem] });
  const wanted = parseMunicipalityCode(municipalityCode);
  if (!wanted.ok) return fail({ code: "N03_CODE", field: "code", message: wanted.problem.message });
  const { code, code5 } = wanted;

  const { text: json, encoding } = decodeJapaneseText(bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return fail({ code: "N03_JSON", field: "", message: `not JSON: ${(e as Error).message}` });
  }
  const features: unknown[] | undefined =
    isObj(doc) && doc.type === "FeatureCollection" && Array.isArray(doc.features)
      ? doc.features
      : isObj(doc) && doc.type === "Feature"
        ? [doc]
        : undefined;
  if (features === undefined || features.length === 0)
    return fail({
      code: "N03_NOT_FEATURES",
      field: "type",
      message: "expected a GeoJSON FeatureCollection (or Feature) holding the municipality's polygons",
    });
  const props = features.map((f) => (isObj(f) && isObj(f.properties) ? f.properties : {}));
  const hasN03 = props.some((p) => "N03_007" in p || "N03_001" in p);
  const warnings: N03Problem[] = [];

  let kept: number[];
  let names: Names;
  let matchedBy: MunicipalBoundary["matchedBy"];
  if (hasN03) {
    kept = props.flatMap((p, i) => (code5Of(p) === code5 ? [i] : []));
    matchedBy = "n03_007";
    if (kept.length === 0 && code5.endsWith("0")) {
      kept = wardsOfDesignatedCity(props, code5);
      matchedBy = "designated_city_wards";
    }
    if (kept.length === 0) return fail(codeNotFound(props, code5));
    const first = namesOfN03(props[kept[0] as number] as Record<string, unknown>);
    names =
      matchedBy === "designated_city_wards"
        ? { ...first, designatedCity: null, name: first.designatedCity ?? first.name }
        : first;
  } else {
    const named = [...new Set(props.map((p) => text(p.name)))];
    const only = named[0];
    if (named.length !== 1 || only === null || only === undefined)
      return fail({
        code: named.length > 1 ? "N03_AMBIGUOUS" : "N03_NO_NAME",
        field: "features[].properties",
        message:
          named.length > 1
            ? `the features name ${named.length} places (${named.slice(0, 5).join("、")}) and carry no N03_007 code, so none can be told to be ${code5}`
            : "the features carry neither N03 attributes (N03_007) nor a name: which municipality is this?",
      });
    const split = splitMunicipalityName(only);
    if (split === undefined)
      return fail({
        code: "N03_NO_NAME",
        field: "features[0].properties.name",
        message: `"${only}" does not start with a prefecture name`,
      });
    if (wanted.prefecture !== null && split.prefecture !== wanted.prefecture)
      return fail({
        code: "N03_PREFECTURE_MISMATCH",
        field: "features[0].properties.name",
        message: `the file is for ${only}, but ${code} is a code in ${wanted.prefecture}`,
      });
    names = split;
    kept = features.map((_, i) => i);
    matchedBy = "name";
    warnings.push({
      code: "N03_CODE_NOT_FOUND",
      field: "features[].properties",
      message: `the file names ${only} but carries no N03_007 code; it was taken as ${code} as given`,
    });
  }

  const problems: N03Problem[] = [];
  const polygons: Position[][][] = [];
  for (const i of kept) {
    const n03 = code5Of(props[i] as Record<string, unknown>);
    const at = n03 === null ? { feature: i } : { feature: i, n03_007: n03 };
    const f = features[i];
    const got = polygonsOf(isObj(f) ? f.geometry : undefined, `features[${i}].geometry`, at);
    problems.push(...got.problems);
    polygons.push(...got.polygons);
  }
  if (problems.length > 0) return { ok: false, problems };

  const geometry: MultiPolygon = { type: "MultiPolygon", coordinates: polygons };
  const simplified = simplify(geometry, {
    tolerance: options.simplifyTolerance ?? DEFAULT_SIMPLIFY_TOLERANCE,
    highQuality: false,
  });
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons)
    for (const [lon, lat] of poly[0] as Position[]) {
      bbox[0] = Math.min(bbox[0], lon as number);
      bbox[1] = Math.min(bbox[1], lat as number);
      bbox[2] = Math.max(bbox[2], lon as number);
      bbox[3] = Math.max(bbox[3], lat as number);
    }
  // Addresses leave out the 振興局/支庁, so the full name does too.
  const fullName = `${names.prefecture}${names.district ?? ""}${names.name}`;
  return {
    ok: true,
    warnings,
    boundary: {
      code,
      code5,
      ...names,
      fullName,
      matchedBy,
      features: kept,
      geometry,
      simplified,
      polygons: polygons.length,
      holes: polygons.reduce((s, p) => s + p.length - 1, 0),
      vertices: countVertices(geometry),
      simplifiedVertices: countVertices(simplified),
      areaKm2: turfArea(geometry) / 1e6,
      bbox,
      encoding,
    },
  };
}

/**
 * The wards of the designated city whose code is `code5`: ward codes follow
 * the city's (札幌市 01100 → 01101 … 01110, 大阪市 27100 → 27102 … 27128), and
 * a ward's N03 attributes name its city. Two cities can sit close in one
 * prefecture (大阪市 27100, 堺市 27140), so only the city of the lowest ward
 * code above `code5` is taken.
 */
function wardsOfDesignatedCity(props: Record<string, unknown>[], code5: string): number[] {
  const base = Number(code5);
  const candidates = props.flatMap((p, i) => {
    const c = code5Of(p);
    const city = namesOfN03(p).designatedCity;
    const offset = c === null ? 0 : Number(c) - base;
    return city !== null && offset >= 1 && offset <= 49 ? [{ i, c: Number(c), city }] : [];
  });
  if (candidates.length === 0) return [];
  const city = candidates.reduce((a, b) => (b.c < a.c ? b : a)).city;
  return candidates.filter((x) => x.city === city).map((x) => x.i);
}

function codeNotFound(props: Record<string, unknown>[], code5: string): N03Problem {
  const found = new Map<string, string>();
  for (const p of props) {
    const c = code5Of(p);
    if (c !== null && !found.has(c)) {
      const n = namesOfN03(p);
      found.set(c, `${c} ${n.district ?? ""}${n.name}`);
    }
  }
  const list = [...found.keys()].sort().map((c) => found.get(c));
  return {
    code: "N03_CODE_NOT_FOUND",
    field: "features[].properties.N03_007",
    message:
      found.size === 0
        ? `no feature has N03_007 = ${code5}, and none carries a code at all`
        : `no feature has N03_007 = ${code5}; the file holds ${found.size} other code${found.size === 1 ? "" : "s"}: ${list.slice(0, 20).join("、")}${found.size > 20 ? " …" : ""}`,
  };
}
