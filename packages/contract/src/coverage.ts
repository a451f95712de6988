import { z } from "zod";
import { describedRules, NON_BLANK } from "./documented";
import { FeatureCollectionSchema } from "./geojson";
import { IsoDateSchema, JAPAN_BOUNDS, PointSchema, TimeWindowSchema } from "./registry";

/**
 * Wire shapes of the 交通空白 (transport-blank) analysis: service per stop,
 * blank-area coverage of the population mesh, and what-if coverage from
 * non-public supply (on-demand zones, facility shuttles, school-bus 混乗
 * stops, drone ports).
 */

/** The band used when none is given: the daytime hours people travel to the clinic and the shops. */
export const DEFAULT_COVERAGE_BAND = "08:00-18:00";

/** Minutes of "HH:MM-HH:MM" (hours up to 48, as GTFS writes trips past midnight); undefined when malformed. */
export function parseBandMinutes(band: string): { from: number; to: number } | undefined {
  const m = /^(\d{2}):([0-5]\d)-(\d{2}):([0-5]\d)$/.exec(band);
  if (!m) return undefined;
  return { from: Number(m[1]) * 60 + Number(m[2]), to: Number(m[3]) * 60 + Number(m[4]) };
}

/** A clock time of a GTFS service day up to 47:59, and up to 48:00 where a band ends. */
const BAND_START = "([0-3]\\d|4[0-7]):[0-5]\\d";
const BAND_END = `(${BAND_START}|48:00)`;

/** A time band "HH:MM-HH:MM"; the end must be after the start, at most 48:00 (GTFS service-day times). */
export const TimeBandSchema = z
  .string()
  .superRefine((s, ctx) => {
    const b = parseBandMinutes(s);
    if (!b) ctx.addIssue({ code: "custom", message: "must look like 08:00-18:00" });
    else if (b.to <= b.from)
      ctx.addIssue({
        code: "custom",
        message: "must end after it starts",
        params: { code: "window_ends_before_start" },
      });
    else if (b.to > 48 * 60) ctx.addIssue({ code: "custom", message: "must end by 48:00" });
  })
  .meta({
    example: DEFAULT_COVERAGE_BAND,
    pattern: `^${BAND_START}-${BAND_END}$`,
    ...describedRules(
      "HH:MM-HH:MM, the end after the start and at most 48:00 (GTFS times run past midnight).",
      ["window_ends_before_start"],
    ),
  });

/** A walking radius in metres: positive and at most 10 km (a longer "walk" is a typo, not a policy). */
const WalkRadiusSchema = z
  .number()
  .gt(0, "must be more than 0 m")
  .max(10_000, "must be at most 10,000 m (a walking distance)");
/** A service radius (vans, drones) in metres: positive and at most 50 km. */
const ServiceRadiusSchema = z.number().gt(0, "must be more than 0 m").max(50_000, "must be at most 50,000 m");
const NameSchema = z.string().trim().min(1).max(100).meta(NON_BLANK);

/** A GeoJSON position [lon, lat] inside Japan. */
const PositionSchema = z
  .array(z.number())
  .min(2)
  .max(3)
  .superRefine((p, ctx) => {
    const [lon = Number.NaN, lat = Number.NaN] = p;
    if (
      !(lon >= JAPAN_BOUNDS.minLon && lon <= JAPAN_BOUNDS.maxLon) ||
      !(lat >= JAPAN_BOUNDS.minLat && lat <= JAPAN_BOUNDS.maxLat)
    ) {
      ctx.addIssue({ code: "custom", message: `[${lon}, ${lat}] is outside Japan (give [lon, lat])` });
    }
  })
  .meta({
    description: "[lon, lat] (and an optional height) inside Japan.",
    prefixItems: [
      { type: "number", minimum: JAPAN_BOUNDS.minLon, maximum: JAPAN_BOUNDS.maxLon },
      { type: "number", minimum: JAPAN_BOUNDS.minLat, maximum: JAPAN_BOUNDS.maxLat },
    ],
  });

/** A closed linear ring: at least 4 positions, the last equal to the first. */
const RingSchema = z
  .array(PositionSchema)
  .min(4, "a ring needs at least 4 positions (3 corners and the first again)")
  .max(2000)
  .superRefine((ring, ctx) => {
    const a = ring[0];
    const b = ring.at(-1);
    if (a && b && (a[0] !== b[0] || a[1] !== b[1])) {
      ctx.addIssue({
        code: "custom",
        message: "a ring must end where it starts",
        params: { code: "ring_not_closed" },
      });
    }
  })
  .meta(describedRules("A closed ring: its last position is its first.", ["ring_not_closed"]));

/** A GeoJSON Polygon in WGS84 [lon, lat], inside Japan. */
export const GeoPolygonSchema = z
  .object({ type: z.literal("Polygon"), coordinates: z.array(RingSchema).min(1).max(20) })
  .meta({ id: "GeoPolygon", description: "A GeoJSON Polygon (WGS84 [lon, lat]) inside Japan." });
export type GeoPolygon = z.infer<typeof GeoPolygonSchema>;

export const CoveragePresetSchema = z.enum(["rural", "urban"]);
export type CoveragePresetName = z.infer<typeof CoveragePresetSchema>;

/** Query of the service-per-stop endpoint. */
export const StopServiceQuerySchema = z.object({
  date: IsoDateSchema.optional(),
  band: TimeBandSchema.optional(),
});

export const WhatIfOnDemandZoneSchema = z.object({
  name: NameSchema,
  polygon: GeoPolygonSchema,
});

/** A facility shuttle opened to residents: a polygon, or a centre and radius, plus when it is free. */
export const WhatIfFacilityShuttleSchema = z
  .object({
    name: NameSchema,
    polygon: GeoPolygonSchema.optional(),
    centre: PointSchema.optional(),
    radiusM: ServiceRadiusSchema.optional(),
    /** Times the vehicle is free for residents; it counts only when one overlaps the analysed band. */
    windows: z.array(TimeWindowSchema).min(1).max(10),
  })
  .superRefine((v, ctx) => {
    if (!v.polygon && !(v.centre && v.radiusM !== undefined)) {
      ctx.addIssue({ code: "custom", message: "give a polygon, or a centre and radiusM", path: ["polygon"] });
    }
  })
  .meta({
    description: "Where it serves: a polygon, or a centre and radiusM.",
    anyOf: [{ required: ["polygon"] }, { required: ["centre", "radiusM"] }],
  });

export const WhatIfSchoolBusStopSchema = z.object({
  name: NameSchema,
  lat: PointSchema.shape.lat,
  lon: PointSchema.shape.lon,
  /** Walking radius to this stop; default: the analysis' bus radius. */
  radiusM: WalkRadiusSchema.optional(),
});

export const WhatIfDronePortSchema = z.object({
  name: NameSchema,
  lat: PointSchema.shape.lat,
  lon: PointSchema.shape.lon,
  radiusM: ServiceRadiusSchema,
});

export const CoverageWhatIfSchema = z
  .object({
    onDemandZones: z.array(WhatIfOnDemandZoneSchema).max(20).optional(),
    facilityShuttles: z.array(WhatIfFacilityShuttleSchema).max(50).optional(),
    /**
     * Open the municipality's own facility vans (施設送迎: vans of organisations of kind
     * "facility") to residents: each serves `radiusM` (default 3,000 m) around its depot
     * during its availability windows on the analysed date.
     */
    useFacilityVans: z.object({ radiusM: ServiceRadiusSchema.default(3000) }).optional(),
    schoolBusStops: z.array(WhatIfSchoolBusStopSchema).max(100).optional(),
    dronePorts: z.array(WhatIfDronePortSchema).max(50).optional(),
    /** Add the municipality's registered drone ports with this delivery radius (parcels only). */
    useDronePorts: z.object({ radiusM: ServiceRadiusSchema.default(5000) }).optional(),
  })
  .meta({ id: "CoverageWhatIfInput" });
export type CoverageWhatIf = z.input<typeof CoverageWhatIfSchema>;

export const CoverageRequestSchema = z
  .object({
    /** rural (default): bus 500 m, rail 1,000 m; urban: bus 300 m, rail 500 m. */
    preset: CoveragePresetSchema.optional(),
    busRadiusM: WalkRadiusSchema.optional(),
    railRadiusM: WalkRadiusSchema.optional(),
    /** Departures in the band a stop needs to count; default 1. */
    minDepartures: z.number().int().min(0).max(1000).optional(),
    /** Default 08:00-18:00. */
    band: TimeBandSchema.optional(),
    /** Service day; default: the first day on/after today (Asia/Tokyo) on which the feeds run, else today. */
    date: IsoDateSchema.optional(),
    /** Keep only cells whose centre lies inside the municipality's boundary; default true. */
    clipToBoundary: z.boolean().optional(),
    whatIf: CoverageWhatIfSchema.optional(),
  })
  .meta({ id: "CoverageRequest" });
export type CoverageRequest = z.input<typeof CoverageRequestSchema>;

export const CoverageExportQuerySchema = z.object({ format: z.enum(["geojson", "csv"]) });

/** How the service day was chosen. */
export const CoverageDateSourceSchema = z.enum(["requested", "firstServiceDay", "today"]);

export const StopServiceSchema = z.object({
  feedId: z.string(),
  stopId: z.string(),
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** "rail" when a rail/subway/monorail route calls here, else "bus". */
  kind: z.enum(["bus", "rail"]),
  departures: z.number().int(),
});
export type StopService = z.infer<typeof StopServiceSchema>;

export const StopServiceResponseSchema = z
  .object({
    date: z.string(),
    dateSource: CoverageDateSourceSchema,
    band: z.string(),
    feeds: z.array(z.object({ id: z.string(), name: z.string() })),
    stops: z.array(StopServiceSchema),
    totalDepartures: z.number().int(),
  })
  .meta({ id: "StopService" });
export type StopServiceResponse = z.infer<typeof StopServiceResponseSchema>;

export const CoverageTotalsSchema = z
  .object({
    cells: z.number().int(),
    population: z.number(),
    age65plus: z.number(),
    age75plus: z.number(),
    blankCells: z.number().int(),
    blankPopulation: z.number(),
    blank65plus: z.number(),
    blank75plus: z.number(),
    /** blankPopulation / population (0 when nobody lives in the area). */
    blankShare: z.number(),
  })
  .meta({ id: "CoverageTotals" });
export type CoverageTotals = z.infer<typeof CoverageTotalsSchema>;

export const CoverageParamsSchema = z.object({
  preset: CoveragePresetSchema,
  busRadiusM: z.number(),
  railRadiusM: z.number(),
  minDepartures: z.number(),
  band: z.string(),
  date: z.string(),
  dateSource: CoverageDateSourceSchema,
  clipToBoundary: z.boolean(),
  /** Beyond this the distance to the nearest stop is reported as null. */
  nearestSearchM: z.number(),
});
export type CoverageParamsOut = z.infer<typeof CoverageParamsSchema>;

export const CoverageFacilityVanSchema = z.object({
  vehicleId: z.string(),
  name: z.string(),
  /** Free windows on the analysed date, "HH:MM-HH:MM". */
  windows: z.array(z.string()),
  /** Whether it counted: it needs a depot and a window overlapping the band. */
  used: z.boolean(),
  reason: z.enum(["used", "no_depot", "not_available_that_day", "outside_band"]),
});

export const CoverageWhatIfResultSchema = z.object({
  before: CoverageTotalsSchema,
  after: CoverageTotalsSchema,
  /** Codes of the cells that were blank and are served with the extra supply. */
  changedCells: z.array(z.string()),
  bySupply: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(["onDemand", "facilityShuttle", "schoolBus"]),
      blankCells: z.number().int(),
      blankPopulation: z.number(),
    }),
  ),
  /** Parcels only: drones carry no passengers, so they never turn a cell served. */
  drone: z.object({
    cells: z.number().int(),
    population: z.number(),
    blankCells: z.number().int(),
    blankPopulation: z.number(),
    blank65plus: z.number(),
    blank75plus: z.number(),
  }),
  /** The what-if supply as map features (zones, circles around stops, vans and ports). */
  zones: FeatureCollectionSchema,
  facilityVans: z.array(CoverageFacilityVanSchema),
});
export type CoverageWhatIfResult = z.infer<typeof CoverageWhatIfResultSchema>;

export const CoverageResponseSchema = z
  .object({
    municipality: z.object({ code: z.string(), name: z.string(), fictional: z.boolean() }),
    params: CoverageParamsSchema,
    totals: CoverageTotalsSchema,
    /**
     * One Polygon per mesh cell; properties: code, population, aged65plus, aged75plus,
     * share75 (0–1), served, distanceM (null beyond the search radius), nearestStopId, changed.
     */
    cells: FeatureCollectionSchema,
    /** One Point per stop; properties: feedId, stopId, name, kind, departures, qualifies. */
    stops: FeatureCollectionSchema,
    whatIf: CoverageWhatIfResultSchema.optional(),
    inputs: z.object({
      feeds: z.number().int(),
      meshCells: z.number().int(),
      cellsAnalysed: z.number().int(),
      busStops: z.number().int(),
      qualifyingBusStops: z.number().int(),
      railStations: z.number().int(),
      qualifyingRailStations: z.number().int(),
      boundary: z.boolean(),
      /** The 国勢調査 year of the imported e-Stat population; null for a generated (demo) population. */
      censusYear: z.number().int().nullable(),
    }),
  })
  .meta({ id: "CoverageResult" });
export type CoverageResponse = z.infer<typeof CoverageResponseSchema>;

/**
 * POST …/coverage/export?format=geojson: the cells as one FeatureCollection,
 * with the parameters and totals as a foreign member `tsunagu` (RFC 7946 §6.1).
 */
export const CoverageExportGeoJsonSchema = FeatureCollectionSchema.extend({
  tsunagu: z.object({
    municipality: CoverageResponseSchema.shape.municipality,
    params: CoverageParamsSchema,
    totals: CoverageTotalsSchema,
    whatIf: z.object({ before: CoverageTotalsSchema, after: CoverageTotalsSchema }).optional(),
  }),
}).meta({ id: "CoverageExportGeoJson" });
export type CoverageExportGeoJson = z.infer<typeof CoverageExportGeoJsonSchema>;
