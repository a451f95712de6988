import {
  type FactorBasis,
  type Fuel,
  improvedTonKmUnit,
  type Leg,
  type LegEmission,
  type LegIssue,
  legEmission,
  type Method,
  type Mode,
  ROAD_FREIGHT_MODES,
  type Side,
} from "./emissions";
import { defaultFactors, type Factors } from "./factors";
import { roundHalfUp } from "./rounding";

/**
 * One leg as an application table row: t-CO₂ to 0.1 t, ton-km and hours to
 * whole units, plus the inputs and factors the figure came from (unrounded),
 * so every number in the 総合効率化計画 table is traceable to its row. A field
 * is absent when the leg's method does not use it (e.g. no heat value on a
 * 従来トンキロ法 row).
 */
export interface ReportRow {
  label: string;
  tCO2: number;
  tonKm: number;
  driverHours: number;
  from?: string;
  to?: string;
  mode: Mode;
  method: Method;
  fuel?: Fuel;
  /** As given on the leg, km. */
  distanceKm?: number;
  /** As given on the leg, t/year. */
  tonsPerYear?: number;
  /**
   * 積載率 the unit stands for, %: the leg's own, or the class default when
   * an 改良トンキロ法 unit came from the default-loading-rate column.
   */
  loadingRatePct?: number;
  /** 改良トンキロ法 unit used, ℓ/t·km. */
  unitLPerTkm?: number;
  /** 従来トンキロ法 factor used, g-CO₂/t·km. */
  gCO2PerTkm?: number;
  /** Electricity grid factor used, t-CO₂/kWh. */
  tCO2PerKWh?: number;
  /** Fuel burned per year, ℓ (fuel-based methods). */
  litres?: number;
  /** Electricity used per year, kWh (electricity method). */
  kWh?: number;
  /** 発熱量 of the fuel, GJ/kℓ (fuel-based methods). */
  heatGJPerKl?: number;
  /** 排出係数 of the fuel, tC/GJ (fuel-based methods). */
  carbonTCPerGJ?: number;
  /** 44/12 as the factor table states it (3.6667), on fuel-based rows. */
  carbonToCO2?: number;
  /** How the unit or factor was obtained. */
  factorBasis?: FactorBasis;
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

  const before = sideReport(computed.before, factors);
  const after = sideReport(computed.after, factors);
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

function sideReport(legs: readonly { leg: Leg; value: LegEmission }[], factors: Factors): SideReport {
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
      ...traceOf(leg, value, factors),
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

/** The inputs and factors behind one row (ReportRow's optional fields), for a leg `validateLeg` accepted. */
function traceOf(
  leg: Leg,
  value: LegEmission,
  factors: Factors,
): Omit<ReportRow, "label" | "tCO2" | "tonKm" | "driverHours"> {
  const trace: Omit<ReportRow, "label" | "tCO2" | "tonKm" | "driverHours"> = {
    mode: leg.mode,
    method: leg.method,
  };
  if (leg.from !== undefined) trace.from = leg.from;
  if (leg.to !== undefined) trace.to = leg.to;
  if (leg.fuel !== undefined) trace.fuel = leg.fuel;
  if (leg.distanceKm !== undefined) trace.distanceKm = leg.distanceKm;
  if (leg.tonsPerYear !== undefined) trace.tonsPerYear = leg.tonsPerYear;
  if (leg.loadingRatePct !== undefined) trace.loadingRatePct = leg.loadingRatePct;
  if (value.litres !== null) trace.litres = value.litres;
  if (value.kWh !== null) trace.kWh = value.kWh;
  if (value.factor) {
    trace.factorBasis = value.factor.basis;
    if (value.factor.unit === "l/tkm") trace.unitLPerTkm = value.factor.value;
    if (value.factor.unit === "gCO2/tkm") trace.gCO2PerTkm = value.factor.value;
    if (value.factor.unit === "tCO2/kWh") trace.tCO2PerKWh = value.factor.value;
  }
  // The default-rate unit stands for the class's average loading rate; the table row states it.
  if (
    value.factor?.basis === "default-loading-rate" &&
    (leg.fuel === "diesel" || leg.fuel === "gasoline") &&
    leg.payloadKg !== undefined
  ) {
    trace.loadingRatePct = improvedTonKmUnit(
      { fuel: leg.fuel, payloadKg: leg.payloadKg, ...(leg.use !== undefined ? { use: leg.use } : {}) },
      factors,
    ).loadingRatePct;
  }
  if (value.litres !== null && (leg.fuel === "diesel" || leg.fuel === "gasoline")) {
    const fuel = factors.fuels[leg.fuel];
    trace.heatGJPerKl = fuel.heatValueGJPerKl.value;
    trace.carbonTCPerGJ = fuel.carbonTCPerGJ.value;
    trace.carbonToCO2 = factors.carbonToCO2.value;
  }
  return trace;
}
