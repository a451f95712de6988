import { createRoute } from "@hono/zod-openapi";
import {
  BoundaryImportResultSchema,
  OnboardingStatusSchema,
  PopulationImportQuerySchema,
  PopulationImportResultSchema,
  RegisterImportResultSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";
import { jsonResponse } from "../../lib/routeShapes";

/**
 * A file body. A plain OpenAPI schema, not zod: the router would otherwise
 * parse a JSON or multipart body itself (and a Shift_JIS GeoJSON as UTF-8);
 * the domain reads the bytes.
 */
const binary = { type: "string", format: "binary" } as const;

/** A required file body in any of `mediaTypes`. */
function fileBody<M extends string>(
  ...mediaTypes: M[]
): { required: true; content: Record<M, { schema: typeof binary }> } {
  const content = Object.fromEntries(mediaTypes.map((type) => [type, { schema: binary }]));
  return { required: true, content: content as Record<M, { schema: typeof binary }> };
}

export const importBoundaryRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/boundary-imports",
  tags: ["onboarding"],
  summary: "Import the municipality's N03 boundary (GeoJSON)",
  description:
    "Send an N03 行政区域 GeoJSON file as 国土数値情報 publishes it — a whole prefecture or one town, UTF-8 or Shift_JIS — as the body. The features whose N03_007 is the municipality's code are kept (islets and holes included). A file without the code, features that are not polygons and broken rings are refused with the feature named (`errors`), and nothing changes. The new boundary replaces the old one atomically and re-weighs the stored population by it.",
  request: {
    params: TenantParams,
    body: fileBody("application/geo+json", "application/octet-stream"),
  },
  responses: {
    201: jsonResponse(BoundaryImportResultSchema, "Imported."),
  },
});

export const importPopulationRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/mesh-imports",
  tags: ["onboarding"],
  summary: "Import the e-Stat mesh population (zip or tblT….txt; several at once)",
  description:
    "Send the e-Stat 地域メッシュ統計 file as downloaded (the zip of `tblT…txt`, CP932; 3次 1 km, 4次 500 m or 5次 250 m) as the body, or several first meshes at once as `multipart/form-data` (each part a file, field name `files`). The boundary must be imported first: each cell counts by the share of its area inside it; concealed cells (秘匿) get their age bands from their receiving cell, never zero. Refused files name file, line and field, and nothing changes; the new population replaces the old one atomically. 409 boundary_required while no boundary is stored.",
  request: {
    params: TenantParams,
    query: PopulationImportQuerySchema,
    body: {
      required: true,
      content: {
        "application/zip": { schema: binary },
        "text/plain": { schema: binary },
        "multipart/form-data": {
          schema: { type: "object", properties: { files: { type: "array", items: binary } } },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(PopulationImportResultSchema, "Imported."),
    ...problemResponses(409),
  },
});

const REGISTER_NAMES = {
  places: "facilities and places (施設)",
  vehicles: "vehicles (車両)",
  drivers: "drivers (運転者)",
  residents: "the residents register (住民名簿)",
} as const;

/** The import of one register: a CSV or XLSX file as the body. */
export function registerImportRoute<K extends keyof typeof REGISTER_NAMES>(kind: K) {
  return createRoute({
    method: "post",
    path: `/api/v1/municipalities/{code}/register-imports/${kind}`,
    tags: ["onboarding"],
    summary: `Import ${REGISTER_NAMES[kind]} from CSV or XLSX`,
    description:
      "Send the file as the body: CSV (UTF-8 with or without BOM, or CP932 as Excel saves it) or XLSX (the first sheet with data). Columns are found by their Japanese header (or the API's field name) in any order, under a title row if there is one; 全角 digits, spaces and hyphens are normalised. A row with an ID replaces that record; a row without adds one. Every problem is reported with its row and column (`errors[].path` = `row 5, column C 緯度`), and any problem refuses the whole file: nothing is stored. The export of the same register has the same layout.",
    request: {
      params: TenantParams,
      body: fileBody(
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
      ),
    },
    responses: {
      201: jsonResponse(RegisterImportResultSchema, "Imported: every row stored."),
    },
  });
}

const RegisterExportQuery = z.object({
  format: z.enum(["csv", "xlsx"]).default("xlsx").meta({ description: "`xlsx` (default) or `csv`." }),
});

/** The export of one register, in the layout its import reads. */
export function registerExportRoute<K extends keyof typeof REGISTER_NAMES>(kind: K) {
  return createRoute({
    method: "get",
    path: `/api/v1/municipalities/{code}/register-exports/${kind}`,
    tags: ["onboarding"],
    summary: `Export ${REGISTER_NAMES[kind]} as CSV or XLSX`,
    description:
      "The register in the layout its import reads (Japanese headers, one row per record with its ID), so it can be edited in Excel and imported again. CSV is UTF-8 with a BOM.",
    request: { params: TenantParams, query: RegisterExportQuery },
    responses: {
      200: {
        content: {
          "text/csv": { schema: binary },
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: binary },
        },
        description: "The file, with Content-Disposition naming it.",
      },
    },
  });
}

export const REGISTER_ROUTE_KINDS = Object.keys(REGISTER_NAMES) as (keyof typeof REGISTER_NAMES)[];

export const onboardingStatusRoute = createRoute({
  method: "get",
  path: "/api/v1/municipalities/{code}/onboarding",
  tags: ["onboarding"],
  summary: "The onboarding checklist: each step's state, counts and what is missing",
  description:
    "境界 → 人口 → 時刻表 → 施設 → 車両・運転者 → 住民 → ドローン. Counts only, no personal data. `coverageReady`: the 交通空白 map works (boundary, population and timetables are in); `matchReady`: a match run can plan (vehicles and residents are in).",
  request: { params: TenantParams },
  responses: {
    200: jsonResponse(OnboardingStatusSchema, "The checklist."),
  },
});
