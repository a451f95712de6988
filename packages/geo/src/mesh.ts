/**
 * JIS X 0410 standard grid mesh (地域メッシュ) codes.
 *
 * Levels and sizes (latitude × longitude):
 * - `1st`  (第1次地域区画, ~80 km): 40′ × 1°, 4 digits `pp uu`
 * - `2nd`  (第2次地域区画, ~10 km): 5′ × 7.5′, 6 digits `+ q v`
 * - `3rd`  (基準地域メッシュ, ~1 km): 30″ × 45″, 8 digits `+ r w`
 * - `half` (2分の1地域メッシュ, ~500 m): 15″ × 22.5″, 9 digits `+ m`
 * - `quarter` (4分の1地域メッシュ, ~250 m): 7.5″ × 11.25″, 10 digits `+ n`
 *
 * The half/quarter digit is 1 = south-west, 2 = south-east, 3 = north-west, 4 = north-east.
 *
 * All arithmetic is done on integers in units of 1/8 arc-second of latitude and
 * 1/8 arc-second of longitude (the quarter mesh is exactly 60 × 90 such units), so
 * edges are exact and a cell's own south-west corner always maps back to that cell.
 */

/** Mesh level: 80 km, 10 km, 1 km, 500 m, 250 m; codes of 4, 6, 8, 9, 10 digits. */
export type MeshLevel = "1st" | "2nd" | "3rd" | "half" | "quarter";

/** Why a mesh code or coordinate was refused. */
export type MeshErrorCode = "MESH_CODE_MALFORMED" | "MESH_COORD_OUT_OF_RANGE";

/** Thrown by the mesh functions on a malformed code or a coordinate outside the mesh system. */
export class MeshCodeError extends Error {
  override readonly name = "MeshCodeError";
  constructor(
    readonly code: MeshErrorCode,
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}

/** Units per degree: 1/8 arc-second. */
const UNITS_PER_DEG = 3600 * 8;
// Cell sizes in units, per level: [lat, lon].
const LAT_1ST = 2400 * 8; // 40′
const LON_1ST = 3600 * 8; // 1°
const LAT_2ND = LAT_1ST / 8; // 5′
const LON_2ND = LON_1ST / 8; // 7.5′
const LAT_3RD = LAT_2ND / 10; // 30″
const LON_3RD = LON_2ND / 10; // 45″
const LAT_HALF = LAT_3RD / 2;
const LON_HALF = LON_3RD / 2;
const LAT_QUARTER = LAT_HALF / 2;
const LON_QUARTER = LON_HALF / 2;

const LEVEL_BY_LENGTH: Record<number, MeshLevel> = { 4: "1st", 6: "2nd", 8: "3rd", 9: "half", 10: "quarter" };
const LENGTH_BY_LEVEL: Record<MeshLevel, number> = { "1st": 4, "2nd": 6, "3rd": 8, half: 9, quarter: 10 };

/** Size of one cell of each level in degrees (lat, lon). */
export const MESH_SIZE_DEG: Readonly<Record<MeshLevel, { lat: number; lon: number }>> = {
  "1st": { lat: LAT_1ST / UNITS_PER_DEG, lon: LON_1ST / UNITS_PER_DEG },
  "2nd": { lat: LAT_2ND / UNITS_PER_DEG, lon: LON_2ND / UNITS_PER_DEG },
  "3rd": { lat: LAT_3RD / UNITS_PER_DEG, lon: LON_3RD / UNITS_PER_DEG },
  half: { lat: LAT_HALF / UNITS_PER_DEG, lon: LON_HALF / UNITS_PER_DEG },
  quarter: { lat: LAT_QUARTER / UNITS_PER_DEG, lon: LON_QUARTER / UNITS_PER_DEG },
};

/**
 * Degrees → integer units. A value within 1e-6 units (~4 µm) of a grid line is
 * snapped onto it, so that a corner computed by `meshBounds` (a float) lands in
 * the cell it belongs to rather than in its neighbour.
 */
function toUnits(deg: number): number {
  const x = deg * UNITS_PER_DEG;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 ? r : Math.floor(x);
}

/**
 * The mesh code of the cell holding (lat, lon). Points on a cell's south or west
 * edge belong to that cell (the JIS convention). Throws `MeshCodeError` for
 * non-finite coordinates or ones outside the 2-digit code range
 * (0 ≤ lat < 66.67°, 100 ≤ lon < 200°).
 */
export function toMeshCode(lat: number, lon: number, level: MeshLevel): string {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    throw new MeshCodeError("MESH_COORD_OUT_OF_RANGE", "lat/lon must be finite numbers", `${lat},${lon}`);
  }
  if (LENGTH_BY_LEVEL[level] === undefined) {
    throw new MeshCodeError("MESH_CODE_MALFORMED", `unknown mesh level "${String(level)}"`, String(level));
  }
  const y = toUnits(lat);
  const x = toUnits(lon - 100);
  const p = Math.floor(y / LAT_1ST);
  const u = Math.floor(x / LON_1ST);
  if (p < 0 || p > 99 || u < 0 || u > 99) {
    throw new MeshCodeError(
      "MESH_COORD_OUT_OF_RANGE",
      `lat ${lat}, lon ${lon} is outside the JIS X 0410 code range (0 ≤ lat < 66.67, 100 ≤ lon < 200)`,
      `${lat},${lon}`,
    );
  }
  let code = `${String(p).padStart(2, "0")}${String(u).padStart(2, "0")}`;
  if (level === "1st") return code;
  const y1 = y - p * LAT_1ST;
  const x1 = x - u * LON_1ST;
  const q = Math.floor(y1 / LAT_2ND);
  const v = Math.floor(x1 / LON_2ND);
  code += `${q}${v}`;
  if (level === "2nd") return code;
  const y2 = y1 - q * LAT_2ND;
  const x2 = x1 - v * LON_2ND;
  const r = Math.floor(y2 / LAT_3RD);
  const w = Math.floor(x2 / LON_3RD);
  code += `${r}${w}`;
  if (level === "3rd") return code;
  const y3 = y2 - r * LAT_3RD;
  const x3 = x2 - w * LON_3RD;
  const hs = Math.floor(y3 / LAT_HALF);
  const hw = Math.floor(x3 / LON_HALF);
  code += String(1 + hs * 2 + hw);
  if (level === "half") return code;
  const y4 = y3 - hs * LAT_HALF;
  const x4 = x3 - hw * LON_HALF;
  const qs = Math.floor(y4 / LAT_QUARTER);
  const qw = Math.floor(x4 / LON_QUARTER);
  return code + String(1 + qs * 2 + qw);
}

/** The level of a mesh code; throws `MeshCodeError` when the code is malformed. */
export function meshLevelOf(code: string): MeshLevel {
  if (typeof code !== "string" || !/^\d+$/.test(code)) {
    throw new MeshCodeError(
      "MESH_CODE_MALFORMED",
      `mesh code must be digits only, got "${code}"`,
      String(code),
    );
  }
  const level = LEVEL_BY_LENGTH[code.length];
  if (level === undefined) {
    throw new MeshCodeError(
      "MESH_CODE_MALFORMED",
      `mesh code must have 4, 6, 8, 9 or 10 digits, got ${code.length} ("${code}")`,
      code,
    );
  }
  // Digit ranges: 2nd-level digits 0–7, 3rd-level 0–9 (any digit), half/quarter 1–4.
  if (code.length >= 6 && (code.charCodeAt(4) > 55 || code.charCodeAt(5) > 55)) {
    throw new MeshCodeError("MESH_CODE_MALFORMED", `2nd-level digits of "${code}" must be 0–7`, code);
  }
  for (const i of [8, 9]) {
    const c = code[i];
    if (c !== undefined && (c < "1" || c > "4")) {
      throw new MeshCodeError("MESH_CODE_MALFORMED", `half/quarter digit of "${code}" must be 1–4`, code);
    }
  }
  return level;
}

/** South-west corner and size, in integer units. */
function cornerUnits(code: string): { y: number; x: number; h: number; w: number } {
  const level = meshLevelOf(code);
  const d = (i: number) => code.charCodeAt(i) - 48;
  let y = (d(0) * 10 + d(1)) * LAT_1ST;
  let x = (d(2) * 10 + d(3)) * LON_1ST;
  let h = LAT_1ST;
  let w = LON_1ST;
  if (level !== "1st") {
    y += d(4) * LAT_2ND;
    x += d(5) * LON_2ND;
    h = LAT_2ND;
    w = LON_2ND;
  }
  if (level === "3rd" || level === "half" || level === "quarter") {
    y += d(6) * LAT_3RD;
    x += d(7) * LON_3RD;
    h = LAT_3RD;
    w = LON_3RD;
  }
  if (level === "half" || level === "quarter") {
    const m = d(8) - 1;
    y += Math.floor(m / 2) * LAT_HALF;
    x += (m % 2) * LON_HALF;
    h = LAT_HALF;
    w = LON_HALF;
  }
  if (level === "quarter") {
    const n = d(9) - 1;
    y += Math.floor(n / 2) * LAT_QUARTER;
    x += (n % 2) * LON_QUARTER;
    h = LAT_QUARTER;
    w = LON_QUARTER;
  }
  return { y, x, h, w };
}

/** The cell's bounding box in degrees. Throws `MeshCodeError` on a malformed code. */
export function meshBounds(code: string): { south: number; west: number; north: number; east: number } {
  const { y, x, h, w } = cornerUnits(code);
  return {
    south: y / UNITS_PER_DEG,
    west: 100 + x / UNITS_PER_DEG,
    north: (y + h) / UNITS_PER_DEG,
    east: 100 + (x + w) / UNITS_PER_DEG,
  };
}

/** The cell's centre in degrees. Throws `MeshCodeError` on a malformed code. */
export function meshCentre(code: string): { lat: number; lon: number } {
  const { y, x, h, w } = cornerUnits(code);
  return { lat: (y + h / 2) / UNITS_PER_DEG, lon: 100 + (x + w / 2) / UNITS_PER_DEG };
}
