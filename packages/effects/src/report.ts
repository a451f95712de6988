import {
  type Leg,
  type LegEmission,
  type LegIssue,
  legEmission,
  ROAD_FREIGHT_MODES,
  type Side,
} from "./emissions";
import { defaultFactors, type Factors } from "./factors";
import { roundHalfUp } from "./rounding";

/** One leg as an application table row: t-CO₂ to 0.1 t, ton-km and hours to whole units. */
export interface ReportRow {
  label: string;
  tCO2: number;
  tonKm: number;
  driverHours: number;
}

/**
 * One side (現行 or 計画) of the comparison. Totals are the sums of the
 * unrounded rows, rounded once (t-CO₂ to 0.1, hours and ton-km to 1), so they
 * can differ from the sum of the displayed rows by a rounding step, exactly as
 * in the published applications.
 */
export interface SideReport {
  rows: ReportRow[];
  tCO2: number;
  driverHours: number;
  /** Ton-km on road-freight legs (truck, trailer, van) only. */
  truckTonKm: number;
}

/**
 * Before − after, each the difference of the two rounded totals (positive =
 * saved). Each `…Pct` is that difference over the rounded before-total, in %,
 * rounded to 0.1; null when the before-total is 0 (no rate exists).
 */
export interface Reduction {
  tCO2: number;
  tCO2Pct: number | null;
  driverHours: number;
  driverHoursPct: number | null;
  truckTonKm: number;
  truckTonKmPct: number | null;
}

/** The calculator's answer: the shape of `POST /api/v1/effects/legs`. */
export interface LegsReport {
  before: SideReport;
  after: SideReport;
  reduction: Reduction;
}

export interface LegsInput {
  before: readonly Leg[];
  after: readonly Leg[];
}

export type LegsResult = { status: "ok"; report: LegsReport } | { status: "invalid"; errors: LegIssue[] };

/**
 * Before/after CO₂ and 省力化 for one year, by the rounding rules of the
 * MLIT application (EMISSIONS.md): each row rounded for display; each total
 * the sum of the unrounded rows rounded once; each reduction the difference
 * of the rounded totals; each rate that reduction over the rounded
 * before-total, to 0.1 %. Driver hours are hoursPerRun × runsPerYear per leg;
 * a leg without `hoursPerRun` contributes 0 hours (its labour is unknown, not
 * zero, so give hours on every leg or on none of a side). Returns every
 * invalid input of every leg at once, not just the first.
 *
 * @param factors factor table; default the bundled `data/factors/factors.v1.json`.
 */
export function evaluateLegs(input: LegsInput, factors: Factors = defaultFactors): LegsResult {
  const errors: LegIssue[] = [];
  const computed: Record<Side, { leg: Leg; value: LegEmission }[]> = { before: [], after: [] };
  for (const side of ["before", "after"] as const) {
    const legs = input?.[side];
    if (!Array.isArray(legs)) {
      errors.push({
        side,
        legIndex: -1,
        label: null,
        field: "label",
        message: `${side} must be a list of legs`,
      });
      continue;
    }
    legs.forEach((leg, legIndex) => {
      const result = legEmission(leg, factors, { side, legIndex });
      if (result.status === "invalid") errors.push(...result.errors);
      else computed[side].push({ leg, value: result.value });
    });
  }
  if (errors.length > 0) return { status: "invalid", errors };

  const before = sideReport(computed.before);
  const after = sideReport(computed.after);
  const co2 = difference(before.tCO2, after.tCO2, 1);
  const hours = difference(before.driverHours, after.driverHours, 0);
  const tonKm = difference(before.truckTonKm, after.truckTonKm, 0);
  return {
    status: "ok",
    report: {
      before,
      after,
      reduction: {
        tCO2: co2.saved,
        tCO2Pct: co2.pct,
        driverHours: hours.saved,
        driverHoursPct: hours.pct,
        truckTonKm: tonKm.saved,
        truckTonKmPct: tonKm.pct,
      },
    },
  };
}

function sideReport(legs: readonly { leg: Leg; value: LegEmission }[]): SideReport {
  let tCO2 = 0;
  let driverHours = 0;
  let truckTonKm = 0;
  const rows = legs.map(({ leg, value }) => {
    tCO2 += value.tCO2;
    driverHours += value.driverHours;
    if (ROAD_FREIGHT_MODES.includes(leg.mode)) truckTonKm += value.tonKm;
    return {
      label: leg.label,
      tCO2: roundHalfUp(value.tCO2, 1),
      tonKm: roundHalfUp(value.tonKm, 0),
      driverHours: roundHalfUp(value.driverHours, 0),
    };
  });
  return {
    rows,
    tCO2: roundHalfUp(tCO2, 1),
    driverHours: roundHalfUp(driverHours, 0),
    truckTonKm: roundHalfUp(truckTonKm, 0),
  };
}

/** Reduction of rounded totals; re-rounded only to strip float noise (566.9 − 394.3 = 172.60000000000002). */
function difference(before: number, after: number, digits: number): { saved: number; pct: number | null } {
  const saved = roundHalfUp(before - after, digits);
  return { saved, pct: before === 0 ? null : roundHalfUp((saved / before) * 100, 1) };
}
