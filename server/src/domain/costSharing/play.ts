/**
 * The long, pure part of cost sharing, run in a worker thread (thread.ts):
 * v(S) for every coalition the Shapley value needs, then both allocations.
 *
 * v(S) needs one matching per coalition and day — 63 coalitions × 7 days =
 * 441 solves for six parties over a week — while the user waits. The
 * regional planner (`solveRegional`) takes seconds for one demo day, so each
 * day's road part becomes one core PDPTW/DARP problem by the planner's own
 * conversion (`roadCoreProblem`: each request one door-to-door
 * pickup–delivery pair; bus trips and drones unused), with straight-line
 * travel (30 km/h, circuity 1.3) and the cost model as the vehicles' costs;
 * a coalition's matching keeps its own vehicles and requests of it and runs
 * the core `solve` with a fixed iteration budget and seed, so v(S) is
 * reproducible (timings in docs/benchmarks.md). The response's `engine` and
 * `rules` say so.
 */
import { type CostSharingResponse, EXACT_SHAPLEY_PARTIES } from "@tsunagu/contract";
import {
  type CoalitionOutcome,
  outcomeCost,
  type ServiceCostModel,
  shareServiceCost,
} from "@tsunagu/effects";
import { type Problem, roadCoreProblem, StraightLineProvider, solve } from "@tsunagu/matching";
import type { FieldProblem } from "../errors";
import type { CostSharingGame, GameDay } from "./game";

export const COST_SHARING_ENGINE = "core solve (PDPTW/DARP), straight-line travel, 150 iterations, seed 1";
const MAX_ITERATIONS = 150;

/** The allocations, or why there is nothing to share (e.g. serving the period costs nothing). */
export type CostSharingPlay =
  | { status: "done"; result: CostSharingResponse }
  | { status: "invalid"; errors: FieldProblem[] };

/** A day of the game as one core problem: every vehicle and request of every party. */
interface CoreDay {
  day: GameDay;
  problem: Problem;
}

/** The day's road part through the planner's conversion, every vehicle costed by the model. */
function coreDay(day: GameDay, model: Required<ServiceCostModel>): CoreDay {
  const vehicles = day.problem.vehicles.map(({ costPerHour: _perHour, ...v }) => ({
    ...v,
    costPerKm: model.yenPerKm,
    fixedCost: model.yenPerVehicle,
  }));
  const converted = roadCoreProblem({ ...day.problem, vehicles }, { provider: new StraightLineProvider() });
  if (converted.status === "invalid") {
    // The rows passed the registry's validation; an engine refusal here is a bug, not bad input.
    throw new Error(
      `cost-sharing problem refused: ${converted.issues[0]?.path} ${converted.issues[0]?.message}`,
    );
  }
  return { day, problem: converted.problem };
}

/**
 * One day's matching for the requests and vehicles of `members`: the day's
 * core problem cut down to them (the travel tables hold every point of the day).
 */
function solveDay({ day, problem }: CoreDay, members: ReadonlySet<string>): CoalitionOutcome {
  const requests = problem.requests.filter((q) => members.has(day.requestParty.get(q.id) ?? ""));
  const vehicles = problem.vehicles.filter((v) => members.has(day.vehicleParty.get(v.id) ?? ""));
  const km = (id: string) => day.directKm.get(id) ?? 0;
  if (requests.length === 0) return { km: 0, vehicles: 0, unservedKm: [] };
  if (vehicles.length === 0) return { km: 0, vehicles: 0, unservedKm: requests.map((q) => km(q.id)) };
  const result = solve(
    { ...problem, vehicles, requests },
    { objective: "cost", seed: 1, maxIterations: MAX_ITERATIONS, timeLimitMs: 60_000 },
  );
  if (result.status === "invalid") {
    throw new Error(`cost-sharing problem refused: ${result.issues[0]?.path} ${result.issues[0]?.message}`);
  }
  const unserved = new Set(result.unassigned.map((u) => u.requestId));
  return {
    km: result.routes.reduce((s, route) => s + route.distanceMeters / 1000, 0),
    vehicles: result.routes.filter((route) => route.stops.length > 2).length,
    unservedKm: requests.filter((q) => unserved.has(q.id)).map((q) => km(q.id)),
  };
}

/**
 * v_day(S) = min(the matching plan's cost, every request by taxi). The engine
 * serves as many requests as it can before it looks at cost, so on its own it
 * would run a 4,000-yen van where two taxi fares are cheaper, and a party
 * bringing a vehicle could then raise a coalition's cost; no coalition would
 * pay for that, so the cheaper of the two is what it bears.
 */
function dayCost(core: CoreDay, members: ReadonlySet<string>, model: Required<ServiceCostModel>): number {
  const { day } = core;
  const mine = day.problem.requests.filter((q) => members.has(day.requestParty.get(q.id) ?? ""));
  const byTaxi = outcomeCost(
    { km: 0, vehicles: 0, unservedKm: mine.map((q) => day.directKm.get(q.id) ?? 0) },
    model,
  );
  return Math.min(byTaxi, outcomeCost(solveDay(core, members), model));
}

/**
 * The computation itself: v(S) for every coalition the Shapley value needs,
 * then both allocations. `onProgress` gets coalition-day matchings done and
 * the planned total.
 */
export function playCostSharing(
  game: CostSharingGame,
  onProgress: (done: number, total: number) => void = () => {},
): CostSharingPlay {
  const { body, model } = game;
  const parties = body.parties.map((p) => p.id);
  // Days without requests cost nothing and run no matching.
  const days = game.days.filter((day) => day.problem.requests.length > 0).map((day) => coreDay(day, model));
  let solves = 0;
  const result = shareServiceCost({
    yearlyCost: body.yearlyCost,
    parties,
    requests: game.requests,
    coalitionCost: (members) => {
      const set = new Set(members);
      return days.reduce((sum, day) => {
        const cost = dayCost(day, set, model);
        onProgress(++solves, game.plannedSolves);
        return sum + cost;
      }, 0);
    },
    shapley: {
      exactUpTo: EXACT_SHAPLEY_PARTIES,
      ...(game.samples !== null ? { samples: game.samples } : {}),
      seed: 1,
    },
  });
  if (result.status === "invalid") {
    return {
      status: "invalid",
      errors: result.errors.map((e) => ({ path: `body.${e.field}`, message: e.message })),
    };
  }
  const response: CostSharingResponse = {
    from: body.from,
    to: body.to,
    days: game.days.length,
    yearlyCost: body.yearlyCost,
    costModel: model,
    engine: COST_SHARING_ENGINE,
    method: result.method,
    samples: result.samples,
    coalitions: result.coalitions,
    periodCost: result.periodCost,
    unattributedRequests: game.unattributed,
    parties: body.parties.map((p, i) => {
      const s = result.shares[i];
      return {
        id: p.id,
        name: p.name,
        requests: s?.requests ?? 0,
        vehicles: game.vehiclesOf.get(p.id) ?? 0,
        usagePct: s?.usagePct ?? 0,
        usageShare: s?.usageShare ?? 0,
        shapleyShare: s?.shapleyShare ?? 0,
        standAlone: s?.standAlone ?? 0,
        savingVsAlone: s?.savingVsAlone ?? 0,
        shapleyStandardError: s?.shapleyStandardError ?? null,
      };
    }),
    rules: [
      "Attribution: a parcel to the party of the organisation of its pick-up place (else of its drop-off place); rides, and parcels between places of no organisation, to the residents party, which also brings the vehicles of no organisation; parcels of organisations no party lists are left out.",
      `v(S): serving S's requests of the period with S's vehicles only, day by day — ${model.yenPerKm} yen/km + ${model.yenPerVehicle} yen per vehicle shift used + a taxi fare (${model.taxiBaseYen} yen + ${model.taxiYenPerKm} yen/km) per request left unserved, or all by taxi when that is cheaper; ${COST_SHARING_ENGINE}.`,
      result.method === "exact"
        ? `Shapley value exact over all ${result.coalitions} coalitions (up to ${EXACT_SHAPLEY_PARTIES} parties); usage share by requests attributed. Both scaled to the yearly cost: share = yearly cost × φ / v(all); stand-alone = v({party}) on the same scale.`
        : `Shapley value estimated from ${result.samples} random orderings of the ${parties.length} parties (seed 1, reproducible; ${result.coalitions} coalitions computed); each share's standard error is given (±1.96 × it ≈ the 95 % range). Usage share by requests attributed. Both scaled to the yearly cost.`,
    ],
  };
  return { status: "done", result: response };
}
