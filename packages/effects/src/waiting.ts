import { roundHalfUp } from "./rounding";

/** One site's truck waiting (荷待ち) today. */
export interface WaitingSite {
  site: string;
  /** Trucks arriving per operating day. */
  trucksPerDay: number;
  /** Operating days per year (≤ 366). */
  operatingDays: number;
  /** Share of arrivals that wait, % in [0, 100]. */
  waitingSharePct: number;
  /** Average wait per waiting handling, hours (work start − reception time). */
  avgWaitHours: number;
}

export interface WaitingInput {
  before: readonly WaitingSite[];
  /** Target cut of the yearly waiting hours, % in [0, 100]. */
  targetCutPct: number;
  /** Arrivals after the change, for the whole plan. */
  after: { trucksPerDay: number; operatingDays: number; waitingSharePct: number };
}

/** The 荷待ち時間 lines of the application form (EMISSIONS.md). */
export interface WaitingReport {
  /** Σ per site of trucks/day × days × share × avg wait, each site rounded to whole hours first. */
  beforeHours: number;
  /** beforeHours × targetCutPct, rounded to whole hours. */
  cutHours: number;
  /** beforeHours − cutHours. */
  targetHours: number;
  /** Handlings that wait after the change: trucks/day × days × share, rounded to whole handlings. */
  handlingsAfter: number;
  /**
   * targetHours ÷ handlingsAfter, rounded to 0.1 h as the form does, then in
   * minutes (0.1). Null when no handling waits after the change.
   */
  avgWaitMinutesAfter: number | null;
  /**
   * The target average wait is 30 minutes or less (概ね無駄な待機がない状態);
   * true when no handling waits at all.
   */
  meetsThirtyMinuteRule: boolean;
}

/** An invalid waiting input, with its dotted path (e.g. `before.1.trucksPerDay`). */
export interface WaitingIssue {
  field: string;
  message: string;
}

/** 30 minutes: the guideline's "about no wasted waiting" threshold per waiting handling. */
export const THIRTY_MINUTE_RULE_MINUTES = 30;

/**
 * Truck waiting time (荷待ち時間) before the change and its target after, by the
 * formula and rounding of the application form (EMISSIONS.md).
 */
export function waitingTime(
  input: WaitingInput,
): { status: "ok"; report: WaitingReport } | { status: "invalid"; errors: WaitingIssue[] } {
  const errors = validateWaiting(input);
  if (errors.length > 0) return { status: "invalid", errors };

  // The form rounds each site before adding them up; summing first can differ by an hour or more.
  const beforeHours = input.before.reduce(
    (sum, s) =>
      sum + roundHalfUp(s.trucksPerDay * s.operatingDays * (s.waitingSharePct / 100) * s.avgWaitHours, 0),
    0,
  );
  const cutHours = roundHalfUp((beforeHours * input.targetCutPct) / 100, 0);
  const targetHours = beforeHours - cutHours;
  const { trucksPerDay, operatingDays, waitingSharePct } = input.after;
  const handlingsAfter = roundHalfUp(trucksPerDay * operatingDays * (waitingSharePct / 100), 0);
  const avgWaitMinutesAfter =
    handlingsAfter === 0 ? null : roundHalfUp(roundHalfUp(targetHours / handlingsAfter, 1) * 60, 1);
  return {
    status: "ok",
    report: {
      beforeHours,
      cutHours,
      targetHours,
      handlingsAfter,
      avgWaitMinutesAfter,
      meetsThirtyMinuteRule:
        avgWaitMinutesAfter === null || avgWaitMinutesAfter <= THIRTY_MINUTE_RULE_MINUTES,
    },
  };
}

function validateWaiting(input: WaitingInput): WaitingIssue[] {
  const errors: WaitingIssue[] = [];
  const check = (field: string, value: unknown, min: number, max: number) => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      errors.push({
        field,
        message: `must be a number from ${min} to ${max === Number.POSITIVE_INFINITY ? "∞" : max}`,
      });
    }
  };
  if (!Array.isArray(input?.before) || input.before.length === 0) {
    errors.push({ field: "before", message: "must list at least one site" });
  } else {
    input.before.forEach((s, i) => {
      if (typeof s?.site !== "string" || s.site.trim() === "") {
        errors.push({ field: `before.${i}.site`, message: "is required: the site's name" });
      }
      check(`before.${i}.trucksPerDay`, s?.trucksPerDay, 0, Number.POSITIVE_INFINITY);
      check(`before.${i}.operatingDays`, s?.operatingDays, 0, 366);
      check(`before.${i}.waitingSharePct`, s?.waitingSharePct, 0, 100);
      check(`before.${i}.avgWaitHours`, s?.avgWaitHours, 0, 24);
    });
  }
  check("targetCutPct", input?.targetCutPct, 0, 100);
  if (input?.after === null || typeof input?.after !== "object") {
    errors.push({
      field: "after",
      message: "is required: trucksPerDay, operatingDays, waitingSharePct after the change",
    });
  } else {
    check("after.trucksPerDay", input.after.trucksPerDay, 0, Number.POSITIVE_INFINITY);
    check("after.operatingDays", input.after.operatingDays, 0, 366);
    check("after.waitingSharePct", input.after.waitingSharePct, 0, 100);
  }
  return errors;
}
