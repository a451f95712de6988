import {
  CoverageExportGeoJsonSchema,
  CoverageExportQuerySchema,
  CoverageRequestSchema,
  CoverageResponseSchema,
  StopServiceQuerySchema,
  StopServiceResponseSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { TenantParams } from "../../lib/params";
import { jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("coverage");

const DATE_RULE =
  "The service day defaults to the first day on or after today (Asia/Tokyo) on which any of the municipality's GTFS feeds runs a trip (looking up to a year ahead), so a Sunday or a holiday shows the next normal day; with no running feed it is today. `params.dateSource` says which rule applied.";

export const stopServiceRoute = route("get", "/api/v1/municipalities/{code}/stops/service", {
  summary: "Departures per stop in a time band on one service day",
  description: `Counts, per boardable stop of every imported feed, the departures a rider can board within the band (default 08:00-18:00). ${DATE_RULE}`,
  request: { params: TenantParams, query: StopServiceQuerySchema },
  responses: { 200: jsonResponse(StopServiceResponseSchema, "Stops with their departures.") },
});

const body = {
  required: true,
  content: {
    "application/json": {
      schema: CoverageRequestSchema,
      example: { preset: "rural", band: "08:00-18:00", minDepartures: 1 },
    },
  },
};

export const coverageRoute = route("post", "/api/v1/municipalities/{code}/coverage", {
  summary: "交通空白 analysis, optionally with what-if supply",
  description: `A 500 m mesh cell is served when a stop with at least \`minDepartures\` departures in the band lies within the walking radius of its centre (rural: bus 500 m, rail 1,000 m; urban: bus 300 m, rail 500 m; every value can be overridden). Rail = stops called at by GTFS route types 1, 2, 12, 100–199. Cells are clipped to the municipality's boundary unless \`clipToBoundary\` is false. \`whatIf\` compares the totals before and after extra non-public supply: on-demand zones, facility shuttles (counted only when a window overlaps the band), the municipality's facility vans (\`useFacilityVans\`), school-bus stops residents may board, and drone ports (parcels only, never passengers). ${DATE_RULE}`,
  request: { params: TenantParams, body },
  responses: {
    200: jsonResponse(
      CoverageResponseSchema,
      "Totals, cells and stops as GeoJSON, and the what-if comparison.",
    ),
  },
});

export const coverageExportRoute = route("post", "/api/v1/municipalities/{code}/coverage/export", {
  summary: "Download the 交通空白 cells as GeoJSON or CSV",
  description:
    "Same body as the analysis. CSV: one row per cell (mesh code, population, 65+, 75+, served 1/0, metres to the nearest qualifying stop, turned served by the what-if 1/0), UTF-8 with a BOM and CRLF so Excel opens it. GeoJSON: the cells with the parameters and totals in a `tsunagu` member.",
  request: { params: TenantParams, query: CoverageExportQuerySchema, body },
  responses: {
    200: {
      content: {
        "text/csv": { schema: z.string() },
        "application/geo+json": { schema: CoverageExportGeoJsonSchema },
      },
      description: "The file, as an attachment.",
    },
  },
});
