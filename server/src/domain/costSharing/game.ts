/**
 * Cost sharing's game, read from the database: who the parties are, which
 * vehicles and requests of the period are theirs, and whether computing it
 * fits the budget of one request. Everything here is checked before a thread
 * starts, so bad input is a 422 before any line is streamed.
 *
 * Attribution (documented in the API): a parcel belongs to the party listing
 * the organisation of its pick-up place, else of its drop-off place; a parcel
 * between places of no organisation (homes) and every ride to the `residents`
 * party; a parcel of organisations no party lists is left out (counted). A
 * vehicle belongs to the party listing its organisation; a vehicle of no
 * organisation to the `residents` party; a vehicle of an organisation no party
 * lists takes no part.
 *
 * Problem: each day's road vehicles (available that day, with their depots)
 * come from the match runs' own `problemFromDb`, its requests replaced by all
 * of the day's requests but cancelled ones (`problemFromDb` takes only those
 * still to be planned; a past period's are done).
 */
import { type CostSharingRequest, datesBetween, EXACT_SHAPLEY_PARTIES } from "@tsunagu/contract";
import { type Db, listResidents, schema } from "@tsunagu/db";
import { DEFAULT_SERVICE_COST_MODEL, type ServiceCostModel } from "@tsunagu/effects";
import { haversineMeters, type RegionalProblem, type RegionalRequest } from "@tsunagu/matching";
import { and, eq, gte, lte, ne, notInArray } from "drizzle-orm";
import { DomainError, type FieldProblem } from "../errors";
import { problemFromDb, regionalRequestOf } from "../plans/engineConvert";

/** Door-to-door road km = straight line × this (the taxi fare's distance). */
const CIRCUITY = 1.3;

/** One day's game: the road part of its regional problem and who owns each vehicle and request. */
export interface GameDay {
  date: string;
  /** Road vehicles and requests only: cost sharing plans no bus or drone legs. */
  problem: RegionalProblem;
  vehicleParty: ReadonlyMap<string, string>;
  requestParty: ReadonlyMap<string, string>;
  /** Door-to-door km of each request (for the taxi fare). */
  directKm: ReadonlyMap<string, number>;
}

function invalidInput(errors: FieldProblem[]): DomainError {
  return new DomainError("validation_failed", "The request has invalid fields.", { errors });
}

/**
 * Checks the body against the municipality's organisations and the period
 * rules, naming every failing field; answers the id of the residents' party.
 */
function checkInput(body: CostSharingRequest, organisationIds: Set<string>): string {
  const errors: FieldProblem[] = [];
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
  const residents = body.parties.filter((p) => p.residents === true);
  if (residents.length !== 1) {
    errors.push({
      path: "body.parties",
      message: `exactly one party must have residents: true (it pays for residents' rides); found ${residents.length}`,
      code: "residents_party",
    });
  }
  const [residentsParty] = residents;
  if (errors.length > 0 || !residentsParty) throw invalidInput(errors);
  return residentsParty.id;
}

/** Loads the period's requests and the municipality's road vehicles, attributed to parties, day by day. */
async function loadGame(db: Db, code: string, body: CostSharingRequest) {
  const orgs = await db
    .select({ id: schema.organisations.id })
    .from(schema.organisations)
    .where(eq(schema.organisations.municipalityCode, code));
  const residentsParty = checkInput(body, new Set(orgs.map((o) => o.id)));
  const partyOfOrg = new Map<string, string>();
  for (const p of body.parties) for (const org of p.organisationIds) partyOfOrg.set(org, p.id);

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

  const residentById = new Map(
    (await listResidents(db, code, { withArchived: true })).map((row) => [row.id, row]),
  );
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
    days.push({
      date,
      problem: { date, vehicles: problem.vehicles, requests: dayRequests },
      vehicleParty,
      requestParty,
      directKm,
    });
  }
  const vehiclesOf = new Map<string, number>();
  for (const party of partyOfVehicle.values()) vehiclesOf.set(party, (vehiclesOf.get(party) ?? 0) + 1);
  return { days, unattributed, vehiclesOf };
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
 * computation fits the budget; `validation_failed` naming the fields at fault.
 */
export async function prepareCostSharing(
  db: Db,
  code: string,
  body: CostSharingRequest,
): Promise<CostSharingGame> {
  const given = body.costModel ?? {};
  const model: Required<ServiceCostModel> = {
    yenPerKm: given.yenPerKm ?? DEFAULT_SERVICE_COST_MODEL.yenPerKm,
    yenPerVehicle: given.yenPerVehicle ?? DEFAULT_SERVICE_COST_MODEL.yenPerVehicle,
    taxiBaseYen: given.taxiBaseYen ?? DEFAULT_SERVICE_COST_MODEL.taxiBaseYen,
    taxiYenPerKm: given.taxiYenPerKm ?? DEFAULT_SERVICE_COST_MODEL.taxiYenPerKm,
  };
  const game = await loadGame(db, code, body);
  const requests: Record<string, number> = {};
  for (const day of game.days)
    for (const party of day.requestParty.values()) requests[party] = (requests[party] ?? 0) + 1;
  if (Object.keys(requests).length === 0)
    throw invalidInput([
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
      throw invalidInput([
        {
          path: "body.to",
          message: `${n} parties over ${busyDays} days with requests need ${plannedSolves} matching runs; at most ${MAX_DAY_SOLVES} are computed at once — choose a shorter period (at most ${Math.floor(MAX_DAY_SOLVES / (2 ** n - 1))} days with requests) or fewer parties`,
          code: "too_many_matchings",
        },
      ]);
  } else {
    samples = Math.min(DEFAULT_SAMPLES, Math.floor(MAX_DAY_SOLVES / (n * busyDays)));
    if (samples < MIN_SAMPLES)
      throw invalidInput([
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
