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
 */
import { type Db, schema } from "@tsunagu/db";
import { type RegionalProblem, solveRegional } from "@tsunagu/matching";
import { and, eq, inArray } from "drizzle-orm";
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
  /** Time the solves took, ms. */
  ms: number;
}

/** The run's day planned per organisation with only its own vehicles; undefined when the run has no stored input. */
export async function ownVehiclesPlan(
  db: Db,
  code: string,
  run: RunRow,
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
  const rows: EffectsPlanRows = { run, routes: [], stops: [], legs: [], requests: [], vehicles: vehicleRows };
  const served = new Set<string>();
  for (const owner of owners) {
    const own: RegionalProblem = {
      date: problem.date,
      vehicles: problem.vehicles.filter((v) => (ownerOfVehicle.get(v.id) ?? TOWN) === owner),
      requests: problem.requests.filter((r) => (ownerOfRequest.get(r.id) ?? TOWN) === owner),
      ...(problem.trips ? { trips: problem.trips } : {}),
      ...(problem.transferPoints ? { transferPoints: problem.transferPoints } : {}),
    };
    if (own.vehicles.length === 0 && !own.trips?.length) continue;
    const plan = solveRegional(own, OWN_SOLVE);
    if (plan.status === "invalid") continue;
    const planned = planRowsFromEngine(run.id, code, own, plan);
    // Read, never stored: the rows as they would be stored, with the database's defaults for what they leave out.
    for (const r of planned.routes) rows.routes.push({ ...r, approvedAt: null });
    for (const st of planned.stops)
      rows.stops.push({ ...st, requestId: st.requestId ?? null, legIndex: st.legIndex ?? null });
    for (const l of planned.legs)
      rows.legs.push({
        ...l,
        vehicleId: l.vehicleId ?? null,
        shift: l.shift ?? null,
        droneRouteId: l.droneRouteId ?? null,
      });
    for (const it of plan.itineraries) served.add(it.requestId);
  }
  rows.requests.push(...requestRows.filter((r) => served.has(r.id)));
  return { rows, served, organisations: owners.size, ms: Math.round(performance.now() - started) };
}
