/**
 * THE rule for "when is this vehicle (or driver) available on this date",
 * used by matching, coverage and every screen: a dated exception replaces the
 * weekly windows of its date (an empty exception = not available); otherwise
 * the weekly windows whose days include the date's weekday. Windows that end
 * before they start are ignored; overlapping or touching ones are merged.
 */
import { isoWeekday, parseClock } from "./time";

/** A weekly window as stored (days 1 = Monday … 7 = Sunday, "HH:MM" clock times). */
export interface WeeklyWindowLike {
  readonly days: readonly number[];
  readonly from: string;
  readonly to: string;
}

/** A dated exception as stored. */
export interface DatedWindowsLike {
  readonly date: string;
  readonly windows: readonly { readonly from: string; readonly to: string }[];
}

/** A window in minutes after midnight, `to` after `from`. */
export interface MinuteWindow {
  from: number;
  to: number;
}

/** The windows on `date`, in minutes, sorted and merged. */
export function windowsOn(
  weekly: readonly WeeklyWindowLike[],
  exceptions: readonly DatedWindowsLike[],
  date: string,
): MinuteWindow[] {
  const exception = exceptions.find((e) => e.date === date);
  const weekday = isoWeekday(date);
  const chosen = exception ? exception.windows : weekly.filter((w) => w.days.includes(weekday));
  const windows: MinuteWindow[] = [];
  for (const w of chosen) {
    const from = parseClock(w.from);
    const to = parseClock(w.to);
    if (from !== undefined && to !== undefined && to > from) windows.push({ from, to });
  }
  windows.sort((a, b) => a.from - b.from);
  const merged: MinuteWindow[] = [];
  for (const w of windows) {
    const last = merged.at(-1);
    if (last && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
  }
  return merged;
}
