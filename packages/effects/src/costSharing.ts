import { roundHalfUp } from "./rounding";

/** An invalid cost-sharing input, with the name of the failing field. */
export interface CostSharingIssue {
  field: string;
  message: string;
}

/**
 * Rounds amounts to whole yen so that they add up exactly to `total`
 * (largest-remainder / Hamilton method): floor everything, then give the
 * missing yen one by one to the largest fractional parts (ties: earlier
 * party first, remainders within 1e-9 counting as equal). A plain per-party round can leave the sum a yen or two off,
 * which an invoice cannot.
 */
export function largestRemainder(amounts: readonly number[], total: number): number[] {
  const floors = amounts.map((a) => Math.floor(a));
  let missing = total - floors.reduce((s, f) => s + f, 0);
  const order = amounts
    .map((a, i) => ({ i, frac: a - Math.floor(a) }))
    // Remainders equal up to float noise (1/3 computed two ways) count as ties, so the odd yen goes by order.
    .sort((x, y) => (Math.abs(y.frac - x.frac) > 1e-9 ? y.frac - x.frac : x.i - y.i))
    .map((x) => x.i);
  // `missing` is within ±(number of parties) when `amounts` sums to about `total`;
  // the loop also handles a larger gap by cycling.
  for (let k = 0; missing !== 0 && order.length > 0; k++) {
    if (missing > 0) {
      const i = order[k % order.length] as number;
      floors[i] = (floors[i] as number) + 1;
      missing--;
    } else {
      const i = order[order.length - 1 - (k % order.length)] as number;
      floors[i] = (floors[i] as number) - 1;
      missing++;
    }
  }
  return floors;
}

/** One party's share when a cost is split in proportion to use. */
export interface UsageShare {
  party: string;
  usage: number;
  /** usage ÷ total usage, in % (unrounded). */
  usagePct: number;
  /** Whole yen; the shares add up exactly to the total cost. */
  cost: number;
}

/**
 * Splits a yearly cost in proportion to each party's use (trips, parcels,
 * vehicle-km — any one non-negative measure), in whole yen summing exactly to
 * `totalCost` (rounded to whole yen first).
 */
export function allocateByUsage(
  totalCost: number,
  usage: Readonly<Record<string, number>>,
):
  | { status: "ok"; shares: UsageShare[]; totalCost: number }
  | { status: "invalid"; errors: CostSharingIssue[] } {
  const errors: CostSharingIssue[] = [];
  if (typeof totalCost !== "number" || !Number.isFinite(totalCost) || totalCost < 0) {
    errors.push({ field: "totalCost", message: "must be a finite number of yen ≥ 0" });
  }
  const entries = Object.entries(usage ?? {});
  if (entries.length === 0) errors.push({ field: "usage", message: "must list at least one party" });
  for (const [party, amount] of entries) {
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0) {
      errors.push({ field: `usage.${party}`, message: "must be a finite number ≥ 0" });
    }
  }
  const totalUsage = entries.reduce((s, [, a]) => s + (Number.isFinite(a) && a > 0 ? a : 0), 0);
  if (errors.length === 0 && totalUsage === 0) {
    errors.push({ field: "usage", message: "at least one party must have usage > 0 to split by use" });
  }
  if (errors.length > 0) return { status: "invalid", errors };

  const total = roundHalfUp(totalCost, 0);
  const costs = largestRemainder(
    entries.map(([, a]) => (total * a) / totalUsage),
    total,
  );
  return {
    status: "ok",
    totalCost: total,
    shares: entries.map(([party, amount], i) => ({
      party,
      usage: amount,
      usagePct: (amount / totalUsage) * 100,
      cost: costs[i] as number,
    })),
  };
}

/** Options of `shapleyAllocation`. */
export interface ShapleyOptions {
  /**
   * Compute the exact Shapley value (every one of the 2ⁿ coalitions) up to this
   * many parties; sample above it. Default 10 (1,024 coalitions). At most 20.
   */
  exactUpTo?: number;
  /** Random orderings of the parties when sampling. Default 2,000; at least 2. */
  samples?: number;
  /** Seed of the sampling, so a report can be reproduced. Default 1. */
  seed?: number;
}

/** One party's Shapley share of a shared service's cost. */
export interface ShapleyShare {
  party: string;
  /** Whole yen; the shares add up exactly to the grand-coalition cost. */
  share: number;
  /** The Shapley value before rounding to yen (an estimate when sampled). */
  shapley: number;
  /** What the party would pay running the service alone, v({party}), whole yen. */
  standAlone: number;
  /** standAlone − share: what joining saves this party (negative = it pays more than alone). */
  savingVsAlone: number;
  /**
   * Sampling only: standard error of `shapley` (sample standard deviation of
   * the party's marginal costs over the sampled orderings ÷ √samples); the
   * true value lies within ±1.96·SE with about 95 % confidence. Null when exact.
   */
  standardError: number | null;
}

export interface ShapleyResult {
  status: "ok";
  method: "exact" | "sampled";
  /** Orderings sampled; null when exact. */
  samples: number | null;
  /** v(all parties), whole yen — what the shares add up to. */
  grandCoalitionCost: number;
  /** Distinct coalitions whose cost was asked for (each costs one matching run). */
  coalitionEvaluations: number;
  shares: ShapleyShare[];
}

/** A cost function over coalitions; `coalition` lists parties in the order given to the allocator. */
export type CoalitionCost = (coalition: readonly string[]) => number;

/**
 * Splits the cost of a shared service by the Shapley value of the cost game
 * v(S) = what coalition S would pay running the service alone: each party
 * pays its average marginal cost over all orders of joining. Exact up to
 * `exactUpTo` parties; above, estimated from `samples` random orderings
 * (Castro et al. 2009) with a standard error per party. Each coalition's cost
 * is asked for once (cached), v(∅) = 0 without asking. In both cases the
 * shares add up to v(all) exactly, in whole yen.
 */
export function shapleyAllocation(
  parties: readonly string[],
  coalitionCost: CoalitionCost,
  options: ShapleyOptions = {},
): ShapleyResult | { status: "invalid"; errors: CostSharingIssue[] } {
  const exactUpTo = options.exactUpTo ?? 10;
  const samples = options.samples ?? 2000;
  const seed = options.seed ?? 1;
  const errors = validateParties(parties);
  if (!Number.isInteger(exactUpTo) || exactUpTo < 0 || exactUpTo > 20) {
    errors.push({ field: "exactUpTo", message: "must be a whole number from 0 to 20 (2²⁰ coalitions)" });
  }
  if (!Number.isInteger(samples) || samples < 2)
    errors.push({ field: "samples", message: "must be a whole number ≥ 2" });
  if (!Number.isInteger(seed)) errors.push({ field: "seed", message: "must be a whole number" });
  if (errors.length > 0) return { status: "invalid", errors };

  const n = parties.length;
  const cache = new Map<bigint, number>();
  let badCost: CostSharingIssue | null = null;
  const cost = (mask: bigint): number => {
    if (mask === 0n) return 0;
    const cached = cache.get(mask);
    if (cached !== undefined) return cached;
    const members = parties.filter((_, i) => (mask >> BigInt(i)) & 1n);
    const value = coalitionCost(members);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      badCost ??= {
        field: "coalitionCost",
        message: `returned ${String(value)} for [${members.join(", ")}]`,
      };
      cache.set(mask, 0);
      return 0;
    }
    cache.set(mask, value);
    return value;
  };
  const bit = (i: number) => 1n << BigInt(i);
  const all = (1n << BigInt(n)) - 1n;

  let shapley: number[];
  let standardErrors: number[] | null = null;
  if (n <= exactUpTo) {
    shapley = exactShapley(n, cost, bit);
  } else {
    const sampled = sampledShapley(n, samples, seed, cost, bit);
    shapley = sampled.mean;
    standardErrors = sampled.standardError;
  }
  const grand = cost(all);
  const standAlone = parties.map((_, i) => cost(bit(i)));
  if (badCost) return { status: "invalid", errors: [badCost] };

  const grandCoalitionCost = roundHalfUp(grand, 0);
  const yen = largestRemainder(shapley, grandCoalitionCost);
  return {
    status: "ok",
    method: standardErrors ? "sampled" : "exact",
    samples: standardErrors ? samples : null,
    grandCoalitionCost,
    coalitionEvaluations: cache.size,
    shares: parties.map((party, i) => {
      const alone = roundHalfUp(standAlone[i] as number, 0);
      const share = yen[i] as number;
      return {
        party,
        share,
        shapley: shapley[i] as number,
        standAlone: alone,
        savingVsAlone: alone - share,
        standardError: standardErrors ? (standardErrors[i] as number) : null,
      };
    }),
  };
}

function validateParties(parties: readonly string[]): CostSharingIssue[] {
  const errors: CostSharingIssue[] = [];
  if (!Array.isArray(parties) || parties.length === 0) {
    return [{ field: "parties", message: "must list at least one party" }];
  }
  const seen = new Set<string>();
  parties.forEach((p, i) => {
    if (typeof p !== "string" || p.trim() === "")
      errors.push({ field: `parties.${i}`, message: "must be a name" });
    else if (seen.has(p)) errors.push({ field: `parties.${i}`, message: `"${p}" is listed twice` });
    seen.add(p);
  });
  return errors;
}

/** φᵢ = Σ over S ∌ i of |S|!(n−|S|−1)!/n! · (v(S∪{i}) − v(S)). */
function exactShapley(n: number, cost: (mask: bigint) => number, bit: (i: number) => bigint): number[] {
  // weight[s] = s!(n−s−1)!/n!, built by ratios to stay in range for n ≤ 20.
  const weight: number[] = [1 / n];
  for (let s = 1; s < n; s++) weight.push(((weight[s - 1] as number) * s) / (n - s));
  const phi = new Array<number>(n).fill(0);
  const size = 1 << n;
  for (let m = 0; m < size; m++) {
    const mask = BigInt(m);
    const members = popcount(m);
    const base = cost(mask);
    for (let i = 0; i < n; i++) {
      if (m & (1 << i)) continue;
      phi[i] = (phi[i] as number) + (weight[members] as number) * (cost(mask | bit(i)) - base);
    }
  }
  return phi;
}

function sampledShapley(
  n: number,
  samples: number,
  seed: number,
  cost: (mask: bigint) => number,
  bit: (i: number) => bigint,
): { mean: number[]; standardError: number[] } {
  const random = mulberry32(seed);
  const sum = new Array<number>(n).fill(0);
  const sumSq = new Array<number>(n).fill(0);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let s = 0; s < samples; s++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let mask = 0n;
    let previous = 0;
    for (const i of order) {
      mask |= bit(i);
      const next = cost(mask);
      const marginal = next - previous;
      sum[i] = (sum[i] as number) + marginal;
      sumSq[i] = (sumSq[i] as number) + marginal * marginal;
      previous = next;
    }
  }
  const mean = sum.map((x) => x / samples);
  const standardError = mean.map((m, i) => {
    const variance = Math.max(0, ((sumSq[i] as number) - samples * m * m) / (samples - 1));
    return Math.sqrt(variance / samples);
  });
  return { mean, standardError };
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
}

/** Small, fast, seedable PRNG (mulberry32); reproducibility matters here, not cryptographic strength. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parties whose share exceeds what they would pay alone (individual rationality fails for them). */
export function paysNoMoreThanAlone(
  shares: readonly Pick<ShapleyShare, "party" | "share" | "standAlone">[],
): {
  ok: boolean;
  paysMore: string[];
} {
  const paysMore = shares.filter((s) => s.share > s.standAlone).map((s) => s.party);
  return { ok: paysMore.length === 0, paysMore };
}

/** A coalition that would pay less on its own than its members' allocated shares. */
export interface CoreViolation {
  coalition: string[];
  pays: number;
  alone: number;
}

/**
 * Whether an allocation is in the core of the cost game: it adds up to
 * v(all) and no coalition S pays more than v(S), so no group gains by leaving.
 * Checks all 2ⁿ coalitions, so only up to `maxParties` (default 16).
 * `tolerance` (default 1 yen per member) absorbs the rounding to whole yen.
 */
export function isInCore(
  allocation: Readonly<Record<string, number>>,
  coalitionCost: CoalitionCost,
  options: { maxParties?: number; tolerancePerMember?: number } = {},
):
  | { status: "checked"; inCore: boolean; budgetGap: number; violations: CoreViolation[] }
  | { status: "too-many-parties"; parties: number; maxParties: number } {
  const maxParties = options.maxParties ?? 16;
  const tolerance = options.tolerancePerMember ?? 1;
  const parties = Object.keys(allocation);
  if (parties.length > maxParties) return { status: "too-many-parties", parties: parties.length, maxParties };
  const n = parties.length;
  const violations: CoreViolation[] = [];
  let budgetGap = 0;
  for (let m = 1; m < 1 << n; m++) {
    const members = parties.filter((_, i) => m & (1 << i));
    const pays = members.reduce((s, p) => s + (allocation[p] as number), 0);
    const alone = coalitionCost(members);
    if (m === (1 << n) - 1) budgetGap = pays - alone;
    if (pays > alone + tolerance * members.length) violations.push({ coalition: members, pays, alone });
  }
  const balanced = Math.abs(budgetGap) <= tolerance * n;
  return { status: "checked", inCore: balanced && violations.length === 0, budgetGap, violations };
}
