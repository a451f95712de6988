import type { Feature, Point } from "@tsunagu/contract";
import { JAPAN_BOUNDS } from "@tsunagu/contract";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";

/**
 * The pure part of placing something on the map: reading latitude and
 * longitude as people type or paste them, and whether a pin lies inside the
 * municipality. The LocationPicker draws; this decides.
 */

export type Axis = "lat" | "lon";

/** Why a typed coordinate is not usable; each has a sentence in the catalog (`loc.err.*`). */
export type CoordinateProblem = "empty" | "notNumber" | "outsideJapan";

export type CoordinateReading = { ok: true; value: number } | { ok: false; problem: CoordinateProblem };

/**
 * Full-width digits and signs (「３５．６８」「－」), spaces and the minus
 * signs a word processor makes, as the ASCII a number parser reads.
 */
export function normaliseNumberText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013\u2014\u30fc]/g, "-")
    .replace(/[\s\u3000]+/g, "");
}

const bounds: Record<Axis, readonly [number, number]> = {
  lat: [JAPAN_BOUNDS.minLat, JAPAN_BOUNDS.maxLat],
  lon: [JAPAN_BOUNDS.minLon, JAPAN_BOUNDS.maxLon],
};

/** A latitude or longitude as typed: a decimal number of degrees, inside Japan (the API's own limits). */
export function parseCoordinate(text: string, axis: Axis): CoordinateReading {
  const plain = normaliseNumberText(text);
  if (!plain) return { ok: false, problem: "empty" };
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(plain)) return { ok: false, problem: "notNumber" };
  const value = Number(plain);
  const [min, max] = bounds[axis];
  if (value < min || value > max) return { ok: false, problem: "outsideJapan" };
  return { ok: true, value };
}

/**
 * A position pasted whole into one field, as map apps copy it:
 * 「35.6812, 139.7671」, 「35.6812 139.7671」, 「３５．６８１２，１３９．７６７１」.
 * Undefined when the text is not two numbers (a single coordinate is typed as usual).
 */
export function parseLatLonPair(text: string): Point | undefined {
  const parts = text
    .normalize("NFKC")
    .trim()
    .split(/\s*[,、]\s*|\s+/);
  if (parts.length !== 2) return undefined;
  const lat = parseCoordinate(parts[0] ?? "", "lat");
  const lon = parseCoordinate(parts[1] ?? "", "lon");
  return lat.ok && lon.ok ? { lat: lat.value, lon: lon.value } : undefined;
}

/** The point the two fields hold, or undefined while either is unusable. */
export function pointOf(value: { lat: string; lon: string }): Point | undefined {
  const lat = parseCoordinate(value.lat, "lat");
  const lon = parseCoordinate(value.lon, "lon");
  return lat.ok && lon.ok ? { lat: lat.value, lon: lon.value } : undefined;
}

/** Six decimals: about 10 cm, finer than a pin dropped by a finger. */
export const formatCoordinate = (degrees: number): string => degrees.toFixed(6);

/** The two fields' text for a point dropped or dragged on the map. */
export const fieldsOf = (point: Point): { lat: string; lon: string } => ({
  lat: formatCoordinate(point.lat),
  lon: formatCoordinate(point.lon),
});

/** Where a point lies against the municipality; "unknown" while no boundary is stored. */
export type BoundaryCheck = "inside" | "outside" | "unknown";

export function boundaryCheck(point: Point, boundary: Feature | null | undefined): BoundaryCheck {
  const geometry = boundary?.geometry as GeoJSON.Geometry | undefined;
  if (!geometry || (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon")) return "unknown";
  return booleanPointInPolygon([point.lon, point.lat], geometry) ? "inside" : "outside";
}

/**
 * What a pin is for decides what "outside the municipality" means: a
 * destination may well be the hospital in the next city (a warning only); a
 * resident's home, a place or a port outside is usually a slip and must be
 * confirmed before it is saved.
 */
export type LocationPurpose = "home" | "place" | "destination";

export const outsideNeedsConfirmation = (purpose: LocationPurpose, check: BoundaryCheck): boolean =>
  check === "outside" && purpose !== "destination";
