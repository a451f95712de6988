import { z } from "zod";
import { NON_BLANK } from "./documented";
import { IdSchema, IsoDateSchema, TimeOfDaySchema } from "./registry";
import {
  ParcelDetailsSchema,
  RequestKindSchema,
  RequestStatusSchema,
  TransportRequestSchema,
} from "./requests";

/**
 * Match runs (durable jobs that plan one day), the plan they produce, the
 * coordinator's review actions, live insertion and drivers' run sheets.
 * Times of day in plans are "HH:MM" (Asia/Tokyo); a plan never crosses midnight.
 */

export const MatchRunStatusSchema = z.enum(["queued", "running", "done", "failed", "cancelled"]);
export type MatchRunStatus = z.infer<typeof MatchRunStatusSchema>;

export const MatchRunCreateSchema = z.object({
  date: IsoDateSchema,
  /** Solver budget. Default 20 s; at most 300 s. */
  timeLimitSeconds: z.number().int().min(1).max(300).default(20),
});
export type MatchRunCreate = z.infer<typeof MatchRunCreateSchema>;

export const MatchRunProgressSchema = z.object({
  phase: z.enum(["loading", "itineraries", "construct", "fleet", "improve", "finish", "saving"]),
  percent: z.number().min(0).max(100),
  /** Requests served so far (a request counts once, however many legs it has). */
  served: z.number().int(),
  unserved: z.number().int(),
  /** Road routes in use so far; at the end, the plan summary's `routes`. */
  vehicles: z.number().int(),
});
export type MatchRunProgress = z.infer<typeof MatchRunProgressSchema>;

/**
 * A plan's figures. requests = served + unserved; `vehicles` counts distinct
 * road vehicles, `routes` their driven availability windows. Every screen's
 * counts come from one function of the plan (server/src/domain/plans/counts.ts).
 */
export const PlanSummarySchema = z.object({
  requests: z.number().int(),
  served: z.number().int(),
  unserved: z.number().int(),
  vehicles: z.number().int(),
  routes: z.number().int(),
  distanceKm: z.number(),
  /** Served requests with at least one leg of the mode. */
  byMode: z.object({
    vehicle: z.number().int(),
    route_bus: z.number().int(),
    school_bus: z.number().int(),
    drone: z.number().int(),
    walk: z.number().int(),
  }),
  transfers: z.number().int(),
  droneFlights: z.number().int(),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

export const MatchRunSchema = z
  .object({
    id: IdSchema,
    date: IsoDateSchema,
    status: MatchRunStatusSchema,
    /** Set while running (and kept at the last value afterwards). */
    progress: MatchRunProgressSchema.nullable(),
    summary: PlanSummarySchema.nullable(),
    /** Why it failed (no personal data), when status is failed. */
    error: z.string().nullable(),
    /** How many times a worker started it (a crashed or killed run is restarted). */
    attempts: z.number().int(),
    timeLimitSeconds: z.number().int(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    /** The plan of this run has been (partly) approved; a newer run for the date is refused then. */
    approved: z.boolean(),
    /** A later run for the same date replaced this one before approval (its plan is read-only). */
    superseded: z.boolean(),
  })
  .meta({ id: "MatchRun" });
export type MatchRun = z.infer<typeof MatchRunSchema>;

export const LegModeSchema = z.enum(["vehicle", "route_bus", "school_bus", "drone", "walk"]);
export type LegMode = z.infer<typeof LegModeSchema>;

export const PlanPlaceSchema = z.object({
  lat: z.number(),
  lon: z.number(),
  /**
   * What the place is called: the request's place (「国保診療所」), a home
   * (「山田 花子様宅」), a hub, bus stop, port or depot; null only for a bare
   * point nobody named (指定地点) or the home of an erased resident.
   */
  name: z.string().nullable(),
  /** Postal address of the place or home, when registered. */
  address: z.string().nullable(),
});
export type PlanPlace = z.infer<typeof PlanPlaceSchema>;

/**
 * Who a request is for, as coordinators see it on the plan (personal data:
 * every plan read is audited). Null for a request without a resident.
 */
export const PlanPersonSchema = z
  .object({
    residentId: IdSchema,
    /** Null once the resident's data was erased. */
    name: z.string().nullable(),
    phone: z.string().nullable(),
    wheelchair: z.boolean(),
    escort: z.boolean(),
  })
  .nullable();
export type PlanPerson = z.infer<typeof PlanPersonSchema>;

export const PlanLegSchema = z.object({
  index: z.number().int(),
  mode: LegModeSchema,
  vehicleId: z.string().nullable(),
  tripId: z.string().nullable(),
  droneRouteId: z.string().nullable(),
  /** Vehicle name, route name + headsign, or drone route name. */
  label: z.string(),
  from: PlanPlaceSchema,
  to: PlanPlaceSchema,
  departure: TimeOfDaySchema,
  arrival: TimeOfDaySchema,
});
export type PlanLeg = z.infer<typeof PlanLegSchema>;

/**
 * A stop's state on the day: pending, done (乗車・集荷済み / 降車・配達済み),
 * no_show (不在), or cancelled — its request's rider was not there at the
 * pick-up, so the drop-off is off (the driver has nothing to do there).
 */
export const PlanStopStatusSchema = z.enum(["pending", "done", "no_show", "cancelled"]);

export const PlanStopSchema = z.object({
  /** Stable id of the stop (run sheets mark it). */
  id: IdSchema,
  seq: z.number().int(),
  kind: z.enum(["start", "pickup", "dropoff", "end"]),
  requestId: z.string().nullable(),
  legIndex: z.number().int().nullable(),
  place: PlanPlaceSchema,
  arrival: TimeOfDaySchema,
  departure: TimeOfDaySchema,
  status: PlanStopStatusSchema,
  /** On board after the stop. */
  load: z.object({
    seats: z.number(),
    wheelchairs: z.number(),
    cargoKg: z.number(),
    cargoLitres: z.number(),
  }),
});
export type PlanStop = z.infer<typeof PlanStopSchema>;

export const PlanRouteSchema = z.object({
  vehicleId: IdSchema,
  vehicleName: z.string(),
  vehicleKind: z.string(),
  shift: z.number().int(),
  approved: z.boolean(),
  distanceKm: z.number(),
  /** Who drives the route (null in a plan made without drivers). */
  driverId: z.string().nullable(),
  driverName: z.string().nullable(),
  stops: z.array(PlanStopSchema),
});
export type PlanRoute = z.infer<typeof PlanRouteSchema>;

export const PlanRequestSchema = z.object({
  requestId: IdSchema,
  kind: RequestKindSchema,
  status: RequestStatusSchema,
  earliest: TimeOfDaySchema,
  latest: TimeOfDaySchema,
  person: PlanPersonSchema,
  /** The request's own pick-up and drop-off, named. */
  from: PlanPlaceSchema,
  to: PlanPlaceSchema,
  /** A parcel's what, size class (小・中・大), receiver and hand-over; null for a ride. */
  parcel: ParcelDetailsSchema.nullable(),
  legs: z.array(PlanLegSchema),
});
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

/**
 * Why a request has no place in the plan: a machine code plus the numbers a
 * sentence needs, and the smallest change that would make it fit, if found.
 */
export const UnassignedReasonSchema = z.object({
  code: z.enum([
    "NO_VEHICLE_WITH_SKILLS",
    "CAPACITY",
    "NO_VEHICLE_AVAILABLE",
    "TIME_WINDOW_UNREACHABLE",
    "MAX_RIDE_TIME",
    "MAX_ROUTE_DURATION",
    "NO_ROOM_IN_PLAN",
    "NO_MODE_POSSIBLE",
    "NO_DRIVER",
  ]),
  details: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])),
  /** e.g. `{ kind: "delay_delivery_end", minutes: 12, until: "10:40" }`. */
  hint: z
    .object({
      kind: z.enum([
        "delay_delivery_end",
        "delay_pickup_end",
        "increase_max_ride",
        "increase_capacity",
        "add_vehicle",
      ]),
      minutes: z.number().nullable(),
      /** The relaxed time ("HH:MM") for the delay kinds. */
      until: TimeOfDaySchema.nullable(),
    })
    .nullable(),
});
export type UnassignedReason = z.infer<typeof UnassignedReasonSchema>;

/** A request the plan could not serve: the request as the plan shows it (no status, no legs) and why. */
export const PlanUnassignedSchema = PlanRequestSchema.omit({ status: true, legs: true }).extend({
  reason: UnassignedReasonSchema,
});

export const PlanTimetabledTripSchema = z.object({
  tripId: z.string(),
  service: z.enum(["route_bus", "school_bus"]),
  label: z.string(),
  departure: TimeOfDaySchema,
  arrival: TimeOfDaySchema,
  requestIds: z.array(z.string()),
});

export const PlanDroneFlightSchema = z.object({
  droneRouteId: z.string(),
  label: z.string(),
  takeOff: TimeOfDaySchema,
  landing: TimeOfDaySchema,
  payloadKg: z.number(),
  requestIds: z.array(z.string()),
});

/** A driver working on the plan's day, with the vehicles they may drive: who a route may be given to. */
export const PlanDriverSchema = z.object({
  driverId: IdSchema,
  name: z.string(),
  vehicleIds: z.array(z.string()),
  windows: z.array(z.object({ from: TimeOfDaySchema, to: TimeOfDaySchema })),
});

/** A road vehicle the plan's day may use, with its availability windows (`shift` = the window's index). */
export const PlanVehicleSchema = z.object({
  vehicleId: IdSchema,
  vehicleName: z.string(),
  windows: z.array(z.object({ shift: z.number().int(), from: TimeOfDaySchema, to: TimeOfDaySchema })),
});

export const PlanSchema = z
  .object({
    runId: IdSchema,
    date: IsoDateSchema,
    summary: PlanSummarySchema,
    routes: z.array(PlanRouteSchema),
    /** Every road vehicle of the day's input, used or not: where a request may be moved. */
    vehicles: z.array(PlanVehicleSchema),
    /** The drivers of the day's input: who may take a route. */
    drivers: z.array(PlanDriverSchema),
    requests: z.array(PlanRequestSchema),
    trips: z.array(PlanTimetabledTripSchema),
    droneFlights: z.array(PlanDroneFlightSchema),
    unassigned: z.array(PlanUnassignedSchema),
  })
  .meta({ id: "Plan" });
export type Plan = z.infer<typeof PlanSchema>;

/** Move one request's vehicle leg to another vehicle; refused with the reason when it does not fit. */
export const PlanMoveInputSchema = z.object({
  requestId: IdSchema,
  toVehicleId: IdSchema,
  /** Which availability window of the vehicle. Default 0. */
  shift: z.number().int().min(0).default(0),
});

/** Give one route (a vehicle's availability window) to another driver. */
export const PlanDriverInputSchema = z.object({
  vehicleId: IdSchema,
  shift: z.number().int().min(0).default(0),
  driverId: IdSchema,
});

const DRIVER_RULES = [
  "vehicle",
  "qualification",
  "availability",
  "overlap",
  "continuous_driving",
  "daily_driving",
  "duty",
] as const;

/**
 * Why a driver cannot take a route: may not drive the vehicle, lacks a qualification its
 * requests need, not working then, already driving another route then (moves included), or
 * the day's limits (4 h without a break, 9 h driving, 13 h on duty).
 */
export const DriverRuleSchema = z.enum(DRIVER_RULES);
export type DriverRule = z.infer<typeof DriverRuleSchema>;

/** Approve all routes (no `vehicleIds`) or the listed vehicles' routes. */
export const PlanApproveInputSchema = z.object({
  vehicleIds: z.array(IdSchema).min(1).optional(),
});

/**
 * What 「外す」 does with the request: `cancelled` — the resident withdrew it
 * (取り消し（ご本人の希望）, never planned again); `unserved` — not served this
 * time (今回は見送り, the note is the reason the resident reads); `replan` — back to
 * submitted for the next matching run.
 */
export const PlanRejectOutcomeSchema = z.enum(["cancelled", "unserved", "replan"]);
export type PlanRejectOutcome = z.infer<typeof PlanRejectOutcomeSchema>;

/** Take a request out of the proposed plan with a note (the reason the resident reads). */
export const PlanRejectInputSchema = z.object({
  requestId: IdSchema,
  note: z.string().trim().min(1).max(500).meta(NON_BLANK),
  /** Default `replan`. */
  outcome: PlanRejectOutcomeSchema.default("replan"),
});

/**
 * One resident to call after the day's approval: a request of the date that
 * is unserved (配車できませんでした), with who, how to reach them and why.
 */
export const UnservedCallSchema = z
  .object({
    requestId: IdSchema,
    kind: RequestKindSchema,
    earliest: TimeOfDaySchema,
    latest: TimeOfDaySchema,
    residentId: IdSchema.nullable(),
    /** Null for a request without a resident or an erased one. */
    residentName: z.string().nullable(),
    phone: z.string().nullable(),
    /** The reason in words, as the resident reads it in 「わたしの予約」. */
    reason: z.string().nullable(),
  })
  .meta({ id: "UnservedCall" });
export type UnservedCall = z.infer<typeof UnservedCallSchema>;

export const UnservedCallListSchema = z
  .object({ date: IsoDateSchema, items: z.array(UnservedCallSchema) })
  .meta({ id: "UnservedCallList" });
export type UnservedCallList = z.infer<typeof UnservedCallListSchema>;

/** Insert a request made during the day into the day's approved plan. */
export const LiveInsertInputSchema = z.object({ requestId: IdSchema });
export const LiveInsertResultSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("inserted"),
    requestId: IdSchema,
    vehicleId: IdSchema,
    pickupTime: TimeOfDaySchema,
    dropoffTime: TimeOfDaySchema,
  }),
  z.object({ status: z.literal("unservable"), requestId: IdSchema, reason: UnassignedReasonSchema }),
]);
export type LiveInsertResult = z.infer<typeof LiveInsertResultSchema>;

/**
 * POST …/requests answers with the stored request and, when its date already
 * has an approved plan, where it went: inserted (confirmed, with the pick-up
 * time) or unservable (still submitted, with the reason; a coordinator looks
 * at it). No `placement`: the day is not planned yet — the next match run
 * takes it. An idempotent replay answers the first response again.
 */
export const RequestCreatedSchema = TransportRequestSchema.extend({
  placement: LiveInsertResultSchema.optional(),
});
export type RequestCreated = z.infer<typeof RequestCreatedSchema>;

export const RunSheetStopSchema = z.object({
  id: IdSchema,
  seq: z.number().int(),
  time: TimeOfDaySchema,
  kind: z.enum(["start", "pickup", "dropoff", "end"]),
  place: PlanPlaceSchema,
  requestId: z.string().nullable(),
  requestKind: RequestKindSchema.nullable(),
  /** Who to pick up (the resident's name; null for a parcel or an erased resident). */
  residentName: z.string().nullable(),
  phone: z.string().nullable(),
  passengers: z.number().int(),
  wheelchair: z.boolean(),
  escort: z.boolean(),
  weightKg: z.number(),
  cold: z.boolean(),
  /** A parcel's what, class, receiver (配達) and 置き配可/手渡し; null for a ride or a depot stop. */
  parcel: ParcelDetailsSchema.nullable(),
  /** "hand over at the hub to the drone 10:20", "from bus 12:05" … as a leg of the itinerary. */
  handover: z
    .object({
      mode: LegModeSchema,
      label: z.string(),
      time: TimeOfDaySchema,
      direction: z.enum(["to", "from"]),
    })
    .nullable(),
  notes: z.string().nullable(),
  status: PlanStopStatusSchema,
  /** When the stop was marked (ISO); null while pending. */
  markedAt: z.string().nullable(),
  /**
   * Until when the driver may undo the mark (ISO; `markedAt` + STOP_UNDO_MINUTES);
   * null when it cannot be undone (pending, cancelled, or a later stop of the request is marked).
   * The server enforces the window with its own clock.
   */
  undoableUntil: z.string().nullable(),
});
export type RunSheetStop = z.infer<typeof RunSheetStopSchema>;

export const RunSheetSchema = z
  .object({
    runId: IdSchema,
    date: IsoDateSchema,
    vehicleId: IdSchema,
    vehicleName: z.string(),
    shift: z.number().int(),
    stops: z.array(RunSheetStopSchema),
  })
  .meta({ id: "RunSheet" });
export type RunSheet = z.infer<typeof RunSheetSchema>;

/** One line of the day's list of run sheets (one approved vehicle route), as GET …/run-sheets lists it. */
export const RunSheetSummarySchema = z.object({
  runId: z.string(),
  vehicleId: z.string(),
  vehicleName: z.string(),
  shift: z.number().int(),
  /** Number of stops (start and end included). */
  stops: z.number().int(),
  firstTime: z.string(),
  lastTime: z.string(),
});
export type RunSheetSummary = z.infer<typeof RunSheetSummarySchema>;

/** How long after marking a stop the driver may undo it (不在 or 乗車済み tapped by mistake). */
export const STOP_UNDO_MINUTES = 5;

/** A driver marks a stop: picked up / delivered (`done`) or no-show. */
export const StopStatusInputSchema = z.object({
  status: z.enum(["done", "no_show"]),
  note: z.string().trim().max(500).optional(),
});

/**
 * A coordinator's search over one day's requests (a caller on the phone: 「山田です、
 * 明日の予約ですが…」): by the resident's name or kana, phone number, or the
 * request number. Spaces are ignored; a phone matches on its digits.
 */
export const RequestSearchQuerySchema = z.object({
  date: IsoDateSchema,
  q: z.string().trim().min(1).max(100).meta(NON_BLANK),
});
/** A hit: the request as the plan shows it, without its legs. */
export const RequestSearchHitSchema = PlanRequestSchema.omit({ legs: true });
export type RequestSearchHit = z.infer<typeof RequestSearchHitSchema>;
export const RequestSearchResultSchema = z
  .object({
    items: z.array(RequestSearchHitSchema),
    /** More matched than the 50 shown: type more of the name or number. */
    truncated: z.boolean(),
  })
  .meta({ id: "RequestSearchResult" });
export type RequestSearchResult = z.infer<typeof RequestSearchResultSchema>;
