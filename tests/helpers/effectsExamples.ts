/**
 * Worked examples of the effects calculators shared by the engine, API and
 * browser tests, with the figures worked out by hand.
 */

/**
 * The modal shift of the calculator form: one 500 km truck leg (改良トンキロ法)
 * replaced by 480 km of rail. 1,000,000 t·km × 0.0518 ℓ/t·km = 51.8 kℓ
 * × 38.2 × 0.0187 × 3.6667 = 135.7 t; rail 960,000 t·km × 22 g = 21.1 t.
 */
export const MODAL_SHIFT_EXAMPLE = {
  before: [
    {
      label: "トラック直行",
      from: "工場",
      to: "市場",
      mode: "truck",
      method: "improved-ton-km",
      fuel: "diesel",
      use: "commercial",
      distanceKm: 500,
      tonsPerYear: 2000,
      payloadKg: 10000,
      loadingRatePct: 60,
      runsPerYear: 200,
      hoursPerRun: 8,
    },
  ],
  after: [
    {
      label: "鉄道",
      from: "工場駅",
      to: "市場駅",
      mode: "rail",
      method: "conventional-ton-km",
      use: "commercial",
      distanceKm: 480,
      tonsPerYear: 2000,
    },
  ],
} as const;

/** What the 荷待ち時間 calculator answers for WAITING_EXAMPLE (worked by hand in packages/effects/test/waiting.test.ts). */
export const WAITING_EXAMPLE_RESULT = {
  beforeHours: 4129,
  cutHours: 2065,
  targetHours: 2064,
  handlingsAfter: 2250,
  avgWaitMinutesAfter: 54,
  meetsThirtyMinuteRule: false,
} as const;
