import { z } from "zod";

/*
 * Wire shapes of the public effects calculator (POST /api/v1/effects/legs and
 * /waiting). Types and enums are checked here; which inputs a leg needs for
 * its method, and their ranges, are checked once, by the engine
 * (@tsunagu/effects), which names the leg and the field.
 */

export const EffectsModeSchema = z
  .enum(["truck", "trailer", "rail", "ship", "air", "bus", "car", "van", "drone"])
  .meta({ description: "Transport mode. truck, trailer and van count as road freight (truck ton-km)." });

export const EffectsMethodSchema = z
  .enum(["fuel", "fuel-economy", "improved-ton-km", "conventional-ton-km", "electricity"])
  .meta({
    description:
      "fuel 燃料法 (fuel, fuelLitresPerYear) · fuel-economy 燃費法 (fuel, distanceKm, kmPerLitre, runsPerYear) · " +
      "improved-ton-km 改良トンキロ法 (fuel, distanceKm, tonsPerYear, payloadKg + optional loadingRatePct, or an explicit unitLPerTkm) · " +
      "conventional-ton-km 従来トンキロ法 (distanceKm, tonsPerYear; gCO2PerTkm or a mode with a table factor, rail 22) · " +
      "electricity (distanceKm, kWhPerKm, runsPerYear; optional tCO2PerKWh).",
  });

const num = (description: string) => z.number().meta({ description }).optional();

export const EffectsLegSchema = z
  .strictObject({
    label: z.string().min(1).meta({
      description: "Name of the leg as the application table shows it.",
      example: "② 有明DC → 埼玉工場",
    }),
    from: z.string().optional(),
    to: z.string().optional(),
    mode: EffectsModeSchema,
    method: EffectsMethodSchema,
    fuel: z.enum(["diesel", "gasoline", "electricity"]).optional(),
    use: z.enum(["private", "commercial"]).optional().meta({
      description:
        "自家用 (private) or 営業用 (commercial, default): default units and conventional factors.",
    }),
    distanceKm: num("One-way length of the leg, km (≥ 0)."),
    tonsPerYear: num("Cargo over the leg per year, t (≥ 0)."),
    loadingRatePct: num("積載率, % in (0, 100]. Omitted → the table's default for `use`."),
    payloadKg: num("最大積載量, kg (> 0): picks the payload class."),
    unitLPerTkm: num("Explicit 改良トンキロ法 unit, ℓ/t·km (> 0); overrides the table."),
    gCO2PerTkm: num("Explicit 従来トンキロ法 factor, g-CO₂/t·km (≥ 0); overrides the table (rail 22)."),
    fuelLitresPerYear: num("Fuel used per year, ℓ (≥ 0)."),
    kmPerLitre: num("Fuel economy, km/ℓ (> 0)."),
    runsPerYear: num("Runs per year (≥ 0)."),
    kWhPerKm: num("Electricity per km, kWh (≥ 0)."),
    tCO2PerKWh: num(
      "Explicit grid factor, t-CO₂/kWh (the supplier's 調整後排出係数); default national average 0.000434.",
    ),
    hoursPerRun: num("Average driving hours per run (≥ 0); driver hours = hoursPerRun × runsPerYear."),
  })
  .meta({ id: "EffectsLeg" });
export type EffectsLeg = z.infer<typeof EffectsLegSchema>;

export const EffectsLegsRequestSchema = z
  .strictObject({ before: z.array(EffectsLegSchema).max(500), after: z.array(EffectsLegSchema).max(500) })
  .meta({ id: "EffectsLegsRequest" });
export type EffectsLegsRequest = z.infer<typeof EffectsLegsRequestSchema>;

/*
 * The row's trace fields (from `from` on) are optional and unrounded: they are
 * the inputs and factors the row's t-CO₂ came from, so the 総合効率化計画 table
 * (発地, 着地, 距離, 積載率, 輸送量, 原単位, 発熱量, 排出係数, 44/12) can be
 * printed and checked row by row. A field is absent when the method does not use it.
 */
export const EffectsRowSchema = z
  .object({
    label: z.string(),
    tCO2: z.number().meta({ description: "t-CO₂ per year, rounded to 0.1." }),
    tonKm: z.number().meta({ description: "t·km per year, rounded to 1." }),
    driverHours: z.number().meta({ description: "Driver hours per year, rounded to 1." }),
    from: z.string().optional().meta({ description: "発地, as given." }),
    to: z.string().optional().meta({ description: "着地, as given." }),
    mode: EffectsModeSchema.optional(),
    method: EffectsMethodSchema.optional(),
    fuel: z.enum(["diesel", "gasoline", "electricity"]).optional(),
    distanceKm: num("距離, km, as given."),
    tonsPerYear: num("輸送量, t/year, as given."),
    loadingRatePct: num(
      "積載率 the unit stands for, %: the leg's own, or the class's default rate when the unit is the default-rate one.",
    ),
    unitLPerTkm: num("改良トンキロ法 unit used, ℓ/t·km (unrounded when from the regression)."),
    gCO2PerTkm: num("従来トンキロ法 factor used, g-CO₂/t·km."),
    tCO2PerKWh: num("Grid factor used, t-CO₂/kWh."),
    litres: num("Fuel burned per year, ℓ (fuel-based methods)."),
    kWh: num("Electricity used per year, kWh."),
    heatGJPerKl: num("発熱量 of the fuel, GJ/kℓ (fuel-based methods)."),
    carbonTCPerGJ: num("排出係数 of the fuel, tC/GJ (fuel-based methods)."),
    carbonToCO2: num("44/12 as the tables write it (3.6667), on fuel-based rows."),
    factorBasis: z
      .enum(["explicit", "table", "regression", "default-loading-rate"])
      .optional()
      .meta({ description: "How the unit or factor was obtained." }),
  })
  .meta({ id: "EffectsRow" });
export type EffectsRow = z.infer<typeof EffectsRowSchema>;

export const EffectsSideSchema = z
  .object({
    rows: z.array(EffectsRowSchema),
    tCO2: z.number().meta({ description: "Sum of the unrounded rows, rounded once to 0.1 t." }),
    driverHours: z.number(),
    truckTonKm: z.number().meta({ description: "t·km on truck, trailer and van legs only." }),
  })
  .meta({ id: "EffectsSide" });

const pct = z
  .number()
  .nullable()
  .meta({ description: "Reduction ÷ rounded before-total, % to 0.1; null when before is 0." });

export const EffectsLegsResponseSchema = z
  .object({
    before: EffectsSideSchema,
    after: EffectsSideSchema,
    reduction: z
      .object({
        tCO2: z
          .number()
          .meta({ description: "Rounded before-total − rounded after-total (positive = saved)." }),
        tCO2Pct: pct,
        driverHours: z.number(),
        driverHoursPct: pct,
        truckTonKm: z.number(),
        truckTonKmPct: pct,
      })
      .meta({ id: "EffectsReduction" }),
  })
  .meta({ id: "EffectsLegsResponse" });
export type EffectsLegsResponse = z.infer<typeof EffectsLegsResponseSchema>;

export const WaitingSiteSchema = z.strictObject({
  site: z.string().min(1),
  trucksPerDay: z.number().meta({ description: "Trucks arriving per day (≥ 0)." }),
  operatingDays: z.number().meta({ description: "Operating days per year (0–366)." }),
  waitingSharePct: z.number().meta({ description: "Share of arrivals that wait, % (0–100)." }),
  avgWaitHours: z
    .number()
    .meta({ description: "Average wait per waiting handling, h (work start − reception)." }),
});

export const EffectsWaitingRequestSchema = z
  .strictObject({
    before: z.array(WaitingSiteSchema).min(1).max(500),
    targetCutPct: z.number().meta({ description: "Target cut of the yearly waiting hours, % (0–100)." }),
    after: z.strictObject({
      trucksPerDay: z.number(),
      operatingDays: z.number(),
      waitingSharePct: z.number(),
    }),
  })
  .meta({ id: "EffectsWaitingRequest" });
export type EffectsWaitingRequest = z.infer<typeof EffectsWaitingRequestSchema>;

export const EffectsWaitingResponseSchema = z
  .object({
    beforeHours: z
      .number()
      .meta({ description: "Σ per site (rounded to whole hours each) of trucks × days × share × wait." }),
    cutHours: z.number().meta({ description: "beforeHours × targetCutPct, whole hours." }),
    targetHours: z.number(),
    handlingsAfter: z.number().meta({ description: "Waiting handlings after the change, whole handlings." }),
    avgWaitMinutesAfter: z.number().nullable().meta({
      description: "targetHours ÷ handlingsAfter, rounded to 0.1 h, in minutes; null when nothing waits.",
    }),
    meetsThirtyMinuteRule: z
      .boolean()
      .meta({ description: "≤ 30 minutes per waiting handling (概ね無駄な待機がない状態)." }),
  })
  .meta({ id: "EffectsWaitingResponse" });
export type EffectsWaitingResponse = z.infer<typeof EffectsWaitingResponseSchema>;

export const EffectsExportFormatSchema = z.enum(["csv", "xlsx"]).meta({
  description: "csv: UTF-8 with BOM, CRLF (opens in Excel). xlsx: one sheet, numbers kept numeric.",
});
export type EffectsExportFormat = z.infer<typeof EffectsExportFormatSchema>;

/** The published worked examples, served by the API so the web can fill its form without a copy. */
export const EffectsWorkedExampleResponseSchema = z
  .object({ legs: EffectsLegsRequestSchema, waiting: EffectsWaitingRequestSchema })
  .meta({
    id: "EffectsWorkedExample",
    description:
      "legs: the MLIT guide's consolidation example (改良トンキロ法, 566.9 → 394.3 t-CO₂); " +
      "waiting: a 荷待ち時間 example (4,129 h a year today, cut 50 %).",
  });
export type EffectsWorkedExampleResponse = z.infer<typeof EffectsWorkedExampleResponseSchema>;
