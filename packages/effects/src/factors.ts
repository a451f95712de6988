import { z } from "zod";
import bundled from "../../../data/factors/factors.v1.json" with { type: "json" };

/** The liquid fuels the 燃料法 / 燃費法 / 改良トンキロ法 know about. */
export const LIQUID_FUELS = ["diesel", "gasoline"] as const;
export type LiquidFuel = (typeof LIQUID_FUELS)[number];

const positive = z.number().finite().positive();
const sourced = z.object({ value: positive, source: z.string().min(1) });

const defaultsByUse = z.object({ private: positive, commercial: positive });

const improvedRowSchema = z.object({
  fuel: z.enum(LIQUID_FUELS),
  payloadClass: z.string().min(1),
  /** Upper bound of the class in kg, inclusive; null = no upper bound. */
  maxKg: positive.nullable(),
  /** The class's representative payload (中央値), used by the regression. */
  representativeKg: positive,
  /** ℓ/t·km at each of `loadingRateColumnsPct`, in the same order. */
  unitsLPerTkm: z.array(positive),
  defaultLoadingRatePct: defaultsByUse,
  defaultUnitLPerTkm: defaultsByUse,
});

const regressionSchema = z.object({ a: z.number().finite(), b: z.number().finite(), c: z.number().finite() });

const conventionalSchema = z.object({ value: positive, label: z.string().min(1) });

/**
 * Shape of `data/factors/factors.v1.json`, with the cross-checks a hand edit
 * can break (one unit per column, classes in rising order, one open-ended
 * class last), so a broken file fails when it is loaded rather than as a
 * wrong number in an application.
 */
export const FactorsSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "must be a semantic version like 1.0.0"),
    publishedAt: z.iso.date(),
    sources: z.record(z.string(), z.string().min(1)),
    carbonToCO2: sourced.extend({ unit: z.string() }),
    fuels: z.object({
      diesel: z.object({ label: z.string(), heatValueGJPerKl: sourced, carbonTCPerGJ: sourced }),
      gasoline: z.object({ label: z.string(), heatValueGJPerKl: sourced, carbonTCPerGJ: sourced }),
    }),
    improvedTonKm: z.object({
      source: z.string().min(1),
      classRule: z.string(),
      loadingRateColumnsPct: z.array(z.number().finite().positive().max(100)).min(1),
      rows: z.array(improvedRowSchema).min(1),
      regression: z.object({
        source: z.string().min(1),
        diesel: regressionSchema,
        gasoline: regressionSchema,
      }),
    }),
    conventionalTonKm: z.object({
      source: z.string().min(1),
      gCO2PerTkm: z.object({
        commercialOrdinaryTruck: conventionalSchema,
        commercialSmallTruck: conventionalSchema,
        commercialLightVehicle: conventionalSchema,
        privateOrdinaryTruck: conventionalSchema,
        privateSmallTruck: conventionalSchema,
        rail: conventionalSchema,
        ship: conventionalSchema,
        air: conventionalSchema,
      }),
      ordinaryTruckMinPayloadKg: sourced,
      lightVehicleMaxPayloadKg: sourced,
    }),
    electricity: z.object({ tCO2PerKWh: sourced.extend({ note: z.string() }) }),
  })
  .superRefine((f, ctx) => {
    const columns = f.improvedTonKm.loadingRateColumnsPct;
    for (let i = 1; i < columns.length; i++) {
      if ((columns[i] ?? 0) <= (columns[i - 1] ?? 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["improvedTonKm", "loadingRateColumnsPct", i],
          message: "loading-rate columns must rise strictly",
        });
      }
    }
    f.improvedTonKm.rows.forEach((row, i) => {
      if (row.unitsLPerTkm.length !== columns.length) {
        ctx.addIssue({
          code: "custom",
          path: ["improvedTonKm", "rows", i, "unitsLPerTkm"],
          message: `needs ${columns.length} units, one per loading-rate column; has ${row.unitsLPerTkm.length}`,
        });
      }
    });
    for (const fuel of LIQUID_FUELS) {
      const rows = f.improvedTonKm.rows
        .map((row, index) => ({ row, index }))
        .filter((r) => r.row.fuel === fuel);
      if (rows.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["improvedTonKm", "rows"],
          message: `no payload class for ${fuel}`,
        });
        continue;
      }
      rows.forEach(({ row, index }, k) => {
        const last = k === rows.length - 1;
        if (last !== (row.maxKg === null)) {
          ctx.addIssue({
            code: "custom",
            path: ["improvedTonKm", "rows", index, "maxKg"],
            message: `exactly the last ${fuel} class must be open-ended (maxKg null)`,
          });
        }
        const previous = rows[k - 1]?.row.maxKg;
        if (
          k > 0 &&
          row.maxKg !== null &&
          previous !== null &&
          previous !== undefined &&
          row.maxKg <= previous
        ) {
          ctx.addIssue({
            code: "custom",
            path: ["improvedTonKm", "rows", index, "maxKg"],
            message: `${fuel} classes must be listed in rising maxKg order`,
          });
        }
      });
    }
  });

/** A validated factor table. */
export type Factors = z.infer<typeof FactorsSchema>;

/** One problem in a factor file, with the JSON path of the failing field. */
export interface FactorIssue {
  path: string;
  message: string;
}

/**
 * Validates a factor table supplied at run time (e.g. a municipality's edited
 * copy). Returns a status instead of throwing, because a bad upload is an
 * expected outcome.
 */
export function parseFactors(
  input: unknown,
): { status: "ok"; factors: Factors } | { status: "invalid"; errors: FactorIssue[] } {
  const result = FactorsSchema.safeParse(input);
  if (result.success) return { status: "ok", factors: result.data };
  return {
    status: "invalid",
    errors: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(root)",
      message: issue.message,
    })),
  };
}

function loadBundled(): Factors {
  const parsed = parseFactors(bundled);
  if (parsed.status === "invalid") {
    // The bundled file ships with the code: if it is broken nothing the engine
    // returns can be trusted, so stop at import time with every failing path.
    const lines = parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n");
    throw new Error(`data/factors/factors.v1.json is invalid:\n${lines}`);
  }
  return parsed.factors;
}

/** The factor table shipped with Tsunagu (`data/factors/factors.v1.json`), validated at load. */
export const defaultFactors: Factors = loadBundled();

/** t-CO₂ per kℓ of a fuel: heat value × carbon factor × 44/12 (共同ガイドライン 燃料法). */
export function tCO2PerKl(fuel: LiquidFuel, factors: Factors = defaultFactors): number {
  const f = factors.fuels[fuel];
  return f.heatValueGJPerKl.value * f.carbonTCPerGJ.value * factors.carbonToCO2.value;
}
