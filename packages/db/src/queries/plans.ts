import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  drivers,
  driverVehicles,
  matchRuns,
  places,
  planLegs,
  planRoutes,
  planStops,
  planUnassigned,
  requests,
  residents,
  vehicles,
} from "../schema";
import { insertChunked, selectChunked } from "./chunked";
import { tenantTable } from "./tenantTable";

/**
 * The rows of one run's plan (routes, stops, legs, unassigned requests). The
 * server converts the engine's plan into these (server/src/domain/plans/engineConvert.ts)
 * and them into the contract's Plan (domain/plans/convert.ts); this module only stores them.
 */

export type PlanRouteRow = typeof planRoutes.$inferSelect;
export type PlanStopRow = typeof planStops.$inferSelect;
export type PlanLegRow = typeof planLegs.$inferSelect;
export type PlanUnassignedRow = typeof planUnassigned.$inferSelect;

export interface PlanRows {
  readonly routes: readonly (typeof planRoutes.$inferInsert)[];
  readonly stops: readonly (typeof planStops.$inferInsert)[];
  readonly legs: readonly (typeof planLegs.$inferInsert)[];
  readonly unassigned: readonly (typeof planUnassigned.$inferInsert)[];
}

/** Everything stored for one run's plan, stops in route order, legs in leg order. */
export interface StoredPlan {
  readonly routes: PlanRouteRow[];
  readonly stops: PlanStopRow[];
  readonly legs: PlanLegRow[];
  readonly unassigned: PlanUnassignedRow[];
}

/**
 * The identity of a stop across rewrites of a plan: a request's pick-up or
 * drop-off of one leg, or a route's start/end. A stop keeps its id and status
 * when a move or live insertion rewrites the plan, even if it changed vehicle.
 */
export function planStopKey(stop: {
  vehicleId: string;
  shift: number;
  kind: string;
  requestId?: string | null;
  legIndex?: number | null;
}): string {
  return stop.requestId
    ? `r:${stop.requestId}:${stop.legIndex ?? 0}:${stop.kind}`
    : `v:${stop.vehicleId}:${stop.shift}:${stop.kind}`;
}

async function deletePlanRows(tx: DbOrTx, runId: string): Promise<void> {
  await tx.delete(planStops).where(eq(planStops.runId, runId));
  await tx.delete(planLegs).where(eq(planLegs.runId, runId));
  await tx.delete(planUnassigned).where(eq(planUnassigned.runId, runId));
  await tx.delete(planRoutes).where(eq(planRoutes.runId, runId));
}

async function insertPlanRows(tx: DbOrTx, rows: PlanRows): Promise<void> {
  await insertChunked(rows.routes, (c) => tx.insert(planRoutes).values(c));
  await insertChunked(rows.stops, (c) => tx.insert(planStops).values(c));
  await insertChunked(rows.legs, (c) => tx.insert(planLegs).values(c));
  await insertChunked(rows.unassigned, (c) => tx.insert(planUnassigned).values(c));
}

function checkRunIds(runId: string, rows: PlanRows): void {
  const all = [...rows.routes, ...rows.stops, ...rows.legs, ...rows.unassigned];
  if (all.some((r) => r.runId !== runId)) throw new Error(`plan rows do not all belong to run ${runId}`);
}

/**
 * Stores a run's plan as it came from the solver (no stop marked yet). Call it
 * inside the transaction that finishes the run. Any rows the run already had
 * are replaced, so finishing a retried run twice cannot duplicate them.
 */
export async function savePlan(tx: DbOrTx, runId: string, rows: PlanRows): Promise<void> {
  checkRunIds(runId, rows);
  await deletePlanRows(tx, runId);
  await insertPlanRows(tx, rows);
}

/**
 * Rewrites a run's plan after a move, a rejection or a live insertion. What a
 * person did on the old rows survives: a stop that still exists (same request,
 * leg and kind — or the same route's start/end) keeps its id and its status,
 * and a route (vehicle + shift) that is still in the plan keeps its approval.
 * Call it in a transaction under the write lock.
 */
export async function replacePlan(tx: DbOrTx, runId: string, rows: PlanRows): Promise<void> {
  checkRunIds(runId, rows);
  const oldStops = await tx.select().from(planStops).where(eq(planStops.runId, runId));
  const oldRoutes = await tx.select().from(planRoutes).where(eq(planRoutes.runId, runId));
  const stopsByKey = new Map(oldStops.map((s) => [planStopKey(s), s]));
  const approvals = new Map(oldRoutes.map((r) => [`${r.vehicleId}:${r.shift}`, r]));
  const routes = rows.routes.map((r) => {
    const old = approvals.get(`${r.vehicleId}:${r.shift}`);
    return old?.approvedAt ? { ...r, approvedAt: old.approvedAt, approvedBy: old.approvedBy } : r;
  });
  const stops = rows.stops.map((s) => {
    const old = stopsByKey.get(planStopKey(s));
    if (!old) return s;
    return { ...s, id: old.id, status: old.status, statusAt: old.statusAt, statusBy: old.statusBy };
  });
  await deletePlanRows(tx, runId);
  await insertPlanRows(tx, { ...rows, routes, stops });
}

/** The stored plan of a run of the municipality (empty lists when it has none). */
export async function loadPlan(db: DbOrTx, municipalityCode: string, runId: string): Promise<StoredPlan> {
  const [routes, stops, legs, unassigned] = await Promise.all([
    db
      .select()
      .from(planRoutes)
      .where(and(eq(planRoutes.runId, runId), eq(planRoutes.municipalityCode, municipalityCode)))
      .orderBy(asc(planRoutes.vehicleId), asc(planRoutes.shift)),
    db
      .select()
      .from(planStops)
      .where(and(eq(planStops.runId, runId), eq(planStops.municipalityCode, municipalityCode)))
      .orderBy(asc(planStops.vehicleId), asc(planStops.shift), asc(planStops.seq)),
    db
      .select()
      .from(planLegs)
      .where(and(eq(planLegs.runId, runId), eq(planLegs.municipalityCode, municipalityCode)))
      .orderBy(asc(planLegs.requestId), asc(planLegs.legIndex)),
    db
      .select()
      .from(planUnassigned)
      .where(and(eq(planUnassigned.runId, runId), eq(planUnassigned.municipalityCode, municipalityCode)))
      .orderBy(asc(planUnassigned.requestId)),
  ]);
  return { routes, stops, legs, unassigned };
}

export type MatchRunRow = typeof matchRuns.$inferSelect;

/** One run of the municipality; another municipality's run answers undefined. */
export async function findMatchRun(
  db: DbOrTx,
  municipalityCode: string,
  runId: string,
): Promise<MatchRunRow | undefined> {
  const [row] = await db
    .select()
    .from(matchRuns)
    .where(and(eq(matchRuns.id, runId), eq(matchRuns.municipalityCode, municipalityCode)));
  return row;
}

/** Marks routes of a run approved (all when `vehicleIds` is undefined); answers how many changed. */
export async function approvePlanRoutes(
  tx: DbOrTx,
  municipalityCode: string,
  runId: string,
  vehicleIds: readonly string[] | undefined,
  by: string | null,
  at: string,
): Promise<number> {
  const conditions = [
    eq(planRoutes.runId, runId),
    eq(planRoutes.municipalityCode, municipalityCode),
    vehicleIds ? inArray(planRoutes.vehicleId, [...vehicleIds]) : undefined,
  ];
  const changed = await tx
    .update(planRoutes)
    .set({ approvedAt: at, approvedBy: by })
    .where(and(...conditions))
    .returning({ vehicleId: planRoutes.vehicleId });
  return changed.length;
}

/** Withdraws the approval of every route of a run; answers how many changed. */
export async function withdrawPlanRoutes(
  tx: DbOrTx,
  municipalityCode: string,
  runId: string,
): Promise<number> {
  const changed = await tx
    .update(planRoutes)
    .set({ approvedAt: null, approvedBy: null })
    .where(and(eq(planRoutes.runId, runId), eq(planRoutes.municipalityCode, municipalityCode)))
    .returning({ vehicleId: planRoutes.vehicleId });
  return changed.length;
}

/**
 * The approved routes of a municipality's day: the routes of the day's runs
 * that were (partly) approved and not superseded. `vehicleIds` narrows them
 * (a driver's vehicles).
 */
export async function listApprovedRoutes(
  db: DbOrTx,
  municipalityCode: string,
  date: string,
  vehicleIds?: readonly string[],
): Promise<(PlanRouteRow & { date: string })[]> {
  if (vehicleIds && vehicleIds.length === 0) return [];
  const rows = await db
    .select({ route: planRoutes, date: matchRuns.date })
    .from(planRoutes)
    .innerJoin(matchRuns, eq(matchRuns.id, planRoutes.runId))
    .where(
      and(
        eq(matchRuns.municipalityCode, municipalityCode),
        eq(planRoutes.municipalityCode, municipalityCode),
        eq(matchRuns.date, date),
        eq(matchRuns.status, "done"),
        isNull(matchRuns.supersededBy),
        isNotNull(planRoutes.approvedAt),
        vehicleIds ? inArray(planRoutes.vehicleId, [...vehicleIds]) : undefined,
      ),
    )
    .orderBy(asc(planRoutes.vehicleId), asc(planRoutes.shift));
  return rows.map((r) => ({ ...r.route, date: r.date }));
}

/** One stop of a municipality's plans; another municipality's stop answers undefined. */
export async function findPlanStop(
  db: DbOrTx,
  municipalityCode: string,
  stopId: string,
): Promise<PlanStopRow | undefined> {
  const [row] = await db
    .select()
    .from(planStops)
    .where(and(eq(planStops.id, stopId), eq(planStops.municipalityCode, municipalityCode)));
  return row;
}

/** One route of a run (with its approval), or undefined. */
export async function findPlanRoute(
  db: DbOrTx,
  municipalityCode: string,
  runId: string,
  vehicleId: string,
  shift: number,
): Promise<PlanRouteRow | undefined> {
  const [row] = await db
    .select()
    .from(planRoutes)
    .where(
      and(
        eq(planRoutes.runId, runId),
        eq(planRoutes.municipalityCode, municipalityCode),
        eq(planRoutes.vehicleId, vehicleId),
        eq(planRoutes.shift, shift),
      ),
    );
  return row;
}

/**
 * Marks a pending stop done or no-show. Answers false when the stop was
 * already marked (the condition on `pending` makes two drivers' taps at once
 * mark it only once).
 */
export async function markPlanStop(
  tx: DbOrTx,
  stopId: string,
  status: "done" | "no_show",
  by: string | null,
  at: string,
): Promise<PlanStopRow | undefined> {
  const [row] = await tx
    .update(planStops)
    .set({ status, statusAt: at, statusBy: by })
    .where(and(eq(planStops.id, stopId), eq(planStops.status, "pending")))
    .returning();
  return row;
}

/** Every stop of one request in a run (all its legs, on any route), in route order. */
export async function planStopsOfRequest(
  tx: DbOrTx,
  runId: string,
  requestId: string,
): Promise<PlanStopRow[]> {
  return tx
    .select()
    .from(planStops)
    .where(and(eq(planStops.runId, runId), eq(planStops.requestId, requestId)))
    .orderBy(asc(planStops.legIndex), asc(planStops.seq));
}

/**
 * The request's still-pending stops of a run become `cancelled` (its rider was
 * not there at the pick-up: nothing left to do for it); `restore` turns them
 * back to pending (that no-show was undone). Returns the stops changed.
 */
export async function setPendingStopsOfRequest(
  tx: DbOrTx,
  runId: string,
  requestId: string,
  change: "cancel" | "restore",
  by: string | null,
  at: string,
): Promise<PlanStopRow[]> {
  const [from, to] =
    change === "cancel" ? (["pending", "cancelled"] as const) : (["cancelled", "pending"] as const);
  return tx
    .update(planStops)
    .set(
      change === "cancel"
        ? { status: to, statusAt: at, statusBy: by }
        : { status: to, statusAt: null, statusBy: null },
    )
    .where(and(eq(planStops.runId, runId), eq(planStops.requestId, requestId), eq(planStops.status, from)))
    .returning();
}

/** A marked stop back to pending (a driver's undo), guarded by the status it had; undefined when it changed meanwhile. */
export async function unmarkPlanStop(
  tx: DbOrTx,
  stopId: string,
  markedAs: "done" | "no_show",
): Promise<PlanStopRow | undefined> {
  const [row] = await tx
    .update(planStops)
    .set({ status: "pending", statusAt: null, statusBy: null })
    .where(and(eq(planStops.id, stopId), eq(planStops.status, markedAs)))
    .returning();
  return row;
}

/**
 * Stores the engine's input and output of a run after an edit (move, 外す, driver change, live
 * insertion). The stored own-vehicles baseline of the effects is cleared with it: the next
 * effects read computes it again from the plan as it now stands.
 */
export async function updateRunEngineJson(
  tx: DbOrTx,
  runId: string,
  problemJson: string,
  planJson: string,
  /** The plan's summary after the change, so the run list says what the plan says. */
  summaryJson?: string,
): Promise<void> {
  await tx
    .update(matchRuns)
    .set({
      problemJson,
      planJson,
      ownBaselineJson: null,
      ...(summaryJson !== undefined ? { summary: summaryJson } : {}),
    })
    .where(eq(matchRuns.id, runId));
}

/** Stores a run's own-vehicles baseline (see `matchRuns.ownBaselineJson`). */
export async function storeRunOwnBaseline(db: DbOrTx, runId: string, json: string): Promise<void> {
  await db.update(matchRuns).set({ ownBaselineJson: json }).where(eq(matchRuns.id, runId));
}

/**
 * The condition for a municipality's runs in force: done, not superseded, and
 * with at least one approved route (checked per run, so the cost does not grow
 * with the municipality's history of approved routes).
 */
function runInForce(db: DbOrTx, municipalityCode: string) {
  return and(
    eq(matchRuns.municipalityCode, municipalityCode),
    eq(matchRuns.status, "done"),
    isNull(matchRuns.supersededBy),
    exists(
      db
        .select({ one: sql`1` })
        .from(planRoutes)
        .where(and(eq(planRoutes.runId, matchRuns.id), isNotNull(planRoutes.approvedAt))),
    ),
  );
}

/**
 * The run whose plan drivers follow on `date`: the newest done, not
 * superseded run of the date with at least one approved route.
 */
export async function findApprovedRun(
  db: DbOrTx,
  municipalityCode: string,
  date: string,
): Promise<MatchRunRow | undefined> {
  const [row] = await db
    .select()
    .from(matchRuns)
    .where(and(runInForce(db, municipalityCode), eq(matchRuns.date, date)))
    .orderBy(desc(matchRuns.createdAt))
    .limit(1);
  return row;
}

/**
 * When each request's journey starts and ends in its date's approved plan:
 * the first leg's departure and the last leg's arrival, seconds of the day.
 * Requests in no approved plan are absent.
 */
export async function plannedTimesOf(
  db: DbOrTx,
  municipalityCode: string,
  requestIds: readonly string[],
): Promise<Map<string, { departureSec: number; arrivalSec: number }>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .select({
      requestId: planLegs.requestId,
      departureSec: sql<number>`min(${planLegs.departureSec})`,
      arrivalSec: sql<number>`max(${planLegs.arrivalSec})`,
    })
    .from(planLegs)
    .innerJoin(matchRuns, eq(matchRuns.id, planLegs.runId))
    .where(
      and(
        eq(planLegs.municipalityCode, municipalityCode),
        inArray(planLegs.requestId, [...requestIds]),
        runInForce(db, municipalityCode),
      ),
    )
    .groupBy(planLegs.requestId);
  return new Map(rows.map((r) => [r.requestId, { departureSec: r.departureSec, arrivalSec: r.arrivalSec }]));
}

/** The vehicles a driver may drive (driver_vehicles of a driver of the municipality). */
export async function driverVehicleIds(
  db: DbOrTx,
  municipalityCode: string,
  driverId: string | null,
): Promise<string[]> {
  if (driverId === null) return [];
  const rows = await db
    .select({ vehicleId: driverVehicles.vehicleId })
    .from(driverVehicles)
    .innerJoin(drivers, eq(drivers.id, driverVehicles.driverId))
    .where(and(eq(driverVehicles.driverId, driverId), eq(drivers.municipalityCode, municipalityCode)));
  return rows.map((r) => r.vehicleId);
}

/** Requests of the municipality by id (missing ids are left out). */
export const requestsByIds = (db: DbOrTx, municipalityCode: string, ids: readonly string[]) =>
  tenantTable(requests, []).byIds(db, municipalityCode, ids);

/** Residents of the municipality by id (missing ids are left out). */
export const residentsByIds = (db: DbOrTx, municipalityCode: string, ids: readonly string[]) =>
  tenantTable(residents, []).byIds(db, municipalityCode, ids);

/** Name and kind of the municipality's vehicles, by id. */
export async function vehicleLabels(
  db: DbOrTx,
  municipalityCode: string,
): Promise<Map<string, { name: string; kind: string }>> {
  const rows = await db
    .select({ id: vehicles.id, name: vehicles.name, kind: vehicles.kind })
    .from(vehicles)
    .where(eq(vehicles.municipalityCode, municipalityCode));
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}

/** The legs of the given requests in a run (for a run sheet's hand-overs). */
export async function planLegsOfRequests(
  db: DbOrTx,
  runId: string,
  requestIds: readonly string[],
): Promise<PlanLegRow[]> {
  return selectChunked(requestIds, (c) =>
    db
      .select()
      .from(planLegs)
      .where(and(eq(planLegs.runId, runId), inArray(planLegs.requestId, c))),
  );
}

/** A route's stops in order. */
export async function planStopsOfRoute(
  db: DbOrTx,
  runId: string,
  vehicleId: string,
  shift: number,
): Promise<PlanStopRow[]> {
  return db
    .select()
    .from(planStops)
    .where(and(eq(planStops.runId, runId), eq(planStops.vehicleId, vehicleId), eq(planStops.shift, shift)))
    .orderBy(asc(planStops.seq));
}

/** The name of each vehicle's depot place, by vehicle id (for start/end stops of new routes). */
export async function vehicleDepotNames(
  db: DbOrTx,
  municipalityCode: string,
): Promise<Record<string, string>> {
  const rows = await db
    .select({ id: vehicles.id, name: places.name })
    .from(vehicles)
    .innerJoin(places, eq(places.id, vehicles.depotPlaceId))
    .where(eq(vehicles.municipalityCode, municipalityCode));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
