import { createRoute } from "@hono/zod-openapi";
import {
  DeparturesQuerySchema,
  GtfsFeedSummarySchema,
  GtfsImportQuerySchema,
  GtfsImportResultSchema,
  GtfsTimetableSchema,
  SpareCapacityInputSchema,
  StopDeparturesSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { TenantParams } from "../../lib/params";

/** The import's query: the contract's plus what runs on the feed. */
export const GtfsImportQuery = GtfsImportQuerySchema.extend({
  service: z.enum(["route_bus", "school_bus"]).default("route_bus").meta({
    description:
      "`route_bus` (路線バス・コミュニティバス: riders and 貨客混載) or `school_bus` (スクールバス: spare seats offered to residents, 混乗). Default `route_bus`.",
  }),
});

const FeedParams = TenantParams.extend({ feedId: z.string().min(1).max(100) });

export const importGtfsRoute = createRoute({
  method: "post",
  path: "/api/v1/municipalities/{code}/gtfs-imports",
  tags: ["gtfs"],
  summary: "Import a GTFS-JP feed (zip)",
  description:
    "Send the zip as the request body (application/zip). Every problem is reported as `errors` with paths `file:line:field`; a refused feed changes nothing. A feed with the same name replaces the earlier import atomically.",
  request: {
    params: TenantParams,
    query: GtfsImportQuery,
    body: {
      required: true,
      content: { "application/zip": { schema: z.string().meta({ format: "binary" }) } },
    },
  },
  responses: {
    201: { content: { "application/json": { schema: GtfsImportResultSchema } }, description: "Imported." },
  },
});

export const listFeedsRoute = createRoute({
  method: "get",
  path: "/api/v1/municipalities/{code}/gtfs-feeds",
  tags: ["gtfs"],
  summary: "Imported feeds with their row counts",
  request: { params: TenantParams },
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ items: z.array(GtfsFeedSummarySchema) }) } },
      description: "Feeds.",
    },
  },
});

export const departuresRoute = createRoute({
  method: "get",
  path: "/api/v1/municipalities/{code}/gtfs-feeds/{feedId}/departures",
  tags: ["gtfs"],
  summary: "Departures per stop on one service day",
  request: { params: FeedParams, query: DeparturesQuerySchema },
  responses: {
    200: {
      content: { "application/json": { schema: StopDeparturesSchema } },
      description: "Counts per stop.",
    },
  },
});

export const timetableRoute = createRoute({
  method: "get",
  path: "/api/v1/municipalities/{code}/gtfs-feeds/{feedId}/timetable",
  tags: ["gtfs"],
  summary: "Routes with their line and every trip's times",
  request: { params: FeedParams },
  responses: {
    200: { content: { "application/json": { schema: GtfsTimetableSchema } }, description: "Timetable." },
  },
});

export const spareCapacityRoute = createRoute({
  method: "put",
  path: "/api/v1/municipalities/{code}/gtfs-feeds/{feedId}/trips/{tripId}/spare-capacity",
  tags: ["gtfs"],
  summary: "Set the spare seats and cargo room a trip offers (混乗 / 貨客混載)",
  request: {
    params: FeedParams.extend({ tripId: z.string().min(1).max(200) }),
    body: { required: true, content: { "application/json": { schema: SpareCapacityInputSchema } } },
  },
  responses: {
    200: {
      content: { "application/json": { schema: SpareCapacityInputSchema.extend({ tripId: z.string() }) } },
      description: "Saved.",
    },
  },
});
