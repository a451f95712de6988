/**
 * The demo's own date and time formats, on top of the contract's time module
 * (dates are "YYYY-MM-DD" strings, times minutes after midnight): the Monday
 * of a week, and the compact forms a GTFS feed and request ids are written in.
 */
import { addDays, clockOfMinutes, isoWeekday } from "@tsunagu/contract";

/** The Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The calendar year of a "YYYY-MM-DD". */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** "YYYY-MM-DD" → "YYYYMMDD", as GTFS writes dates. */
export function gtfsDate(date: string): string {
  return date.replaceAll("-", "");
}

/** Minutes after midnight → "HH:MM:SS", as GTFS writes stop times. */
export function gtfsTime(minutes: number): string {
  return `${clockOfMinutes(minutes)}:00`;
}
