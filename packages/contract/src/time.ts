/**
 * THE time module: clock times of day, service days in Japan and calendar
 * dates. Every layer (engines, server, web) converts with these functions
 * instead of its own; none of them reads the system clock or time zone —
 * "now" is always passed in.
 *
 * Conventions:
 * - a clock time is "HH:MM" (00:00–23:59 for people; GTFS service-day times
 *   may run past 24:00 and are allowed where said);
 * - minutes and seconds are counted from midnight of the service day;
 * - a date is "YYYY-MM-DD", a calendar day in Asia/Tokyo (the service day).
 */

const MS_PER_DAY = 86_400_000;
/** Japan has one time zone and no daylight saving: UTC+9 all year. */
const TOKYO_OFFSET_MS = 9 * 3_600_000;

const CLOCK_RE = /^(\d{2}):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight of "HH:MM" (hours up to 48 for GTFS service-day times); undefined when malformed. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK_RE.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 48 * 60 ? minutes : undefined;
}

/** Minutes since midnight of an "HH:MM" string already validated by the schema (0 for anything else). */
export function minutesOfDay(time: string): number {
  return parseClock(time) ?? 0;
}

/** Seconds since midnight of a validated "HH:MM". */
export function secondsOfDay(time: string): number {
  return minutesOfDay(time) * 60;
}

/** "HH:MM" of minutes after midnight (rounded to the minute; 24:00 and later kept as GTFS writes them). */
export function clockOfMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "HH:MM" of seconds after midnight, the minute floored (08:00:59 is still 08:00, as a clock shows it). */
export function clockOfSeconds(seconds: number): string {
  return clockOfMinutes(Math.floor(seconds / 60));
}

/** True for a "YYYY-MM-DD" that exists (2026-02-30 does not). */
export function isRealDate(text: string): boolean {
  return dayNumber(text) !== undefined;
}

/** Days since 1970-01-01 of a real "YYYY-MM-DD", or undefined. */
function dayNumber(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return Math.round(ms / MS_PER_DAY);
}

function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` after (or before, when negative) a real "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a real date: ${date}`);
  return dateOfDayNumber(day + days);
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function datesBetween(from: string, to: string): string[] {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === undefined || last === undefined)
    throw new RangeError(`not a real date range: ${from}..${to}`);
  const out: string[] = [];
  for (let d = first; d <= last; d++) out.push(dateOfDayNumber(d));
  return out;
}

/** ISO weekday of a real "YYYY-MM-DD": 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a real date: ${date}`);
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The service day and clock time in Japan at an instant, whatever the machine's time zone. */
export function tokyoNow(now: Date): { date: string; minutes: number } {
  const shifted = new Date(now.getTime() + TOKYO_OFFSET_MS);
  return {
    date: shifted.toISOString().slice(0, 10),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** Today's date in Japan at `now`, moved by `plusDays`. */
export function tokyoDate(now: Date, plusDays = 0): string {
  const today = tokyoNow(now).date;
  return plusDays === 0 ? today : addDays(today, plusDays);
}

/** The instants a Japanese calendar day starts and ends (ISO, UTC): 00:00:00.000 and 23:59:59.999 JST. */
export function tokyoDayBounds(date: string): { start: string; end: string } {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a real date: ${date}`);
  const start = day * MS_PER_DAY - TOKYO_OFFSET_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + MS_PER_DAY - 1).toISOString() };
}
