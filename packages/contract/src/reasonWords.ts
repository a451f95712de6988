/**
 * Why a request is not served, in words — the one home of these sentences.
 * The plan review shows them to the coordinator (web) and approval stores
 * them as the resident's answer 配車できませんでした (server), so both read
 * the same sentence. The engine's code and numbers become
 * 「車いす対応車はすべて使用中です」 and its smallest fix
 * 「到着希望を10:40まで遅らせれば配車可能です」; codes are never shown, and a
 * detail the engine did not send just gives the plainer sentence.
 */

import type { UnassignedReason } from "./matching";
import type { RequestKind } from "./requests";
import { clockOfMinutes } from "./time";

export type WordsLang = "ja" | "en";
type Words = Readonly<Record<WordsLang, string>>;
type ReasonCode = UnassignedReason["code"];
type HintKind = NonNullable<UnassignedReason["hint"]>["kind"];

/**
 * The sentences per reason code: `plain` when the engine sent no usable
 * numbers, the other entries when it did. `satisfies` makes the table
 * exhaustive: a new code in UnassignedReasonSchema fails the build until it
 * has words in both languages.
 */
export const UNASSIGNED_REASON_WORDS = {
  NO_VEHICLE_WITH_SKILLS: {
    plain: {
      ja: "この依頼に必要な装備のある車両がありません。",
      en: "No vehicle has the equipment this request needs.",
    },
    skills: { ja: "{skills}に対応できる車両がありません。", en: "No vehicle can handle: {skills}." },
  },
  CAPACITY: {
    plain: { ja: "乗り切らない・積み切らない依頼です。", en: "It does not fit in any vehicle." },
    load: {
      ja: "{what}が {load} 必要ですが、いちばん大きい車両でも {largest} までです。",
      en: "It needs {load} {what}, but the largest vehicle has {largest}.",
    },
  },
  NO_VEHICLE_AVAILABLE: {
    plain: {
      ja: "希望の時間に動ける{noun}がありません。",
      en: "No {noun} are available in the requested time.",
    },
    window: {
      ja: "希望の時間（{from}〜{to}）に動ける{noun}がありません。",
      en: "No {noun} are available in the requested time ({from}–{to}).",
    },
    busy: { ja: "{noun}は{from}〜{to}使用中です。", en: "All {noun} are busy {from}–{to}." },
  },
  TIME_WINDOW_UNREACHABLE: {
    plain: { ja: "希望の時間に間に合いません。", en: "It cannot be done in the requested time." },
    pickup: {
      ja: "お迎えが希望より {minutes} 分遅れてしまいます。",
      en: "The pick-up would be {minutes} min later than asked.",
    },
    delivery: {
      ja: "到着が希望より {minutes} 分遅れてしまいます。",
      en: "The arrival would be {minutes} min later than asked.",
    },
  },
  MAX_RIDE_TIME: {
    plain: { ja: "乗車時間の上限を超えてしまいます。", en: "It would exceed the maximum ride time." },
    direct: {
      ja: "直行しても {direct} 分かかり、乗車時間の上限（{max} 分）を超えます。",
      en: "Even going directly takes {direct} min, over the ride limit of {max} min.",
    },
  },
  MAX_ROUTE_DURATION: {
    plain: {
      ja: "車両の運行時間の上限を超えてしまいます。",
      en: "It would exceed a vehicle's maximum working time.",
    },
  },
  NO_ROOM_IN_PLAN: {
    plain: { ja: "{noun}はすべて使用中です。", en: "All {noun} are busy." },
    busy: { ja: "{noun}は{from}〜{to}使用中です。", en: "All {noun} are busy {from}–{to}." },
  },
  NO_MODE_POSSIBLE: {
    plain: { ja: "車両・バス・ドローンのどれでも運べません。", en: "No vehicle, bus or drone can carry it." },
    droneLimit: {
      ja: "荷物の{what}（{load}）がドローンで運べる上限（{limit}）を超え、車両・バスでも運べません。",
      en: "The parcel's {what} ({load}) is over the drone's limit ({limit}), and no vehicle or bus can carry it.",
    },
  },
  NO_DRIVER: {
    plain: { ja: "この時間に運転できる運転者がいません。", en: "No driver can drive at this time." },
    between: {
      ja: "{from}〜{to}に運転できる運転者がいません。",
      en: "No driver can drive between {from} and {to}.",
    },
  },
} as const satisfies Record<ReasonCode, { plain: Words } & Record<string, Words>>;

/** The hint sentences per hint kind; the delays are worded for rides and for parcels. */
export const UNASSIGNED_HINT_WORDS = {
  delay_delivery_end: {
    rideUntil: {
      ja: "到着希望を{until}まで遅らせれば配車可能です。",
      en: "Would work if the arrival could be as late as {until}.",
    },
    rideBy: {
      ja: "到着希望を {minutes} 分遅らせれば配車可能です。",
      en: "Would work if the arrival could be {minutes} min later.",
    },
    parcelUntil: {
      ja: "お届けの希望を{until}まで遅らせれば配送可能です。",
      en: "Would work if the delivery could be as late as {until}.",
    },
    parcelBy: {
      ja: "お届けの希望を {minutes} 分遅らせれば配送可能です。",
      en: "Would work if the delivery could be {minutes} min later.",
    },
  },
  delay_pickup_end: {
    rideUntil: {
      ja: "お迎えの時間を{until}まで広げれば配車可能です。",
      en: "Would work if the pick-up could be as late as {until}.",
    },
    rideBy: {
      ja: "お迎えの時間を {minutes} 分広げれば配車可能です。",
      en: "Would work if the pick-up could be {minutes} min later.",
    },
    parcelUntil: {
      ja: "集荷の時間を{until}まで広げれば配送可能です。",
      en: "Would work if the collection could be as late as {until}.",
    },
    parcelBy: {
      ja: "集荷の時間を {minutes} 分広げれば配送可能です。",
      en: "Would work if the collection could be {minutes} min later.",
    },
  },
  increase_max_ride: {
    plain: { ja: "乗車時間の上限を延ばせば配車可能です。", en: "Would work with a longer ride limit." },
    by: {
      ja: "乗車時間の上限を {minutes} 分延ばせば配車可能です。",
      en: "Would work with a ride limit {minutes} min longer.",
    },
  },
  increase_capacity: {
    plain: { ja: "より大きい車両があれば配車可能です。", en: "Would work with a larger vehicle." },
  },
  add_vehicle: {
    plain: { ja: "車両をもう1台使えれば配車可能です。", en: "Would work with one more vehicle." },
  },
} as const satisfies Record<HintKind, Record<string, Words>>;

/** The nouns and names the sentences put in their {placeholders}. */
const PARTS = {
  nounAny: { ja: "車両", en: "suitable vehicles" },
  nounWheelchair: { ja: "車いす対応車", en: "wheelchair-accessible vehicles" },
  nounCold: { ja: "保冷できる車両", en: "vehicles with a cold box" },
  skillWheelchair: { ja: "車いす", en: "wheelchair" },
  skillCold: { ja: "保冷", en: "cold chain" },
  skillChildSeat: { ja: "チャイルドシート", en: "Child seat" },
  skillStretcher: { ja: "ストレッチャー", en: "Stretcher" },
  listSeparator: { ja: "・", en: ", " },
  seats: { ja: "座席", en: "seats" },
  wheelchairs: { ja: "車いすの席", en: "wheelchair places" },
  cargoKg: { ja: "荷物の重さ（kg）", en: "cargo weight (kg)" },
  cargoLitres: { ja: "荷物の大きさ（L）", en: "cargo volume (L)" },
  droneKg: { ja: "重さ", en: "weight" },
  droneLitres: { ja: "大きさ", en: "volume" },
} as const satisfies Record<string, Words>;

/** Capacity dimensions in the engine's order (RegionalCapacity). */
const DIMENSIONS = ["seats", "wheelchairs", "cargoKg", "cargoLitres"] as const;

function fill(words: Words, lang: WordsLang, values: Record<string, string | number> = {}): string {
  return words[lang].replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/** "HH:MM" of a detail given either as seconds since midnight (the engine's clock) or already as text. */
function clock(value: unknown): string | null {
  if (typeof value === "string" && /^\d{1,2}:\d{2}$/.test(value)) return value;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return clockOfMinutes(value / 60);
  return null;
}

const minutesOf = (seconds: unknown): number | null =>
  typeof seconds === "number" && Number.isFinite(seconds) ? Math.ceil(seconds / 60) : null;

const skillsOf = (details: UnassignedReason["details"]): readonly string[] =>
  Array.isArray(details.requiredSkills) ? details.requiredSkills : [];
const isWheelchair = (s: string) => s === "wheelchair" || s === "lift" || s === "ramp";
const isCold = (s: string) => s === "cold" || s === "cold_box";

/** The kind of vehicle the request needs, named by its skills: 車いす対応車, 保冷車, or any vehicle. */
function vehicleNoun(details: UnassignedReason["details"], lang: WordsLang): string {
  const skills = skillsOf(details);
  if (skills.some(isWheelchair)) return PARTS.nounWheelchair[lang];
  if (skills.some(isCold)) return PARTS.nounCold[lang];
  return PARTS.nounAny[lang];
}

/** Skill codes as words (車いす, 保冷…); an unknown code is left out rather than shown raw. */
function skillWords(details: UnassignedReason["details"], lang: WordsLang): string {
  const words = new Set<string>();
  for (const skill of skillsOf(details)) {
    if (isWheelchair(skill)) words.add(PARTS.skillWheelchair[lang]);
    else if (isCold(skill)) words.add(PARTS.skillCold[lang]);
    else if (skill === "child_seat") words.add(PARTS.skillChildSeat[lang]);
    else if (skill === "stretcher") words.add(PARTS.skillStretcher[lang]);
  }
  return [...words].join(PARTS.listSeparator[lang]);
}

function dimensionName(value: unknown, lang: WordsLang): string | null {
  const name = typeof value === "number" ? DIMENSIONS[value] : value;
  const known = DIMENSIONS.find((d) => d === name);
  return known ? PARTS[known][lang] : null;
}

/** A load or limit with its unit: 12 kg, 60 L. */
const amount = (value: number, dimension: unknown): string =>
  `${value} ${dimension === "cargoKg" ? "kg" : "L"}`;

function reasonSentence(reason: UnassignedReason, lang: WordsLang): string {
  const d = reason.details;
  const busyFrom = clock(d.busyFrom);
  const busyTo = clock(d.busyTo);
  const noun = () => vehicleNoun(d, lang);
  switch (reason.code) {
    case "NO_VEHICLE_WITH_SKILLS": {
      const w = UNASSIGNED_REASON_WORDS.NO_VEHICLE_WITH_SKILLS;
      const skills = skillWords(d, lang);
      return skills ? fill(w.skills, lang, { skills }) : fill(w.plain, lang);
    }
    case "CAPACITY": {
      const w = UNASSIGNED_REASON_WORDS.CAPACITY;
      const what = dimensionName(d.dimension, lang);
      return what && typeof d.load === "number" && typeof d.largestCapacity === "number"
        ? fill(w.load, lang, { what, load: d.load, largest: d.largestCapacity })
        : fill(w.plain, lang);
    }
    case "NO_VEHICLE_AVAILABLE": {
      const w = UNASSIGNED_REASON_WORDS.NO_VEHICLE_AVAILABLE;
      const from = clock(d.earliestPickup);
      const to = clock(d.latestDelivery);
      if (busyFrom && busyTo) return fill(w.busy, lang, { noun: noun(), from: busyFrom, to: busyTo });
      return from && to
        ? fill(w.window, lang, { noun: noun(), from, to })
        : fill(w.plain, lang, { noun: noun() });
    }
    case "NO_ROOM_IN_PLAN": {
      const w = UNASSIGNED_REASON_WORDS.NO_ROOM_IN_PLAN;
      return busyFrom && busyTo
        ? fill(w.busy, lang, { noun: noun(), from: busyFrom, to: busyTo })
        : fill(w.plain, lang, { noun: noun() });
    }
    case "TIME_WINDOW_UNREACHABLE": {
      const w = UNASSIGNED_REASON_WORDS.TIME_WINDOW_UNREACHABLE;
      const late = minutesOf(d.lateBySeconds);
      if (late === null) return fill(w.plain, lang);
      return fill(d.end === "pickup" ? w.pickup : w.delivery, lang, { minutes: late });
    }
    case "MAX_RIDE_TIME": {
      const w = UNASSIGNED_REASON_WORDS.MAX_RIDE_TIME;
      const direct = minutesOf(d.directSeconds);
      const max = minutesOf(d.maxRideSeconds);
      return direct !== null && max !== null ? fill(w.direct, lang, { direct, max }) : fill(w.plain, lang);
    }
    case "MAX_ROUTE_DURATION":
      return fill(UNASSIGNED_REASON_WORDS.MAX_ROUTE_DURATION.plain, lang);
    case "NO_MODE_POSSIBLE": {
      const w = UNASSIGNED_REASON_WORDS.NO_MODE_POSSIBLE;
      const what =
        d.droneDimension === "cargoKg"
          ? PARTS.droneKg[lang]
          : d.droneDimension === "cargoLitres"
            ? PARTS.droneLitres[lang]
            : null;
      return what !== null && typeof d.droneLoad === "number" && typeof d.droneLimit === "number"
        ? fill(w.droneLimit, lang, {
            what,
            load: amount(d.droneLoad, d.droneDimension),
            limit: amount(d.droneLimit, d.droneDimension),
          })
        : fill(w.plain, lang);
    }
    case "NO_DRIVER": {
      const w = UNASSIGNED_REASON_WORDS.NO_DRIVER;
      const from = clock(d.from);
      const to = clock(d.to);
      return from && to ? fill(w.between, lang, { from, to }) : fill(w.plain, lang);
    }
  }
}

function hintSentence(reason: UnassignedReason, kind: RequestKind, lang: WordsLang): string | null {
  const hint = reason.hint;
  if (!hint) return null;
  switch (hint.kind) {
    case "delay_delivery_end":
    case "delay_pickup_end": {
      const w = UNASSIGNED_HINT_WORDS[hint.kind];
      if (hint.until) return fill(kind === "ride" ? w.rideUntil : w.parcelUntil, lang, { until: hint.until });
      return hint.minutes !== null
        ? fill(kind === "ride" ? w.rideBy : w.parcelBy, lang, { minutes: hint.minutes })
        : null;
    }
    case "increase_max_ride": {
      const w = UNASSIGNED_HINT_WORDS.increase_max_ride;
      return hint.minutes !== null ? fill(w.by, lang, { minutes: hint.minutes }) : fill(w.plain, lang);
    }
    case "increase_capacity":
    case "add_vehicle":
      return fill(UNASSIGNED_HINT_WORDS[hint.kind].plain, lang);
  }
}

/** Why a request is not served and, when the engine found one, the change that would make it fit. */
export interface ReasonText {
  reason: string;
  /** The "would work if…" sentence, when the engine found a change that fits. */
  hint: string | null;
}

/** The reason and hint of an unassigned (or refused) request as sentences in the given language. */
export function unassignedReasonText(
  reason: UnassignedReason,
  kind: RequestKind,
  lang: WordsLang,
): ReasonText {
  return { reason: reasonSentence(reason, lang), hint: hintSentence(reason, kind, lang) };
}

/** The reason and hint as one paragraph: the answer a resident reads for 配車できませんでした. */
export function unassignedReasonSentence(
  reason: UnassignedReason,
  kind: RequestKind,
  lang: WordsLang,
): string {
  const text = unassignedReasonText(reason, kind, lang);
  return text.hint ? `${text.reason}${lang === "ja" ? "" : " "}${text.hint}` : text.reason;
}
