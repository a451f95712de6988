import {
  isoWeekday as contractIsoWeekday,
  type DroneRoute,
  type GtfsTimetable,
  isRealDate,
  parseClock,
  tokyoDate,
  type Vehicle,
  type VehicleInput,
} from "@tsunagu/contract";
import type { MessageId } from "../i18n";

/**
 * Pure helpers behind the staff registry screens: form drafts ↔ API bodies,
 * the weekly availability grid, problem paths → field errors, and timetable
 * grouping. No DOM, no fetch, so they are unit-tested in Node.
 */

/** ISO weekdays, 1 = Monday … 7 = Sunday (the API's numbering). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The hours the weekly grid shows; community transport rarely runs outside them. */
export const GRID_START_HOUR = 6;
export const GRID_END_HOUR = 22;

/** Minutes since midnight of a typed "HH:MM" (hours may pass 24, as in GTFS), or null when it is not such a time. */
export function minutesOf(time: string): number | null {
  return parseClock(time.trim()) ?? null;
}

// ——— availability drafts ———

/** One weekly row of the editor; `key` only keeps Solid's list stable while rows are added/removed. */
export interface WeeklyRow {
  key: number;
  days: number[];
  from: string;
  to: string;
}
/** One dated exception; no windows means "not available all day". */
export interface ExceptionRow {
  key: number;
  date: string;
  windows: { from: string; to: string }[];
  note: string;
}

let nextKey = 1;
/** A fresh key for a new editor row. */
export const rowKey = () => nextKey++;

export function rowsFromAvailability(availability: Vehicle["availability"]): {
  weekly: WeeklyRow[];
  exceptions: ExceptionRow[];
} {
  return {
    weekly: availability.weekly.map((w) => ({ key: rowKey(), days: [...w.days], from: w.from, to: w.to })),
    exceptions: availability.exceptions.map((e) => ({
      key: rowKey(),
      date: e.date,
      windows: e.windows.map((w) => ({ ...w })),
      note: e.note ?? "",
    })),
  };
}

export function availabilityFromRows(
  weekly: readonly WeeklyRow[],
  exceptions: readonly ExceptionRow[],
): NonNullable<VehicleInput["availability"]> {
  return {
    weekly: weekly.map((w) => ({ days: [...w.days].sort((a, b) => a - b), from: w.from, to: w.to })),
    exceptions: exceptions.map((e) => ({
      date: e.date,
      windows: e.windows.map((w) => ({ from: w.from, to: w.to })),
      ...(e.note.trim() ? { note: e.note.trim() } : {}),
    })),
  };
}

/** A shaded block of the weekly grid, in minutes since midnight, clipped to the grid's hours. */
export interface GridSegment {
  from: number;
  to: number;
}

/**
 * Per weekday, the available time as merged `windows` (the whole day, for
 * the text), the same clipped to [startHour, endHour) as `segments` (for the
 * drawing), and the total minutes. Rows that are not yet valid (a missing time, an end
 * before the start) are left out: the editor shows their errors instead.
 */
export function weeklyGrid(
  rows: readonly { days: readonly number[]; from: string; to: string }[],
  startHour = GRID_START_HOUR,
  endHour = GRID_END_HOUR,
): { day: number; windows: GridSegment[]; segments: GridSegment[]; minutes: number }[] {
  const lo = startHour * 60;
  const hi = endHour * 60;
  return WEEKDAYS.map((day) => {
    const raw: GridSegment[] = [];
    for (const row of rows) {
      const from = minutesOf(row.from);
      const to = minutesOf(row.to);
      if (from === null || to === null || to <= from || !row.days.includes(day)) continue;
      raw.push({ from, to });
    }
    raw.sort((a, b) => a.from - b.from);
    const merged: GridSegment[] = [];
    for (const seg of raw) {
      const last = merged.at(-1);
      if (last && seg.from <= last.to) last.to = Math.max(last.to, seg.to);
      else merged.push({ ...seg });
    }
    // The total counts the whole day; only the drawing is clipped to the grid's hours.
    const minutes = merged.reduce((sum, s) => sum + (s.to - s.from), 0);
    const segments = merged
      .map((s) => ({ from: Math.max(s.from, lo), to: Math.min(s.to, hi) }))
      .filter((s) => s.to > s.from);
    return { day, windows: merged, segments, minutes };
  });
}

// ——— vehicle drafts ———

/** The vehicle form as typed: numbers stay strings until sent, so a half-typed value is not lost. */
export interface VehicleDraft {
  kind: string;
  name: string;
  organisationId: string | null;
  seats: string;
  wheelchairs: string;
  cargoKg: string;
  cargoLitres: string;
  features: string[];
  fuel: string;
  kmPerLitre: string;
  kWhPerKm: string;
  payloadKg: string;
  depotPlaceId: string | null;
  weekly: WeeklyRow[];
  exceptions: ExceptionRow[];
}

const text = (n: number | null) => (n === null ? "" : String(n));

export function draftFromVehicle(v: Vehicle): VehicleDraft {
  return {
    kind: v.kind,
    name: v.name,
    organisationId: v.organisationId,
    seats: text(v.seats),
    wheelchairs: text(v.wheelchairs),
    cargoKg: text(v.cargoKg),
    cargoLitres: text(v.cargoLitres),
    features: [...v.features],
    fuel: v.fuel,
    kmPerLitre: text(v.kmPerLitre),
    kWhPerKm: text(v.kWhPerKm),
    payloadKg: text(v.payloadKg),
    depotPlaceId: v.depotPlaceId,
    ...rowsFromAvailability(v.availability),
  };
}

/** A new vehicle: a van idle on weekdays 10:00–15:00, the most common shared resource. */
export function emptyDraft(): VehicleDraft {
  return {
    kind: "van",
    name: "",
    organisationId: null,
    seats: "4",
    wheelchairs: "0",
    cargoKg: "0",
    cargoLitres: "0",
    features: [],
    fuel: "petrol",
    kmPerLitre: "",
    kWhPerKm: "",
    payloadKg: "",
    depotPlaceId: null,
    weekly: [{ key: rowKey(), days: [1, 2, 3, 4, 5], from: "10:00", to: "15:00" }],
    exceptions: [],
  };
}

/**
 * A typed number, or NaN when it is not one. NaN goes out as JSON null, so the
 * server names the field ("expected number") rather than the client guessing.
 */
export function numberOrNaN(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}
/** Empty means "not given" for the optional figures (fuel economy, payload class, a drone's cargo box). */
export function optional(value: string): number | null {
  return value.trim() === "" ? null : Number(value);
}

export function draftToInput(d: VehicleDraft): VehicleInput {
  return {
    kind: d.kind as VehicleInput["kind"],
    name: d.name,
    organisationId: d.organisationId,
    seats: numberOrNaN(d.seats),
    wheelchairs: numberOrNaN(d.wheelchairs),
    cargoKg: numberOrNaN(d.cargoKg),
    cargoLitres: numberOrNaN(d.cargoLitres),
    features: d.features as VehicleInput["features"],
    fuel: d.fuel as VehicleInput["fuel"],
    kmPerLitre: optional(d.kmPerLitre),
    kWhPerKm: optional(d.kWhPerKm),
    payloadKg: optional(d.payloadKg),
    depotPlaceId: d.depotPlaceId,
    availability: availabilityFromRows(d.weekly, d.exceptions),
  };
}

// ——— errors ———

/**
 * Field errors keyed by the path inside the body: "body.availability.weekly.0.to"
 * → "availability.weekly.0.to". The first message for a path wins (zod may
 * report the same field twice).
 */
export function fieldErrors(
  errors: ReadonlyArray<{ path: string; message: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = e.path.startsWith("body.") ? e.path.slice(5) : e.path === "body" ? "" : e.path;
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}

/**
 * The contract names the rules staff meet most in each problem's `code`
 * (e.g. `window_ends_before_start`); those get a Japanese/English sentence.
 * Any other problem is shown with the server's detail.
 */
const messagesByCode: Partial<Record<string, MessageId>> = {
  window_ends_before_start: "err.windowOrder",
  required: "err.required",
};
export const messageIdForProblem = (code: string | undefined): MessageId | undefined =>
  code === undefined ? undefined : messagesByCode[code];

/** A DOM id for the error text of a field path ("availability.weekly.0.to" → "err-availability-weekly-0-to"). */
export function errorId(path: string): string {
  return `err-${path.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

/** A GTFS problem path "stops.txt:12:stop_lat" as its parts (line 0 = the whole file). */
export function gtfsIssueParts(path: string): { file: string; line: string; field: string } {
  const [file = "", line = "", ...rest] = path.split(":");
  return { file, line: line === "0" ? "" : line, field: rest.join(":") };
}

// ——— timetable ———

type RouteTimetable = GtfsTimetable["routes"][number];
type Trip = RouteTimetable["trips"][number];

/**
 * Trips grouped by the stops they call at, in order: usually one group per
 * direction, so each can be printed as the familiar stops × trips table.
 */
export function timetablePatterns(route: RouteTimetable): {
  stops: { stopId: string; name: string }[];
  trips: Trip[];
}[] {
  const names = new Map(route.line.map((s) => [s.stopId, s.name]));
  const groups = new Map<string, { stops: { stopId: string; name: string }[]; trips: Trip[] }>();
  for (const trip of route.trips) {
    const ids = trip.calls.map((c) => c.stopId);
    const signature = ids.join("\u0000");
    let group = groups.get(signature);
    if (!group) {
      group = { stops: ids.map((stopId) => ({ stopId, name: names.get(stopId) ?? stopId })), trips: [] };
      groups.set(signature, group);
    }
    group.trips.push(trip);
  }
  return [...groups.values()];
}

/** The first departure of a trip, for its column heading; "—" when it has no times. */
export function firstDeparture(trip: Trip): string {
  return trip.calls.find((c) => c.departure !== null)?.departure ?? "—";
}

// ——— drone routes ———

/** Today's date in Japan on the device's clock (the time module never reads a clock itself). */
export function todayInJapan(now: Date = new Date()): string {
  return tokyoDate(now);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a typed "YYYY-MM-DD", or null when it is not a real date. */
export function isoWeekday(date: string): number | null {
  return isRealDate(date) ? contractIsoWeekday(date) : null;
}

/** What a drone route does on a date: suspended (運休) wins over its weekly operating days. */
export type RouteStatus = "suspended" | "running" | "notScheduled";
export function statusOn(route: Pick<DroneRoute, "days" | "suspensions">, date: string): RouteStatus {
  if (route.suspensions.some((s) => s.date === date)) return "suspended";
  const day = isoWeekday(date);
  return day !== null && route.days.includes(day) ? "running" : "notScheduled";
}
