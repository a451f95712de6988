import { createRoute } from "@hono/zod-openapi";
import {
  BoundaryImportResultSchema,
  PopulationImportQuerySchema,
  PopulationImportResultSchema,
} from "@tsunagu/contract";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";

/**
 * A file body. A plain OpenAPI schema, not zod: the router would otherwise
 * parse a JSON or multipart body itself (and a Shift_JIS GeoJSON as UTF-8);
 * the domain reads the bytes.
 */
const binary = { type: "string", format: "binary" } as const;

export const importBoundaryRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/boundary-imports",
  tags: ["onboarding"],
  summary: "Import the municipality's N03 boundary (GeoJSON)",
  description:
    "Send an N03 行政区域 GeoJSON file as 国土数値情報 publishes it — a whole prefecture or one town, UTF-8 or Shift_JIS — as the body. The features whose N03_007 is the municipality's code are kept (islets and holes included). A file without the code, features that are not polygons and broken rings are refused with the feature named (`errors`), and nothing changes. The new boundary replaces the old one atomically and re-weighs the stored population by it.",
  request: {
    params: TenantParams,
    body: {
      required: true,
      content: {
        "application/geo+json": { schema: binary },
        "application/json": { schema: binary },
        "application/octet-stream": { schema: binary },
      },
    },
  },
  responses: {
    201: {
      content: { "application/json": { schema: BoundaryImportResultSchema } },
      description: "Imported.",
    },
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
    201: {
      content: { "application/json": { schema: PopulationImportResultSchema } },
      description: "Imported.",
    },
    ...problemResponses(409),
  },
});
