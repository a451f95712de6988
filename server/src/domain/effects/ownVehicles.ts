/**
 * The honest "before" of a plan (issue 24 item 9): each organisation serves
 * its own users with only its own vehicles, planned by the same engine
 * (`solveRegional`, one solve per organisation) from the run's own input.
 *
 * Who is whose: a vehicle belongs to its organisation, a vehicle of none to
 * the town (町の車). A request belongs to the organisation of its drop-off
 * place (the day-care centre, the clinic, the shop it goes to), else of its
 * pick-up place (a shop's delivery), else to the town. Timetabled buses run
 * for everyone as today; drones, a shared service, take no part. A request
 * no vehicle of its owner can serve goes by private car or van (the plan
 * baseline's trip alone).
 *
 * The solves take seconds, so their result is stored with the run when first
 * computed (`match_runs.own_baseline_json`) and read back after; every edit of
 * the plan clears it (`updateRunEngineJson`), and it is keyed by the run's
 * input and who owns which request and vehicle, so a registry change that
 * moves a vehicle or a place to another organisation computes it again.
 */
import { createHash } from "node:crypto";
import { type Db, schema, storeRunOwnBaseline } from "@tsunagu/db";
import { type RegionalProblem, solveRegional } from "@tsunagu/matching";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { planRowsFromEngine, storedProblemOf } from "../plans/engineConvert";
import type { EffectsPlanRows, RunRow } from "./planQueries";

/** The solver's budget per organisation: fixed iterations (same input, same answer) within a time cap. */
const OWN_SOLVE = { seed: 1, maxIterations: 200, timeLimitMs: 3000 } as const;
const TOWN = "";

export interface OwnVehiclesPlan {
  /** The own-vehicles plan as plan rows (the same shape the effects read for the real plan). */
  rows: EffectsPlanRows;
  /** Requests the own vehicles serve. */
  served: ReadonlySet<string>;
  /** Organisations (and the town) that had requests that day. */
  organisations: number;
  /** Time the solves took, ms (0 when read back from the run). */
  ms: number;
  /** True when the stored baseline was read back instead of solving again. */
  stored: boolean;
}

/** What the solves found, as stored with the run: the plan rows the effects read, and who was served. */
const OwnSolutionSchema = z.object({
  key: z.string(),
  organisations: z.number().int(),
  served: z.array(z.string()),
  routes: z.array(
    z.object({ vehicleId: z.string(), shift: z.number(), distanceM: z.number(), approvedAt: z.null() }),
  ),
  stops: z.array(
    z.object({
      vehicleId: z.string(),
      shift: z.number(),
      seq: z.number(),
      kind: z.string(),
      requestId: z.string().nullable(),
      legIndex: z.number().nullable(),
      lat: z.number(),
      lon: z.number(),
      arrivalSec: z.number(),
      departureSec: z.number(),
    }),
  ),
  legs: z.array(
    z.object({
      requestId: z.string(),
      mode: z.string(),
      vehicleId: z.string().nullable(),
      shift: z.number().nullable(),
      fromLat: z.number(),
      fromLon: z.number(),
      toLat: z.number(),
      toLon: z.number(),
      droneRouteId: z.string().nullable(),
      departureSec: z.number(),
    }),
  ),
});
type OwnSolution = z.infer<typeof OwnSolutionSchema>;

export interface OwnVehiclesOptions {
  /** The engine's solve; tests count the calls. Default `solveRegional`. */
  solve?: typeof solveRegional;
}

/** The run's stored baseline when it was computed from the same input and ownership; otherwise undefined. */
function storedSolution(run: Pick<RunRow, "ownBaselineJson">, key: string): OwnSolution | undefined {
  if (run.ownBaselineJson === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(run.ownBaselineJson);
  } catch {
    return undefined;
  }
  const parsed = OwnSolutionSchema.safeParse(value);
  return parsed.success && parsed.data.key === key ? parsed.data : undefined;
}

/**
 * The run's day planned per organisation with only its own vehicles (stored
 * with the run once computed); undefined when the run has no stored input.
 */
export async function ownVehiclesPlan(
  db: Db,
  code: string,
  run: RunRow,
  options: OwnVehiclesOptions = {},
): Promise<OwnVehiclesPlan | undefined> {
  const problem = storedProblemOf(run);
  if (!problem) return undefined;
  const started = performance.now();
  const ids = problem.requests.map((r) => r.id);
  const [requestRows, placeRows, vehicleRows] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .select({
            id: schema.requests.id,
            pickupPlaceId: schema.requests.pickupPlaceId,
            dropoffPlaceId: schema.requests.dropoffPlaceId,
            kind: schema.requests.kind,
            passengers: schema.requests.passengers,
            escort: schema.requests.escort,
            weightKg: schema.requests.weightKg,
            pickupLat: schema.requests.pickupLat,
            pickupLon: schema.requests.pickupLon,
            dropoffLat: schema.requests.dropoffLat,
            dropoffLon: schema.requests.dropoffLon,
          })
          .from(schema.requests)
          .where(and(eq(schema.requests.municipalityCode, code), inArray(schema.requests.id, ids))),
    db
      .select({ id: schema.places.id, organisationId: schema.places.organisationId })
      .from(schema.places)
      .where(eq(schema.places.municipalityCode, code)),
    db
      .select({
        id: schema.vehicles.id,
        organisationId: schema.vehicles.organisationId,
        kind: schema.vehicles.kind,
        fuel: schema.vehicles.fuel,
        kmPerLitre: schema.vehicles.kmPerLitre,
        kWhPerKm: schema.vehicles.kWhPerKm,
      })
      .from(schema.vehicles)
      .where(eq(schema.vehicles.municipalityCode, code)),
  ]);
  const orgOfPlace = new Map(placeRows.map((p) => [p.id, p.organisationId]));
  const placeOrg = (id: string | null) => (id ? (orgOfPlace.get(id) ?? null) : null);
  const ownerOfRequest = new Map(
    requestRows.map((r) => [r.id, placeOrg(r.dropoffPlaceId) ?? placeOrg(r.pickupPlaceId) ?? TOWN]),
  );
  const ownerOfVehicle = new Map(vehicleRows.map((v) => [v.id, v.organisationId ?? TOWN]));

  const owners = new Set(problem.requests.map((r) => ownerOfRequest.get(r.id) ?? TOWN));
  const key = createHash("sha256")
    .update(JSON.stringify([run.problemJson, [...ownerOfRequest], [...ownerOfVehicle]]))
    .digest("hex");
  const kept = storedSolution(run, key);
  const solution =
    kept ?? solveOwn(run.id, code, problem, ownerOfRequest, ownerOfVehicle, owners, key, options.solve);
  if (!kept) await storeRunOwnBaseline(db, run.id, JSON.stringify(solution));
  const served = new Set(solution.served);
  const rows: EffectsPlanRows = {
    run,
    routes: solution.routes,
    stops: solution.stops,
    legs: solution.legs,
    requests: requestRows.filter((r) => served.has(r.id)),
    vehicles: vehicleRows,
  };
  return {
    rows,
    served,
    organisations: solution.organisations,
    ms: Math.round(performance.now() - started),
    stored: kept !== undefined,
  };
}

/** One solve per organisation (and the town) with only its own vehicles, as the rows the effects read. */
function solveOwn(
  runId: string,
  code: string,
  problem: RegionalProblem,
  ownerOfRequest: ReadonlyMap<string, string>,
  ownerOfVehicle: ReadonlyMap<string, string>,
  owners: ReadonlySet<string>,
  key: string,
  solve: typeof solveRegional = solveRegional,
): OwnSolution {
  const out: OwnSolution = { key, organisations: owners.size, served: [], routes: [], stops: [], legs: [] };
  for (const owner of owners) {
    const own: RegionalProblem = {
      date: problem.date,
      vehicles: problem.vehicles.filter((v) => (ownerOfVehicle.get(v.id) ?? TOWN) === owner),
      requests: problem.requests.filter((r) => (ownerOfRequest.get(r.id) ?? TOWN) === owner),
      ...(problem.trips ? { trips: problem.trips } : {}),
      ...(problem.transferPoints ? { transferPoints: problem.transferPoints } : {}),
    };
    if (own.vehicles.length === 0 && !own.trips?.length) continue;
    const plan = solve(own, OWN_SOLVE);
    if (plan.status === "invalid") continue;
    const planned = planRowsFromEngine(runId, code, own, plan);
    // Never stored as plan rows: the columns the effects need, with the database's defaults.
    for (const r of planned.routes)
      out.routes.push({ vehicleId: r.vehicleId, shift: r.shift, distanceM: r.distanceM, approvedAt: null });
    for (const st of planned.stops)
      out.stops.push({
        vehicleId: st.vehicleId,
        shift: st.shift,
        seq: st.seq,
        kind: st.kind,
        requestId: st.requestId ?? null,
        legIndex: st.legIndex ?? null,
        lat: st.lat,
        lon: st.lon,
        arrivalSec: st.arrivalSec,
        departureSec: st.departureSec,
      });
    for (const l of planned.legs)
      out.legs.push({
        requestId: l.requestId,
        mode: l.mode,
        vehicleId: l.vehicleId ?? null,
        shift: l.shift ?? null,
        fromLat: l.fromLat,
        fromLon: l.fromLon,
        toLat: l.toLat,
        toLon: l.toLon,
        droneRouteId: l.droneRouteId ?? null,
        departureSec: l.departureSec,
      });
    for (const it of plan.itineraries) out.served.push(it.requestId);
  }
  return out;
}
