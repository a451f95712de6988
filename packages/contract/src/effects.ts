import { z } from "zod";
import { describedRules, NON_BLANK, when } from "./documented";

/*
 * Wire shapes of the public effects calculator (POST /api/v1/effects/legs and
 * /waiting). Types and enums are checked here; which inputs a leg needs for
 * its method, and their ranges, are checked once, by the engine
 * (@tsunagu/effects), which names the leg and the field. The document states
 * the engine's rules too (ranges, required by method), so a client sees them.
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

type Range = { minimum?: number; exclusiveMinimum?: number; maximum?: number };
const num = (description: string, range: Range = {}) =>
  z
    .number()
    .meta({ description, ...range })
    .optional();
const AT_LEAST_0: Range = { minimum: 0 };
const ABOVE_0: Range = { exclusiveMinimum: 0 };

const LIQUID_FUELS = ["diesel", "gasoline"];
const ROAD_FREIGHT = ["truck", "trailer", "van"];
/** Modes the 従来トンキロ法 table has a factor for without a payload. */
const CONVENTIONAL_WITHOUT_PAYLOAD = ["rail", "ship", "air", "trailer"];

export const EffectsLegSchema = z
  .strictObject({
    label: z
      .string()
      .min(1)
      .meta({
        description: "Name of the leg as the application table shows it.",
        example: "② 有明DC → 埼玉工場",
        ...NON_BLANK,
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
    distanceKm: num("One-way length of the leg, km (≥ 0).", AT_LEAST_0),
    tonsPerYear: num("Cargo over the leg per year, t (≥ 0).", AT_LEAST_0),
    loadingRatePct: num("積載率, % in (0, 100]. Omitted → the table's default for `use`.", {
      exclusiveMinimum: 0,
      maximum: 100,
    }),
    payloadKg: num("最大積載量, kg (> 0): picks the payload class.", ABOVE_0),
    unitLPerTkm: num("Explicit 改良トンキロ法 unit, ℓ/t·km (> 0); overrides the table.", ABOVE_0),
    gCO2PerTkm: num(
      "Explicit 従来トンキロ法 factor, g-CO₂/t·km (≥ 0); overrides the table (rail 22).",
      AT_LEAST_0,
    ),
    fuelLitresPerYear: num("Fuel used per year, ℓ (≥ 0).", AT_LEAST_0),
    kmPerLitre: num("Fuel economy, km/ℓ (> 0).", ABOVE_0),
    runsPerYear: num("Runs per year (≥ 0).", AT_LEAST_0),
    kWhPerKm: num("Electricity per km, kWh (≥ 0).", AT_LEAST_0),
    tCO2PerKWh: num(
      "Explicit grid factor, t-CO₂/kWh (the supplier's 調整後排出係数); default national average 0.000434.",
      AT_LEAST_0,
    ),
    hoursPerRun: num(
      "Average driving hours per run (≥ 0); driver hours = hoursPerRun × runsPerYear.",
      AT_LEAST_0,
    ),
  })
  .meta({
    id: "EffectsLeg",
    ...describedRules(
      "The inputs each method needs are listed under `method`. For conventional-ton-km without gCO2PerTkm, a truck or van takes its factor from its payload class; a private light vehicle (自家用軽自動車) has no table factor, so it needs gCO2PerTkm.",
      ["no_table_factor"],
    ),
    allOf: [
      when("method", ["fuel"], {
        required: ["fuel", "fuelLitresPerYear"],
        properties: { fuel: { enum: LIQUID_FUELS } },
      }),
      when("method", ["fuel-economy"], {
        required: ["fuel", "distanceKm", "kmPerLitre", "runsPerYear"],
        properties: { fuel: { enum: LIQUID_FUELS } },
      }),
      when("method", ["improved-ton-km"], {
        required: ["fuel", "distanceKm", "tonsPerYear"],
        properties: { fuel: { enum: LIQUID_FUELS } },
        anyOf: [
          { required: ["unitLPerTkm"] },
          { required: ["payloadKg"], properties: { mode: { enum: ROAD_FREIGHT } } },
        ],
      }),
      when("method", ["conventional-ton-km"], {
        required: ["distanceKm", "tonsPerYear"],
        anyOf: [
          { required: ["gCO2PerTkm"] },
          { properties: { mode: { enum: CONVENTIONAL_WITHOUT_PAYLOAD } } },
          { required: ["payloadKg"], properties: { mode: { enum: ["truck", "van"] } } },
        ],
      }),
      when("method", ["electricity"], {
        required: ["distanceKm", "kWhPerKm", "runsPerYear"],
        properties: { fuel: { const: "electricity" } },
      }),
    ],
    dependentRequired: { hoursPerRun: ["runsPerYear"] },
  });
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

const TRUCKS_PER_DAY = { description: "Trucks arriving per day (≥ 0).", minimum: 0 };
const OPERATING_DAYS = { description: "Operating days per year (0–366).", minimum: 0, maximum: 366 };
const WAITING_SHARE = { description: "Share of arrivals that wait, % (0–100).", minimum: 0, maximum: 100 };

export const WaitingSiteSchema = z.strictObject({
  site: z.string().min(1).meta(NON_BLANK),
  trucksPerDay: z.number().meta(TRUCKS_PER_DAY),
  operatingDays: z.number().meta(OPERATING_DAYS),
  waitingSharePct: z.number().meta(WAITING_SHARE),
  avgWaitHours: z.number().meta({
    description: "Average wait per waiting handling, h (work start − reception), 0–24.",
    minimum: 0,
    maximum: 24,
  }),
});

export const EffectsWaitingRequestSchema = z
  .strictObject({
    before: z.array(WaitingSiteSchema).min(1).max(500),
    targetCutPct: z
      .number()
      .meta({ description: "Target cut of the yearly waiting hours, % (0–100).", minimum: 0, maximum: 100 }),
    after: z.strictObject({
      trucksPerDay: z.number().meta(TRUCKS_PER_DAY),
      operatingDays: z.number().meta(OPERATING_DAYS),
      waitingSharePct: z.number().meta(WAITING_SHARE),
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

/* ── Effects of a plan (GET …/match-runs/{runId}/effects, …/effects/history) ── */

const planSide = z
  .object({
    tCO2: z.number().meta({ description: "t-CO₂, 0.1 t (a day's plan is often 0.0: see kgCO2)." }),
    kgCO2: z.number().meta({ description: "kg-CO₂, 0.1 kg." }),
    exactKgCO2: z.number().meta({ description: "Unrounded kg-CO₂ (roll-ups sum these)." }),
    vehicleKm: z.number().meta({ description: "Road vehicle-km, 0.1 km." }),
    exactVehicleKm: z.number(),
    droneKm: z.number(),
    driverHours: z.number().meta({ description: "Driving hours, 0.1 h." }),
    exactDriverHours: z.number(),
    dispatches: z.number().int().meta({ description: "Road routes/trips plus drone flights." }),
    vehicles: z.number().int().meta({ description: "Distinct road vehicles plus drone routes." }),
  })
  .meta({ id: "PlanEffectsSide" });

const baselineTrip = z.object({
  fuel: z.enum(["petrol", "diesel", "hybrid", "electric", "lpg", "battery"]),
  kmPerLitre: z.number().optional(),
  kWhPerKm: z.number().optional(),
  roundTrip: z.boolean(),
  speedKmh: z.number(),
});

/** Query overrides of the plan baseline (defaults: petrol car 10.6 km/ℓ one way; petrol kei van 12.0 km/ℓ there and back; 100 kg a passenger). */
/**
 * What a plan is compared with ("before"): `own_vehicles` (default) — each
 * organisation serves its own users with only its own vehicles, planned by the
 * same engine, so the report shows what sharing saves; `private_car` — every
 * request alone by private car or van; `modal_split` — `carSharePct` % of the
 * requests by private car or van, the rest adding nothing.
 */
export const PlanBaselineKindSchema = z.enum(["own_vehicles", "private_car", "modal_split"]);
export type PlanBaselineKind = z.infer<typeof PlanBaselineKindSchema>;

export const PlanBaselineQuerySchema = z.object({
  baseline: PlanBaselineKindSchema.default("own_vehicles").meta({
    description:
      "The “before”: own_vehicles (default; each organisation with only its own vehicles), private_car (every request alone) or modal_split (with carSharePct).",
  }),
  carSharePct: z.coerce.number().positive().max(100).optional().meta({
    description:
      "For modal_split: the share of requests that would go by private car or van today, % (above 0, at most 100). Default 100.",
  }),
  rideKmPerLitre: z.coerce.number().positive().max(60).optional().meta({
    description: "Fuel economy of the private petrol car a ride would take alone. Default 10.6 km/ℓ.",
  }),
  parcelKmPerLitre: z.coerce.number().positive().max(60).optional().meta({
    description: "Fuel economy of the petrol light van a parcel would take alone. Default 12.0 km/ℓ.",
  }),
  passengerMassKg: z.coerce.number().positive().max(300).optional().meta({
    description: "Standard mass of a passenger in the allocation. Default 100 kg.",
  }),
});
export type PlanBaselineQuery = z.infer<typeof PlanBaselineQuerySchema>;
/** The query as a client sends it (every field optional). */
export type PlanBaselineQueryInput = Partial<PlanBaselineQuery>;

export const PlanEffectsResponseSchema = z
  .object({
    runId: z.string(),
    date: z.iso.date(),
    /** Whole plan of a finished run; the history counts approved routes only. */
    scope: z.enum(["plan", "approved"]),
    served: z.number().int(),
    /** What “before” is, as the report states it. */
    comparedWith: z
      .object({
        kind: PlanBaselineKindSchema,
        /** modal_split: the share by private car or van, %. */
        carSharePct: z.number().nullable(),
        /** own_vehicles: organisations (the town counted as one) that had requests that day. */
        organisations: z.number().int().nullable(),
        /** own_vehicles: requests their own vehicles could serve (the rest count as trips alone). */
        ownServed: z.number().int().nullable(),
      })
      .meta({ id: "PlanBaselineStatement" }),
    /** The plan's counts, from the same function as the plan summary and the run list. */
    counts: z
      .object({
        requests: z.number().int(),
        served: z.number().int(),
        unserved: z.number().int(),
        vehicles: z.number().int(),
        routes: z.number().int(),
      })
      .meta({ id: "PlanCounts" }),
    before: planSide,
    after: planSide,
    reduction: z
      .object({
        tCO2: z.number(),
        tCO2Pct: pct,
        kgCO2: z.number(),
        kgCO2Pct: pct,
        vehicleKm: z.number(),
        vehicleKmPct: pct,
        driverHours: z.number(),
        driverHoursPct: pct,
        dispatches: z.number().int(),
        vehicles: z.number().int(),
      })
      .meta({ id: "PlanEffectsReduction" }),
    allocation: z.array(
      z
        .object({
          requestId: z.string(),
          kind: z.enum(["ride", "parcel"]),
          beforeKgCO2: z.number(),
          afterKgCO2: z.number(),
          savedKgCO2: z.number(),
          parts: z.array(
            z.object({
              source: z.enum(["route", "drone", "timetabled"]),
              id: z.string(),
              kgKm: z.number().meta({ description: "Mass × distance on board, kg·km (the allocation key)." }),
              sharePct: z.number(),
              kgCO2: z.number(),
            }),
          ),
        })
        .meta({ id: "PlanEffectsAllocation" }),
    ),
    vehicles: z.array(
      z.object({
        source: z.enum(["route", "drone"]),
        id: z.string(),
        vehicleKind: z.string(),
        km: z.number(),
        kgCO2: z.number(),
        unallocatedKgCO2: z.number(),
        fuel: z.string(),
        approximate: z.boolean(),
      }),
    ),
    baseline: z.object({
      ride: baselineTrip,
      parcel: baselineTrip,
      passengerMassKg: z.number(),
      minParcelKg: z.number(),
      roadCircuity: z.number(),
    }),
    rules: z
      .array(z.string())
      .meta({ description: "The baseline, allocation and fuel rules, for footnotes." }),
    notes: z.array(z.string()),
  })
  .meta({ id: "PlanEffects" });
export type PlanEffectsResponse = z.infer<typeof PlanEffectsResponseSchema>;

const rollUp = z
  .object({
    period: z.string().meta({ description: "YYYY-MM or YYYY." }),
    plans: z.number().int(),
    served: z.number().int(),
    before: z.object({
      tCO2: z.number(),
      vehicleKm: z.number(),
      driverHours: z.number(),
      dispatches: z.number(),
    }),
    after: z.object({
      tCO2: z.number(),
      vehicleKm: z.number(),
      driverHours: z.number(),
      dispatches: z.number(),
    }),
    reduction: z.object({
      tCO2: z.number(),
      tCO2Pct: pct,
      vehicleKm: z.number(),
      vehicleKmPct: pct,
      driverHours: z.number(),
      driverHoursPct: pct,
    }),
  })
  .meta({ id: "PlanEffectsRollUp" });

export const EffectsHistoryResponseSchema = z
  .object({
    year: z.number().int(),
    months: z.array(rollUp).length(12),
    total: rollUp,
    plans: z.array(z.object({ date: z.iso.date(), runId: z.string() })),
    notes: z.array(z.string()),
  })
  .meta({ id: "EffectsHistory" });
export type EffectsHistoryResponse = z.infer<typeof EffectsHistoryResponseSchema>;

/* ── Cost sharing by re-running the matching (POST …/cost-sharing) ── */

export const CostSharingPartySchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  organisationIds: z.array(z.string().min(1)).max(50).meta({
    description: "Organisations whose vehicles the party contributes and whose parcels it sends.",
  }),
  residents: z.boolean().optional().meta({
    description:
      "This party (the municipality) pays for residents' rides and for parcels between places of no organisation, and brings the vehicles of no organisation. Exactly one party must say true.",
  }),
});

/** Exact Shapley value up to this many parties (2¹⁰ − 1 = 1,023 coalitions); sampled above. */
export const EXACT_SHAPLEY_PARTIES = 10;
export const MAX_COST_SHARING_PARTIES = 20;

export const CostSharingRequestSchema = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    yearlyCost: z.number().int().min(0).max(100_000_000_000).meta({ description: "Yen a year to split." }),
    parties: z
      .array(CostSharingPartySchema)
      .min(1)
      .max(MAX_COST_SHARING_PARTIES)
      .meta({
        description:
          "Up to 10 parties: the exact Shapley value (every coalition); 11–20: estimated from random orderings of the parties, with each share's standard error. Exactly one party has residents: true.",
        contains: { required: ["residents"], properties: { residents: { const: true } } },
        minContains: 1,
        maxContains: 1,
      }),
    costModel: z
      .strictObject({
        yenPerKm: z.number().min(0).max(10_000).optional().meta({ description: "Default 50 yen/km." }),
        yenPerVehicle: z
          .number()
          .min(0)
          .max(1_000_000)
          .optional()
          .meta({ description: "Per vehicle shift used. Default 4,000 yen." }),
        taxiBaseYen: z
          .number()
          .min(0)
          .max(100_000)
          .optional()
          .meta({ description: "Unserved request = taxi fare: base. Default 700 yen." }),
        taxiYenPerKm: z
          .number()
          .min(0)
          .max(10_000)
          .optional()
          .meta({ description: "Taxi fare per door-to-door km. Default 400 yen." }),
      })
      .optional(),
  })
  .meta({
    id: "CostSharingRequest",
    ...describedRules(
      "`to` is on or after `from`, at most 31 days later; party ids are unique; an organisation belongs to one party at most and must be the municipality's.",
      ["period_reversed", "period_too_long", "duplicate_party", "organisation_taken", "unknown_organisation"],
    ),
  });
export type CostSharingRequest = z.infer<typeof CostSharingRequestSchema>;

export const CostSharingResponseSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    days: z.number().int(),
    yearlyCost: z.number().int(),
    costModel: z.object({
      yenPerKm: z.number(),
      yenPerVehicle: z.number(),
      taxiBaseYen: z.number(),
      taxiYenPerKm: z.number(),
    }),
    engine: z.string().meta({ description: "Which matching engine computed each coalition." }),
    method: z.enum(["exact", "sampled"]).meta({
      description: "exact: every coalition (up to 10 parties); sampled: random orderings of the parties.",
    }),
    samples: z.number().int().nullable().meta({ description: "Orderings sampled; null when exact." }),
    coalitions: z.number().int().meta({ description: "Distinct coalitions whose matching was run." }),
    periodCost: z.number().meta({ description: "v(all parties) over the period, yen (the simulated cost)." }),
    unattributedRequests: z.number().int(),
    parties: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          requests: z.number().int(),
          vehicles: z.number().int(),
          usagePct: z.number(),
          usageShare: z.number().int().meta({ description: "Yen a year, split by requests attributed." }),
          shapleyShare: z.number().int().meta({ description: "Yen a year, split by the Shapley value." }),
          standAlone: z
            .number()
            .int()
            .meta({ description: "Yen a year if the party ran alone (same scale)." }),
          savingVsAlone: z.number().int(),
          shapleyStandardError: z.number().int().nullable().meta({
            description:
              "Sampled only: the standard error of shapleyShare, yen a year (±1.96 × it ≈ the 95 % range). Null when exact.",
          }),
        })
        .meta({ id: "CostSharingParty" }),
    ),
    rules: z.array(z.string()),
  })
  .meta({ id: "CostSharing" });
export type CostSharingResponse = z.infer<typeof CostSharingResponseSchema>;

/**
 * POST …/cost-sharing streams newline-delimited JSON while it re-runs the
 * matching per coalition: `progress` lines (matching runs done of the
 * planned number), then one `result` line, or an `error` line if the
 * computation failed after the input was accepted (bad input is a 422
 * problem+json before any line).
 */
export const CostSharingStreamLineSchema = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("progress"),
      done: z.number().int().meta({ description: "Coalition-day matchings done." }),
      total: z
        .number()
        .int()
        .meta({ description: "Coalition-day matchings at most (sampling may need fewer)." }),
    }),
    z.object({ type: z.literal("result"), result: CostSharingResponseSchema }),
    z.object({ type: z.literal("error"), title: z.string(), detail: z.string() }),
  ])
  .meta({ id: "CostSharingStreamLine" });
export type CostSharingStreamLine = z.infer<typeof CostSharingStreamLineSchema>;
