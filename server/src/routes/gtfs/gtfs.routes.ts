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
import { itemsOf, jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("gtfs");

/** The import's query: the contract's plus what runs on the feed. */
export const GtfsImportQuery = GtfsImportQuerySchema.extend({
  service: z.enum(["route_bus", "school_bus"]).default("route_bus").meta({
    description:
      "`route_bus` (路線バス・コミュニティバス: riders and 貨客混載) or `school_bus` (スクールバス: spare seats offered to residents, 混乗). Default `route_bus`.",
  }),
});

const FeedParams = TenantParams.extend({ feedId: z.string().min(1).max(100) });

export const importGtfsRoute = route("post", "/api/v1/municipalities/{code}/gtfs-imports", {
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
  responses: { 201: jsonResponse(GtfsImportResultSchema, "Imported.") },
});

export const listFeedsRoute = route("get", "/api/v1/municipalities/{code}/gtfs-feeds", {
  summary: "Imported feeds with their row counts",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(itemsOf(GtfsFeedSummarySchema), "Feeds.") },
});

export const departuresRoute = route("get", "/api/v1/municipalities/{code}/gtfs-feeds/{feedId}/departures", {
  summary: "Departures per stop on one service day",
  request: { params: FeedParams, query: DeparturesQuerySchema },
  responses: { 200: jsonResponse(StopDeparturesSchema, "Counts per stop.") },
});

export const timetableRoute = route("get", "/api/v1/municipalities/{code}/gtfs-feeds/{feedId}/timetable", {
  summary: "Routes with their line and every trip's times",
  request: { params: FeedParams },
  responses: { 200: jsonResponse(GtfsTimetableSchema, "Timetable.") },
});

export const spareCapacityRoute = route(
  "put",
  "/api/v1/municipalities/{code}/gtfs-feeds/{feedId}/trips/{tripId}/spare-capacity",
  {
    summary: "Set the spare seats and cargo room a trip offers (混乗 / 貨客混載)",
    request: {
      params: FeedParams.extend({ tripId: z.string().min(1).max(200) }),
      body: jsonBody(SpareCapacityInputSchema),
    },
    responses: { 200: jsonResponse(SpareCapacityInputSchema.extend({ tripId: z.string() }), "Saved.") },
  },
);
