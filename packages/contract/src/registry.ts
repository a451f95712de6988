import { z } from "zod";
import { describedRules, integerQuery, NON_BLANK, requiredNumbers, when } from "./documented";
import { isRealDate, minutesOfDay } from "./time";

/**
 * Wire shapes for the region's transport resources: organisations, vehicles,
 * drivers, drone ports and routes, hubs, residents, places. Shared by the
 * server (validation + OpenAPI) and the web client (types).
 */

/** "HH:MM", 00:00–23:59, as people write clock times. */
export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM between 00:00 and 23:59")
  .meta({ example: "10:00" });

/**
 * A calendar date "YYYY-MM-DD" that exists (2026-02-30 is refused). The
 * document says `format: date`, and that years before 0100 are refused too
 * (the calendar check does not take them).
 */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isRealDate, "is not a real calendar date")
  .meta({ format: "date", pattern: "^(?!00)\\d{4}-\\d{2}-\\d{2}$", example: "2026-06-01" });

/**
 * Japan's extreme points with a small margin: 沖ノ鳥島 20.42°N, 択捉島 45.56°N
 * (弁天島), 与那国島 122.93°E, 南鳥島 153.99°E. A point outside is a typo
 * (swapped lat/lon, a missing digit), not a place we serve.
 */
export const JAPAN_BOUNDS = { minLat: 20.0, maxLat: 46.0, minLon: 122.0, maxLon: 154.5 } as const;

export const LatitudeSchema = z
  .number()
  .min(JAPAN_BOUNDS.minLat, `must be inside Japan (latitude ${JAPAN_BOUNDS.minLat}–${JAPAN_BOUNDS.maxLat})`)
  .max(JAPAN_BOUNDS.maxLat, `must be inside Japan (latitude ${JAPAN_BOUNDS.minLat}–${JAPAN_BOUNDS.maxLat})`);
export const LongitudeSchema = z
  .number()
  .min(JAPAN_BOUNDS.minLon, `must be inside Japan (longitude ${JAPAN_BOUNDS.minLon}–${JAPAN_BOUNDS.maxLon})`)
  .max(JAPAN_BOUNDS.maxLon, `must be inside Japan (longitude ${JAPAN_BOUNDS.minLon}–${JAPAN_BOUNDS.maxLon})`);

export const PointSchema = z.object({ lat: LatitudeSchema, lon: LongitudeSchema });
export type Point = z.infer<typeof PointSchema>;

/** Ids are server-made UUIDs or seed ids; bounded so a path cannot carry a novel. */
export const IdSchema = z.string().min(1).max(100).meta({ example: "veh-van-1" });

/** Adds an issue at `path` when a time window ends at or before it starts. */
function checkWindow(
  value: { from: string; to: string },
  ctx: {
    addIssue: (issue: {
      code: "custom";
      message: string;
      path: PropertyKey[];
      params: Record<string, unknown>;
    }) => void;
  },
) {
  if (minutesOfDay(value.to) <= minutesOfDay(value.from)) {
    ctx.addIssue({
      code: "custom",
      message: "must end after it starts (from < to)",
      path: ["to"],
      params: { code: "window_ends_before_start" },
    });
  }
}

const WINDOW_ORDER = describedRules("`to` must be after `from`.", ["window_ends_before_start"]);

/** A time range within one day; `to` must be after `from`. */
export const TimeWindowSchema = z
  .object({ from: TimeOfDaySchema, to: TimeOfDaySchema })
  .superRefine(checkWindow)
  .meta(WINDOW_ORDER);
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export const WeekdaySchema = z.number().int().min(1).max(7);

/**
 * A weekly recurring window, e.g. a day-service van idle Mon–Fri 10:00–15:30
 * between its morning and evening runs.
 */
export const WeeklyWindowSchema = z
  .object({
    days: z
      .array(WeekdaySchema)
      .min(1, "must name at least one weekday")
      .refine((d) => new Set(d).size === d.length, "must not repeat a weekday")
      .meta({ uniqueItems: true }),
    from: TimeOfDaySchema,
    to: TimeOfDaySchema,
  })
  .superRefine(checkWindow)
  .meta(WINDOW_ORDER);
export type WeeklyWindow = z.infer<typeof WeeklyWindowSchema>;

/** On `date`, `windows` replace the weekly ones; an empty list means not available that day. */
export const AvailabilityExceptionSchema = z.object({
  date: IsoDateSchema,
  windows: z.array(TimeWindowSchema).max(10),
  note: z.string().max(200).optional(),
});
export type AvailabilityException = z.infer<typeof AvailabilityExceptionSchema>;

export const AvailabilitySchema = z
  .object({
    weekly: z.array(WeeklyWindowSchema).max(50).default([]),
    exceptions: z
      .array(AvailabilityExceptionSchema)
      .max(400)
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((e, i) => {
          if (seen.has(e.date))
            ctx.addIssue({
              code: "custom",
              message: "has a second exception for this date",
              path: [i, "date"],
              params: { code: "duplicate_date" },
            });
          seen.add(e.date);
        });
      })
      .meta(describedRules("At most one exception per date.", ["duplicate_date"])),
  })
  .meta({ description: "Weekly recurring windows plus dated exceptions (Asia/Tokyo clock times)." });
export type Availability = z.infer<typeof AvailabilitySchema>;

const NameSchema = z
  .string()
  .trim()
  .max(200)
  .refine((s) => s.length > 0, { message: "must not be empty", params: { code: "required" } })
  .meta(NON_BLANK);
const KanaSchema = z.string().trim().max(200).nullable().optional();

// ——— organisations ———

/** Who owns resources or sends parcels; volunteer groups and drone operators share vehicles too. */
export const OrganisationKindSchema = z.enum([
  "facility",
  "operator",
  "school",
  "shop",
  "hub_owner",
  "municipality",
  "drone_operator",
  "volunteer_group",
]);
// ——— archive: registry objects still in use are kept instead of deleted ———

/**
 * Why a registry object was archived instead of deleted: an approved plan
 * still uses it, a request on or after today does, or it is a resident's
 * personal data (removing that is erasure, the resident's right, not this).
 */
export const ArchiveReasonSchema = z.enum(["approved_plan", "future_request", "personal_data"]);
export type ArchiveReason = z.infer<typeof ArchiveReasonSchema>;
/** Null while the object is in use; archived objects are hidden from matching and from pickers. */
export const ArchivedSchema = z.object({ at: z.string(), reason: ArchiveReasonSchema }).nullable();
export type Archived = z.infer<typeof ArchivedSchema>;
/** The answer of a DELETE that archived instead (a deletion answers 204). */
export const RegistryArchivedSchema = z
  .object({
    outcome: z.literal("archived"),
    reason: ArchiveReasonSchema,
    /** The reason in Japanese, for the UI. */
    message: z.string(),
  })
  .meta({ id: "RegistryArchived" });
export type RegistryArchived = z.infer<typeof RegistryArchivedSchema>;
/** `?archived=true` lists archived objects too (the 「保管済みを表示」 filter). */
export const ArchivedQuerySchema = z.object({ archived: z.enum(["true", "false"]).optional() });

export const OrganisationInputSchema = z.object({
  kind: OrganisationKindSchema,
  name: NameSchema,
  nameKana: KanaSchema,
});
export const OrganisationSchema = OrganisationInputSchema.extend({
  id: IdSchema,
  municipalityCode: z.string(),
  archived: ArchivedSchema,
  nameKana: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "Organisation" });
export type OrganisationInput = z.infer<typeof OrganisationInputSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;

// ——— places (destinations for the request forms) ———

export const PlaceSchema = z
  .object({
    id: IdSchema,
    kind: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    /** Postal address (for drivers' run sheets), when registered. */
    address: z.string().nullable(),
  })
  .meta({ id: "Place" });
export type Place = z.infer<typeof PlaceSchema>;

/** What a place is: the demo town's kinds and those a municipality's facility list names (病院, 薬局, 介護施設 …). */
export const PlaceKindSchema = z.enum([
  "hospital",
  "clinic",
  "pharmacy",
  "supermarket",
  "shop",
  "town_hall",
  "care_facility",
  "day_care",
  "school",
  "post_office",
  "bank",
  "station",
  "community_centre",
  "social_welfare_council",
  "hub",
  "drone_port",
  "other",
]);
export type PlaceKind = z.infer<typeof PlaceKindSchema>;

/**
 * A place as a municipality registers it (a form, or a row of its facility
 * list): `hours` are the weekly windows it receives people (受付時間).
 */
export const PlaceInputSchema = z.object({
  kind: PlaceKindSchema,
  name: NameSchema,
  nameEn: z.string().trim().max(200).nullable().default(null),
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  address: z.string().trim().max(300).nullable().default(null),
  hours: z.array(WeeklyWindowSchema).max(50).default([]),
  organisationId: IdSchema.nullable().default(null),
});
export type PlaceInput = z.input<typeof PlaceInputSchema>;

// ——— vehicles ———

export const VehicleKindSchema = z.enum([
  "car",
  "van",
  "wheelchair_van",
  "minibus",
  "route_bus",
  "school_bus",
  "truck",
  "drone",
]);
export const VehicleFeatureSchema = z.enum(["lift", "ramp", "cold_box", "child_seat", "stretcher"]);
export const FuelSchema = z.enum(["petrol", "diesel", "hybrid", "electric", "lpg", "battery"]);
type Fuel = z.infer<typeof FuelSchema>;
/** Fuels whose CO₂ comes from the fuel economy (km/ℓ), and those whose comes from kWh per km. */
const COMBUSTION_FUELS: readonly Fuel[] = ["petrol", "diesel", "hybrid", "lpg"];
const ELECTRIC_FUELS: readonly Fuel[] = ["electric", "battery"];

/**
 * Capacity limits are "absurd above" limits, not regulations: the largest
 * Japanese route bus seats ~80 and a 4-t truck carries ~4,000 kg.
 */
export const VehicleInputSchema = z
  .object({
    kind: VehicleKindSchema,
    name: NameSchema,
    organisationId: IdSchema.nullable().default(null),
    seats: z.number().int().min(0).max(120).default(0),
    wheelchairs: z.number().int().min(0).max(10).default(0),
    cargoKg: z.number().min(0).max(20_000).default(0),
    cargoLitres: z.number().min(0).max(50_000).default(0),
    features: z
      .array(VehicleFeatureSchema)
      .default([])
      .refine((f) => new Set(f).size === f.length, "must not repeat a feature")
      .meta({ uniqueItems: true }),
    fuel: FuelSchema,
    /** Fuel economy for combustion vehicles, km per litre (燃費). */
    kmPerLitre: z.number().positive().max(60).nullable().default(null),
    /** Electricity use for electric vehicles and drones, kWh per km. */
    kWhPerKm: z.number().positive().max(5).nullable().default(null),
    /** Payload class in kg (trucks, drones), for the 改良トンキロ法. */
    payloadKg: z.number().positive().max(30_000).nullable().default(null),
    depotPlaceId: IdSchema.nullable().default(null),
    availability: AvailabilitySchema.default({ weekly: [], exceptions: [] }),
  })
  .superRefine((v, ctx) => {
    if (v.seats + v.wheelchairs + v.cargoKg + v.cargoLitres === 0)
      ctx.addIssue({ code: "custom", message: "a vehicle must carry people or cargo", path: ["seats"] });
    if (COMBUSTION_FUELS.includes(v.fuel) && v.kmPerLitre === null)
      ctx.addIssue({
        code: "custom",
        message: "is needed for CO₂ of a combustion vehicle",
        path: ["kmPerLitre"],
      });
    if (ELECTRIC_FUELS.includes(v.fuel) && v.kWhPerKm === null)
      ctx.addIssue({
        code: "custom",
        message: "is needed for CO₂ of an electric vehicle",
        path: ["kWhPerKm"],
      });
    if (v.kind === "drone" && v.fuel !== "battery")
      ctx.addIssue({ code: "custom", message: "a drone runs on battery", path: ["fuel"] });
    if (v.kind === "wheelchair_van" && v.wheelchairs === 0)
      ctx.addIssue({
        code: "custom",
        message: "a wheelchair van needs at least 1 place",
        path: ["wheelchairs"],
      });
  })
  .meta({
    description:
      "A vehicle carries people or cargo (seats, wheelchairs, cargoKg or cargoLitres above 0). Combustion fuels need kmPerLitre, electric ones kWhPerKm (for CO₂); a drone runs on battery; a wheelchair van has at least 1 wheelchair place.",
    anyOf: [
      { required: ["seats"], properties: { seats: { minimum: 1 } } },
      { required: ["wheelchairs"], properties: { wheelchairs: { minimum: 1 } } },
      { required: ["cargoKg"], properties: { cargoKg: { exclusiveMinimum: 0 } } },
      { required: ["cargoLitres"], properties: { cargoLitres: { exclusiveMinimum: 0 } } },
    ],
    allOf: [
      when("fuel", COMBUSTION_FUELS, requiredNumbers("kmPerLitre")),
      when("fuel", ELECTRIC_FUELS, requiredNumbers("kWhPerKm")),
      when("kind", ["drone"], { properties: { fuel: { const: "battery" } } }),
      when("kind", ["wheelchair_van"], {
        required: ["wheelchairs"],
        properties: { wheelchairs: { minimum: 1 } },
      }),
    ],
  });
export type VehicleInput = z.input<typeof VehicleInputSchema>;

export const VehicleSchema = z
  .object({
    id: IdSchema,
    municipalityCode: z.string(),
    archived: ArchivedSchema,
    kind: VehicleKindSchema,
    name: z.string(),
    organisationId: z.string().nullable(),
    seats: z.number(),
    wheelchairs: z.number(),
    cargoKg: z.number(),
    cargoLitres: z.number(),
    features: z.array(z.string()),
    fuel: z.string(),
    kmPerLitre: z.number().nullable(),
    kWhPerKm: z.number().nullable(),
    payloadKg: z.number().nullable(),
    depotPlaceId: z.string().nullable(),
    availability: z.object({
      weekly: z.array(z.object({ days: z.array(z.number()), from: z.string(), to: z.string() })),
      exceptions: z.array(
        z.object({
          date: z.string(),
          windows: z.array(z.object({ from: z.string(), to: z.string() })),
          note: z.string().optional(),
        }),
      ),
    }),
    createdAt: z.string(),
  })
  .meta({ id: "Vehicle" });
export type Vehicle = z.infer<typeof VehicleSchema>;

// ——— drivers ———

export const DriverKindSchema = z.enum(["staff", "volunteer"]);
export const DriverInputSchema = z.object({
  kind: DriverKindSchema,
  name: NameSchema,
  nameKana: KanaSchema,
  organisationId: IdSchema.nullable().default(null),
  vehicleIds: z
    .array(IdSchema)
    .max(100)
    .default([])
    .refine((v) => new Set(v).size === v.length, "must not repeat a vehicle")
    .meta({ uniqueItems: true }),
  availability: AvailabilitySchema.default({ weekly: [], exceptions: [] }),
});
export type DriverInput = z.input<typeof DriverInputSchema>;
export const DriverSchema = z
  .object({
    id: IdSchema,
    municipalityCode: z.string(),
    archived: ArchivedSchema,
    kind: DriverKindSchema,
    name: z.string(),
    nameKana: z.string().nullable(),
    organisationId: z.string().nullable(),
    vehicleIds: z.array(z.string()),
    availability: VehicleSchema.shape.availability,
    createdAt: z.string(),
  })
  .meta({ id: "Driver" });
export type Driver = z.infer<typeof DriverSchema>;

// ——— drone ports and routes ———

export const DronePortInputSchema = z.object({
  name: NameSchema,
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  placeId: IdSchema.nullable().default(null),
});
export const DronePortSchema = z
  .object({
    id: IdSchema,
    municipalityCode: z.string(),
    archived: ArchivedSchema,
    name: z.string(),
    lat: z.number(),
    lon: z.number(),
    placeId: z.string().nullable(),
  })
  .meta({ id: "DronePort" });
export type DronePort = z.infer<typeof DronePortSchema>;

/** Refuses (at `path`, rule window_ends_before_start) a time of day that does not end after its start. */
function endsAfterStart(ctx: z.RefinementCtx, start: string, end: string, path: string, message: string) {
  if (minutesOfDay(end) <= minutesOfDay(start))
    ctx.addIssue({ code: "custom", message, path: [path], params: { code: "window_ends_before_start" } });
}

/** A drone route's fields without their defaults, as a PATCH gives some of them. */
const droneRouteFields = {
  fromPortId: IdSchema,
  toPortId: IdSchema,
  /** Largest parcel the aircraft lifts on this route, kg (typical logistics drones: 5–30 kg). */
  maxPayloadKg: z.number().positive().max(200),
  /**
   * The cargo box's volume, litres, shared by the parcels of one flight (a 小 parcel
   * counts 10 L, 中 40 L, 大 130 L). Null: the route sets no volume limit.
   */
  maxPayloadLitres: z.number().positive().max(1000).nullable(),
  rangeKm: z.number().positive().max(300),
  operatingFrom: TimeOfDaySchema,
  operatingTo: TimeOfDaySchema,
  days: z
    .array(WeekdaySchema)
    .min(1)
    .refine((d) => new Set(d).size === d.length, "must not repeat a weekday")
    .meta({ uniqueItems: true }),
};
/** The rules between a drone route's fields, checked on every whole route (a PATCH's merged one too). */
function droneRouteRules(
  v: { fromPortId: string; toPortId: string; operatingFrom: string; operatingTo: string },
  ctx: z.RefinementCtx,
) {
  if (v.fromPortId === v.toPortId)
    ctx.addIssue({
      code: "custom",
      message: "must differ from fromPortId",
      path: ["toPortId"],
      params: { code: "same_place" },
    });
  endsAfterStart(ctx, v.operatingFrom, v.operatingTo, "operatingTo", "must end after operatingFrom");
}
export const DroneRouteInputSchema = z
  .object({
    ...droneRouteFields,
    /** Default null: no volume limit. */
    maxPayloadLitres: droneRouteFields.maxPayloadLitres.default(null),
    days: droneRouteFields.days.default([1, 2, 3, 4, 5]),
  })
  .superRefine(droneRouteRules)
  .meta(
    describedRules("`toPortId` must differ from `fromPortId`; `operatingTo` must be after `operatingFrom`.", [
      "same_place",
      "window_ends_before_start",
    ]),
  );
/**
 * A change to some of a drone route's fields (PATCH). zod's `.partial()`
 * refuses a refined object, so this is the plain fields made optional; the
 * route the change makes is checked whole with DroneRouteInputSchema.
 */
export const DroneRoutePatchSchema = z.object(droneRouteFields).partial().meta({ id: "DroneRoutePatch" });
export type DroneRoutePatch = z.infer<typeof DroneRoutePatchSchema>;
export const DroneSuspensionSchema = z.object({ date: z.string(), reason: z.string() });
export const DroneRouteSchema = z
  .object({
    id: IdSchema,
    municipalityCode: z.string(),
    archived: ArchivedSchema,
    fromPortId: z.string(),
    toPortId: z.string(),
    maxPayloadKg: z.number(),
    maxPayloadLitres: z.number().nullable(),
    rangeKm: z.number(),
    operatingFrom: z.string(),
    operatingTo: z.string(),
    days: z.array(z.number()),
    suspensions: z.array(DroneSuspensionSchema),
  })
  .meta({ id: "DroneRoute" });
export type DroneRoute = z.infer<typeof DroneRouteSchema>;
export const DroneSuspensionInputSchema = z.object({
  reason: z.string().trim().min(1, "must say why (e.g. 強風)").max(200).meta(NON_BLANK),
});

// ——— hubs ———

export const HubInputSchema = z
  .object({
    placeId: IdSchema,
    opensAt: TimeOfDaySchema,
    closesAt: TimeOfDaySchema,
    minTransferMinutes: z.number().int().min(0).max(240).default(10),
  })
  .superRefine((v, ctx) => {
    endsAfterStart(ctx, v.opensAt, v.closesAt, "closesAt", "must be after opensAt");
  })
  .meta(describedRules("`closesAt` must be after `opensAt`.", ["window_ends_before_start"]));
export const HubSchema = z
  .object({
    id: IdSchema,
    municipalityCode: z.string(),
    archived: ArchivedSchema,
    placeId: z.string(),
    name: z.string(),
    lat: z.number(),
    lon: z.number(),
    opensAt: z.string(),
    closesAt: z.string(),
    minTransferMinutes: z.number(),
  })
  .meta({ id: "Hub" });
export type Hub = z.infer<typeof HubSchema>;

// ——— residents ———

/** A landline or mobile number (digits, +, -, brackets, spaces). */
export const PhoneSchema = z
  .string()
  .regex(/^[0-9+\-() ]{6,20}$/, "must be a phone number (digits, +, -, spaces)");

export const ResidentInputSchema = z.object({
  name: NameSchema,
  nameKana: KanaSchema,
  /** The address point (自宅), WGS84. */
  home: PointSchema,
  /** The home's postal address, as a driver reads it (e.g. 「架空町大字北沢 12-3」). */
  address: z.string().trim().max(300).nullable().default(null),
  phone: PhoneSchema.nullable().default(null),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  wheelchair: z.boolean().default(false),
  escort: z.boolean().default(false),
  /** Longest walk to a stop the resident can manage, metres (default 300). */
  maxWalkM: z.number().int().min(0).max(5000).default(300),
  /** True when the resident agreed to the use of their data; the server stamps the time. */
  consent: z.boolean(),
});
export type ResidentInput = z.input<typeof ResidentInputSchema>;
export const ResidentSchema = z
  .object({
    id: IdSchema,
    municipalityCode: z.string(),
    archived: ArchivedSchema,
    name: z.string().nullable(),
    nameKana: z.string().nullable(),
    home: z.object({ lat: z.number(), lon: z.number() }).nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    birthYear: z.number().nullable(),
    wheelchair: z.boolean(),
    escort: z.boolean(),
    maxWalkM: z.number(),
    consentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Resident" });
export type Resident = z.infer<typeof ResidentSchema>;

/** A list page: items plus what is needed to ask for the next one. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

export const PaginationQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .meta(integerQuery(1, 200, 50)),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .meta(integerQuery(0, 1_000_000, 0)),
});
