import { clockOfMinutes, type UnassignedReason } from "@tsunagu/contract";
import { type MessageId, t } from "../i18n";

/**
 * Why a request is not in the plan, as sentences a coordinator can act on:
 * the engine's code and numbers become 「車いす対応車はすべて使用中です」 and
 * its smallest fix 「到着希望を10:40まで遅らせれば配車可能です」. Codes are
 * never shown; a detail the engine did not send just gives the plainer sentence.
 */
export interface ReasonText {
  reason: string;
  /** The "would work if…" sentence, when the engine found a change that fits. */
  hint: string | null;
}

/** Capacity dimensions in the engine's order (RegionalCapacity). */
const DIMENSIONS = ["seats", "wheelchairs", "cargoKg", "cargoLitres"] as const;

/** "HH:MM" of a detail given either as seconds since midnight (the engine's clock) or already as text. */
function clock(value: unknown): string | null {
  if (typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value)) return value;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return clockOfMinutes(value / 60);
  return null;
}

const minutes = (seconds: unknown): number | null =>
  typeof seconds === "number" && Number.isFinite(seconds) ? Math.ceil(seconds / 60) : null;

/** The kind of vehicle the request needs, named by its skills: 車いす対応車, 保冷車, or any vehicle. */
function vehicleNoun(details: UnassignedReason["details"]): string {
  const skills = Array.isArray(details.requiredSkills) ? details.requiredSkills : [];
  if (skills.some((s) => s === "wheelchair" || s === "lift" || s === "ramp"))
    return t("reason.noun.wheelchair");
  if (skills.some((s) => s === "cold" || s === "cold_box")) return t("reason.noun.cold");
  return t("reason.noun.any");
}

/** Skill codes as words (車いす, 保冷…); an unknown code is left out rather than shown raw. */
function skillWords(details: UnassignedReason["details"]): string {
  const skills = Array.isArray(details.requiredSkills) ? details.requiredSkills : [];
  const words = new Set<string>();
  for (const skill of skills) {
    if (skill === "wheelchair" || skill === "lift" || skill === "ramp")
      words.add(t("reason.skill.wheelchair"));
    else if (skill === "cold" || skill === "cold_box") words.add(t("reason.skill.cold"));
    else if (skill === "child_seat") words.add(t("veh.feature.child_seat"));
    else if (skill === "stretcher") words.add(t("veh.feature.stretcher"));
  }
  return [...words].join(t("reason.listSeparator"));
}

function dimensionName(value: unknown): MessageId | null {
  const name = typeof value === "number" ? DIMENSIONS[value] : value;
  return typeof name === "string" && (DIMENSIONS as readonly string[]).includes(name)
    ? (`reason.dim.${name}` as MessageId)
    : null;
}

function reasonSentence(reason: UnassignedReason): string {
  const d = reason.details;
  const busyFrom = clock(d.busyFrom);
  const busyTo = clock(d.busyTo);
  switch (reason.code) {
    case "NO_VEHICLE_WITH_SKILLS": {
      const words = skillWords(d);
      return words ? t("reason.noSkills", { skills: words }) : t("reason.noSkillsPlain");
    }
    case "CAPACITY": {
      const dim = dimensionName(d.dimension);
      return dim && typeof d.load === "number" && typeof d.largestCapacity === "number"
        ? t("reason.capacity", { what: t(dim), load: d.load, largest: d.largestCapacity })
        : t("reason.capacityPlain");
    }
    case "NO_VEHICLE_AVAILABLE": {
      const from = clock(d.earliestPickup);
      const to = clock(d.latestDelivery);
      if (busyFrom && busyTo)
        return t("reason.busyBetween", { noun: vehicleNoun(d), from: busyFrom, to: busyTo });
      return from && to
        ? t("reason.noneAvailable", { noun: vehicleNoun(d), from, to })
        : t("reason.noneAvailablePlain", { noun: vehicleNoun(d) });
    }
    case "NO_ROOM_IN_PLAN":
      return busyFrom && busyTo
        ? t("reason.busyBetween", { noun: vehicleNoun(d), from: busyFrom, to: busyTo })
        : t("reason.allBusy", { noun: vehicleNoun(d) });
    case "TIME_WINDOW_UNREACHABLE": {
      const late = minutes(d.lateBySeconds);
      if (late === null) return t("reason.tooLatePlain");
      return d.end === "pickup"
        ? t("reason.tooLatePickup", { minutes: late })
        : t("reason.tooLateDelivery", { minutes: late });
    }
    case "MAX_RIDE_TIME": {
      const direct = minutes(d.directSeconds);
      const max = minutes(d.maxRideSeconds);
      return direct !== null && max !== null
        ? t("reason.maxRide", { direct, max })
        : t("reason.maxRidePlain");
    }
    case "MAX_ROUTE_DURATION":
      return t("reason.routeDuration");
    case "NO_MODE_POSSIBLE":
      return t("reason.noMode");
    case "NO_DRIVER": {
      const from = clock(d.from);
      const to = clock(d.to);
      return from && to ? t("reason.noDriverBetween", { from, to }) : t("reason.noDriver");
    }
  }
}

function hintSentence(reason: UnassignedReason, kind: "ride" | "parcel"): string | null {
  const hint = reason.hint;
  if (!hint) return null;
  const delay = (until: MessageId, by: MessageId) => {
    if (hint.until) return t(until, { until: hint.until });
    return hint.minutes !== null ? t(by, { minutes: hint.minutes }) : null;
  };
  switch (hint.kind) {
    case "delay_delivery_end":
      return kind === "ride"
        ? delay("hint.delayArrivalUntil", "hint.delayArrivalBy")
        : delay("hint.delayDeliveryUntil", "hint.delayDeliveryBy");
    case "delay_pickup_end":
      return kind === "ride"
        ? delay("hint.delayPickupUntil", "hint.delayPickupBy")
        : delay("hint.delayCollectUntil", "hint.delayCollectBy");
    case "increase_max_ride":
      return hint.minutes !== null
        ? t("hint.longerRide", { minutes: hint.minutes })
        : t("hint.longerRidePlain");
    case "increase_capacity":
      return t("hint.biggerVehicle");
    case "add_vehicle":
      return t("hint.addVehicle");
  }
}

/** The reason and hint of an unassigned (or refused) request as sentences in the current language. */
export function reasonText(reason: UnassignedReason, kind: "ride" | "parcel"): ReasonText {
  return { reason: reasonSentence(reason), hint: hintSentence(reason, kind) };
}
