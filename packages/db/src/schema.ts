/**
 * The database schema. Every tenant-owned table carries `municipalityCode`
 * (the 6-digit 全国地方公共団体コード) so the query layer can scope by it.
 * Timestamps are ISO-8601 strings (UTC); times of day are "HH:MM" strings in
 * the municipality's time zone (Asia/Tokyo), as people and GTFS write them.
 */
import {
  DriverKindSchema,
  MatchRunStatusSchema,
  OrganisationKindSchema,
  ParcelHandoverSchema,
  ParcelSizeClassSchema,
  PlanStopStatusSchema,
  RequestStatusSchema,
  VehicleKindSchema,
} from "@tsunagu/contract";
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The values of one of the contract's enums, as drizzle types a text column with them. */
const valuesOf = <T extends string>(schema: { readonly options: readonly T[] }) =>
  schema.options as unknown as readonly [T, ...T[]];

/**
 * Registry rows an approved plan or a future request still uses are archived
 * rather than deleted: hidden from matching and from pickers, listed on
 * request, restorable. The reason is a code the UI explains (RegistryArchiveReason).
 */
const archivable = () => ({
  archivedAt: text("archived_at"),
  archivedReason: text("archived_reason"),
});
const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const municipalities = sqliteTable("municipalities", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  nameKana: text("name_kana"),
  nameEn: text("name_en"),
  prefecture: text("prefecture").notNull(),
  /** True for generated demo towns; the UI labels them 架空 (fictional). */
  fictional: integer("fictional", { mode: "boolean" }).notNull().default(false),
  centreLat: real("centre_lat").notNull(),
  centreLon: real("centre_lon").notNull(),
  /** GeoJSON Feature (Polygon or MultiPolygon) as text. */
  boundaryGeojson: text("boundary_geojson"),
  /** Planning defaults: `rural` (sparse demand, long rides allowed) or `urban`. */
  preset: text("preset", { enum: ["rural", "urban"] })
    .notNull()
    .default("rural"),
  /**
   * Set when the platform operator archives the municipality: its data stays,
   * its accounts can no longer sign in and their sessions end.
   */
  archivedAt: text("archived_at"),
  /** A lighter copy of the boundary for the map (same polygons, fewer vertices), GeoJSON Feature as text. */
  boundaryMapGeojson: text("boundary_map_geojson"),
  /** The N03 import's facts (polygons, holes, vertices, km², matched by, encoding), JSON; null if not imported. */
  boundaryImport: text("boundary_import"),
  /** The 国勢調査 year of the stored mesh population; null = not imported (demo towns: generated). */
  populationCensusYear: integer("population_census_year"),
  /** The e-Stat import's report (cells, people, 65+, 75+, concealed, outside …), JSON; null if not imported. */
  populationImport: text("population_import"),
  createdAt: createdAt(),
});

export const organisations = sqliteTable(
  "organisations",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    kind: text("kind", { enum: valuesOf(OrganisationKindSchema) }).notNull(),
    name: text("name").notNull(),
    nameKana: text("name_kana"),
    createdAt: createdAt(),
    ...archivable(),
  },
  (t) => [index("organisations_municipality").on(t.municipalityCode)],
);

/** Points of interest: clinic, supermarket, town hall, day care, post office, hub, school … */
export const places = sqliteTable(
  "places",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    /** Postal address as a driver reads it (〒 not included), or null. */
    address: text("address"),
    organisationId: text("organisation_id").references(() => organisations.id),
    /** 受付時間: WeeklyWindow[] as JSON. */
    hours: text("hours").notNull().default("[]"),
    createdAt: createdAt(),
  },
  (t) => [index("places_municipality").on(t.municipalityCode)],
);

export const vehicles = sqliteTable(
  "vehicles",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    organisationId: text("organisation_id").references(() => organisations.id),
    kind: text("kind", { enum: valuesOf(VehicleKindSchema) }).notNull(),
    name: text("name").notNull(),
    seats: integer("seats").notNull().default(0),
    wheelchairs: integer("wheelchairs").notNull().default(0),
    cargoKg: real("cargo_kg").notNull().default(0),
    cargoLitres: real("cargo_litres").notNull().default(0),
    /** JSON array of feature codes, e.g. ["lift","cold_box"]. */
    features: text("features").notNull().default("[]"),
    fuel: text("fuel").notNull(),
    kmPerLitre: real("km_per_litre"),
    kWhPerKm: real("kwh_per_km"),
    payloadKg: real("payload_kg"),
    depotPlaceId: text("depot_place_id").references(() => places.id),
    /** JSON array of weekly windows {days:[1..7], from:"HH:MM", to:"HH:MM"}. */
    availability: text("availability").notNull().default("[]"),
    /**
     * JSON array of dated exceptions {date:"YYYY-MM-DD", windows:[{from,to}]}: on that
     * date the listed windows replace the weekly ones (an empty list = not available).
     */
    availabilityExceptions: text("availability_exceptions").notNull().default("[]"),
    createdAt: createdAt(),
    ...archivable(),
  },
  (t) => [index("vehicles_municipality").on(t.municipalityCode)],
);

/** Drivers and volunteers: who may drive which vehicles, and when. */
export const drivers = sqliteTable(
  "drivers",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    organisationId: text("organisation_id").references(() => organisations.id),
    /** "staff" (paid, of an organisation) or "volunteer". */
    kind: text("kind", { enum: valuesOf(DriverKindSchema) }).notNull(),
    name: text("name").notNull(),
    nameKana: text("name_kana"),
    /** Same shapes as vehicles.availability / availability_exceptions. */
    availability: text("availability").notNull().default("[]"),
    availabilityExceptions: text("availability_exceptions").notNull().default("[]"),
    createdAt: createdAt(),
    ...archivable(),
  },
  (t) => [index("drivers_municipality").on(t.municipalityCode)],
);

/** Which vehicles a driver may drive (a join table, so deleting either side is checked). */
export const driverVehicles = sqliteTable(
  "driver_vehicles",
  {
    driverId: text("driver_id")
      .notNull()
      .references(() => drivers.id, { onDelete: "cascade" }),
    vehicleId: text("vehicle_id")
      .notNull()
      .references(() => vehicles.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.driverId, t.vehicleId] }),
    index("driver_vehicles_vehicle").on(t.vehicleId),
  ],
);

export const dronePorts = sqliteTable("drone_ports", {
  id: text("id").primaryKey(),
  municipalityCode: text("municipality_code")
    .notNull()
    .references(() => municipalities.code),
  name: text("name").notNull(),
  lat: real("lat").notNull(),
  lon: real("lon").notNull(),
  placeId: text("place_id").references(() => places.id),
  ...archivable(),
});

export const droneRoutes = sqliteTable("drone_routes", {
  id: text("id").primaryKey(),
  municipalityCode: text("municipality_code")
    .notNull()
    .references(() => municipalities.code),
  fromPortId: text("from_port_id")
    .notNull()
    .references(() => dronePorts.id),
  toPortId: text("to_port_id")
    .notNull()
    .references(() => dronePorts.id),
  maxPayloadKg: real("max_payload_kg").notNull(),
  /** The cargo box's volume, litres; null: no volume limit. */
  maxPayloadLitres: real("max_payload_litres"),
  rangeKm: real("range_km").notNull(),
  operatingFrom: text("operating_from").notNull(),
  operatingTo: text("operating_to").notNull(),
  /** JSON array of ISO weekdays the route flies. */
  days: text("days").notNull().default("[1,2,3,4,5]"),
  ...archivable(),
});

/** A day a drone route does not fly (weather, no-fly notice). */
export const droneRouteSuspensions = sqliteTable(
  "drone_route_suspensions",
  {
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    routeId: text("route_id")
      .notNull()
      .references(() => droneRoutes.id, { onDelete: "cascade" }),
    date: text("date").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.routeId, t.date] })],
);

export const hubs = sqliteTable("hubs", {
  id: text("id").primaryKey(),
  municipalityCode: text("municipality_code")
    .notNull()
    .references(() => municipalities.code),
  placeId: text("place_id")
    .notNull()
    .references(() => places.id),
  opensAt: text("opens_at").notNull(),
  closesAt: text("closes_at").notNull(),
  minTransferMinutes: integer("min_transfer_minutes").notNull(),
  ...archivable(),
});

/** One imported GTFS-JP feed; re-importing replaces the feed's rows in one transaction. */
export const gtfsFeeds = sqliteTable(
  "gtfs_feeds",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    /** Stable name a re-import replaces (e.g. the publisher + feed name). */
    name: text("name").notNull(),
    /**
     * What runs on it: `route_bus` (路線バス・コミュニティバス, riders and 貨客混載) or
     * `school_bus` (スクールバス; spare seats offered to residents, 混乗).
     */
    service: text("service").notNull().default("route_bus"),
    version: text("version"),
    startDate: text("start_date"),
    endDate: text("end_date"),
    importedAt: createdAt(),
  },
  (t) => [uniqueIndex("gtfs_feeds_name").on(t.municipalityCode, t.name)],
);

export const gtfsStops = sqliteTable(
  "gtfs_stops",
  {
    feedId: text("feed_id")
      .notNull()
      .references(() => gtfsFeeds.id, { onDelete: "cascade" }),
    stopId: text("stop_id").notNull(),
    name: text("name").notNull(),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    locationType: integer("location_type").notNull().default(0),
    parentStation: text("parent_station"),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.stopId] })],
);

export const gtfsRoutes = sqliteTable(
  "gtfs_routes",
  {
    feedId: text("feed_id")
      .notNull()
      .references(() => gtfsFeeds.id, { onDelete: "cascade" }),
    routeId: text("route_id").notNull(),
    agencyId: text("agency_id"),
    shortName: text("short_name"),
    longName: text("long_name"),
    routeType: integer("route_type").notNull(),
    color: text("color"),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.routeId] })],
);

export const gtfsTrips = sqliteTable(
  "gtfs_trips",
  {
    feedId: text("feed_id")
      .notNull()
      .references(() => gtfsFeeds.id, { onDelete: "cascade" }),
    tripId: text("trip_id").notNull(),
    routeId: text("route_id").notNull(),
    serviceId: text("service_id").notNull(),
    headsign: text("headsign"),
    directionId: integer("direction_id"),
    /** Spare capacity this trip offers to 混乗 / 貨客混載 (0 = none offered). */
    spareSeats: integer("spare_seats").notNull().default(0),
    spareCargoKg: real("spare_cargo_kg").notNull().default(0),
    spareCargoLitres: real("spare_cargo_litres").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.tripId] })],
);

export const gtfsStopTimes = sqliteTable(
  "gtfs_stop_times",
  {
    feedId: text("feed_id")
      .notNull()
      .references(() => gtfsFeeds.id, { onDelete: "cascade" }),
    tripId: text("trip_id").notNull(),
    stopSequence: integer("stop_sequence").notNull(),
    stopId: text("stop_id").notNull(),
    /** Seconds after the service day's midnight; may exceed 86,400 (times past 24:00). */
    arrivalSec: integer("arrival_sec"),
    departureSec: integer("departure_sec"),
    /** GTFS pickup_type / drop_off_type: 0 regular, 1 none, 2 phone the agency, 3 ask the driver. */
    pickupType: integer("pickup_type").notNull().default(0),
    dropOffType: integer("drop_off_type").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.feedId, t.tripId, t.stopSequence] }),
    index("stop_times_stop").on(t.feedId, t.stopId),
  ],
);

export const gtfsCalendars = sqliteTable(
  "gtfs_calendars",
  {
    feedId: text("feed_id")
      .notNull()
      .references(() => gtfsFeeds.id, { onDelete: "cascade" }),
    serviceId: text("service_id").notNull(),
    /** Seven 0/1 characters, Monday first, e.g. "1111100". */
    weekdays: text("weekdays").notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.serviceId] })],
);

export const gtfsCalendarDates = sqliteTable(
  "gtfs_calendar_dates",
  {
    feedId: text("feed_id")
      .notNull()
      .references(() => gtfsFeeds.id, { onDelete: "cascade" }),
    serviceId: text("service_id").notNull(),
    date: text("date").notNull(),
    /** 1 = service added on that date, 2 = removed. */
    exceptionType: integer("exception_type").notNull(),
  },
  (t) => [primaryKey({ columns: [t.feedId, t.serviceId, t.date] })],
);

/** Population per standard grid mesh cell (JIS X 0410), as imported or generated. */
export const meshCells = sqliteTable(
  "mesh_cells",
  {
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    code: text("code").notNull(),
    /** The whole cell's figures (concealed age bands estimated from the receiving cell, never zero). */
    population: real("population").notNull(),
    aged65plus: real("aged_65_plus").notNull(),
    aged75plus: real("aged_75_plus").notNull(),
    households: integer("households").notNull().default(0),
    /**
     * Share of the cell's area inside the boundary (0–1): figures count times
     * it. An import keeps every cell it read, so a new boundary re-weighs them.
     */
    share: real("share").notNull().default(1),
    /** e-Stat concealed the cell's age bands (HTKSYORI=2); they are estimated. */
    concealed: integer("concealed", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.code] })],
);

export const residents = sqliteTable(
  "residents",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    name: text("name"),
    nameKana: text("name_kana"),
    lat: real("lat"),
    lon: real("lon"),
    /** Home address (personal data; erased with the name). */
    address: text("address"),
    birthYear: integer("birth_year"),
    wheelchair: integer("wheelchair", { mode: "boolean" }).notNull().default(false),
    escort: integer("escort", { mode: "boolean" }).notNull().default(false),
    maxWalkM: integer("max_walk_m").notNull().default(300),
    /** 要介護度 from the register (support_1 … care_5); null when not certified or not given (personal data). */
    careLevel: text("care_level"),
    /** A landline or mobile number the coordinator calls back on (personal data). */
    phone: text("phone"),
    /** When the resident agreed to the use of their data; null = no consent recorded. */
    consentAt: text("consent_at"),
    /**
     * When the resident's personal fields were erased at their request; the row
     * stays (with its id) so anonymised request statistics still add up.
     */
    erasedAt: text("erased_at"),
    createdAt: createdAt(),
    ...archivable(),
  },
  (t) => [index("residents_municipality").on(t.municipalityCode)],
);

export const requests = sqliteTable(
  "requests",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    residentId: text("resident_id").references(() => residents.id),
    kind: text("kind", { enum: ["ride", "parcel"] }).notNull(),
    status: text("status", { enum: valuesOf(RequestStatusSchema) })
      .notNull()
      .default("submitted"),
    statusReason: text("status_reason"),
    date: text("date").notNull(),
    purpose: text("purpose"),
    priority: integer("priority").notNull().default(0),
    pickupLat: real("pickup_lat").notNull(),
    pickupLon: real("pickup_lon").notNull(),
    pickupPlaceId: text("pickup_place_id"),
    /** True when the pick-up point is the resident's home address point (自宅). */
    pickupHome: integer("pickup_home", { mode: "boolean" }).notNull().default(false),
    dropoffLat: real("dropoff_lat").notNull(),
    dropoffLon: real("dropoff_lon").notNull(),
    dropoffPlaceId: text("dropoff_place_id"),
    dropoffHome: integer("dropoff_home", { mode: "boolean" }).notNull().default(false),
    earliest: text("earliest").notNull(),
    latest: text("latest").notNull(),
    passengers: integer("passengers").notNull().default(0),
    wheelchair: integer("wheelchair", { mode: "boolean" }).notNull().default(false),
    escort: integer("escort", { mode: "boolean" }).notNull().default(false),
    weightKg: real("weight_kg").notNull().default(0),
    sizeLitres: real("size_litres").notNull().default(0),
    cold: integer("cold", { mode: "boolean" }).notNull().default(false),
    /** A parcel's what (「野菜の箱」); null for a ride. */
    parcelDescription: text("parcel_description"),
    parcelSizeClass: text("parcel_size_class", { enum: valuesOf(ParcelSizeClassSchema) }),
    /** Who receives a parcel at the drop-off (personal data); null = the resident who asked. */
    receiverName: text("receiver_name"),
    receiverPhone: text("receiver_phone"),
    /** A parcel's hand-over: 置き配 allowed or hand to a person; null for a ride. */
    parcelHandover: text("parcel_handover", { enum: valuesOf(ParcelHandoverSchema) }),
    /** Who entered it: "resident" (own phone), "phone" (coordinator intake), "staff". */
    source: text("source").notNull().default("staff"),
    notes: text("notes"),
    /**
     * The straight-line pick-up → drop-off metres, frozen when an erasure moved a
     * home end to its mesh centre (null otherwise): the effects still count the real trip.
     */
    directM: real("direct_m"),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
  },
  (t) => [index("requests_municipality_date").on(t.municipalityCode, t.date, t.status)],
);

/** Every status change of a request, for the audit trail and "why was I not served". */
export const requestEvents = sqliteTable(
  "request_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    requestId: text("request_id")
      .notNull()
      .references(() => requests.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: valuesOf(RequestStatusSchema) }),
    toStatus: text("to_status", { enum: valuesOf(RequestStatusSchema) }).notNull(),
    reason: text("reason"),
    at: createdAt(),
  },
  (t) => [index("request_events_request").on(t.requestId)],
);

/**
 * Idempotency-Key records for POSTs. The primary key is the claim: the first
 * transaction to insert (municipality, key) wins, a concurrent retry waits for
 * the write lock and then finds the stored response.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    key: text("key").notNull(),
    /** Which operation used the key (e.g. "requests.create"); a key is not reusable across operations. */
    operation: text("operation").notNull(),
    /** SHA-256 of the canonical request body; the same key with another body is refused. */
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: text("response_body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.key] })],
);

/**
 * Accounts. One role each; every role but platform_admin belongs to one
 * municipality. A resident account is linked to its `residents` row, a driver
 * account to its `drivers` row (the object-level scope of what they may see).
 */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Lower-cased; unique across the platform. */
    email: text("email").notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url); never returned by any API. */
    passwordHash: text("password_hash").notNull(),
    role: text("role", {
      enum: ["platform_admin", "municipal_staff", "coordinator", "driver", "resident"],
    }).notNull(),
    municipalityCode: text("municipality_code").references(() => municipalities.code),
    residentId: text("resident_id").references(() => residents.id),
    /** The `drivers` row of a driver account; no foreign key, so the registry can still remove a driver. */
    driverId: text("driver_id"),
    displayName: text("display_name").notNull(),
    /** Seeded demo account (password published in the README); production refuses to start with any. */
    demo: integer("demo", { mode: "boolean" }).notNull().default(false),
    /**
     * True from an invitation until its owner sets a password with a link: the
     * account has only a random hash nobody knows. Only such an account may be
     * re-invited by the platform operator.
     */
    awaitingPassword: integer("awaiting_password", { mode: "boolean" }).notNull().default(false),
    /** Set when the account is closed (e.g. after a resident's erasure); it can no longer sign in. */
    disabledAt: text("disabled_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email").on(t.email), index("users_municipality").on(t.municipalityCode)],
);

/**
 * Signed-in sessions. Only the SHA-256 of the session id is stored, so a
 * leaked database cannot be replayed as cookies.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/**
 * Token buckets of the rate limits that must hold across server processes
 * (sign-in, password reset, request creation): one row per limiter and
 * client. A row whose bucket has refilled is deleted.
 */
export const rateLimitBuckets = sqliteTable(
  "rate_limit_buckets",
  {
    /** "<limiter>:<client>", e.g. "sign-in:203.0.113.7". */
    key: text("key").primaryKey(),
    tokens: real("tokens").notNull(),
    /** Epoch ms of the last take. */
    at: integer("at").notNull(),
    /** Epoch ms after which the bucket is full again (the row can go). */
    fullAt: integer("full_at").notNull(),
  },
  (t) => [index("rate_limit_buckets_full_at").on(t.fullAt)],
);

/**
 * One-time links that set a password: a reset (1 h) or an invitation to a new
 * account (7 days). Only the token's SHA-256 is stored. A link is good once,
 * until it expires, and only while nothing newer happened to the account:
 * issuing a newer link of the same purpose, a password change or signing out
 * everywhere sets `revokedAt` on every outstanding one.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["reset", "invitation"] })
      .notNull()
      .default("reset"),
    issuedBy: text("issued_by").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    revokedAt: text("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user").on(t.userId)],
);

/**
 * The mail outbox: every message the product sends is written here in the
 * same transaction as what it announces (e.g. the link's token), then a sender
 * delivers it (SMTP_URL) and forgets its body. Without SMTP it stays
 * `pending` ("未送信"); its body, which holds the link, is never served by the API.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    /** admin_invitation (the operator's, for a municipality's first admin) | invitation | password_reset */
    kind: text("kind", { enum: ["admin_invitation", "invitation", "password_reset"] }).notNull(),
    municipalityCode: text("municipality_code"),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** The link this message carries; a revoked link cancels its unsent message. */
    tokenHash: text("token_hash"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** Null once sent or cancelled: the link in it must not outlive the delivery. */
    body: text("body"),
    status: text("status", { enum: ["pending", "sent", "failed", "cancelled"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: text("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [index("mail_outbox_status").on(t.status, t.createdAt)],
);

/**
 * Who read or changed which resident's personal data, when and from where.
 * Append-only: triggers in the migration refuse UPDATE and DELETE. No names or
 * addresses here, only ids.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    /** Null for platform-level events (a platform admin signing in). */
    municipalityCode: text("municipality_code"),
    actorUserId: text("actor_user_id"),
    actorRole: text("actor_role"),
    /** read | create | update | export | erase | sign_in | sign_in_failed | password_reset … */
    action: text("action").notNull(),
    /** resident | request | user | session */
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    /** The resident whose personal data this touched, if any. */
    residentId: text("resident_id"),
    /** The client's network address. */
    ip: text("ip"),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_log_municipality_at").on(t.municipalityCode, t.at),
    index("audit_log_resident").on(t.residentId),
  ],
);

/**
 * Match runs: the durable job that plans one day, and the plan it produced.
 * The row is also the job-queue entry: a worker claims it atomically by
 * setting `leaseOwner`/`leaseExpiresAt`; a worker that dies stops renewing the
 * lease and another claims the run again (`attempts` counts the starts).
 */
export const matchRuns = sqliteTable(
  "match_runs",
  {
    id: text("id").primaryKey(),
    municipalityCode: text("municipality_code")
      .notNull()
      .references(() => municipalities.code),
    date: text("date").notNull(),
    /** queued | running | done | failed | cancelled */
    status: text("status", { enum: valuesOf(MatchRunStatusSchema) })
      .notNull()
      .default("queued"),
    timeLimitSeconds: integer("time_limit_seconds").notNull(),
    /** JSON MatchRunProgress (contract), updated while running. */
    progress: text("progress"),
    /** JSON PlanSummary (contract) once done. */
    summary: text("summary"),
    /** Why it failed, for people (no personal data). */
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    /** Set by a cancel request; the worker stops at its next check. */
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    /** Which process holds the run (host:pid:random), and until when (epoch ms). */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at"),
    /**
     * The engine's input and output (JSON RegionalProblem / RegionalPlan) once done: moves and
     * live insertions re-check against exactly what was planned. Internal; never sent as is.
     */
    problemJson: text("problem_json"),
    planJson: text("plan_json"),
    /**
     * The effects' own-vehicles "before" (JSON, server/src/domain/effects/ownVehicles.ts), stored
     * when first computed (one solve per organisation takes seconds); cleared with every change
     * of the plan. Internal; never sent as is.
     */
    ownBaselineJson: text("own_baseline_json"),
    /** A later run for the same date replaced this one before it was approved. */
    supersededBy: text("superseded_by"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [
    index("match_runs_municipality_date").on(t.municipalityCode, t.date),
    index("match_runs_status").on(t.status, t.leaseExpiresAt),
  ],
);

/** One road vehicle's route (one availability window) in a run's plan, with its approval. */
export const planRoutes = sqliteTable(
  "plan_routes",
  {
    runId: text("run_id")
      .notNull()
      .references(() => matchRuns.id),
    municipalityCode: text("municipality_code").notNull(),
    vehicleId: text("vehicle_id").notNull(),
    shift: integer("shift").notNull(),
    distanceM: real("distance_m").notNull(),
    /** Who drives the route (a drivers row; no foreign key: the plan keeps its history). */
    driverId: text("driver_id"),
    approvedAt: text("approved_at"),
    approvedBy: text("approved_by"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.vehicleId, t.shift] })],
);

/** The stops of a planned route in order; drivers mark them done or no-show. */
export const planStops = sqliteTable(
  "plan_stops",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => matchRuns.id),
    municipalityCode: text("municipality_code").notNull(),
    vehicleId: text("vehicle_id").notNull(),
    shift: integer("shift").notNull(),
    seq: integer("seq").notNull(),
    /** start | pickup | dropoff | end */
    kind: text("kind").notNull(),
    requestId: text("request_id"),
    legIndex: integer("leg_index"),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    /**
     * The straight-line metres from the previous stop, frozen when an erasure moved
     * this stop or the previous one to a mesh centre (null = from the points).
     */
    fromPreviousM: real("from_previous_m"),
    name: text("name"),
    arrivalSec: integer("arrival_sec").notNull(),
    departureSec: integer("departure_sec").notNull(),
    /** JSON {seats, wheelchairs, cargoKg, cargoLitres} on board after the stop. */
    load: text("load").notNull(),
    /** pending | done | no_show */
    status: text("status", { enum: valuesOf(PlanStopStatusSchema) })
      .notNull()
      .default("pending"),
    statusAt: text("status_at"),
    statusBy: text("status_by"),
  },
  (t) => [
    index("plan_stops_route").on(t.runId, t.vehicleId, t.shift, t.seq),
    index("plan_stops_request").on(t.requestId),
  ],
);

/** Each served request's journey, leg by leg (vehicle, bus, school bus, drone, walk). */
export const planLegs = sqliteTable(
  "plan_legs",
  {
    runId: text("run_id")
      .notNull()
      .references(() => matchRuns.id),
    municipalityCode: text("municipality_code").notNull(),
    requestId: text("request_id").notNull(),
    legIndex: integer("leg_index").notNull(),
    /** vehicle | route_bus | school_bus | drone | walk */
    mode: text("mode").notNull(),
    vehicleId: text("vehicle_id"),
    shift: integer("shift"),
    tripId: text("trip_id"),
    droneRouteId: text("drone_route_id"),
    label: text("label").notNull(),
    fromLat: real("from_lat").notNull(),
    fromLon: real("from_lon").notNull(),
    fromName: text("from_name"),
    toLat: real("to_lat").notNull(),
    toLon: real("to_lon").notNull(),
    toName: text("to_name"),
    departureSec: integer("departure_sec").notNull(),
    arrivalSec: integer("arrival_sec").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.requestId, t.legIndex] }),
    index("plan_legs_request").on(t.requestId),
  ],
);

/** Requests a run could not place, with the engine's reason (code + details + relaxation). */
export const planUnassigned = sqliteTable(
  "plan_unassigned",
  {
    runId: text("run_id")
      .notNull()
      .references(() => matchRuns.id),
    municipalityCode: text("municipality_code").notNull(),
    requestId: text("request_id").notNull(),
    code: text("code").notNull(),
    /** JSON object of numbers/strings for the sentence. */
    details: text("details").notNull(),
    /** JSON Relaxation or null. */
    relaxation: text("relaxation"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.requestId] })],
);
