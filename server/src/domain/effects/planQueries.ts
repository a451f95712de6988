import { type Db, schema } from "@tsunagu/db";
import { and, asc, eq, inArray, isNotNull, like } from "drizzle-orm";

/**
 * Reads of the plan tables (written by the match-run and review code) that the
 * effects need, nothing else. Every query filters by municipality, so another
 * tenant's run reads as absent.
 */

export type RunRow = typeof schema.matchRuns.$inferSelect;
export type PlanRouteRow = typeof schema.planRoutes.$inferSelect;
export type PlanStopRow = typeof schema.planStops.$inferSelect;
export type PlanLegRow = typeof schema.planLegs.$inferSelect;
export type PlanRequestRow = Pick<
  typeof schema.requests.$inferSelect,
  | "id"
  | "kind"
  | "passengers"
  | "escort"
  | "weightKg"
  | "pickupLat"
  | "pickupLon"
  | "dropoffLat"
  | "dropoffLon"
> & { directM?: number | null };
export type PlanVehicleRow = Pick<
  typeof schema.vehicles.$inferSelect,
  "id" | "kind" | "fuel" | "kmPerLitre" | "kWhPerKm"
>;

/**
 * The columns the effects read of a plan: stored rows have them, and so has a
 * plan made only to be compared (the own-vehicles baseline, never stored).
 */
export interface EffectsPlanRows {
  run: Pick<RunRow, "problemJson">;
  routes: Pick<PlanRouteRow, "vehicleId" | "shift" | "distanceM" | "approvedAt">[];
  stops: (Pick<
    PlanStopRow,
    | "vehicleId"
    | "shift"
    | "seq"
    | "kind"
    | "requestId"
    | "legIndex"
    | "lat"
    | "lon"
    | "arrivalSec"
    | "departureSec"
  > & { fromPreviousM?: number | null })[];
  legs: Pick<
    PlanLegRow,
    | "requestId"
    | "mode"
    | "vehicleId"
    | "shift"
    | "fromLat"
    | "fromLon"
    | "toLat"
    | "toLon"
    | "droneRouteId"
    | "departureSec"
  >[];
  requests: PlanRequestRow[];
  vehicles: PlanVehicleRow[];
}

/** Everything one run's effects are computed from. */
export interface PlanRows {
  run: RunRow;
  routes: PlanRouteRow[];
  stops: PlanStopRow[];
  legs: PlanLegRow[];
  requests: PlanRequestRow[];
  vehicles: PlanVehicleRow[];
}

export async function findRun(db: Db, code: string, runId: string): Promise<RunRow | null> {
  const [run] = await db
    .select()
    .from(schema.matchRuns)
    .where(and(eq(schema.matchRuns.id, runId), eq(schema.matchRuns.municipalityCode, code)));
  return run ?? null;
}

/** The plan rows of a run (which must belong to `code`). */
export async function loadPlanRows(db: Db, code: string, run: RunRow): Promise<PlanRows> {
  const { planRoutes, planStops, planLegs } = schema;
  const routes = await db
    .select()
    .from(planRoutes)
    .where(and(eq(planRoutes.runId, run.id), eq(planRoutes.municipalityCode, code)));
  const stops = await db
    .select()
    .from(planStops)
    .where(and(eq(planStops.runId, run.id), eq(planStops.municipalityCode, code)))
    .orderBy(asc(schema.planStops.vehicleId), asc(schema.planStops.shift), asc(schema.planStops.seq));
  const legs = await db
    .select()
    .from(planLegs)
    .where(and(eq(planLegs.runId, run.id), eq(planLegs.municipalityCode, code)))
    .orderBy(asc(schema.planLegs.requestId), asc(schema.planLegs.legIndex));
  const requestIds = [...new Set(legs.map((l) => l.requestId))];
  const vehicleIds = [...new Set(routes.map((r) => r.vehicleId))];
  const r = schema.requests;
  const requests =
    requestIds.length === 0
      ? []
      : await db
          .select({
            id: r.id,
            kind: r.kind,
            passengers: r.passengers,
            escort: r.escort,
            weightKg: r.weightKg,
            pickupLat: r.pickupLat,
            pickupLon: r.pickupLon,
            dropoffLat: r.dropoffLat,
            dropoffLon: r.dropoffLon,
            directM: r.directM,
          })
          .from(r)
          .where(and(eq(r.municipalityCode, code), inArray(r.id, requestIds)));
  const v = schema.vehicles;
  const vehicles =
    vehicleIds.length === 0
      ? []
      : await db
          .select({ id: v.id, kind: v.kind, fuel: v.fuel, kmPerLitre: v.kmPerLitre, kWhPerKm: v.kWhPerKm })
          .from(v)
          .where(and(eq(v.municipalityCode, code), inArray(v.id, vehicleIds)));
  return { run, routes, stops, legs, requests, vehicles };
}

/**
 * The approved run of each date of `year` (a date's plan is approved when at
 * least one of its routes is; if two runs of a date have approved routes —
 * which the run rules forbid — the newest counts).
 */
export async function approvedRunsOfYear(db: Db, code: string, year: number): Promise<RunRow[]> {
  const approved = await db
    .selectDistinct({ runId: schema.planRoutes.runId })
    .from(schema.planRoutes)
    .where(and(eq(schema.planRoutes.municipalityCode, code), isNotNull(schema.planRoutes.approvedAt)));
  if (approved.length === 0) return [];
  const runs = await db
    .select()
    .from(schema.matchRuns)
    .where(
      and(
        eq(schema.matchRuns.municipalityCode, code),
        like(schema.matchRuns.date, `${year}-%`),
        inArray(
          schema.matchRuns.id,
          approved.map((a) => a.runId),
        ),
      ),
    )
    .orderBy(asc(schema.matchRuns.date), asc(schema.matchRuns.createdAt));
  const byDate = new Map<string, RunRow>();
  for (const run of runs) byDate.set(run.date, run);
  return [...byDate.values()];
}
