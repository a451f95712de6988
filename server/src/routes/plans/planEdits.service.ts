import { type LiveInsertResult, secondsOfDay } from "@tsunagu/contract";
import {
  type AuditEntry,
  approvePlanRoutes,
  type Db,
  findApprovedRun,
  findRequest,
  findResident,
  loadPlan,
  type MatchRunRow,
  type RequestRow,
  replacePlan,
  transitionRequestInTx,
  updateRunEngineJson,
  vehicleDepotNames,
  withWriteLock,
} from "@tsunagu/db";
import { invalidField, notFound } from "../../domain/errors";
import { ApiProblem } from "../../lib/problem";
import type { insertIntoPlan, RegionalPlan, RegionalProblem, removeFromPlan } from "../../matching/engine";
import { planRowsFromEngine, type SolvedRegionalPlan } from "../../matching/planRows";
import { reasonFromEngine, secondsToTime } from "../../matching/planView";
import { regionalRequestOf } from "../../matching/problemFromDb";
import { changeableRun } from "./plans.service";

/**
 * Moves, rejections and live insertions: load the run's engine input and
 * output, let the engine change the plan, re-check the result independently,
 * then rewrite the rows and the JSON in one transaction. All of it runs under
 * the write lock, so two coordinators cannot both edit from the same plan.
 */

/** The engine functions the edits need (injected, so the routes use exactly one engine). */
export interface PlanEngine {
  readonly insertIntoPlan: typeof insertIntoPlan;
  readonly removeFromPlan: typeof removeFromPlan;
  /** Independent feasibility check; the issues found (none = feasible). */
  readonly checkRegionalPlan: (problem: RegionalProblem, plan: RegionalPlan) => readonly string[];
}

interface Loaded {
  run: MatchRunRow;
  problem: RegionalProblem;
  plan: SolvedRegionalPlan;
}

function engineState(run: MatchRunRow): Loaded {
  if (!run.problemJson || !run.planJson)
    throw new ApiProblem(409, "run_not_done", `Match run ${run.id} has no stored plan.`);
  const plan = JSON.parse(run.planJson) as RegionalPlan;
  if (plan.status === "invalid")
    throw new ApiProblem(409, "run_not_done", `Match run ${run.id} has no plan.`);
  return { run, problem: JSON.parse(run.problemJson) as RegionalProblem, plan };
}

/** Leading request stops already served (done / no-show) per route: nothing goes before them. */
async function fixedStopsOf(db: Db, code: string, runId: string): Promise<Record<string, number>> {
  const stored = await loadPlan(db, code, runId);
  const fixed: Record<string, number> = {};
  const byRoute = new Map<string, typeof stored.stops>();
  for (const s of stored.stops) {
    if (s.requestId === null) continue;
    const key = `${s.vehicleId}:${s.shift}`;
    byRoute.set(key, [...(byRoute.get(key) ?? []), s]);
  }
  for (const [key, stops] of byRoute) {
    const last = stops.reduce((n, s, i) => (s.status !== "pending" ? i + 1 : n), 0);
    if (last > 0) fixed[key] = last;
  }
  return fixed;
}

function checked(engine: PlanEngine, problem: RegionalProblem, plan: SolvedRegionalPlan): void {
  const issues = engine.checkRegionalPlan(problem, plan);
  if (issues.length > 0)
    // An engine fault, not the caller's: the plan stays as it was and nothing is saved.
    throw new ApiProblem(
      409,
      "plan_check_failed",
      `The changed plan failed the independent feasibility check (${issues.length} issue(s)); the plan is unchanged.`,
    );
}

async function save(
  db: Db,
  code: string,
  loaded: Loaded,
  problem: RegionalProblem,
  plan: SolvedRegionalPlan,
  more?: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => Promise<void>,
) {
  const depots = await vehicleDepotNames(db, code);
  const rows = planRowsFromEngine(loaded.run.id, code, problem, plan, { depots });
  await db.transaction(async (tx) => {
    await replacePlan(tx, loaded.run.id, rows);
    await updateRunEngineJson(tx, loaded.run.id, JSON.stringify(problem), JSON.stringify(plan));
    if (more) await more(tx);
  });
}

/**
 * Moves a planned request to `toVehicleId`'s window `shift`. When it does not
 * fit: 409 request_does_not_fit with the engine's reason; the plan is unchanged.
 */
export async function movePlanRequest(
  db: Db,
  engine: PlanEngine,
  code: string,
  runId: string,
  input: { requestId: string; toVehicleId: string; shift: number },
): Promise<void> {
  await withWriteLock(db, async () => {
    const loaded = engineState(await changeableRun(db, code, runId));
    const { problem, plan } = loaded;
    const request = await findRequest(db, code, input.requestId);
    if (!request || !plan.itineraries.some((i) => i.requestId === input.requestId))
      throw invalidField("body.requestId", "is not served by this plan", "not_in_plan");
    if (request.status !== "planned")
      throw new ApiProblem(
        409,
        "request_not_movable",
        `Only planned requests move; this one is ${request.status}.`,
        {
          requestStatus: request.status,
        },
      );
    const vehicle = problem.vehicles.find((v) => v.id === input.toVehicleId);
    if (!vehicle)
      throw invalidField("body.toVehicleId", "is not a vehicle of this plan's day", "not_in_plan");
    if (input.shift >= vehicle.availability.length)
      throw invalidField(
        "body.shift",
        `the vehicle has ${vehicle.availability.length} window(s) that day`,
        "no_such_shift",
      );
    const removed = engine.removeFromPlan(problem, plan, input.requestId);
    if (removed.status === "invalid")
      throw new ApiProblem(409, "plan_check_failed", "The plan could not be edited.");
    const result = engine.insertIntoPlan(problem, removed, input.requestId, {
      vehicleId: input.toVehicleId,
      shift: input.shift,
      fixedStops: await fixedStopsOf(db, code, runId),
    });
    if (result.status === "invalid")
      throw new ApiProblem(409, "plan_check_failed", "The plan could not be edited.");
    if (result.status === "infeasible")
      throw new ApiProblem(
        409,
        "request_does_not_fit",
        `The request does not fit on vehicle ${input.toVehicleId}.`,
        {
          reason: reasonFromEngine(result.reason, secondsOfDay(request.latest)),
        },
      );
    checked(engine, problem, result.plan);
    await save(db, code, loaded, problem, result.plan);
  });
}

/** Takes a planned request out of the proposed plan; it goes back to submitted with the note. */
export async function rejectPlanRequest(
  db: Db,
  engine: PlanEngine,
  code: string,
  runId: string,
  input: { requestId: string; note: string },
  by: { now: Date; audit: (row: RequestRow) => AuditEntry },
): Promise<void> {
  await withWriteLock(db, async () => {
    const loaded = engineState(await changeableRun(db, code, runId));
    const request = await findRequest(db, code, input.requestId);
    if (!request || !loaded.plan.itineraries.some((i) => i.requestId === input.requestId))
      throw invalidField("body.requestId", "is not served by this plan", "not_in_plan");
    if (request.status !== "planned")
      throw new ApiProblem(
        409,
        "illegal_transition",
        `A request that is ${request.status} cannot leave the plan.`,
        {
          from: request.status,
          to: "submitted",
        },
      );
    const removed = engine.removeFromPlan(loaded.problem, loaded.plan, input.requestId);
    if (removed.status === "invalid")
      throw new ApiProblem(409, "plan_check_failed", "The plan could not be edited.");
    // The request leaves the run's input too, so the stored problem and plan agree.
    const problem = {
      ...loaded.problem,
      requests: loaded.problem.requests.filter((r) => r.id !== input.requestId),
    };
    checked(engine, problem, removed);
    await save(db, code, loaded, problem, removed, async (tx) => {
      const moved = await transitionRequestInTx(
        tx,
        code,
        request.id,
        "submitted",
        input.note,
        by.now,
        undefined,
        by.audit,
      );
      if (moved.outcome !== "done")
        throw new ApiProblem(409, "illegal_transition", "The request changed meanwhile.");
    });
  });
}

/**
 * A request submitted for a date whose plan is already approved goes
 * straight into that plan (live requests), so the resident has the answer at
 * once. Undefined when the date has no approved plan yet: the next match run
 * takes the request.
 */
export async function placeOnApprovedPlan(
  db: Db,
  engine: PlanEngine,
  code: string,
  request: RequestRow,
  by: { userId: string; now: Date; audit: (row: RequestRow) => AuditEntry },
): Promise<LiveInsertResult | undefined> {
  if (request.status !== "submitted" || !(await findApprovedRun(db, code, request.date))) return undefined;
  return liveInsert(db, engine, code, request.id, by);
}

/**
 * Inserts a submitted request into its date's approved plan, keeping served
 * stops fixed. Inserted: submitted → planned → confirmed, and a route it
 * opens is approved with it (the driver must see it). Unservable: the status
 * stays, the reason is stored with the plan (plan_unassigned).
 */
export async function liveInsert(
  db: Db,
  engine: PlanEngine,
  code: string,
  requestId: string,
  by: { userId: string; now: Date; audit: (row: RequestRow) => AuditEntry },
): Promise<LiveInsertResult> {
  return withWriteLock(db, async () => {
    const request = await findRequest(db, code, requestId);
    if (!request) throw notFound("request", requestId);
    if (request.status !== "submitted")
      throw new ApiProblem(
        409,
        "illegal_transition",
        `Only a submitted request is inserted; this one is ${request.status}.`,
        {
          from: request.status,
          to: "confirmed",
        },
      );
    const run = await findApprovedRun(db, code, request.date);
    if (!run) throw new ApiProblem(409, "no_approved_plan", `There is no approved plan for ${request.date}.`);
    const loaded = engineState(run);
    const resident = request.residentId ? await findResident(db, code, request.residentId) : undefined;
    const problem: RegionalProblem = {
      ...loaded.problem,
      requests: [
        ...loaded.problem.requests.filter((r) => r.id !== requestId),
        regionalRequestOf(request, resident),
      ],
    };
    const before: SolvedRegionalPlan = {
      ...loaded.plan,
      unassigned: loaded.plan.unassigned.filter((u) => u.requestId !== requestId),
    };
    const result = engine.insertIntoPlan(problem, before, requestId, {
      fixedStops: await fixedStopsOf(db, code, run.id),
    });
    if (result.status === "invalid")
      throw new ApiProblem(409, "plan_check_failed", "The plan could not be edited.");
    if (result.status === "infeasible") {
      const plan: SolvedRegionalPlan = { ...before, unassigned: [...before.unassigned, result.reason] };
      await save(db, code, loaded, problem, plan);
      return {
        status: "unservable",
        requestId,
        reason: reasonFromEngine(result.reason, secondsOfDay(request.latest)),
      };
    }
    checked(engine, problem, result.plan);
    const legs = result.itinerary.legs;
    const vehicleLegs = legs.filter((l) => l.mode === "vehicle");
    const first = vehicleLegs[0];
    if (!first?.vehicleId)
      throw new ApiProblem(409, "plan_check_failed", "The insertion has no vehicle leg.");
    await save(db, code, loaded, problem, result.plan, async (tx) => {
      const at = by.now.toISOString();
      for (const leg of vehicleLegs) {
        const route = (await loadPlan(tx, code, run.id)).routes.find(
          (r) => r.vehicleId === leg.vehicleId && r.shift === leg.shift,
        );
        if (route && route.approvedAt === null)
          await approvePlanRoutes(tx, code, run.id, [route.vehicleId], by.userId, at);
      }
      for (const to of ["planned", "confirmed"] as const) {
        const moved = await transitionRequestInTx(tx, code, requestId, to, null, by.now, undefined, by.audit);
        if (moved.outcome !== "done")
          throw new ApiProblem(409, "illegal_transition", "The request changed meanwhile.");
      }
    });
    return {
      status: "inserted",
      requestId,
      vehicleId: first.vehicleId,
      pickupTime: secondsToTime(legs[0]?.departure ?? first.departure),
      dropoffTime: secondsToTime(legs.at(-1)?.arrival ?? first.arrival),
    };
  });
}
