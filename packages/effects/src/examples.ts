import type { Leg } from "./emissions";
import type { WaitingInput } from "./waiting";

const diesel = { method: "improved-ton-km", fuel: "diesel" } as const;
const trailer = { ...diesel, mode: "trailer", payloadKg: 20000 } as const;
const truck10t = { ...diesel, mode: "truck", payloadKg: 10000 } as const;

/**
 * The MLIT application guide's worked example (consolidation into one new
 * warehouse, 改良トンキロ法): 566.9 → 394.3 t-CO₂, 172.6 t less, 30.4 %.
 * Row ⑤-after carries the guide's explicit 0.041 ℓ/t·km at 100 % loading,
 * because the application copies the unit it was given (EMISSIONS.md).
 * Used by the tests and as the API's request example.
 */
export const MLIT_WORKED_EXAMPLE: { before: Leg[]; after: Leg[] } = {
  before: [
    {
      ...trailer,
      label: "①",
      from: "東京湾",
      to: "有明DC",
      distanceKm: 20,
      loadingRatePct: 100,
      tonsPerYear: 56250,
    },
    {
      ...truck10t,
      label: "②",
      from: "有明DC",
      to: "埼玉工場",
      distanceKm: 80,
      loadingRatePct: 80,
      tonsPerYear: 42000,
    },
    {
      ...truck10t,
      label: "④",
      from: "館林DC",
      to: "埼玉工場",
      distanceKm: 10,
      loadingRatePct: 60,
      tonsPerYear: 15000,
    },
    {
      ...truck10t,
      label: "⑤",
      from: "埼玉工場",
      to: "久喜倉庫",
      distanceKm: 25,
      loadingRatePct: 60,
      tonsPerYear: 15000,
    },
    {
      ...truck10t,
      label: "⑥",
      from: "久喜倉庫",
      to: "埼玉工場",
      distanceKm: 25,
      loadingRatePct: 60,
      tonsPerYear: 15000,
    },
  ],
  after: [
    {
      ...trailer,
      label: "①",
      from: "東京湾",
      to: "羽生倉庫",
      distanceKm: 85,
      loadingRatePct: 100,
      tonsPerYear: 56250,
    },
    {
      ...truck10t,
      label: "②",
      from: "羽生倉庫",
      to: "埼玉工場",
      distanceKm: 4,
      loadingRatePct: 80,
      tonsPerYear: 42000,
    },
    {
      ...truck10t,
      label: "④",
      from: "羽生倉庫",
      to: "埼玉工場",
      distanceKm: 4,
      loadingRatePct: 80,
      tonsPerYear: 20000,
    },
    {
      ...truck10t,
      label: "⑤",
      from: "埼玉工場",
      to: "羽生倉庫",
      distanceKm: 4,
      loadingRatePct: 100,
      tonsPerYear: 25000,
      unitLPerTkm: 0.041,
    },
  ],
};

/**
 * A 荷待ち時間 example (worked by hand in test/waiting.test.ts):
 * 4,129 h a year today, cut 50 % → 2,064 h over 2,250 waiting handlings
 * = 0.9 h = 54 min, which misses the 30-minute rule.
 */
export const WAITING_EXAMPLE: WaitingInput = {
  before: [
    { site: "埼玉工場", trucksPerDay: 20, operatingDays: 250, waitingSharePct: 40, avgWaitHours: 1.5 },
    { site: "久喜倉庫", trucksPerDay: 8, operatingDays: 300, waitingSharePct: 25, avgWaitHours: 0.75 },
    { site: "館林DC", trucksPerDay: 7, operatingDays: 245, waitingSharePct: 33, avgWaitHours: 1.2 },
  ],
  targetCutPct: 50,
  after: { trucksPerDay: 30, operatingDays: 250, waitingSharePct: 30 },
};
