/**
 * A real municipality's population from e-Stat mesh statistics as
 * downloaded (the zips of `tblT…txt`, CP932; several 1st meshes at once).
 * The geo engine parses them, fills concealed cells' age bands (never zero
 * people) and weighs each cell by its share inside the stored boundary; this
 * stores every cell read with its share (so a new boundary re-weighs them) and
 * the report, replacing the old population atomically.
 */
import type { ImportIssue, PopulationImportResult, PopulationReport } from "@tsunagu/contract";
import { type MunicipalityRow, replacePopulation, type StoredMeshCell, withWriteLock } from "@tsunagu/db";
import {
  cellShares,
  distributeConcealed,
  type EstatFile,
  type EstatProblem,
  importPopulation,
  parseEstatMeshFiles,
} from "@tsunagu/geo";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { emptyUpload, storedArea } from "./boundary";

/** The parts of a population report that do not depend on the boundary. */
export type PopulationBase = Pick<
  PopulationReport,
  "censusYear" | "level" | "tables" | "firstMeshes" | "importedAt"
>;

/** The stored report's boundary-independent part, or undefined when no population was imported. */
export function storedPopulationBase(
  m: Pick<MunicipalityRow, "populationImport">,
): PopulationBase | undefined {
  if (!m.populationImport) return undefined;
  const r = JSON.parse(m.populationImport) as PopulationReport;
  return {
    censusYear: r.censusYear,
    level: r.level,
    tables: r.tables,
    firstMeshes: r.firstMeshes,
    importedAt: r.importedAt,
  };
}

/** The report of stored cells under their shares: one rule for an import and for a re-weighing by a new boundary. */
export function populationReportOf(base: PopulationBase, cells: readonly StoredMeshCell[]): PopulationReport {
  let people = 0;
  let age65plus = 0;
  let age75plus = 0;
  for (const c of cells) {
    people += c.population * c.share;
    age65plus += c.aged65plus * c.share;
    age75plus += c.aged75plus * c.share;
  }
  const kept = cells.filter((c) => c.share > 0);
  return {
    ...base,
    cellsRead: cells.length,
    cellsInside: cells.filter((c) => c.share >= 1).length,
    cellsPartlyInside: kept.filter((c) => c.share < 1).length,
    cellsOutside: cells.length - kept.length,
    concealedCells: kept.filter((c) => c.concealed).length,
    people: Math.round(people),
    age65plus: Math.round(age65plus),
    age75plus: Math.round(age75plus),
  };
}

function estatIssue(p: EstatProblem): ImportIssue {
  const where = [p.file, p.line ? String(p.line) : "", p.field].filter(Boolean).join(":");
  return { path: where, message: p.message, code: p.code };
}

function refused(problems: readonly EstatProblem[]): DomainError {
  return new DomainError(
    "file_invalid",
    `The population files were refused: ${problems.length} problem(s). Nothing was changed.`,
    { errors: problems.map(estatIssue) },
  );
}

/**
 * Imports e-Stat mesh population files (zips or `.txt` tables; 3次, 4次 or
 * 5次; one census) for the municipality. Needs the boundary first. Files
 * with no cell inside the boundary are refused naming the 1st meshes the
 * boundary needs; any other problem names file, line and field.
 */
export async function importPopulationFiles(
  ctx: DomainContext,
  code: string,
  files: readonly EstatFile[],
  options: { censusYear?: number | undefined } = {},
): Promise<PopulationImportResult> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  if (files.length === 0 || files.every((f) => f.bytes.length === 0))
    throw emptyUpload("e-Stat mesh statistics (zip or tblT….txt)");
  const parsed = parseEstatMeshFiles(files);
  if (!parsed.ok) throw refused(parsed.problems);
  // The boundary is read inside the lock, so a boundary import cannot slip between weighing and storing.
  return withWriteLock(db, async () => {
    const area = storedArea((await requireMunicipality(db, code)).boundaryGeojson);
    if (!area)
      throw new DomainError(
        "boundary_required",
        "Import the municipality's N03 boundary first: the population is counted inside it.",
      );
    const checked = importPopulation(
      parsed,
      area,
      options.censusYear === undefined ? {} : { censusYear: options.censusYear },
    );
    if (!checked.ok) throw refused(checked.problems);
    const concealed = new Set(parsed.rows.filter((r) => r.htksyori === 2).map((r) => r.code));
    const households = new Map(parsed.rows.map((r) => [r.code, r.households ?? 0]));
    const shares = cellShares(
      parsed.rows.map((r) => r.code),
      area,
    );
    const cells: StoredMeshCell[] = distributeConcealed(parsed.rows).map((c) => ({
      code: c.code,
      population: c.population,
      aged65plus: c.age65plus,
      aged75plus: c.age75plus,
      households: households.get(c.code) ?? 0,
      share: shares.get(c.code) ?? 0,
      concealed: concealed.has(c.code),
    }));
    const { report: r } = checked;
    const base = {
      censusYear: r.censusYear,
      level: r.level,
      tables: r.tables,
      firstMeshes: r.firstMeshes,
      importedAt: ctx.now.toISOString(),
    };
    const report = populationReportOf(base, cells);
    const { replaced } = await replacePopulation(db, code, {
      censusYear: report.censusYear,
      report: JSON.stringify(report),
      cells,
    });
    return { ...report, replaced, warnings: checked.warnings.map(estatIssue) };
  });
}
