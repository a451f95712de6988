import { z } from "zod";
import { describedRules, ifThen, NON_BLANK } from "./documented";
import {
  IdSchema,
  IsoDateSchema,
  LatitudeSchema,
  LongitudeSchema,
  PaginationQuerySchema,
  PhoneSchema,
  pageOf,
  TimeOfDaySchema,
} from "./registry";
import { addDays, minutesOfDay, tokyoNow } from "./time";

/**
 * Ride and parcel requests and their lifecycle. The transition table lives
 * here so the server enforces it and the web shows only the buttons it allows.
 */

export const RequestStatusSchema = z.enum([
  "submitted",
  "planned",
  "confirmed",
  "in_progress",
  "done",
  "cancelled",
  "no_show",
  "unserved",
]);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

/**
 * The statuses of a request still on its way (not yet done, cancelled, missed or answered
 * 配車できませんでした): a second booking of the same trip among these is a duplicate.
 */
export const ACTIVE_REQUEST_STATUSES = [
  "submitted",
  "planned",
  "confirmed",
  "in_progress",
] as const satisfies readonly RequestStatus[];

/**
 * Allowed moves. `planned → submitted` is a coordinator taking a request out
 * of the proposed plan so the next matching run takes it again. Approving a
 * day's plan answers every request of it: planned → confirmed, or → unserved
 * (配車できませんでした, with the reason). Withdrawing the approval before the
 * day's first pick-up undoes exactly that: confirmed → planned, and the plan's
 * unserved requests unserved → submitted. done, cancelled and no_show are final.
 */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  submitted: ["planned", "cancelled", "unserved"],
  planned: ["confirmed", "submitted", "cancelled", "unserved"],
  confirmed: ["in_progress", "cancelled", "no_show", "unserved", "planned"],
  in_progress: ["done"],
  done: [],
  cancelled: [],
  no_show: [],
  unserved: ["submitted"],
};

/**
 * The moves only withdrawing a day's approval makes (POST …/plan/withdraw-approval);
 * a status change by hand may not make them.
 */
export const APPROVAL_WITHDRAWAL_MOVES: readonly (readonly [RequestStatus, RequestStatus])[] = [
  ["confirmed", "planned"],
  ["unserved", "submitted"],
];

/** Whether `from → to` is one of the moves only a withdrawal of the day's approval makes. */
export function isWithdrawalMove(from: RequestStatus, to: RequestStatus): boolean {
  return APPROVAL_WITHDRAWAL_MOVES.some(([f, t]) => f === from && t === to);
}

/** Statuses a request may only enter with a reason (shown to the resident and in reports). */
export const STATUSES_NEEDING_REASON: readonly RequestStatus[] = ["cancelled", "no_show", "unserved"];

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

/**
 * The one step back a driver's mark may take when it is undone within the
 * undo window (run sheets): 不在 (no_show) and 乗車済み (in_progress) go back
 * to confirmed, 降車済み (done) back to in_progress. Nothing else moves back.
 */
export const REQUEST_UNDOS: Readonly<Partial<Record<RequestStatus, RequestStatus>>> = {
  no_show: "confirmed",
  in_progress: "confirmed",
  done: "in_progress",
};

export function canUndo(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_UNDOS[from] === to;
}

export const RequestKindSchema = z.enum(["ride", "parcel"]);
export type RequestKind = z.infer<typeof RequestKindSchema>;
/** 通院, 買物, デイサービス, 役場・手続, 交流・趣味, 通勤・通学, その他. */
export const PurposeSchema = z.enum([
  "clinic",
  "shopping",
  "day_care",
  "errand",
  "social",
  "commute",
  "other",
]);
export const RequestSourceSchema = z.enum(["resident", "phone", "staff"]);

/**
 * Where a leg starts or ends: exactly one of a place id (resolved by the
 * server), the resident's home (needs residentId), or a point.
 */
export const LocationInputSchema = z
  .object({
    placeId: IdSchema.optional(),
    home: z.literal(true).optional(),
    lat: LatitudeSchema.optional(),
    lon: LongitudeSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const hasPoint = v.lat !== undefined || v.lon !== undefined;
    const chosen = [v.placeId !== undefined, v.home === true, hasPoint].filter(Boolean).length;
    if (chosen !== 1) {
      ctx.addIssue({ code: "custom", message: "give exactly one of placeId, home or lat+lon", path: [] });
      return;
    }
    if (hasPoint && v.lat === undefined)
      ctx.addIssue({ code: "custom", message: "is required with lon", path: ["lat"] });
    if (hasPoint && v.lon === undefined)
      ctx.addIssue({ code: "custom", message: "is required with lat", path: ["lon"] });
  })
  .meta({
    description:
      "Exactly one of: `placeId`, `home: true` (needs the request's residentId), or `lat` with `lon`.",
    oneOf: [
      { required: ["placeId"] },
      { required: ["home"] },
      { anyOf: [{ required: ["lat"] }, { required: ["lon"] }] },
    ],
    dependentRequired: { lat: ["lon"], lon: ["lat"] },
  });
export type LocationInput = z.infer<typeof LocationInputSchema>;

const common = {
  residentId: IdSchema.nullable().default(null),
  date: IsoDateSchema,
  /** Earliest pick-up (ride) or earliest collection (parcel), "HH:MM" Asia/Tokyo. */
  earliest: TimeOfDaySchema,
  /** Latest arrival at the drop-off, "HH:MM" Asia/Tokyo. */
  latest: TimeOfDaySchema,
  pickup: LocationInputSchema,
  dropoff: LocationInputSchema,
  /** 0 (normal) to 3 (most urgent); medical trips are usually 2. Default 0. */
  priority: z.number().int().min(0).max(3).default(0),
  source: RequestSourceSchema.default("staff"),
  notes: z.string().max(500).nullable().default(null),
  /**
   * The caller was told 「同じ予約がすでにあります」 (409 duplicate_request) and books the same
   * trip once more all the same. Default false: a second active booking of the same trip is refused.
   */
  confirmDuplicate: z.boolean().default(false),
};

export const RideRequestInputSchema = z.object({
  kind: z.literal("ride"),
  ...common,
  purpose: PurposeSchema,
  passengers: z.number().int().min(1).max(20).default(1),
  wheelchair: z.boolean().default(false),
  escort: z.boolean().default(false),
});

/**
 * The size classes a resident chooses from (小・中・大), after the parcel services' box sizes:
 * the sum of a box's three sides, its weight, and the volume the planner reserves for it.
 * A parcel of a class counts at the class's limits in the planner (the conservative load),
 * so a drone never gets one heavier than it may carry and a van's cargo room is never overbooked.
 */
export const ParcelSizeClassSchema = z.enum(["small", "medium", "large"]);
export type ParcelSizeClass = z.infer<typeof ParcelSizeClassSchema>;
export const PARCEL_SIZE_CLASSES: Readonly<
  Record<ParcelSizeClass, { readonly maxKg: number; readonly maxLitres: number; readonly sidesCm: number }>
> = {
  small: { maxKg: 2, maxLitres: 10, sidesCm: 60 },
  medium: { maxKg: 10, maxLitres: 40, sidesCm: 100 },
  large: { maxKg: 25, maxLitres: 130, sidesCm: 160 },
};

/** The smallest class a parcel of this weight and volume fits, or null when it is bigger than 大. */
export function sizeClassOf(weightKg: number, sizeLitres: number): ParcelSizeClass | null {
  for (const c of ParcelSizeClassSchema.options) {
    const limit = PARCEL_SIZE_CLASSES[c];
    if (weightKg <= limit.maxKg && sizeLitres <= limit.maxLitres) return c;
  }
  return null;
}

/** 置き配 allowed (leave at the door) or hand to a person (手渡し). */
export const ParcelHandoverSchema = z.enum(["leave_at_door", "hand_to_person"]);
export type ParcelHandover = z.infer<typeof ParcelHandoverSchema>;

export const ParcelRequestInputSchema = z
  .object({
    kind: z.literal("parcel"),
    ...common,
    purpose: PurposeSchema.default("shopping"),
    /** What it is, in a few words (「野菜の箱」, 「薬」). */
    description: z.string().trim().min(1).max(60).meta(NON_BLANK).nullable().default(null),
    /** 小・中・大; without it, give `weightKg` and `sizeLitres`. */
    sizeClass: ParcelSizeClassSchema.optional(),
    /** Kilograms; above 500 kg is not a community delivery. Default: the size class's limit. */
    weightKg: z.number().positive().max(500).optional(),
    /** Litres. Default: the size class's limit. */
    sizeLitres: z.number().positive().max(2000).optional(),
    cold: z.boolean().default(false),
    /** Who receives it at the drop-off (personal data); null = the resident who asked. */
    receiverName: z.string().trim().min(1).max(60).meta(NON_BLANK).nullable().default(null),
    receiverPhone: PhoneSchema.nullable().default(null),
    handover: ParcelHandoverSchema.default("hand_to_person"),
  })
  .meta({
    anyOf: [{ required: ["sizeClass"] }, { required: ["weightKg", "sizeLitres"] }],
  });

/** A parcel's size: its class, or its weight and volume; a weight or volume over the class's limit is refused. */
function parcelSizeIssues(v: {
  kind?: string;
  sizeClass?: ParcelSizeClass;
  weightKg?: number;
  sizeLitres?: number;
}) {
  const issues: { path: string[]; message: string; code: string }[] = [];
  if (v.kind !== "parcel") return issues;
  if (!v.sizeClass) {
    for (const field of ["weightKg", "sizeLitres"] as const)
      if (v[field] === undefined)
        issues.push({ path: [field], message: "is required without sizeClass", code: "parcel_size_needed" });
    return issues;
  }
  const limit = PARCEL_SIZE_CLASSES[v.sizeClass];
  if (v.weightKg !== undefined && v.weightKg > limit.maxKg)
    issues.push({
      path: ["weightKg"],
      message: `is over ${limit.maxKg} kg of the class`,
      code: "over_size_class",
    });
  if (v.sizeLitres !== undefined && v.sizeLitres > limit.maxLitres)
    issues.push({
      path: ["sizeLitres"],
      message: `is over ${limit.maxLitres} L of the class`,
      code: "over_size_class",
    });
  return issues;
}

/**
 * Checks that need more than one field; each issue names its field. Zod runs
 * refinements even when some fields already failed, so every field may be missing here.
 */
function crossFieldIssues(v: {
  earliest?: string;
  latest?: string;
  pickup?: LocationInput;
  dropoff?: LocationInput;
  residentId?: string | null;
}) {
  const issues: { path: string[]; message: string; code: string }[] = [];
  const timeOk = (t: string | undefined): t is string => typeof t === "string" && /^\d{2}:\d{2}$/.test(t);
  if (timeOk(v.earliest) && timeOk(v.latest) && minutesOfDay(v.latest) <= minutesOfDay(v.earliest))
    issues.push({ path: ["latest"], message: "must be after earliest", code: "window_ends_before_start" });
  for (const side of ["pickup", "dropoff"] as const) {
    if (v[side]?.home && !v.residentId)
      issues.push({
        path: [side, "home"],
        message: "needs residentId (whose home?)",
        code: "home_without_resident",
      });
  }
  const { pickup, dropoff } = v;
  if (pickup && dropoff) {
    const same =
      (pickup.placeId !== undefined && pickup.placeId === dropoff.placeId) ||
      (pickup.home === true && dropoff.home === true) ||
      (pickup.lat !== undefined && pickup.lat === dropoff.lat && pickup.lon === dropoff.lon);
    if (same) issues.push({ path: ["dropoff"], message: "must differ from pickup", code: "same_place" });
  }
  return issues;
}

export const RequestInputSchema = z
  .discriminatedUnion("kind", [RideRequestInputSchema, ParcelRequestInputSchema])
  .superRefine((v, ctx) => {
    for (const issue of [...crossFieldIssues(v), ...parcelSizeIssues(v)])
      ctx.addIssue({
        code: "custom",
        path: issue.path,
        message: issue.message,
        params: { code: issue.code },
      });
  })
  .meta({
    id: "RequestInput",
    ...describedRules(
      "A ride or a parcel. `latest` must be after `earliest`, and `dropoff` must differ from `pickup`; a `home` location needs `residentId`. A parcel gives its `sizeClass` or its `weightKg` and `sizeLitres`; a weight or volume given with a class must be within the class's limits.",
      ["window_ends_before_start", "same_place", "parcel_size_needed", "over_size_class"],
    ),
    allOf: (["pickup", "dropoff"] as const).map((side) =>
      ifThen(
        { properties: { [side]: { required: ["home"] } }, required: [side] },
        { required: ["residentId"], properties: { residentId: { type: "string" } } },
      ),
    ),
  });
export type RequestInput = z.input<typeof RequestInputSchema>;
export type ParsedRequestInput = z.output<typeof RequestInputSchema>;

/** Furthest ahead a request may be booked, in days; further is a typo in the year. */
export const MAX_BOOKING_DAYS_AHEAD = 366;

/**
 * The booking's date rules in Japan's time, the one place both the server and the form check
 * them: not a past day, not more than a year ahead, and today only while the window is open.
 */
export function bookingDateIssue(
  date: string,
  latest: string,
  now: Date,
):
  | { field: "date" | "latest"; code: "date_in_past" | "date_too_far" | "time_in_past"; message: string }
  | undefined {
  const today = tokyoNow(now);
  if (date < today.date)
    return {
      field: "date",
      code: "date_in_past",
      message: `is in the past (today in Japan is ${today.date})`,
    };
  if (date > addDays(today.date, MAX_BOOKING_DAYS_AHEAD))
    return {
      field: "date",
      code: "date_too_far",
      message: `is more than ${MAX_BOOKING_DAYS_AHEAD} days ahead`,
    };
  if (date === today.date && minutesOfDay(latest) <= today.minutes)
    return { field: "latest", code: "time_in_past", message: "has already passed today" };
  return undefined;
}

export const ResolvedLocationSchema = z.object({
  lat: z.number(),
  lon: z.number(),
  placeId: z.string().nullable(),
  /** True when it is the resident's home address point. */
  home: z.boolean(),
});

export const ParcelDetailsSchema = z
  .object({
    description: z.string().nullable(),
    /** Null when it was booked by weight and volume bigger than 大. */
    sizeClass: ParcelSizeClassSchema.nullable(),
    receiverName: z.string().nullable(),
    receiverPhone: z.string().nullable(),
    handover: ParcelHandoverSchema,
  })
  .meta({ id: "ParcelDetails" });
export type ParcelDetails = z.infer<typeof ParcelDetailsSchema>;

export const TransportRequestSchema = z
  .object({
    id: z.string(),
    municipalityCode: z.string(),
    kind: RequestKindSchema,
    status: RequestStatusSchema,
    statusReason: z.string().nullable(),
    residentId: z.string().nullable(),
    date: z.string(),
    earliest: z.string(),
    latest: z.string(),
    purpose: z.string().nullable(),
    priority: z.number(),
    pickup: ResolvedLocationSchema,
    dropoff: ResolvedLocationSchema,
    passengers: z.number(),
    wheelchair: z.boolean(),
    escort: z.boolean(),
    weightKg: z.number(),
    sizeLitres: z.number(),
    cold: z.boolean(),
    /** A parcel's what, size class, receiver and hand-over; null for a ride. */
    parcel: ParcelDetailsSchema.nullable(),
    source: z.string(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
    /**
     * Confirmed and later: when the journey starts (pick-up at the door, or leaving home on foot
     * for a stop) and ends in the day's approved plan, "HH:MM". Absent before the plan is approved.
     */
    planned: z.object({ pickup: z.string(), arrival: z.string() }).optional(),
  })
  .meta({ id: "TransportRequest" });
export type TransportRequest = z.infer<typeof TransportRequestSchema>;

export const RequestEventSchema = z.object({
  from: RequestStatusSchema.nullable(),
  to: RequestStatusSchema,
  reason: z.string().nullable(),
  at: z.string(),
});
export const TransportRequestDetailSchema = TransportRequestSchema.extend({
  history: z.array(RequestEventSchema),
  /** Statuses the request may move to next. */
  allowedTransitions: z.array(RequestStatusSchema),
}).meta({ id: "TransportRequestDetail" });
export type TransportRequestDetail = z.infer<typeof TransportRequestDetailSchema>;

export const TransitionInputSchema = z.object({
  to: RequestStatusSchema,
  reason: z.string().trim().min(1).max(500).meta(NON_BLANK).optional(),
});
export type TransitionInput = z.infer<typeof TransitionInputSchema>;

const DECIMAL = "-?(\\d+(\\.\\d*)?|\\.\\d+)";

/** "minLon,minLat,maxLon,maxLat"; a request matches when its pick-up or drop-off is inside. */
export const BboxSchema = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(",").map(Number);
    const [w, so, e, n] = parts;
    if (
      parts.length !== 4 ||
      parts.some((p) => !Number.isFinite(p)) ||
      w === undefined ||
      so === undefined ||
      e === undefined ||
      n === undefined
    ) {
      ctx.addIssue({ code: "custom", message: "must be minLon,minLat,maxLon,maxLat" });
      return z.NEVER;
    }
    if (w >= e || so >= n) {
      ctx.addIssue({ code: "custom", message: "min must be below max", params: { code: "bbox_order" } });
      return z.NEVER;
    }
    return { minLon: w, minLat: so, maxLon: e, maxLat: n };
  })
  .meta({
    example: "137.1,36.9,137.4,37.1",
    pattern: `^${DECIMAL}(,${DECIMAL}){3}$`,
    ...describedRules("minLon,minLat,maxLon,maxLat; each min below its max.", ["bbox_order"]),
  });

export const RequestListQuerySchema = PaginationQuerySchema.extend({
  status: RequestStatusSchema.optional(),
  kind: RequestKindSchema.optional(),
  date: IsoDateSchema.optional(),
  dateFrom: IsoDateSchema.optional(),
  dateTo: IsoDateSchema.optional(),
  residentId: IdSchema.optional(),
  area: BboxSchema.optional(),
});
export type RequestListQuery = z.output<typeof RequestListQuerySchema>;

export const RequestPageSchema = pageOf(TransportRequestSchema);
export type RequestPage = z.infer<typeof RequestPageSchema>;
