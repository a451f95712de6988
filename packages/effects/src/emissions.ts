import { defaultFactors, type Factors, type LiquidFuel, tCO2PerKl } from "./factors";

/** Transport modes a leg can use. */
export const MODES = ["truck", "trailer", "rail", "ship", "air", "bus", "car", "van", "drone"] as const;
export type Mode = (typeof MODES)[number];

/**
 * The official calculation methods (共同ガイドライン Ver.3.1) plus electricity:
 * `fuel` 燃料法, `fuel-economy` 燃費法, `improved-ton-km` 改良トンキロ法,
 * `conventional-ton-km` 従来トンキロ法, `electricity` kWh × grid factor.
 */
export const METHODS = [
  "fuel",
  "fuel-economy",
  "improved-ton-km",
  "conventional-ton-km",
  "electricity",
] as const;
export type Method = (typeof METHODS)[number];

export const FUELS = ["diesel", "gasoline", "electricity"] as const;
export type Fuel = (typeof FUELS)[number];

export const USES = ["private", "commercial"] as const;
/** 自家用 (`private`) or 営業用 (`commercial`) — selects default units and conventional factors. */
export type Use = (typeof USES)[number];

/** Modes that count as road freight (truck ton-km, 改良トンキロ法 lookups). */
export const ROAD_FREIGHT_MODES: readonly Mode[] = ["truck", "trailer", "van"];

/**
 * One transport leg for one year. Which inputs are needed depends on `method`:
 * - `fuel`: `fuel` (diesel | gasoline), `fuelLitresPerYear`.
 * - `fuel-economy`: `fuel`, `distanceKm` (per run), `kmPerLitre`, `runsPerYear`.
 * - `improved-ton-km`: `fuel`, `distanceKm`, `tonsPerYear`, and either an explicit
 *   `unitLPerTkm` or `payloadKg` (+ optional `loadingRatePct`; unknown → the
 *   table's default for `use`). Lookups need mode truck, trailer or van.
 * - `conventional-ton-km`: `distanceKm`, `tonsPerYear`, and either an explicit
 *   `gCO2PerTkm` or a mode with a table factor (rail 22, ship 39, air 1,490;
 *   trailer = ordinary truck; truck/van need `payloadKg` to pick the class).
 * - `electricity`: `distanceKm` (per run), `kWhPerKm`, `runsPerYear`; optional
 *   `tCO2PerKWh` overrides the grid factor.
 * Labour (any method): `hoursPerRun` with `runsPerYear`; a leg without
 * `hoursPerRun` contributes 0 driver hours.
 */
export interface Leg {
  label: string;
  from?: string;
  to?: string;
  mode: Mode;
  method: Method;
  fuel?: Fuel;
  /** Default `commercial` (営業用). */
  use?: Use;
  /** One-way length of the leg, km. */
  distanceKm?: number;
  /** Cargo moved over the leg per year, t. */
  tonsPerYear?: number;
  /** 積載率, % in (0, 100]. */
  loadingRatePct?: number;
  /** 最大積載量 of the vehicle, kg. */
  payloadKg?: number;
  /** Explicit 改良トンキロ法 unit, ℓ/t·km; overrides the table. */
  unitLPerTkm?: number;
  /** Explicit 従来トンキロ法 factor, g-CO₂/t·km; overrides the table. */
  gCO2PerTkm?: number;
  fuelLitresPerYear?: number;
  kmPerLitre?: number;
  runsPerYear?: number;
  kWhPerKm?: number;
  /** Explicit grid factor, t-CO₂/kWh (the supplier's 調整後排出係数); overrides the national average. */
  tCO2PerKWh?: number;
  /** Average driving hours per run (labour). */
  hoursPerRun?: number;
}

export type Side = "before" | "after";

/** A leg input that is missing or invalid for its method. */
export interface LegIssue {
  side: Side;
  legIndex: number;
  /** The leg's label when it has one, so a message can name the leg. */
  label: string | null;
  field: keyof Leg;
  message: string;
}

/** How a leg's unit or factor was obtained. */
export type FactorBasis = "explicit" | "table" | "regression" | "default-loading-rate";

/** A leg's yearly figures, unrounded (rounding happens once, in the report). */
export interface LegEmission {
  tCO2: number;
  /** distanceKm × tonsPerYear; 0 when the leg has no tonnage. */
  tonKm: number;
  /** hoursPerRun × runsPerYear; 0 when the leg has no labour inputs. */
  driverHours: number;
  /** distanceKm × runsPerYear (走行距離, 省力化); 0 when either is missing (e.g. a 改良トンキロ法 leg without runs). */
  vehicleKm: number;
  /** Fuel burned, ℓ (fuel-based methods), else null. */
  litres: number | null;
  /** Electricity used, kWh (electricity method), else null. */
  kWh: number | null;
  /** The ℓ/t·km or g-CO₂/t·km or t-CO₂/kWh used, with how it was obtained. */
  factor: { value: number; unit: "l/tkm" | "gCO2/tkm" | "tCO2/kWh" | "tCO2/kl"; basis: FactorBasis } | null;
}

type NumericField = {
  [K in keyof Leg]-?: NonNullable<Leg[K]> extends number ? K : never;
}[keyof Leg];

/** Allowed range per numeric input: `min` inclusive unless `exclusiveMin`. */
const numericRules: Record<NumericField, { min: number; exclusiveMin?: boolean; max?: number }> = {
  distanceKm: { min: 0 },
  tonsPerYear: { min: 0 },
  loadingRatePct: { min: 0, exclusiveMin: true, max: 100 },
  payloadKg: { min: 0, exclusiveMin: true },
  unitLPerTkm: { min: 0, exclusiveMin: true },
  gCO2PerTkm: { min: 0 },
  fuelLitresPerYear: { min: 0 },
  kmPerLitre: { min: 0, exclusiveMin: true },
  runsPerYear: { min: 0 },
  kWhPerKm: { min: 0 },
  tCO2PerKWh: { min: 0 },
  hoursPerRun: { min: 0 },
};

const isLiquid = (fuel: unknown): fuel is LiquidFuel => fuel === "diesel" || fuel === "gasoline";

/**
 * Every missing or invalid input of one leg for its method, in field order.
 * An empty list means `legEmission` can compute the leg.
 */
export function validateLeg(
  leg: Leg,
  where: { side: Side; legIndex: number },
  factors: Factors = defaultFactors,
): LegIssue[] {
  const issues: LegIssue[] = [];
  const label = typeof leg?.label === "string" && leg.label.trim() !== "" ? leg.label : null;
  const add = (field: keyof Leg, message: string) => issues.push({ ...where, label, field, message });
  if (leg === null || typeof leg !== "object") {
    add("label", "the leg must be an object");
    return issues;
  }
  if (label === null) add("label", "is required: a non-empty name for the leg");
  if (!(MODES as readonly unknown[]).includes(leg.mode)) add("mode", `must be one of ${MODES.join(", ")}`);
  if (!(METHODS as readonly unknown[]).includes(leg.method))
    add("method", `must be one of ${METHODS.join(", ")}`);
  if (leg.fuel !== undefined && !(FUELS as readonly unknown[]).includes(leg.fuel)) {
    add("fuel", `must be one of ${FUELS.join(", ")}`);
  }
  if (leg.use !== undefined && !(USES as readonly unknown[]).includes(leg.use)) {
    add("use", `must be one of ${USES.join(", ")}`);
  }

  const bad = new Set<keyof Leg>();
  for (const [field, rule] of Object.entries(numericRules) as [
    NumericField,
    (typeof numericRules)[NumericField],
  ][]) {
    const value: unknown = leg[field];
    if (value === undefined) continue;
    const tooLow = typeof value === "number" && (rule.exclusiveMin ? value <= rule.min : value < rule.min);
    const tooHigh = typeof value === "number" && rule.max !== undefined && value > rule.max;
    if (typeof value !== "number" || !Number.isFinite(value) || tooLow || tooHigh) {
      bad.add(field);
      const range = `${rule.exclusiveMin ? ">" : "≥"} ${rule.min}${rule.max === undefined ? "" : ` and ≤ ${rule.max}`}`;
      add(field, `must be a finite number ${range}`);
    }
  }
  const need = (field: NumericField, why: string) => {
    if (leg[field] === undefined) add(field, `is required ${why}`);
  };
  const needLiquidFuel = (why: string) => {
    if (leg.fuel === undefined) add("fuel", `is required ${why} (diesel or gasoline)`);
    else if (leg.fuel === "electricity") add("fuel", `must be diesel or gasoline ${why}`);
  };

  switch (leg.method) {
    case "fuel":
      needLiquidFuel("for the fuel method (燃料法)");
      need("fuelLitresPerYear", "for the fuel method (燃料法)");
      break;
    case "fuel-economy":
      needLiquidFuel("for the fuel-economy method (燃費法)");
      need("distanceKm", "for the fuel-economy method (燃費法)");
      need("kmPerLitre", "for the fuel-economy method (燃費法)");
      need("runsPerYear", "for the fuel-economy method (燃費法): yearly km = distanceKm × runsPerYear");
      break;
    case "improved-ton-km": {
      const why = "for the improved ton-km method (改良トンキロ法)";
      needLiquidFuel(why);
      need("distanceKm", why);
      need("tonsPerYear", why);
      if (leg.unitLPerTkm === undefined) {
        if (leg.payloadKg === undefined) {
          add("payloadKg", `is required ${why} to pick the payload class, unless unitLPerTkm is given`);
        }
        if (!ROAD_FREIGHT_MODES.includes(leg.mode)) {
          add(
            "mode",
            `the 改良トンキロ法 table covers trucks only (truck, trailer, van); give unitLPerTkm for ${leg.mode}`,
          );
        }
      }
      break;
    }
    case "conventional-ton-km": {
      const why = "for the conventional ton-km method (従来トンキロ法)";
      need("distanceKm", why);
      need("tonsPerYear", why);
      const lookupPossible = (MODES as readonly unknown[]).includes(leg.mode) && !bad.has("payloadKg");
      if (leg.gCO2PerTkm === undefined && lookupPossible) {
        const lookup = conventionalFactor(leg, factors);
        if (lookup.status === "needs-payload") {
          add(
            "payloadKg",
            `is required ${why} for a ${leg.mode} to pick its class, unless gCO2PerTkm is given`,
          );
        } else if (lookup.status === "no-table-factor")
          add("gCO2PerTkm", `is required ${why}: ${lookup.reason}`);
      }
      break;
    }
    case "electricity":
      if (leg.fuel !== undefined && leg.fuel !== "electricity") {
        add("fuel", "must be electricity (or omitted) for the electricity method");
      }
      need("distanceKm", "for the electricity method");
      need("kWhPerKm", "for the electricity method");
      need("runsPerYear", "for the electricity method: yearly kWh = distanceKm × kWhPerKm × runsPerYear");
      break;
  }
  if (leg.hoursPerRun !== undefined && leg.runsPerYear === undefined) {
    add("runsPerYear", "is required with hoursPerRun: driver hours = hoursPerRun × runsPerYear");
  }
  // Drop "is required" duplicates for a field already reported invalid.
  return issues.filter((i, k) => issues.findIndex((j) => j.field === i.field) === k);
}

/** Result of an 改良トンキロ法 unit lookup. */
export interface ImprovedUnit {
  unitLPerTkm: number;
  basis: Exclude<FactorBasis, "explicit">;
  payloadClass: string;
  /** The loading rate the unit stands for (the default rate when none was given). */
  loadingRatePct: number;
}

/**
 * 改良トンキロ法 unit (ℓ/t·km) for a fuel, payload and loading rate:
 * the table value when the rate is one of the table's columns (so published
 * examples reproduce to the digit), the guideline's regression with the
 * class's representative payload between columns, and the class's default
 * unit for `use` (default `commercial`) when the rate is unknown.
 * Payloads above the largest class use the largest class (see SOURCE.md).
 * Inputs must be valid (payloadKg > 0, 0 < loadingRatePct ≤ 100).
 */
export function improvedTonKmUnit(
  input: { fuel: LiquidFuel; payloadKg: number; loadingRatePct?: number; use?: Use },
  factors: Factors = defaultFactors,
): ImprovedUnit {
  const table = factors.improvedTonKm;
  const rows = table.rows.filter((r) => r.fuel === input.fuel);
  // The schema guarantees one open-ended class per fuel, so a row is always found.
  const row = rows.find((r) => r.maxKg === null || input.payloadKg <= r.maxKg) ?? rows[rows.length - 1];
  if (!row) throw new Error(`factor table has no ${input.fuel} rows`);
  const use = input.use ?? "commercial";
  if (input.loadingRatePct === undefined) {
    return {
      unitLPerTkm: row.defaultUnitLPerTkm[use],
      basis: "default-loading-rate",
      payloadClass: row.payloadClass,
      loadingRatePct: row.defaultLoadingRatePct[use],
    };
  }
  const column = table.loadingRateColumnsPct.indexOf(input.loadingRatePct);
  const tableValue = column >= 0 ? row.unitsLPerTkm[column] : undefined;
  if (tableValue !== undefined) {
    return {
      unitLPerTkm: tableValue,
      basis: "table",
      payloadClass: row.payloadClass,
      loadingRatePct: input.loadingRatePct,
    };
  }
  const { a, b, c } = table.regression[input.fuel];
  const unit = Math.exp(a - b * Math.log(input.loadingRatePct / 100) - c * Math.log(row.representativeKg));
  return {
    unitLPerTkm: unit,
    basis: "regression",
    payloadClass: row.payloadClass,
    loadingRatePct: input.loadingRatePct,
  };
}

type ConventionalLookup =
  | { status: "ok"; gCO2PerTkm: number; key: keyof Factors["conventionalTonKm"]["gCO2PerTkm"] }
  | { status: "needs-payload" }
  | { status: "no-table-factor"; reason: string };

/** The 従来トンキロ法 table factor for a leg's mode, use and payload. */
export function conventionalFactor(
  leg: Pick<Leg, "mode" | "use" | "payloadKg">,
  factors: Factors = defaultFactors,
): ConventionalLookup {
  const table = factors.conventionalTonKm;
  const pick = (key: keyof typeof table.gCO2PerTkm): ConventionalLookup => ({
    status: "ok",
    gCO2PerTkm: table.gCO2PerTkm[key].value,
    key,
  });
  const commercial = (leg.use ?? "commercial") === "commercial";
  switch (leg.mode) {
    case "rail":
      return pick("rail");
    case "ship":
      return pick("ship");
    case "air":
      return pick("air");
    case "trailer":
      return pick(commercial ? "commercialOrdinaryTruck" : "privateOrdinaryTruck");
    case "truck":
    case "van": {
      if (leg.payloadKg === undefined) return { status: "needs-payload" };
      if (leg.payloadKg >= table.ordinaryTruckMinPayloadKg.value) {
        return pick(commercial ? "commercialOrdinaryTruck" : "privateOrdinaryTruck");
      }
      if (leg.payloadKg > table.lightVehicleMaxPayloadKg.value) {
        return pick(commercial ? "commercialSmallTruck" : "privateSmallTruck");
      }
      if (commercial) return pick("commercialLightVehicle");
      return {
        status: "no-table-factor",
        reason: "the table has no factor for a private light vehicle (自家用軽自動車)",
      };
    }
    default:
      return { status: "no-table-factor", reason: `the table has no ton-km factor for mode ${leg.mode}` };
  }
}

/**
 * One leg's yearly CO₂ (t), ton-km and driver hours, unrounded, or the list of
 * inputs its method lacks. An explicit `unitLPerTkm`, `gCO2PerTkm` or
 * `tCO2PerKWh` on the leg overrides the table.
 */
export function legEmission(
  leg: Leg,
  factors: Factors = defaultFactors,
  where: { side: Side; legIndex: number } = { side: "before", legIndex: 0 },
): { status: "ok"; value: LegEmission } | { status: "invalid"; errors: LegIssue[] } {
  const errors = validateLeg(leg, where, factors);
  if (errors.length > 0) return { status: "invalid", errors };
  return { status: "ok", value: computeValidLeg(leg, factors) };
}

/** Computes a leg that `validateLeg` accepted; the non-null assertions rely on that. */
function computeValidLeg(leg: Leg, factors: Factors): LegEmission {
  const tonKm =
    leg.distanceKm !== undefined && leg.tonsPerYear !== undefined ? leg.distanceKm * leg.tonsPerYear : 0;
  const driverHours = leg.hoursPerRun !== undefined ? leg.hoursPerRun * (leg.runsPerYear ?? 0) : 0;
  const vehicleKm =
    leg.distanceKm !== undefined && leg.runsPerYear !== undefined ? leg.distanceKm * leg.runsPerYear : 0;
  const base = { tonKm, driverHours, vehicleKm, litres: null, kWh: null };
  const fromLitres = (litres: number): number => {
    if (!isLiquid(leg.fuel)) throw new Error("validated leg without liquid fuel");
    return (litres / 1000) * tCO2PerKl(leg.fuel, factors);
  };
  switch (leg.method) {
    case "fuel":
    case "fuel-economy": {
      // Litres as reported, or driven km over the vehicle's km per litre.
      const litres =
        leg.method === "fuel"
          ? (leg.fuelLitresPerYear ?? 0)
          : ((leg.distanceKm ?? 0) * (leg.runsPerYear ?? 0)) / (leg.kmPerLitre ?? 1);
      const perKl = isLiquid(leg.fuel) ? tCO2PerKl(leg.fuel, factors) : 0;
      return {
        ...base,
        tCO2: fromLitres(litres),
        litres,
        factor: { value: perKl, unit: "tCO2/kl", basis: "table" },
      };
    }
    case "improved-ton-km": {
      let unit: { value: number; basis: FactorBasis };
      if (leg.unitLPerTkm !== undefined) unit = { value: leg.unitLPerTkm, basis: "explicit" };
      else {
        if (!isLiquid(leg.fuel) || leg.payloadKg === undefined)
          throw new Error("validated leg without lookup inputs");
        const found = improvedTonKmUnit(
          {
            fuel: leg.fuel,
            payloadKg: leg.payloadKg,
            ...(leg.loadingRatePct !== undefined ? { loadingRatePct: leg.loadingRatePct } : {}),
            ...(leg.use !== undefined ? { use: leg.use } : {}),
          },
          factors,
        );
        unit = { value: found.unitLPerTkm, basis: found.basis };
      }
      const litres = tonKm * unit.value;
      return { ...base, tCO2: fromLitres(litres), litres, factor: { ...unit, unit: "l/tkm" } };
    }
    case "conventional-ton-km": {
      let factor: { value: number; basis: FactorBasis };
      if (leg.gCO2PerTkm !== undefined) factor = { value: leg.gCO2PerTkm, basis: "explicit" };
      else {
        const found = conventionalFactor(leg, factors);
        if (found.status !== "ok") throw new Error("validated leg without a conventional factor");
        factor = { value: found.gCO2PerTkm, basis: "table" };
      }
      return { ...base, tCO2: (tonKm * factor.value) / 1_000_000, factor: { ...factor, unit: "gCO2/tkm" } };
    }
    case "electricity": {
      const kWh = (leg.distanceKm ?? 0) * (leg.kWhPerKm ?? 0) * (leg.runsPerYear ?? 0);
      const factor =
        leg.tCO2PerKWh !== undefined
          ? { value: leg.tCO2PerKWh, basis: "explicit" as const }
          : { value: factors.electricity.tCO2PerKWh.value, basis: "table" as const };
      return { ...base, kWh, tCO2: kWh * factor.value, factor: { ...factor, unit: "tCO2/kWh" } };
    }
  }
}
