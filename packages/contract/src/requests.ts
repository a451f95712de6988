import { z } from "zod";
import { describedRules, ifThen, NON_BLANK } from "./documented";
import {
  IdSchema,
  IsoDateSchema,
  LatitudeSchema,
  LongitudeSchema,
  PaginationQuerySchema,
  pageOf,
  TimeOfDaySchema,
} from "./registry";
import { minutesOfDay } from "./time";

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

export const RequestKindSchema = z.enum(["ride", "parcel"]);
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
};

export const RideRequestInputSchema = z.object({
  kind: z.literal("ride"),
  ...common,
  purpose: PurposeSchema,
  passengers: z.number().int().min(1).max(20).default(1),
  wheelchair: z.boolean().default(false),
  escort: z.boolean().default(false),
});

export const ParcelRequestInputSchema = z.object({
  kind: z.literal("parcel"),
  ...common,
  purpose: PurposeSchema.default("shopping"),
  /** Kilograms; above 500 kg is not a community delivery. */
  weightKg: z.number().positive().max(500),
  sizeLitres: z.number().positive().max(2000),
  cold: z.boolean().default(false),
});

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
    for (const issue of crossFieldIssues(v))
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
      "A ride or a parcel. `latest` must be after `earliest`, and `dropoff` must differ from `pickup`; a `home` location needs `residentId`.",
      ["window_ends_before_start", "same_place"],
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

export const ResolvedLocationSchema = z.object({
  lat: z.number(),
  lon: z.number(),
  placeId: z.string().nullable(),
  /** True when it is the resident's home address point. */
  home: z.boolean(),
});

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
