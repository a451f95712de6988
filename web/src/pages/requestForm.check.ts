import {
  bookingDateIssue,
  isRealDate,
  minutesOfDay,
  type ParcelSizeClass,
  PhoneSchema,
  parseClock,
} from "@tsunagu/contract";
import type { MessageId } from "../i18n";
import { pointOf } from "../map/location";

/** The choice of the pickup and dropoff selects that opens a map: 「その他の場所（地図で選ぶ）」. */
export const OTHER_PLACE = "point";

/** What the request form holds before it becomes a RequestInput. */
export interface RequestDraft {
  readonly kind: "ride" | "parcel";
  readonly mode: "resident" | "phone";
  readonly residentId: string;
  /** "home", a place id or OTHER_PLACE. */
  readonly from: string;
  /** "home", a place id, OTHER_PLACE, or "" before a choice. */
  readonly to: string;
  /** The map pin's fields when `from` is OTHER_PLACE. */
  readonly fromPoint?: { lat: string; lon: string };
  /** The map pin's fields when `to` is OTHER_PLACE. */
  readonly toPoint?: { lat: string; lon: string };
  readonly date: string;
  readonly earliest: string;
  readonly latest: string;
  readonly passengers: number;
  readonly description: string;
  readonly sizeClass: ParcelSizeClass | "";
  readonly receiverName: string;
  readonly receiverPhone: string;
}

/** One sentence per field: what is wrong and what to do, keyed by the request body's field name. */
export type DraftErrors = Record<string, MessageId>;

/**
 * Everything the form can check before 「確認へ」, so a mistake is caught at the step, by its
 * field, instead of after 「この内容で頼む」. The date rules are the server's own
 * (`bookingDateIssue`), so the form and the API never disagree; the server still checks
 * everything again.
 */
export function checkRequestDraft(draft: RequestDraft, now: Date): DraftErrors {
  const errors: DraftErrors = {};
  const parcel = draft.kind === "parcel";
  if (draft.mode === "phone" && !draft.residentId && (draft.from === "home" || draft.to === "home"))
    errors.residentId = "request.err.whoseHome";
  const fromPoint = draft.from === OTHER_PLACE ? pointOf(draft.fromPoint ?? { lat: "", lon: "" }) : undefined;
  const toPoint = draft.to === OTHER_PLACE ? pointOf(draft.toPoint ?? { lat: "", lon: "" }) : undefined;
  if (draft.from === OTHER_PLACE && !fromPoint) errors.pickup = "request.err.pointEmpty";
  if (!draft.to) errors.dropoff = parcel ? "request.err.chooseParcelTo" : "request.err.chooseTo";
  else if (draft.to === OTHER_PLACE && !toPoint) errors.dropoff = "request.err.pointEmpty";
  else if (
    draft.to === OTHER_PLACE
      ? fromPoint && toPoint && fromPoint.lat === toPoint.lat && fromPoint.lon === toPoint.lon
      : draft.to === draft.from
  )
    errors.dropoff = "request.err.samePlace";

  if (!draft.date || !isRealDate(draft.date)) errors.date = "request.err.dateEmpty";
  const earliestOk = parseClock(draft.earliest) !== undefined;
  const latestOk = parseClock(draft.latest) !== undefined;
  if (!earliestOk) errors.earliest = "request.err.timeEmpty";
  if (!latestOk) errors.latest = "request.err.timeEmpty";
  if (earliestOk && latestOk && minutesOfDay(draft.latest) <= minutesOfDay(draft.earliest))
    errors.latest = "request.err.windowOrder";
  if (!errors.date && latestOk && !errors.latest) {
    const issue = bookingDateIssue(draft.date, draft.latest, now);
    if (issue) errors[issue.field] = dateMessages[issue.code];
  }

  if (parcel) {
    if (!draft.description.trim()) errors.description = "request.err.description";
    if (!draft.sizeClass) errors.sizeClass = "request.err.sizeClass";
    const phone = draft.receiverPhone.trim();
    if (phone && !PhoneSchema.safeParse(phone).success) errors.receiverPhone = "request.err.phone";
  } else if (
    draft.mode === "phone" &&
    !(Number.isInteger(draft.passengers) && draft.passengers >= 1 && draft.passengers <= 20)
  )
    errors.passengers = "request.err.passengers";
  return errors;
}

const dateMessages: Record<NonNullable<ReturnType<typeof bookingDateIssue>>["code"], MessageId> = {
  date_in_past: "request.err.dateInPast",
  date_too_far: "request.err.dateTooFar",
  time_in_past: "request.err.timeInPast",
};

/** The server's rule codes, each as the sentence the form shows. */
const ruleMessages: Record<string, MessageId> = {
  ...dateMessages,
  window_ends_before_start: "request.err.windowOrder",
  same_place: "request.err.samePlace",
  home_without_resident: "request.err.whoseHome",
  parcel_size_needed: "request.err.sizeClass",
  over_size_class: "request.err.sizeClass",
};

/**
 * What to do about a field the server refused for a reason without a rule code: still a
 * sentence that names the field and what it needs, never a bare "please check".
 */
const fieldMessages: Record<string, MessageId> = {
  residentId: "request.err.whoseHome",
  purpose: "request.err.purpose",
  pickup: "request.err.chooseFrom",
  dropoff: "request.err.chooseTo",
  date: "request.err.dateEmpty",
  earliest: "request.err.timeEmpty",
  latest: "request.err.timeEmpty",
  passengers: "request.err.passengers",
  notes: "request.err.notes",
  description: "request.err.description",
  sizeClass: "request.err.sizeClass",
  weightKg: "request.err.sizeClass",
  sizeLitres: "request.err.sizeClass",
  receiverName: "request.err.receiverName",
  receiverPhone: "request.err.phone",
};

/** Field name from a problem path: "body.dropoff.placeId" → "dropoff". */
export function fieldOf(path: string): string {
  const parts = path.split(".");
  return parts[0] === "body" ? (parts[1] ?? "") : (parts[0] ?? "");
}

/** The sentence for one of the server's field errors; undefined when the field is not on the form. */
export function serverErrorMessage(field: string, code: string | undefined): MessageId | undefined {
  return (code && ruleMessages[code]) || fieldMessages[field];
}
