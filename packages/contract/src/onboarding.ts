import { z } from "zod";

/**
 * Wire shapes for bringing a real municipality in from its public files:
 * the N03 boundary, the e-Stat mesh population and the registers.
 */

/** One problem with an uploaded file: where (`file:line:field`, a feature path, `row 3 / 緯度`) and why. */
export const ImportIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

/** What a stored N03 boundary holds. */
export const BoundaryFactsSchema = z.object({
  /** The municipality as N03 names it: 小菅村, 珠洲市. */
  name: z.string(),
  prefecture: z.string(),
  /** 山梨県北都留郡小菅村. */
  fullName: z.string(),
  /** How the features were chosen: by N03_007, as a designated city's wards, or a pre-clipped file's name. */
  matchedBy: z.enum(["n03_007", "designated_city_wards", "name"]),
  /** Features of the file kept. */
  features: z.number().int(),
  polygons: z.number().int(),
  holes: z.number().int(),
  vertices: z.number().int(),
  /** Vertices of the lighter copy the map draws. */
  mapVertices: z.number().int(),
  areaKm2: z.number(),
  /** [west, south, east, north]. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** The 1st meshes (4 digits) the boundary touches: the e-Stat files to download. */
  firstMeshes: z.array(z.string()),
  encoding: z.string(),
  importedAt: z.string(),
});
export type BoundaryFacts = z.infer<typeof BoundaryFactsSchema>;

/** What the stored e-Stat population holds, as counted inside the boundary. */
export const PopulationReportSchema = z
  .object({
    censusYear: z.number().int(),
    /** Mesh level: 3rd = 1 km (3次), half = 500 m (4次), quarter = 250 m (5次). */
    level: z.string(),
    /** e-Stat table ids, e.g. ["T001100"]. */
    tables: z.array(z.string()),
    firstMeshes: z.array(z.string()),
    /** Cells in the files. */
    cellsRead: z.number().int(),
    cellsInside: z.number().int(),
    /** Cells crossing the boundary, counted by the share of their area inside. */
    cellsPartlyInside: z.number().int(),
    /** Cells outside the boundary (kept in store, counted as 0, so a new boundary re-weighs them). */
    cellsOutside: z.number().int(),
    /** Cells inside whose age bands e-Stat concealed (HTKSYORI=2), estimated from their receiving cell. */
    concealedCells: z.number().int(),
    /** Share-weighted sums, rounded to whole people. */
    people: z.number().int(),
    age65plus: z.number().int(),
    age75plus: z.number().int(),
    importedAt: z.string(),
  })
  .meta({ id: "PopulationReport" });
export type PopulationReport = z.infer<typeof PopulationReportSchema>;

export const BoundaryImportResultSchema = BoundaryFactsSchema.extend({
  /** True when an earlier boundary was replaced. */
  replaced: z.boolean(),
  /** The stored population re-weighed by the new boundary (its report then changed), or null when none is stored. */
  population: PopulationReportSchema.nullable(),
  warnings: z.array(ImportIssueSchema),
}).meta({ id: "BoundaryImportResult" });
export type BoundaryImportResult = z.infer<typeof BoundaryImportResultSchema>;

export const PopulationImportResultSchema = PopulationReportSchema.extend({
  replaced: z.boolean(),
  warnings: z.array(ImportIssueSchema),
}).meta({ id: "PopulationImportResult" });
export type PopulationImportResult = z.infer<typeof PopulationImportResultSchema>;

export const PopulationImportQuerySchema = z.object({
  censusYear: z.coerce.number().int().min(1995).max(2100).optional().meta({
    description: "The census year when the files do not tell it (an e-Stat table id Tsunagu does not know).",
  }),
});

/** The registers a CSV/XLSX file holds. */
export const RegisterKindSchema = z.enum(["places", "vehicles", "drivers", "residents"]);
export type RegisterKindName = z.infer<typeof RegisterKindSchema>;

export const RegisterImportResultSchema = z
  .object({
    kind: RegisterKindSchema,
    format: z.enum(["csv", "xlsx"]),
    /** The CSV's encoding as read (utf-8, shift_jis …); null for XLSX. */
    encoding: z.string().nullable(),
    /** The XLSX sheet read; null for CSV. */
    sheet: z.string().nullable(),
    rows: z.number().int(),
    /** Rows without an ID: new records. */
    created: z.number().int(),
    /** Rows with an ID: those records replaced. */
    updated: z.number().int(),
    /** Columns not read (a 備考 column …), said so rather than dropped in silence. */
    warnings: z.array(ImportIssueSchema),
  })
  .meta({ id: "RegisterImportResult" });
export type RegisterImportResult = z.infer<typeof RegisterImportResultSchema>;

/** The onboarding checklist's steps, in order. */
export const OnboardingStepKeySchema = z.enum([
  "boundary",
  "population",
  "timetables",
  "facilities",
  "vehicles_drivers",
  "residents",
  "drones",
]);
export type OnboardingStepKey = z.infer<typeof OnboardingStepKeySchema>;

export const OnboardingStatusSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    steps: z.array(
      z.object({
        key: OnboardingStepKeySchema,
        /** `done`; `todo` (needed); `optional` (drones: only where drones fly). */
        state: z.enum(["done", "todo", "optional"]),
        /** What is stored, by name (e.g. `{ polygons: 432 }`, `{ people: 673, censusYear: 2020 }`). */
        counts: z.record(z.string(), z.number()),
        /** What is missing, as stable codes the web app words (e.g. `no_boundary`, `needs_boundary_first`). */
        missing: z.array(z.string()),
      }),
    ),
    /** The 交通空白 map works: boundary, population and timetables are in. */
    coverageReady: z.boolean(),
    /** A match run can plan: vehicles and residents are in. */
    matchReady: z.boolean(),
  })
  .meta({ id: "OnboardingStatus" });
export type OnboardingStatus = z.infer<typeof OnboardingStatusSchema>;
