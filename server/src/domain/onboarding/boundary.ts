/**
 * A real municipality's boundary from 国土数値情報 N03 as MLIT publishes it
 * (a whole prefecture or one town, UTF-8 or Shift_JIS). The geo engine reads
 * and checks the file; this stores it with the map's lighter copy, replacing
 * the old boundary atomically and re-weighing the stored population by it.
 */
import type { BoundaryFacts, BoundaryImportResult, ImportIssue } from "@tsunagu/contract";
import { listMeshCells, replaceBoundary, withWriteLock } from "@tsunagu/db";
import {
  type Area,
  cellShares,
  firstMeshesOf,
  type N03Problem,
  parseArea,
  readN03Boundary,
} from "@tsunagu/geo";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { populationReportOf, storedPopulationBase } from "./population";

function n03Issue(p: N03Problem): ImportIssue {
  const feature = p.n03_007 ? ` (N03_007 ${p.n03_007})` : "";
  return { path: p.field, message: `${p.message}${feature}`, code: p.code };
}

export function emptyUpload(what: string): DomainError {
  return new DomainError("file_invalid", `The body is empty; send the ${what} as the body.`, {
    errors: [{ path: "body", message: "is empty", code: "EMPTY" }],
  });
}

/** The first step of a file import into municipality `code`: the municipality exists and the file is not empty. */
export async function requireImport(ctx: DomainContext, code: string, bytes: Uint8Array, what: string) {
  await requireMunicipality(ctx.db, code);
  if (bytes.length === 0) throw emptyUpload(what);
}

/** The stored boundary as an engine area, or undefined when none is stored. */
export function storedArea(boundaryGeojson: string | null): Area | undefined {
  if (!boundaryGeojson) return undefined;
  const parsed = parseArea(JSON.parse(boundaryGeojson), "boundary");
  return parsed.ok ? parsed.area : undefined;
}

/**
 * Imports the municipality's boundary from an N03 GeoJSON file: the features
 * whose N03_007 is its code, Polygon or MultiPolygon with islets and holes.
 * A file without the code, non-polygons or broken rings are refused with the
 * feature named, and nothing changes.
 */
export async function importBoundary(
  ctx: DomainContext,
  code: string,
  bytes: Uint8Array,
): Promise<BoundaryImportResult> {
  await requireImport(ctx, code, bytes, "N03 GeoJSON file");
  const read = readN03Boundary(bytes, code);
  if (!read.ok) {
    throw new DomainError(
      "file_invalid",
      `The boundary was refused: ${read.problems.length} problem(s). Nothing was changed.`,
      { errors: read.problems.map(n03Issue) },
    );
  }
  return storeBoundary(ctx, code, read);
}

/** An N03 file read without problems. */
export type ReadBoundary = Extract<ReturnType<typeof readN03Boundary>, { ok: true }>;

/**
 * Stores a boundary already read from its N03 file (the upload above, or the
 * file a municipality is created with): the polygons, the map's lighter copy,
 * the import's facts, and the stored population weighed anew.
 */
export async function storeBoundary(
  ctx: DomainContext,
  code: string,
  read: ReadBoundary,
): Promise<BoundaryImportResult> {
  const { db } = ctx;
  const municipality = await requireMunicipality(db, code);
  const b = read.boundary;
  // A pre-clipped file carries only a name: it must be this municipality's.
  if (b.matchedBy === "name" && b.name !== municipality.name) {
    throw new DomainError("file_invalid", "The boundary was refused: it is another municipality's.", {
      errors: [
        {
          path: "features[0].properties.name",
          message: `the file is for ${b.fullName}, but ${code} is ${municipality.name}`,
          code: "N03_NAME_MISMATCH",
        },
      ],
    });
  }
  const area = parseArea(b.geometry, "boundary");
  if (!area.ok) {
    throw new DomainError("file_invalid", "The boundary's polygons do not form an area.", {
      errors: area.problems.map((p) => ({ path: p.field, message: p.message, code: p.code })),
    });
  }
  const facts: BoundaryFacts = {
    name: b.name,
    prefecture: b.prefecture,
    fullName: b.fullName,
    matchedBy: b.matchedBy,
    features: b.features.length,
    polygons: b.polygons,
    holes: b.holes,
    vertices: b.vertices,
    mapVertices: b.simplifiedVertices,
    areaKm2: Math.round(b.areaKm2 * 100) / 100,
    bbox: b.bbox,
    firstMeshes: firstMeshesOf(area.area),
    encoding: b.encoding,
    importedAt: ctx.now.toISOString(),
  };
  const properties = { municipalityCode: code, name: b.name, fullName: b.fullName };
  const [west, south, east, north] = b.bbox;
  return withWriteLock(db, async () => {
    // Read inside the lock: a population import in between would otherwise keep the old weights.
    const current = await requireMunicipality(db, code);
    const base = storedPopulationBase(current);
    const cells = base ? await listMeshCells(db, code) : [];
    const shares = cellShares(
      cells.map((c) => c.code),
      area.area,
    );
    const population =
      base && cells.length > 0
        ? populationReportOf(
            base,
            cells.map((c) => ({ ...c, share: shares.get(c.code) ?? 0 })),
          )
        : null;
    await replaceBoundary(db, code, {
      geojson: JSON.stringify({ type: "Feature", properties, geometry: b.geometry }),
      mapGeojson: JSON.stringify({ type: "Feature", properties, geometry: b.simplified }),
      facts: JSON.stringify(facts),
      centreLat: (south + north) / 2,
      centreLon: (west + east) / 2,
      ...(population ? { population: { shares, report: JSON.stringify(population) } } : {}),
    });
    return {
      ...facts,
      replaced: current.boundaryGeojson !== null,
      population,
      warnings: read.warnings.map(n03Issue),
    };
  });
}
