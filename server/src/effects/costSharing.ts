import { type CostSharingRequest, type CostSharingResponse, EXACT_SHAPLEY_PARTIES } from "@tsunagu/contract";
import { type Db, listResidents, schema } from "@tsunagu/db";
import {
  type CoalitionOutcome,
  DEFAULT_SERVICE_COST_MODEL,
  outcomeCost,
  type ServiceCostModel,
  shareServiceCost,
} from "@tsunagu/effects";
import type { RegionalProblem, RegionalRequest } from "@tsunagu/matching";
import {
  type GeoPoint,
  haversineMeters,
  type Problem,
  StraightLineProvider,
  solve,
  type TransportRequest,
  type Vehicle,
} from "@tsunagu/matching";
import { and, eq, gte, lte, ne, notInArray } from "drizzle-orm";
import { problemFromDb, regionalRequestOf } from "../domain/plans/engineConvert";

/**
 * Cost sharing by re-running the matching per coalition (issue 7, item 4).
 *
 * Attribution (documented in the API): a parcel belongs to the party listing
 * the organisation of its pick-up place, else of its drop-off place; a parcel
 * between places of no organisation (homes) and every ride to the `residents`
 * party; a parcel of organisations no party lists is left out (counted). A
 * vehicle belongs to the party listing its organisation; a vehicle of no
 * organisation to the `residents` party; a vehicle of an organisation no party
 * lists takes no part.
 *
 * Problem: each day's RegionalProblem comes from the match runs' own
 * `problemFromDb` (road vehicles available that day, with their depots; trips,
 * drone routes, hubs), its requests replaced by all of the day's requests but
 * cancelled ones (`problemFromDb` takes only those still to be planned; a past
 * period's are done). A coalition's problem keeps its own vehicles and requests.
 *
 * Engine: v(S) needs one matching per coalition and day — 63 coalitions × 7
 * days = 441 solves for six parties over a week — while the user waits. The
 * regional planner (`solveRegional`) takes seconds for one demo day, so
 * `solveDay` solves the road part with the core PDPTW/DARP `solve`
 * (straight-line travel, 30 km/h, circuity 1.3; each request one
 * pickup–delivery pair; bus trips and drones unused), with the cost model as
 * its objective and a fixed iteration budget and seed so v(S) is reproducible
 * (5.8 s for six parties over a demo week). The response's `engine` and
 * `rules` say so. `prepareCostSharing` reads the database and checks the
 * budget; `playCostSharing` is the long pure part, run in a worker thread
 * (costSharingThread.ts) so the API keeps answering.
 */

export const COST_SHARING_ENGINE = "core solve (PDPTW/DARP), straight-line travel, 150 iterations, seed 1";
const MAX_ITERATIONS = 150;
const RIDE_SERVICE_S = 120;
const PARCEL_SERVICE_S = 60;
const SPEED_MPS = (30 * 1000) / 3600;
const CIRCUITY = 1.3;

export class CostSharingInputError extends Error {
  constructor(readonly errors: { path: string; message: string; code?: string }[]) {
    super("invalid cost-sharing input");
  }
}

/** One day's game: the regional problem and who owns each vehicle and request. */
export interface GameDay {
  date: string;
  problem: RegionalProblem;
  vehicleParty: ReadonlyMap<string, string>;
  requestParty: ReadonlyMap<string, string>;
  /** Door-to-door km of each request (for the taxi fare). */
  directKm: ReadonlyMap<string, number>;
}

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** Validates the body against the municipality's organisations and the period rules. */
function checkInput(body: CostSharingRequest, organisationIds: Set<string>) {
  const errors: { path: string; message: string; code: string }[] = [];
  const days = datesBetween(body.from, body.to).length;
  if (body.to < body.from)
    errors.push({ path: "body.to", message: "must not be before from", code: "period_reversed" });
  else if (days > 31)
    errors.push({ path: "body.to", message: "the period may span at most 31 days", code: "period_too_long" });
  const ids = new Set<string>();
  const owner = new Map<string, number>();
  body.parties.forEach((party, i) => {
    if (ids.has(party.id))
      errors.push({
        path: `body.parties.${i}.id`,
        message: `"${party.id}" is listed twice`,
        code: "duplicate_party",
      });
    ids.add(party.id);
    party.organisationIds.forEach((org, k) => {
      const path = `body.parties.${i}.organisationIds.${k}`;
      if (!organisationIds.has(org))
        errors.push({
          path,
          message: `no organisation ${org} in this municipality`,
          code: "unknown_organisation",
        });
      else if (owner.has(org))
        errors.push({
          path,
          message: `${org} already belongs to party ${owner.get(org)}`,
          code: "organisation_taken",
        });
      else owner.set(org, i);
    });
  });
  const residents = body.parties.filter((p) => p.residents === true).length;
  if (residents !== 1) {
    errors.push({
      path: "body.parties",
      message: `exactly one party must have residents: true (it pays for residents' rides); found ${residents}`,
      code: "residents_party",
    });
  }
  if (errors.length > 0) throw new CostSharingInputError(errors);
}

/** Loads the period's requests and the municipality's road vehicles, attributed to parties, day by day. */
async function loadGame(db: Db, code: string, body: CostSharingRequest) {
  const orgs = await db
    .select({ id: schema.organisations.id })
    .from(schema.organisations)
    .where(eq(schema.organisations.municipalityCode, code));
  checkInput(body, new Set(orgs.map((o) => o.id)));
  const partyOfOrg = new Map<string, string>();
  for (const p of body.parties) for (const org of p.organisationIds) partyOfOrg.set(org, p.id);
  const residentsParty = body.parties.find((p) => p.residents)?.id as string;

  const places = await db
    .select({ id: schema.places.id, organisationId: schema.places.organisationId })
    .from(schema.places)
    .where(eq(schema.places.municipalityCode, code));
  const orgOfPlace = new Map(places.map((p) => [p.id, p.organisationId]));
  const r = schema.requests;
  const requests = await db
    .select()
    .from(r)
    .where(
      and(
        eq(r.municipalityCode, code),
        gte(r.date, body.from),
        lte(r.date, body.to),
        ne(r.status, "cancelled"),
      ),
    );
  const vehicleRows = await db
    .select({ id: schema.vehicles.id, organisationId: schema.vehicles.organisationId })
    .from(schema.vehicles)
    .where(
      and(
        eq(schema.vehicles.municipalityCode, code),
        // The vehicles a plan may send anywhere (problemFromDb's road vehicles): route buses keep
        // to their timetables and drones fly routes, so neither is a party's vehicle in the game.
        notInArray(schema.vehicles.kind, ["drone", "route_bus"]),
      ),
    );
  const partyOfVehicle = new Map<string, string>();
  for (const row of vehicleRows) {
    const party = row.organisationId ? partyOfOrg.get(row.organisationId) : residentsParty;
    if (party) partyOfVehicle.set(row.id, party);
  }

  /** A parcel's party: by its pick-up place's organisation, else its drop-off's; none listed → left out. */
  const parcelParty = (pickupPlaceId: string | null, dropoffPlaceId: string | null) => {
    const orgsOf = [pickupPlaceId, dropoffPlaceId]
      .map((id) => (id ? (orgOfPlace.get(id) ?? null) : null))
      .filter((o): o is string => o !== null);
    for (const org of orgsOf) {
      const party = partyOfOrg.get(org);
      if (party) return party;
    }
    // From or to an organisation outside the scheme: nobody in the game sends it.
    return orgsOf.length > 0 ? undefined : residentsParty;
  };

  const residentById = new Map((await listResidents(db, code)).map((row) => [row.id, row]));
  let unattributed = 0;
  const days: GameDay[] = [];
  for (const date of datesBetween(body.from, body.to)) {
    const { problem } = await problemFromDb(db, code, date);
    const requestParty = new Map<string, string>();
    const directKm = new Map<string, number>();
    const dayRequests: RegionalRequest[] = [];
    for (const q of requests.filter((x) => x.date === date).sort((a, b) => a.id.localeCompare(b.id))) {
      const party = q.kind === "parcel" ? parcelParty(q.pickupPlaceId, q.dropoffPlaceId) : residentsParty;
      if (!party) {
        unattributed++;
        continue;
      }
      dayRequests.push(regionalRequestOf(q, q.residentId ? residentById.get(q.residentId) : undefined));
      requestParty.set(q.id, party);
      const pickup = { lat: q.pickupLat, lon: q.pickupLon };
      const dropoff = { lat: q.dropoffLat, lon: q.dropoffLon };
      directKm.set(q.id, (haversineMeters(pickup, dropoff) / 1000) * CIRCUITY);
    }
    const vehicleParty = new Map<string, string>();
    for (const v of problem.vehicles) {
      const party = partyOfVehicle.get(v.id);
      if (party) vehicleParty.set(v.id, party);
    }
    days.push({ date, problem: { ...problem, requests: dayRequests }, vehicleParty, requestParty, directKm });
  }
  const vehiclesOf = new Map<string, number>();
  for (const party of partyOfVehicle.values()) vehiclesOf.set(party, (vehiclesOf.get(party) ?? 0) + 1);
  return { days, unattributed, vehiclesOf };
}

/**
 * One day's matching for the requests and vehicles of `members`: the road part
 * of the regional problem through the core solver (see the module comment).
 */
function solveDay(
  day: GameDay,
  members: ReadonlySet<string>,
  model: Required<ServiceCostModel>,
): CoalitionOutcome {
  const requests = day.problem.requests.filter((q) => members.has(day.requestParty.get(q.id) ?? ""));
  const vehicles = day.problem.vehicles.filter((v) => members.has(day.vehicleParty.get(v.id) ?? ""));
  const km = (id: string) => day.directKm.get(id) ?? 0;
  if (requests.length === 0) return { km: 0, vehicles: 0, unservedKm: [] };
  if (vehicles.length === 0) return { km: 0, vehicles: 0, unservedKm: requests.map((q) => km(q.id)) };
  const points: GeoPoint[] = [];
  const at = (p: GeoPoint) => points.push(p) - 1;
  const skillsOf = (features: readonly string[]) => [
    ...(features.includes("lift") || features.includes("ramp") ? ["wheelchair"] : []),
    ...(features.includes("cold_box") ? ["cold"] : []),
  ];
  const coreVehicles: Vehicle[] = vehicles.map((v) => ({
    id: v.id,
    startLocation: at(v.start),
    ...(v.end ? { endLocation: at(v.end) } : {}),
    availability: v.availability,
    capacity: [v.capacity.seats, v.capacity.wheelchairs, v.capacity.cargoKg, v.capacity.cargoLitres],
    skills: skillsOf(v.features),
    costPerKm: model.yenPerKm,
    fixedCost: model.yenPerVehicle,
  }));
  const coreRequests: TransportRequest[] = requests.map((q) => {
    const ride = q.kind === "ride";
    const service = ride ? RIDE_SERVICE_S : PARCEL_SERVICE_S;
    const window = { start: q.earliest, end: Math.max(q.earliest, q.latest) };
    const directS = (km(q.id) * 1000) / SPEED_MPS;
    // A wheelchair user takes a wheelchair place, not a seat; an escort takes a seat.
    const seats = ride ? Math.max(0, (q.passengers ?? 1) - (q.wheelchair ? 1 : 0)) + (q.escort ? 1 : 0) : 0;
    return {
      id: q.id,
      pickup: { location: at(q.pickup), timeWindow: window, serviceSeconds: service },
      delivery: { location: at(q.dropoff), timeWindow: window, serviceSeconds: service },
      load: ride ? [seats, q.wheelchair ? 1 : 0, 0, 0] : [0, 0, q.weightKg ?? 0, q.sizeLitres ?? 0],
      requiredSkills: [...(q.wheelchair ? ["wheelchair"] : []), ...(q.cold ? ["cold"] : [])],
      ...(q.priority !== undefined ? { priority: q.priority } : {}),
      // The regional engine's default ride limit: max(30 min, 2 × direct + 10 min).
      ...(ride ? { maxRideSeconds: Math.max(1800, 2 * directS + 600) } : {}),
    };
  });
  const problem: Problem = {
    vehicles: coreVehicles,
    requests: coreRequests,
    travel: { default: new StraightLineProvider().table(points, "default") },
  };
  const result = solve(problem, {
    objective: "cost",
    seed: 1,
    maxIterations: MAX_ITERATIONS,
    timeLimitMs: 60_000,
  });
  if (result.status === "invalid") {
    // The rows passed the registry's validation; an engine refusal here is a bug, not bad input.
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
function dayCost(day: GameDay, members: ReadonlySet<string>, model: Required<ServiceCostModel>): number {
  const mine = day.problem.requests.filter((q) => members.has(day.requestParty.get(q.id) ?? ""));
  const byTaxi = outcomeCost(
    { km: 0, vehicles: 0, unservedKm: mine.map((q) => day.directKm.get(q.id) ?? 0) },
    model,
  );
  return Math.min(byTaxi, outcomeCost(solveDay(day, members, model), model));
}

/**
 * At most this many coalition-day matchings per request. On the demo town one
 * takes 13–24 ms (larger coalitions take longer): ten parties over seven days
 * with requests, 1,023 × 7 = 7,161 matchings, took 175 s (docs/benchmarks.md).
 * A longer period or more parties must be narrowed, or is sampled with fewer
 * orderings.
 */
export const MAX_DAY_SOLVES = 8000;
/** Orderings sampled above ten parties, when the budget allows. */
const DEFAULT_SAMPLES = 200;
/** Fewer orderings than this would make the estimate too rough to print: narrow the period instead. */
const MIN_SAMPLES = 30;

/** Everything the computation needs, read from the database; plain data (it is sent to a worker thread). */
export interface CostSharingGame {
  body: CostSharingRequest;
  model: Required<ServiceCostModel>;
  days: GameDay[];
  unattributed: number;
  vehiclesOf: ReadonlyMap<string, number>;
  /** Requests attributed to each party over the period. */
  requests: Record<string, number>;
  /** Exact, or sampled with this many orderings. */
  samples: number | null;
  /** Coalition-day matchings at most (the progress total). */
  plannedSolves: number;
}

/**
 * Reads and checks everything POST /cost-sharing needs, including that the
 * computation fits the budget. Throws CostSharingInputError on bad input.
 */
export async function prepareCostSharing(
  db: Db,
  code: string,
  body: CostSharingRequest,
): Promise<CostSharingGame> {
  const model = { ...DEFAULT_SERVICE_COST_MODEL, ...stripUndefined(body.costModel ?? {}) };
  const game = await loadGame(db, code, body);
  const requests: Record<string, number> = {};
  for (const day of game.days)
    for (const party of day.requestParty.values()) requests[party] = (requests[party] ?? 0) + 1;
  if (Object.keys(requests).length === 0)
    throw new CostSharingInputError([
      {
        path: "body.from",
        message: "no request of the period is attributed to a party",
        code: "no_requests",
      },
    ]);
  // Days without requests cost nothing and run no matching.
  const busyDays = game.days.filter((day) => day.problem.requests.length > 0).length;
  const n = body.parties.length;
  let samples: number | null = null;
  let plannedSolves: number;
  if (n <= EXACT_SHAPLEY_PARTIES) {
    plannedSolves = (2 ** n - 1) * busyDays;
    if (plannedSolves > MAX_DAY_SOLVES)
      throw new CostSharingInputError([
        {
          path: "body.to",
          message: `${n} parties over ${busyDays} days with requests need ${plannedSolves} matching runs; at most ${MAX_DAY_SOLVES} are computed at once — choose a shorter period (at most ${Math.floor(MAX_DAY_SOLVES / (2 ** n - 1))} days with requests) or fewer parties`,
          code: "too_many_matchings",
        },
      ]);
  } else {
    samples = Math.min(DEFAULT_SAMPLES, Math.floor(MAX_DAY_SOLVES / (n * busyDays)));
    if (samples < MIN_SAMPLES)
      throw new CostSharingInputError([
        {
          path: "body.to",
          message: `${n} parties over ${busyDays} days with requests leave room for only ${samples} sampled orderings (at least ${MIN_SAMPLES} are needed for a usable estimate) — choose a shorter period (at most ${Math.floor(MAX_DAY_SOLVES / (n * MIN_SAMPLES))} days with requests)`,
          code: "too_many_matchings",
        },
      ]);
    plannedSolves = samples * n * busyDays;
  }
  return { ...game, body, model, requests, samples, plannedSolves };
}

/**
 * The computation itself, pure and long (it runs in a worker thread):
 * v(S) for every coalition the Shapley value needs, then both allocations.
 * `onProgress` gets coalition-day matchings done and the planned total.
 */
export function playCostSharing(
  game: CostSharingGame,
  onProgress: (done: number, total: number) => void = () => {},
): CostSharingResponse {
  const { body, model } = game;
  const parties = body.parties.map((p) => p.id);
  let solves = 0;
  const result = shareServiceCost({
    yearlyCost: body.yearlyCost,
    parties,
    requests: game.requests,
    coalitionCost: (members) => {
      const set = new Set(members);
      return game.days.reduce((sum, day) => {
        if (day.problem.requests.length === 0) return sum;
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
    throw new CostSharingInputError(
      result.errors.map((e) => ({ path: `body.${e.field}`, message: e.message })),
    );
  }
  return {
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
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
