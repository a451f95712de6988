/**
 * A week of requests. Each day has its own random stream (seed + date), so a
 * day's requests do not change when the week around it does.
 *
 * Weekdays: ~52–62 outings (most with a return trip) and ~60–75 parcels, ≥ 150
 * requests in all. Saturdays are quieter; on Sundays only the shop delivers.
 */
import { clockOfMinutes, isoWeekday } from "@tsunagu/contract";
import { gtfsDate } from "./dates";
import { Rng, streamSeed } from "./random";
import type {
  DemoParcelRequest,
  DemoPlace,
  DemoRequest,
  DemoRequestPoint,
  DemoResident,
  DemoRidePurpose,
  DemoRideRequest,
} from "./types";

/** Every weekday has at least this many requests (the matching engine's test load). */
export const MIN_WEEKDAY_REQUESTS = 150;

export interface RequestContext {
  readonly seed: number;
  readonly residents: readonly DemoResident[];
  /**
   * The resident the demo account signs in as. They are left out of the random
   * draws: their week is the fixed set `demoResidentDrafts` gives, so a demo
   * visitor (and every test) always finds bookings, whatever the week's streams.
   */
  readonly demoResidentId: string;
  readonly places: readonly DemoPlace[];
  /** The drone-served hamlet. */
  readonly droneHamletId: string;
  /** Hamlets at the end of a bus route. */
  readonly busHamletIds: readonly string[];
}

/** A request before its id is known; `key` orders it within its day and links a return to its outbound trip. */
export type RequestDraft =
  | (Omit<DemoRideRequest, "id" | "returnOf"> & { returnOfKey?: number; key: number })
  | (Omit<DemoParcelRequest, "id"> & { key: number });
type Draft = RequestDraft;

/** A day's requests from its own random stream (seed + date), without ids. */
export function draftRequestsForDay(date: string, ctx: RequestContext): RequestDraft[] {
  const rng = new Rng(streamSeed(ctx.seed, `requests ${date}`));
  const wd = isoWeekday(date);
  const users = ctx.residents.filter((r) => r.consent.given && r.id !== ctx.demoResidentId);
  const place = (kind: DemoPlace["kind"]) => ctx.places.filter((p) => p.kind === kind);
  const at = (p: DemoPlace): DemoRequestPoint => ({ lat: p.lat, lon: p.lon, placeId: p.id });
  const home = (r: DemoResident): DemoRequestPoint => ({
    lat: r.home.lat,
    lon: r.home.lon,
    residentId: r.id,
  });
  const drafts: Draft[] = [];
  let key = 0;

  // ---- rides
  const outings = wd <= 5 ? rng.int(52, 62) : wd === 6 ? rng.int(18, 26) : rng.int(5, 9);
  const purposes: readonly (readonly [DemoRidePurpose, number])[] =
    wd <= 5
      ? [
          ["clinic", 0.36],
          ["shopping", 0.32],
          ["town_hall", 0.1],
          ["day_care", 0.1],
          ["other", 0.12],
        ]
      : wd === 6
        ? [
            ["clinic", 0.25],
            ["shopping", 0.55],
            ["other", 0.2],
          ]
        : [
            ["shopping", 0.7],
            ["other", 0.3],
          ];
  // Older people and those in the hamlets ask most often; one outing per person a day.
  const riders = pickDistinct(
    rng,
    users,
    outings,
    (r) => (r.ageBand === "under65" ? 0.3 : r.ageBand === "65-74" ? 0.8 : 1.2) * (r.hamletId ? 2 : 1),
  );
  for (const resident of riders) {
    const purpose = rng.weighted(purposes, (p) => p[1])[0];
    const destination =
      purpose === "clinic"
        ? place("clinic")
        : purpose === "shopping"
          ? place("supermarket")
          : purpose === "town_hall"
            ? place("town_hall")
            : purpose === "day_care"
              ? place("day_care")
              : place("community_centre");
    const dest = rng.pick(destination);
    const { wheelchair, escort } = resident.mobility;
    const passengers = escort || rng.chance(0.12) ? 2 : 1;
    const priority = purpose === "clinic" ? 2 : purpose === "day_care" ? 1 : 0;
    const times = rideTimes(rng, purpose, wd);
    const base = {
      kind: "ride" as const,
      date,
      residentId: resident.id,
      purpose,
      passengers,
      wheelchair,
      escort,
      priority,
    } as const;
    const outKey = key++;
    drafts.push({
      ...base,
      key: outKey,
      pickup: home(resident),
      dropoff: at(dest),
      earliest: clockOfMinutes(times.out[0]),
      latest: clockOfMinutes(times.out[1]),
      ...(times.appointment !== undefined ? { appointment: clockOfMinutes(times.appointment) } : {}),
    });
    // Some get a lift home from family; most need the return trip too.
    if (rng.chance(0.9)) {
      drafts.push({
        ...base,
        key: key++,
        returnOfKey: outKey,
        pickup: at(dest),
        dropoff: home(resident),
        earliest: clockOfMinutes(times.back[0]),
        latest: clockOfMinutes(times.back[1]),
      });
    }
  }

  // ---- parcels
  const rideCount = drafts.length;
  const parcelCount =
    wd <= 5
      ? Math.max(rng.int(60, 75), MIN_WEEKDAY_REQUESTS + 5 - rideCount)
      : wd === 6
        ? rng.int(25, 35)
        : rng.int(10, 16);
  const senders: readonly (readonly [DemoPlace["kind"], number])[] =
    wd <= 5
      ? [
          ["post_office", 0.35],
          ["supermarket", 0.35],
          ["hub", 0.3],
        ]
      : wd === 6
        ? [
            ["post_office", 0.3],
            ["supermarket", 0.4],
            ["hub", 0.3],
          ]
        : [["supermarket", 1]];
  const inDroneHamlet = users.filter((r) => r.hamletId === ctx.droneHamletId);
  const inBusHamlets = users.filter((r) => r.hamletId !== null && ctx.busHamletIds.includes(r.hamletId));
  for (let i = 0; i < parcelCount; i++) {
    // A quarter to the drone hamlet, a third to hamlets on a bus route (貨客混載 candidates), the rest anywhere.
    const u = rng.next();
    const pool =
      u < 0.25 && inDroneHamlet.length > 0
        ? inDroneHamlet
        : u < 0.6 && inBusHamlets.length > 0
          ? inBusHamlets
          : users;
    const recipient = rng.weighted(pool, (r) => (r.hamletId ? 2 : 1));
    const senderKind = rng.weighted(senders, (s) => s[1])[0];
    const sender = rng.pick(place(senderKind));
    const forDrone = recipient.hamletId === ctx.droneHamletId;
    const weightKg = parcelWeight(rng, senderKind, forDrone);
    const cold = senderKind === "supermarket" && rng.chance(0.45);
    const [earliest, latest] = parcelWindow(rng, senderKind, cold);
    drafts.push({
      kind: "parcel",
      key: key++,
      date,
      purpose: "delivery",
      residentId: recipient.id,
      senderPlaceId: sender.id,
      pickup: at(sender),
      dropoff: home(recipient),
      weightKg,
      // Bulk density of parcels: 2.5–6 litres per kg, plus packaging.
      sizeLitres: Math.round(weightKg * rng.uniform(2.5, 6) + 1),
      cold,
      ...parcelLabel(senderKind, cold),
      earliest: clockOfMinutes(earliest),
      latest: clockOfMinutes(latest),
      priority: cold ? 1 : 0,
    });
  }

  return drafts;
}

/**
 * The demo resident's week, the same every week: a clinic visit (there and
 * back) on the week's busiest weekday, a shopping trip two weekdays later and
 * a parcel from the post office on the day between. `busiestDate` is the
 * weekday with the most requests before these are added. Keys start above
 * every random draft's key of the day, so they never collide.
 */
export function demoResidentDrafts(
  date: string,
  busiestDate: string,
  ctx: RequestContext,
  firstKey: number,
): RequestDraft[] {
  const resident = ctx.residents.find((r) => r.id === ctx.demoResidentId);
  if (!resident) return [];
  const weekdayOffset = (((isoWeekday(date) - isoWeekday(busiestDate)) % 5) + 5) % 5;
  if (isoWeekday(date) > 5) return [];
  const home: DemoRequestPoint = { lat: resident.home.lat, lon: resident.home.lon, residentId: resident.id };
  const at = (kind: DemoPlace["kind"]): DemoRequestPoint | undefined => {
    const p = ctx.places.find((q) => q.kind === kind);
    return p ? { lat: p.lat, lon: p.lon, placeId: p.id } : undefined;
  };
  const { wheelchair, escort } = resident.mobility;
  const ride = {
    kind: "ride" as const,
    date,
    residentId: resident.id,
    passengers: escort ? 2 : 1,
    wheelchair,
    escort,
  };
  /** There and back: the outbound trip, and its return that `returnOfKey` links to it. */
  const outing = (
    purpose: DemoRidePurpose,
    priority: DemoRideRequest["priority"],
    place: DemoRequestPoint,
    there: { earliest: string; latest: string; appointment?: string },
    back: { earliest: string; latest: string },
  ): RequestDraft[] => [
    { ...ride, key: firstKey, purpose, priority, pickup: home, dropoff: place, ...there },
    {
      ...ride,
      key: firstKey + 1,
      returnOfKey: firstKey,
      purpose,
      priority,
      pickup: place,
      dropoff: home,
      ...back,
    },
  ];
  if (weekdayOffset === 0) {
    const clinic = at("clinic");
    if (!clinic) return [];
    return outing(
      "clinic",
      2,
      clinic,
      { earliest: "08:20", latest: "09:20", appointment: "09:30" },
      { earliest: "10:30", latest: "12:00" },
    );
  }
  if (weekdayOffset === 1) {
    const postOffice = at("post_office");
    if (!postOffice?.placeId) return [];
    return [
      {
        kind: "parcel",
        key: firstKey,
        date,
        purpose: "delivery",
        residentId: resident.id,
        senderPlaceId: postOffice.placeId,
        pickup: postOffice,
        dropoff: home,
        weightKg: 1.5,
        sizeLitres: 8,
        cold: false,
        ...parcelLabel("post_office", false),
        earliest: "09:00",
        latest: "17:00",
        priority: 0,
      },
    ];
  }
  if (weekdayOffset === 2) {
    const shop = at("supermarket");
    if (!shop) return [];
    return outing(
      "shopping",
      0,
      shop,
      { earliest: "10:00", latest: "11:00" },
      { earliest: "11:45", latest: "13:00" },
    );
  }
  return [];
}

/** Ids in time order (`rq-YYYYMMDD-NNN`), so a day's list reads like a dispatcher's sheet. */
export function numberRequests(date: string, drafts: readonly RequestDraft[]): DemoRequest[] {
  const sorted = [...drafts].sort((a, b) => a.earliest.localeCompare(b.earliest) || a.key - b.key);
  const idOf = new Map<number, string>();
  const stamp = gtfsDate(date);
  for (const [i, d] of sorted.entries()) idOf.set(d.key, `rq-${stamp}-${String(i + 1).padStart(3, "0")}`);
  return sorted.map((d) => {
    const id = idOf.get(d.key) as string;
    if (d.kind === "parcel") {
      const { key: _key, ...rest } = d;
      return { id, ...rest };
    }
    const { key: _key, returnOfKey, ...rest } = d;
    return returnOfKey === undefined
      ? { id, ...rest }
      : { id, ...rest, returnOf: idOf.get(returnOfKey) as string };
  });
}

/** Up to `n` distinct items, each draw weighted. */
function pickDistinct<T>(rng: Rng, items: readonly T[], n: number, weight: (t: T) => number): T[] {
  const left = [...items];
  const out: T[] = [];
  while (out.length < n && left.length > 0) {
    const item = rng.weighted(left, weight);
    out.push(item);
    left.splice(left.indexOf(item), 1);
  }
  return out;
}

const step5 = (min: number, max: number, rng: Rng) => 5 * rng.int(Math.ceil(min / 5), Math.floor(max / 5));

/**
 * Windows in minutes after midnight: `out` = [earliest pick-up at home, latest arrival],
 * `back` = [earliest pick-up at the destination, latest arrival home].
 */
function rideTimes(
  rng: Rng,
  purpose: DemoRidePurpose,
  weekday: number,
): { out: [number, number]; back: [number, number]; appointment?: number } {
  switch (purpose) {
    case "clinic": {
      // Morning appointments mostly; weekday afternoons too (the clinic closes on Saturday afternoons).
      const appointment =
        weekday <= 5 && rng.chance(0.2)
          ? step5(14 * 60, 15 * 60 + 30, rng)
          : step5(8 * 60 + 30, 11 * 60 + 30, rng);
      const latest = appointment - 10;
      const earliest = latest - step5(50, 80, rng);
      const backFrom = appointment + step5(40, 90, rng);
      return { out: [earliest, latest], back: [backFrom, backFrom + step5(60, 120, rng)], appointment };
    }
    case "day_care": {
      const earliest = step5(7 * 60 + 45, 8 * 60 + 30, rng);
      const backFrom = step5(15 * 60 + 30, 16 * 60, rng);
      return { out: [earliest, 9 * 60 + 30], back: [backFrom, backFrom + step5(60, 90, rng)] };
    }
    case "shopping":
    case "town_hall":
    case "other": {
      const [from, to, stayMin, stayMax] =
        purpose === "shopping"
          ? [9 * 60, 14 * 60, 40, 80]
          : purpose === "town_hall"
            ? [8 * 60 + 30, 14 * 60 + 30, 30, 60]
            : [9 * 60, 15 * 60, 60, 150];
      const earliest = step5(from, to, rng);
      const latest = earliest + step5(60, 90, rng);
      const backFrom = latest + step5(stayMin, stayMax, rng);
      return { out: [earliest, latest], back: [backFrom, backFrom + step5(60, 90, rng)] };
    }
  }
}

/**
 * What a parcel is and how it is handed over, from its sender (no random draw, so adding it
 * left every demo week as it was): chilled food and the post office's parcels go to a person.
 */
function parcelLabel(
  sender: DemoPlace["kind"],
  cold: boolean,
): Pick<DemoParcelRequest, "description" | "handover"> {
  if (cold) return { description: "冷蔵の食料品", handover: "hand_to_person" };
  if (sender === "post_office") return { description: "郵便小包", handover: "hand_to_person" };
  if (sender === "supermarket") return { description: "食料品・日用品", handover: "leave_at_door" };
  return { description: "宅配便の荷物", handover: "leave_at_door" };
}

/** Weight in kg, 0.2–15, one decimal. Most parcels are light; drone-hamlet parcels mostly fit a 5 kg drone. */
function parcelWeight(rng: Rng, sender: DemoPlace["kind"], forDrone: boolean): number {
  let w: number;
  if (forDrone && rng.chance(0.75)) w = rng.uniform(0.2, 5);
  else if (sender === "post_office") w = rng.chance(0.7) ? rng.uniform(0.2, 2) : rng.uniform(2, 10);
  else if (sender === "supermarket") w = Math.exp(rng.uniform(Math.log(1), Math.log(12)));
  else w = Math.exp(rng.uniform(Math.log(0.5), Math.log(15)));
  return Math.min(15, Math.max(0.2, Math.round(w * 10) / 10));
}

/** [earliest pick-up at the sender, latest delivery] in minutes. */
function parcelWindow(rng: Rng, sender: DemoPlace["kind"], cold: boolean): [number, number] {
  if (sender === "post_office") {
    // Two mail arrivals a day; some recipients ask for a 2-hour slot (時間帯指定).
    const earliest = rng.chance(0.6) ? 9 * 60 : 13 * 60;
    if (rng.chance(0.3)) {
      const slot = rng.pick([14 * 60, 16 * 60, 18 * 60]);
      return [Math.min(earliest, slot - 60), slot + 120];
    }
    return [earliest, earliest === 9 * 60 ? 17 * 60 : 19 * 60];
  }
  if (sender === "supermarket") {
    const earliest = step5(10 * 60, 15 * 60, rng);
    return [earliest, earliest + (cold ? step5(90, 150, rng) : step5(150, 240, rng))];
  }
  const earliest = step5(8 * 60 + 30, 10 * 60 + 30, rng);
  return [earliest, step5(12 * 60, 18 * 60, rng)];
}
