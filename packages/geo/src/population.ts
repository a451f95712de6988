/**
 * A municipality's population from e-Stat mesh statistics: every cell
 * weighted by the share of its area inside the boundary.
 *
 * Why shares rather than "the cell whose centre is inside": a 1 km cell
 * straddling the border of a village of 700 people can hold a tenth of it,
 * and the centre rule gives all or nothing. Shares treat people as spread
 * evenly over their cell — the only assumption the published figures allow.
 *
 * Shares are exact: each boundary ring is clipped to the cell's rectangle
 * (Sutherland–Hodgman; a rectangle is convex, so any simple ring clips
 * correctly) and the clipped areas are compared in degree space, where a
 * mesh cell is a rectangle and the scale over 1 km varies by ~1e-4. Only the
 * cells a ring passes through are clipped; every other cell lies wholly
 * inside or outside, which its centre tells.
 */
import { type Area, areaContains } from "./area";
import {
  type AreaTotals,
  distributeConcealed,
  type EstatParseResult,
  type EstatProblem,
  type PopulationCell,
  sumCells,
} from "./estat";
import { MESH_SIZE_DEG, type MeshLevel, meshBounds, meshCentre, meshLevelOf, toMeshCode } from "./mesh";

/** Shares this close to 0 or 1 are rounding in the clip, not land. */
const SHARE_EPSILON = 1e-9;

type Ring = readonly (readonly number[])[];

/**
 * Clip `xs`/`ys` (a ring, relative to the cell's south-west corner) to one
 * side of an axis-parallel line, writing into `ox`/`oy`.
 */
function clipSide(
  xs: number[],
  ys: number[],
  ox: number[],
  oy: number[],
  onX: boolean,
  bound: number,
  keepAbove: boolean,
): void {
  ox.length = 0;
  oy.length = 0;
  const n = xs.length;
  if (n === 0) return;
  let px = xs[n - 1] as number;
  let py = ys[n - 1] as number;
  let pv = onX ? px : py;
  let pin = keepAbove ? pv >= bound : pv <= bound;
  for (let i = 0; i < n; i++) {
    const cx = xs[i] as number;
    const cy = ys[i] as number;
    const cv = onX ? cx : cy;
    const cin = keepAbove ? cv >= bound : cv <= bound;
    if (cin !== pin) {
      const t = (bound - pv) / (cv - pv);
      if (onX) {
        ox.push(bound);
        oy.push(py + t * (cy - py));
      } else {
        ox.push(px + t * (cx - px));
        oy.push(bound);
      }
    }
    if (cin) {
      ox.push(cx);
      oy.push(cy);
    }
    px = cx;
    py = cy;
    pv = cv;
    pin = cin;
  }
}

/** Area (degrees², unsigned) of `ring` ∩ the rectangle [west, west+w] × [south, south+h]. */
export function clippedRingArea(ring: Ring, west: number, south: number, w: number, h: number): number {
  // Work relative to the corner: products of ~139 and ~35 would cost digits the shoelace needs.
  let xs: number[] = [];
  let ys: number[] = [];
  const first = ring[0];
  const last = ring[ring.length - 1];
  const closed = first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  for (let i = 0; i < ring.length - (closed ? 1 : 0); i++) {
    const p = ring[i] as readonly number[];
    xs.push((p[0] as number) - west);
    ys.push((p[1] as number) - south);
  }
  let ox: number[] = [];
  let oy: number[] = [];
  const sides: [boolean, number, boolean][] = [
    [true, 0, true],
    [true, w, false],
    [false, 0, true],
    [false, h, false],
  ];
  for (const [onX, bound, keepAbove] of sides) {
    clipSide(xs, ys, ox, oy, onX, bound, keepAbove);
    [xs, ys, ox, oy] = [ox, oy, xs, ys];
  }
  let twice = 0;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++)
    twice += (xs[j] as number) * (ys[i] as number) - (xs[i] as number) * (ys[j] as number);
  return Math.abs(twice) / 2;
}

/**
 * The share (0–1) of each cell's area that lies inside `area`. All codes must
 * be of one mesh level; a code not of a valid mesh throws `MeshCodeError`.
 */
export function cellShares(codes: readonly string[], area: Area): Map<string, number> {
  const shares = new Map<string, number>();
  if (codes.length === 0) return shares;
  const level = meshLevelOf(codes[0] as string);
  const { lat: h, lon: w } = MESH_SIZE_DEG[level];
  // Cells by (row, column) of the level's grid, to find those a ring passes through.
  const key = (row: number, col: number) => row * 100_000 + col;
  const byKey = new Map<number, string>();
  for (const code of codes) {
    const b = meshBounds(code);
    byKey.set(key(Math.round(b.south / h), Math.round((b.west - 100) / w)), code);
  }
  const touched = new Set<string>();
  for (const polygon of area.polygons)
    for (const ring of polygon.coordinates)
      for (let i = 1; i < ring.length; i++) {
        const [x1, y1] = ring[i - 1] as [number, number];
        const [x2, y2] = ring[i] as [number, number];
        const r0 = Math.floor(Math.min(y1, y2) / h);
        const r1 = Math.floor(Math.max(y1, y2) / h);
        const c0 = Math.floor((Math.min(x1, x2) - 100) / w);
        const c1 = Math.floor((Math.max(x1, x2) - 100) / w);
        for (let r = r0; r <= r1; r++)
          for (let c = c0; c <= c1; c++) {
            const code = byKey.get(key(r, c));
            if (code !== undefined) touched.add(code);
          }
      }
  for (const code of codes) {
    if (!touched.has(code)) {
      const { lat, lon } = meshCentre(code);
      shares.set(code, areaContains(area, lat, lon) ? 1 : 0);
      continue;
    }
    const b = meshBounds(code);
    let inside = 0;
    for (const p of area.polygons) {
      if (p.bbox[0] > b.east || p.bbox[2] < b.west || p.bbox[1] > b.north || p.bbox[3] < b.south) continue;
      p.coordinates.forEach((ring, i) => {
        const a = clippedRingArea(ring, b.west, b.south, w, h);
        inside += i === 0 ? a : -a;
      });
    }
    const share = inside / (w * h);
    shares.set(code, share < SHARE_EPSILON ? 0 : share > 1 - SHARE_EPSILON ? 1 : share);
  }
  return shares;
}

/** A cell's figures times its share inside the boundary (so fractions of people). */
export interface WeightedCell extends PopulationCell {
  /** Share of the cell's area inside the boundary, 0 < share ≤ 1. */
  share: number;
  /** The cell's age bands are estimated from its receiving cell (HTKSYORI=2). */
  concealed: boolean;
}

/** What an import read and kept, for the person importing it. */
export interface PopulationImportReport {
  censusYear: number;
  level: MeshLevel;
  /** The files' e-Stat table ids, e.g. ["T001100"]. */
  tables: string[];
  firstMeshes: string[];
  /** Cells in the files (every populated cell of their 1st meshes). */
  cellsRead: number;
  /** Cells wholly inside the boundary. */
  cellsInside: number;
  /** Cells crossing the boundary, counted by the share of their area inside. */
  cellsPartlyInside: number;
  /** Cells outside the boundary, dropped. */
  cellsOutside: number;
  /** Kept cells whose age bands e-Stat concealed (HTKSYORI=2), estimated from their receiving cell — never as zero. */
  concealedCells: number;
  /** Share-weighted sums, rounded to whole people. */
  people: number;
  age65plus: number;
  age75plus: number;
  /** The same files by the other usual rule — whole cells whose centre is inside — for comparison. */
  centreInside: AreaTotals;
}

export type PopulationImportResult =
  | { ok: true; cells: WeightedCell[]; report: PopulationImportReport; warnings: EstatProblem[] }
  | { ok: false; problems: EstatProblem[] };

export interface PopulationImportOptions {
  /** The census year when the files do not tell it (an e-Stat table id this module does not know). */
  censusYear?: number;
}

/** The 1st meshes (4-digit codes) the area's bounding box touches: the files a user should download. */
export function firstMeshesOf(area: Area): string[] {
  const [w, s, e, n] = area.bbox;
  const { lat: h, lon: lw } = MESH_SIZE_DEG["1st"];
  const out: string[] = [];
  for (let lat = Math.floor(s / h) * h; lat <= n; lat += h)
    for (let lon = 100 + Math.floor((w - 100) / lw) * lw; lon <= e; lon += lw)
      out.push(toMeshCode(lat + h / 2, lon + lw / 2, "1st"));
  return out.sort();
}

/**
 * The population inside `area` from parsed e-Stat files: concealed age bands
 * spread over their group first (over every cell read, since a group can
 * straddle the border), then every cell weighted by its share inside. Refuses
 * files whose census year is unknown (unless given) and files with no cell
 * inside the boundary, naming the 1st meshes that would cover it.
 */
export function importPopulation(
  parsed: Extract<EstatParseResult, { ok: true }>,
  area: Area,
  options: PopulationImportOptions = {},
): PopulationImportResult {
  const problem = (code: EstatProblem["code"], field: string, message: string): PopulationImportResult => ({
    ok: false,
    problems: [{ file: "", line: 0, field, code, message }],
  });
  const censusYear = parsed.censusYear ?? options.censusYear;
  if (censusYear === undefined)
    return problem(
      "ESTAT_CENSUS_YEAR",
      "censusYear",
      `the files do not say which census they are from (table ${parsed.tables.map((t) => t.tableId ?? "unknown").join(", ")}); give the census year`,
    );
  const level = parsed.level;
  const firstMeshes = [...new Set(parsed.tables.flatMap((t) => t.firstMeshes))].sort();
  const shares = cellShares(
    parsed.rows.map((r) => r.code),
    area,
  );
  const all = distributeConcealed(parsed.rows);
  const concealed = new Set(parsed.rows.filter((r) => r.htksyori === 2).map((r) => r.code));
  const cells: WeightedCell[] = [];
  let cellsInside = 0;
  let cellsPartlyInside = 0;
  for (const c of all) {
    const share = shares.get(c.code) ?? 0;
    if (share === 0) continue;
    if (share === 1) cellsInside++;
    else cellsPartlyInside++;
    cells.push({
      code: c.code,
      population: c.population * share,
      age65plus: c.age65plus * share,
      age75plus: c.age75plus * share,
      share,
      concealed: concealed.has(c.code),
    });
  }
  if (level === null || cells.length === 0) {
    return problem(
      "ESTAT_OUTSIDE_BOUNDARY",
      "KEY_CODE",
      `none of the ${parsed.rows.length} cells (1st mesh ${firstMeshes.join(", ") || "none"}) lies inside the boundary; the boundary needs 1st mesh ${firstMeshesOf(area).join(", ")}`,
    );
  }
  const weighted = sumCells(cells);
  const centre = sumCells(
    all.filter((c) => {
      const p = meshCentre(c.code);
      return areaContains(area, p.lat, p.lon);
    }),
  );
  return {
    ok: true,
    cells,
    warnings: parsed.warnings,
    report: {
      censusYear,
      level,
      tables: [...new Set(parsed.tables.flatMap((t) => (t.tableId === null ? [] : [t.tableId])))],
      firstMeshes,
      cellsRead: parsed.rows.length,
      cellsInside,
      cellsPartlyInside,
      cellsOutside: parsed.rows.length - cells.length,
      concealedCells: cells.filter((c) => c.concealed).length,
      people: Math.round(weighted.population),
      age65plus: Math.round(weighted.age65plus),
      age75plus: Math.round(weighted.age75plus),
      centreInside: centre,
    },
  };
}
