/** Validation of `DemoTownOptions`, with field-named errors. */
import { addDays, isoWeekday, isRealDate, tokyoDate } from "@tsunagu/contract";
import { mondayOf } from "./dates";
import type { DemoTownOptions } from "./types";

/** The seed used when none is given. */
export const DEFAULT_DEMO_SEED = 20261123;

/** One rejected option. */
export interface DemoOptionIssue {
  readonly field: "seed" | "weekStart" | "today";
  readonly message: string;
}

/** Options after defaults; dates are real "YYYY-MM-DD". */
export interface ResolvedDemoOptions {
  readonly seed: number;
  readonly weekStart: string;
  readonly today: string;
}

export type DemoOptionsResult =
  | { readonly ok: true; readonly value: ResolvedDemoOptions }
  | { readonly ok: false; readonly issues: readonly DemoOptionIssue[] };

/** Thrown by `generateDemoTown` on invalid options; `issues` names each bad field. */
export class DemoTownOptionsError extends Error {
  override readonly name = "DemoTownOptionsError";
  constructor(readonly issues: readonly DemoOptionIssue[]) {
    super(`invalid demo town options: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
  }
}

// Outside these years the calendar helpers still work, but nobody means it: catch typos like "0226".
const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

/** Applies defaults and checks every field; never throws. */
export function validateDemoTownOptions(options: DemoTownOptions = {}): DemoOptionsResult {
  const issues: DemoOptionIssue[] = [];
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    issues.push({ field: "seed", message: `must be an integer from 0 to 4294967295, got ${String(seed)}` });
  }
  // The clock is read only when no `today` is given: Japan's date, whatever the machine's time zone.
  const today = checkDate("today", options.today ?? tokyoDate(new Date()), issues);
  let weekStart: string | undefined;
  if (options.weekStart === undefined) {
    // The week that holds tomorrow: on a Sunday the demo shows next week, so
    // there is always a day ahead to book and plan.
    if (today !== undefined) weekStart = mondayOf(addDays(today, 1));
  } else {
    weekStart = checkDate("weekStart", options.weekStart, issues);
    if (weekStart !== undefined && isoWeekday(weekStart) !== 1) {
      issues.push({
        field: "weekStart",
        message: `must be a Monday; ${weekStart} is not (the Monday of its week is ${mondayOf(weekStart)})`,
      });
    }
  }
  if (issues.length > 0 || today === undefined || weekStart === undefined) return { ok: false, issues };
  return { ok: true, value: { seed, weekStart, today } };
}

function checkDate(
  field: "weekStart" | "today",
  text: unknown,
  issues: DemoOptionIssue[],
): string | undefined {
  if (typeof text !== "string") {
    issues.push({ field, message: `must be a "YYYY-MM-DD" string, got ${typeof text}` });
    return undefined;
  }
  if (!isRealDate(text)) {
    issues.push({ field, message: `must be a real date as "YYYY-MM-DD", got "${text}"` });
    return undefined;
  }
  const year = Number(text.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    issues.push({ field, message: `year must be ${MIN_YEAR}–${MAX_YEAR}, got ${year}` });
    return undefined;
  }
  return text;
}
