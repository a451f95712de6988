import { z } from "zod";
import { NON_BLANK } from "./documented";
import { IsoDateSchema } from "./registry";

/** Wire shapes for GTFS-JP imports and the timetable queries on imported feeds. */

export const GtfsCountsSchema = z.object({
  stops: z.number().int(),
  routes: z.number().int(),
  trips: z.number().int(),
  stopTimes: z.number().int(),
});

export const GtfsIssueSchema = z.object({
  /** "file:line:field", e.g. "stops.txt:12:stop_lat" (line 0 = the whole file). */
  path: z.string(),
  /** One English sentence for developers; the web shows its own words for the code. */
  message: z.string(),
  code: z.string(),
  /** The figures the code's sentence names, e.g. `{ outside: 178, total: 178 }` of GTFS_STOPS_OUTSIDE. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type GtfsIssue = z.infer<typeof GtfsIssueSchema>;

export const GtfsImportResultSchema = z
  .object({
    feedId: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    /** True when an earlier import of the same feed name was replaced. */
    replaced: z.boolean(),
    counts: GtfsCountsSchema,
    warnings: z.array(GtfsIssueSchema),
    /**
     * The spare seats and cargo room set on the replaced feed's trips: kept where the
     * trip still exists (same trip_id, same stops and times), the others listed as dropped.
     */
    spareCapacity: z.object({
      kept: z.number().int(),
      dropped: z.array(
        z.object({
          tripId: z.string(),
          reason: z.enum(["trip_gone", "times_changed"]),
          spareSeats: z.number(),
          spareCargoKg: z.number(),
          spareCargoLitres: z.number(),
        }),
      ),
    }),
  })
  .meta({ id: "GtfsImportResult" });
export type GtfsImportResult = z.infer<typeof GtfsImportResultSchema>;

export const GtfsImportQuerySchema = z.object({
  /** The stable feed name a re-import replaces; default: the first agency's name, else the feed_info publisher. */
  name: z.string().trim().min(1).max(200).meta(NON_BLANK).optional(),
});

export const GtfsFeedSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    importedAt: z.string(),
    counts: GtfsCountsSchema,
  })
  .meta({ id: "GtfsFeedSummary" });
export type GtfsFeedSummary = z.infer<typeof GtfsFeedSummarySchema>;

export const DeparturesQuerySchema = z.object({ date: IsoDateSchema });
export const StopDeparturesSchema = z
  .object({
    feedId: z.string(),
    date: z.string(),
    /** Service ids running that day (calendar + calendar_dates). */
    serviceIds: z.array(z.string()),
    stops: z.array(
      z.object({
        stopId: z.string(),
        name: z.string(),
        lat: z.number(),
        lon: z.number(),
        departures: z.number(),
      }),
    ),
    totalDepartures: z.number().int(),
  })
  .meta({ id: "StopDepartures" });
export type StopDepartures = z.infer<typeof StopDeparturesSchema>;

/** A route with its trips and timetable, for the routes screen and the map. */
export const GtfsRouteTimetableSchema = z.object({
  routeId: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  /** Stops of the longest trip, in order: the line drawn on the map. */
  line: z.array(z.object({ stopId: z.string(), name: z.string(), lat: z.number(), lon: z.number() })),
  trips: z.array(
    z.object({
      tripId: z.string(),
      serviceId: z.string(),
      headsign: z.string().nullable(),
      spareSeats: z.number(),
      spareCargoKg: z.number(),
      spareCargoLitres: z.number(),
      /** "HH:MM" (hours may pass 24) per stop call, in stop order. */
      calls: z.array(z.object({ stopId: z.string(), departure: z.string().nullable() })),
    }),
  ),
});
export const GtfsTimetableSchema = z
  .object({ feedId: z.string(), name: z.string(), routes: z.array(GtfsRouteTimetableSchema) })
  .meta({ id: "GtfsTimetable" });
export type GtfsTimetable = z.infer<typeof GtfsTimetableSchema>;

/** Spare capacity a scheduled trip offers to 混乗 (riders) and 貨客混載 (parcels). */
export const SpareCapacityInputSchema = z.object({
  spareSeats: z.number().int().min(0).max(120),
  spareCargoKg: z.number().min(0).max(5000),
  spareCargoLitres: z.number().min(0).max(20_000),
});
