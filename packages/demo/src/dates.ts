/** Calendar dates as "YYYY-MM-DD" and times of day as "HH:MM", computed in UTC so that no local time zone leaks in. */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses "YYYY-MM-DD" into a UTC day number (days since 1970-01-01), or undefined when malformed or impossible. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return Math.round(ms / 86_400_000);
}

/** Day number → "YYYY-MM-DD". */
export function formatDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the ISO week holding `day`. */
export function mondayOf(day: number): number {
  return day - (isoWeekday(day) - 1);
}

/** Year of a day number. */
export function yearOf(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** "YYYY-MM-DD" → "YYYYMMDD" (GTFS dates). */
export function gtfsDate(day: number): string {
  return formatDate(day).replaceAll("-", "");
}

/** Today's date in Asia/Tokyo. The generator's only impure input; callers and tests pass `today` instead. */
export function todayInTokyo(): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

/** Minutes after midnight → "HH:MM" (24 h; the generator never goes past 23:59). */
export function hhmm(minutes: number): string {
  const m = Math.round(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** Minutes after midnight → "H:MM:SS" as GTFS writes stop times. */
export function gtfsTime(minutes: number): string {
  const m = Math.round(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`;
}

/** "HH:MM" → minutes after midnight, or undefined when malformed. */
export function parseHhmm(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}
