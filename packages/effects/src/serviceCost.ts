import {
  allocateByUsage,
  type CoalitionCost,
  type CostSharingIssue,
  largestRemainder,
  type ShapleyOptions,
  shapleyAllocation,
} from "./costSharing";
import { roundHalfUp } from "./rounding";

/**
 * Yen figures that turn one coalition's matching result into a cost. Every
 * field optional; the defaults are Tsunagu's planning figures for a rural
 * shared service, to be replaced by the region's own.
 */
export interface ServiceCostModel {
  /** Running cost per vehicle-km (fuel, tyres, upkeep), yen. Default 50. */
  yenPerKm?: number;
  /** Cost of putting one vehicle on the road for one shift (driver, insurance share), yen. Default 4,000. */
  yenPerVehicle?: number;
  /**
   * An unserved request is taken by taxi instead: base fare + per km of its
   * door-to-door distance, yen. Defaults 700 and 400 (a rural 中型 taxi, roughly).
   */
  taxiBaseYen?: number;
  taxiYenPerKm?: number;
}

export const DEFAULT_SERVICE_COST_MODEL: Required<ServiceCostModel> = {
  yenPerKm: 50,
  yenPerVehicle: 4000,
  taxiBaseYen: 700,
  taxiYenPerKm: 400,
};

/** What one coalition's matching run produced, in plain numbers. */
export interface CoalitionOutcome {
  km: number;
  /** Vehicle routes used (one per vehicle shift). */
  vehicles: number;
  /** Door-to-door km of each request left unserved (each is priced as a taxi fare). */
  unservedKm: readonly number[];
}

/** Yen of a coalition's outcome under a cost model. */
export function outcomeCost(outcome: CoalitionOutcome, model: ServiceCostModel = {}): number {
  const m = { ...DEFAULT_SERVICE_COST_MODEL, ...model };
  return (
    outcome.km * m.yenPerKm +
    outcome.vehicles * m.yenPerVehicle +
    outcome.unservedKm.reduce((s, km) => s + m.taxiBaseYen + m.taxiYenPerKm * km, 0)
  );
}

/** One party's result. */
export interface ServiceShare {
  party: string;
  /** Requests attributed to the party. */
  requests: number;
  usagePct: number;
  /** Yen a year by usage share. */
  usageShare: number;
  /** Yen a year by Shapley value. */
  shapleyShare: number;
  /** Yen a year the party would bear running alone (v({party}) on the same scale). */
  standAlone: number;
  /** standAlone − shapleyShare (negative = the party pays more than alone). */
  savingVsAlone: number;
  /**
   * Sampled Shapley only: the standard error of `shapleyShare`, yen a year on
   * the same scale (±1.96 × it ≈ the 95 % range). Null when exact.
   */
  shapleyStandardError: number | null;
}

/**
 * Splits a shared service's yearly cost two ways:
 * (a) by usage — in proportion to the requests attributed to each party;
 * (b) by the Shapley value of the cost game v(S) = `coalitionCost(S)` (what S
 *     would pay to serve its own requests with its own vehicles over the
 *     period), exact up to 10 parties, sampled beyond (see `shapleyAllocation`).
 * Both are scaled to `yearlyCost`: the period's simulated costs only give the
 * proportions (share_i = yearlyCost × φᵢ / v(all)), and each party's
 * stand-alone cost is scaled by the same factor, so "saving vs alone" compares
 * like with like. Whole yen, adding up to `yearlyCost` exactly.
 */
export function shareServiceCost(input: {
  yearlyCost: number;
  parties: readonly string[];
  requests: Readonly<Record<string, number>>;
  coalitionCost: CoalitionCost;
  /** Exact up to 10 parties by default, sampled above (see `shapleyAllocation`). */
  shapley?: ShapleyOptions;
}):
  | {
      status: "ok";
      periodCost: number;
      coalitions: number;
      method: "exact" | "sampled";
      /** Orderings sampled; null when exact. */
      samples: number | null;
      shares: ServiceShare[];
    }
  | { status: "invalid"; errors: CostSharingIssue[] } {
  const { yearlyCost, parties } = input;
  if (typeof yearlyCost !== "number" || !Number.isFinite(yearlyCost) || yearlyCost < 0) {
    return {
      status: "invalid",
      errors: [{ field: "yearlyCost", message: "must be a finite number of yen ≥ 0" }],
    };
  }
  const usage = allocateByUsage(
    yearlyCost,
    Object.fromEntries(parties.map((p) => [p, input.requests[p] ?? 0])),
  );
  if (usage.status === "invalid") {
    return {
      status: "invalid",
      errors: usage.errors.map((e) =>
        e.field === "usage"
          ? { field: "from", message: "no request of the period is attributed to a party" }
          : e,
      ),
    };
  }
  const shapley = shapleyAllocation(parties, input.coalitionCost, input.shapley);
  if (shapley.status === "invalid") return shapley;
  const grand = shapley.shares.reduce((s, x) => s + x.shapley, 0);
  if (!(grand > 0)) {
    return {
      status: "invalid",
      errors: [{ field: "from", message: "serving the period's requests costs nothing" }],
    };
  }
  const total = roundHalfUp(yearlyCost, 0);
  const scale = total / grand;
  const yen = largestRemainder(
    shapley.shares.map((s) => s.shapley * scale),
    total,
  );
  return {
    status: "ok",
    periodCost: shapley.grandCoalitionCost,
    coalitions: shapley.coalitionEvaluations,
    method: shapley.method,
    samples: shapley.samples,
    shares: parties.map((party, i) => {
      const s = shapley.shares[i];
      const u = usage.shares[i];
      // Stand-alone on the yearly scale (v({party}) was computed once, by the Shapley run).
      const standAlone = roundHalfUp((s?.standAlone ?? 0) * scale, 0);
      const share = yen[i] as number;
      return {
        party,
        requests: input.requests[party] ?? 0,
        usagePct: u?.usagePct ?? 0,
        usageShare: u?.cost ?? 0,
        shapleyShare: share,
        standAlone,
        savingVsAlone: standAlone - share,
        shapleyStandardError:
          s?.standardError === null || s?.standardError === undefined
            ? null
            : roundHalfUp(s.standardError * scale, 0),
      };
    }),
  };
}
