/**
 * Moves, rejections and live insertions: load the run's engine input and
 * output, let the engine change the plan, re-check the result independently,
 * then rewrite the rows and the JSON in one transaction. All of it runs under
 * the write lock, so two coordinators cannot both edit from the same plan.
 */
import {
  type DriverRule,
  type LiveInsertResult,
  type Plan,
  type PlanRejectOutcome,
  secondsOfDay,
} from "@tsunagu/contract";
import {
  approvePlanRoutes,
  type Db,
  type DbTransaction,
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
import {
  assignRouteDriver,
  checkRegionalPlan,
  insertIntoPlan,
  type RegionalProblem,
  removeFromPlan,
} from "@tsunagu/matching";
import { callerOf, requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError, invalidField, notFound } from "../errors";
import { reasonFromEngine, secondsToTime } from "./convert";
import {
  planRowsFromEngine,
  planSummary,
  regionalRequestOf,
  type SolvedRegionalPlan,
  storedEngineStateOf,
} from "./engineConvert";
import { changeableRun, planOfRun, requestUpdateAudit } from "./plans";

interface Loaded {
  run: MatchRunRow;
  problem: RegionalProblem;
  plan: SolvedRegionalPlan;
}

function engineState(run: MatchRunRow): Loaded {
  const state = storedEngineStateOf(run);
  if (!state) throw new DomainError("run_not_done", `Match run ${run.id} has no stored plan.`);
  return { run, ...state };
}

/** The engine could not edit the plan (a fault, not the caller's): nothing is saved. */
const editFailed = (detail = "The plan could not be edited.") => new DomainError("plan_check_failed", detail);

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

function checked(problem: RegionalProblem, plan: SolvedRegionalPlan): void {
  const issues = checkRegionalPlan(problem, plan);
  if (issues.length > 0)
    throw editFailed(
      `The changed plan failed the independent feasibility check (${issues.length} issue(s)); the plan is unchanged.`,
    );
}

async function save(
  db: Db,
  code: string,
  loaded: Loaded,
  problem: RegionalProblem,
  plan: SolvedRegionalPlan,
  more?: (tx: DbTransaction) => Promise<void>,
) {
  const depots = await vehicleDepotNames(db, code);
  const rows = planRowsFromEngine(loaded.run.id, code, problem, plan, { depots });
  await db.transaction(async (tx) => {
    await replacePlan(tx, loaded.run.id, rows);
    await updateRunEngineJson(
      tx,
      loaded.run.id,
      JSON.stringify(problem),
      JSON.stringify(plan),
      JSON.stringify(planSummary(problem, plan)),
    );
    if (more) await more(tx);
  });
}

/**
 * One edit of a changeable run's plan under the write lock (the engine state
 * loaded for it), then the plan as it now stands.
 */
async function editPlan(
  ctx: DomainContext,
  code: string,
  runId: string,
  edit: (loaded: Loaded) => Promise<void>,
): Promise<Plan> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  await withWriteLock(db, async () => edit(engineState(await changeableRun(db, code, runId))));
  return planOfRun(ctx, code, runId);
}

/**
 * Moves a planned request to `toVehicleId`'s window `shift`. When it does not
 * fit: `request_does_not_fit` with the engine's reason; the plan is unchanged.
 */
export async function movePlanRequest(
  ctx: DomainContext,
  code: string,
  runId: string,
  input: { requestId: string; toVehicleId: string; shift: number },
): Promise<Plan> {
  const { db } = ctx;
  return editPlan(ctx, code, runId, async (loaded) => {
    const { problem, plan } = loaded;
    const request = await findRequest(db, code, input.requestId);
    if (!request || !plan.itineraries.some((i) => i.requestId === input.requestId))
      throw invalidField("body.requestId", "is not served by this plan", "not_in_plan");
    if (request.status !== "planned")
      throw new DomainError(
        "request_not_movable",
        `Only planned requests move; this one is ${request.status}.`,
        { requestStatus: request.status },
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
    const removed = removeFromPlan(problem, plan, input.requestId);
    if (removed.status === "invalid") throw editFailed();
    const result = insertIntoPlan(problem, removed, input.requestId, {
      vehicleId: input.toVehicleId,
      shift: input.shift,
      fixedStops: await fixedStopsOf(db, code, runId),
    });
    if (result.status === "invalid") throw editFailed();
    if (result.status === "infeasible")
      throw new DomainError(
        "request_does_not_fit",
        `The request does not fit on vehicle ${input.toVehicleId}.`,
        { reason: reasonFromEngine(result.reason, secondsOfDay(request.latest)) },
      );
    checked(problem, result.plan);
    await save(db, code, loaded, problem, result.plan);
  });
}

/** Japanese sentence for each rule a driver change can break (the coordinator reads it). */
export const DRIVER_RULE_TEXT: Readonly<Record<DriverRule, string>> = {
  vehicle: "この運転者はこの車両を運転できません",
  qualification: "この運転者にはこの便に必要な資格・講習がありません",
  availability: "この運転者はこの時間に勤務していません",
  overlap: "この運転者は同じ時間に別の便を運転しています",
  continuous_driving: "連続運転が4時間を超えてしまいます",
  daily_driving: "1日の運転時間の上限を超えてしまいます",
  duty: "1日の拘束時間の上限を超えてしまいます",
};

/**
 * Gives one route of a plan to another driver of the day. Refused with
 * `driver_not_possible` and the rule (`rule`, and a Japanese `detail`) when
 * the driver may not drive the vehicle, lacks a qualification, is not working
 * or already driving then, or would break the day's limits; the plan is then
 * unchanged. An approved route may change driver (a sick day): its run sheet
 * moves to the new driver.
 */
export async function changeRouteDriver(
  ctx: DomainContext,
  code: string,
  runId: string,
  input: { vehicleId: string; shift: number; driverId: string },
): Promise<Plan> {
  const { db } = ctx;
  return editPlan(ctx, code, runId, async (loaded) => {
    const { problem, plan } = loaded;
    if (!plan.routes.some((r) => r.vehicleId === input.vehicleId && r.shift === input.shift))
      throw invalidField("body.vehicleId", "has no route in this plan for that window", "not_in_plan");
    if (!problem.drivers?.some((d) => d.id === input.driverId))
      throw invalidField("body.driverId", "is not a driver working on this plan's day", "not_in_plan");
    const result = assignRouteDriver(problem, plan, input);
    if (result.status === "invalid") throw editFailed();
    if (result.status === "refused")
      throw new DomainError("driver_not_possible", DRIVER_RULE_TEXT[result.rule], { rule: result.rule });
    checked(problem, result.plan);
    await save(db, code, loaded, problem, result.plan);
  });
}

/** Where 「外す」 sends the request: the resident's cancellation, 今回は見送り, or the next run. */
const REJECT_STATUS: Readonly<Record<PlanRejectOutcome, "cancelled" | "unserved" | "submitted">> = {
  cancelled: "cancelled",
  unserved: "unserved",
  replan: "submitted",
};

/**
 * Takes a planned request out of the proposed plan with the note: cancelled
 * (never planned again), unserved (the note is the reason the resident reads)
 * or back to submitted for the next run (`replan`, the default).
 */
export async function rejectPlanRequest(
  ctx: DomainContext,
  code: string,
  runId: string,
  input: { requestId: string; note: string; outcome?: PlanRejectOutcome | undefined },
): Promise<Plan> {
  const to = REJECT_STATUS[input.outcome ?? "replan"];
  const { db, now } = ctx;
  await requireMunicipality(db, code);
  await withWriteLock(db, async () => {
    const loaded = engineState(await changeableRun(db, code, runId));
    const request = await findRequest(db, code, input.requestId);
    if (!request || !loaded.plan.itineraries.some((i) => i.requestId === input.requestId))
      throw invalidField("body.requestId", "is not served by this plan", "not_in_plan");
    if (request.status !== "planned")
      throw new DomainError(
        "illegal_transition",
        `A request that is ${request.status} cannot leave the plan.`,
        { from: request.status, to },
      );
    const removed = removeFromPlan(loaded.problem, loaded.plan, input.requestId);
    if (removed.status === "invalid") throw editFailed();
    // The request leaves the run's input too, so the stored problem and plan agree.
    const problem = {
      ...loaded.problem,
      requests: loaded.problem.requests.filter((r) => r.id !== input.requestId),
    };
    checked(problem, removed);
    await save(db, code, loaded, problem, removed, async (tx) => {
      const moved = await transitionRequestInTx(
        tx,
        code,
        request.id,
        to,
        input.note,
        now,
        undefined,
        requestUpdateAudit(ctx, code),
      );
      if (moved.outcome !== "done")
        throw new DomainError("illegal_transition", "The request changed meanwhile.");
    });
  });
  return planOfRun(ctx, code, runId);
}

/**
 * A request submitted for a date whose plan is already approved goes
 * straight into that plan (live requests), so the resident has the answer at
 * once. Undefined when the date has no approved plan yet: the next match run
 * takes the request.
 */
export async function placeOnApprovedPlan(
  ctx: DomainContext,
  code: string,
  request: RequestRow,
): Promise<LiveInsertResult | undefined> {
  if (request.status !== "submitted" || !(await findApprovedRun(ctx.db, code, request.date)))
    return undefined;
  return insertLive(ctx, code, request.id);
}

/**
 * Inserts a submitted request into its date's approved plan, keeping served
 * stops fixed. Inserted: submitted → planned → confirmed, and a route it
 * opens is approved with it (the driver must see it). Unservable: the status
 * stays, the reason is stored with the plan (plan_unassigned).
 */
export async function liveInsert(
  ctx: DomainContext,
  code: string,
  requestId: string,
): Promise<LiveInsertResult> {
  await requireMunicipality(ctx.db, code);
  return insertLive(ctx, code, requestId);
}

function insertLive(ctx: DomainContext, code: string, requestId: string): Promise<LiveInsertResult> {
  const { db, now } = ctx;
  const userId = callerOf(ctx).userId;
  const audit = requestUpdateAudit(ctx, code);
  return withWriteLock(db, async () => {
    const request = await findRequest(db, code, requestId);
    if (!request) throw notFound("request", requestId);
    if (request.status !== "submitted")
      throw new DomainError(
        "illegal_transition",
        `Only a submitted request is inserted; this one is ${request.status}.`,
        { from: request.status, to: "confirmed" },
      );
    const run = await findApprovedRun(db, code, request.date);
    if (!run) throw new DomainError("no_approved_plan", `There is no approved plan for ${request.date}.`);
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
    const result = insertIntoPlan(problem, before, requestId, {
      fixedStops: await fixedStopsOf(db, code, run.id),
    });
    if (result.status === "invalid") throw editFailed();
    if (result.status === "infeasible") {
      const plan: SolvedRegionalPlan = { ...before, unassigned: [...before.unassigned, result.reason] };
      await save(db, code, loaded, problem, plan);
      return {
        status: "unservable",
        requestId,
        reason: reasonFromEngine(result.reason, secondsOfDay(request.latest)),
      };
    }
    checked(problem, result.plan);
    const legs = result.itinerary.legs;
    const vehicleLegs = legs.filter((l) => l.mode === "vehicle");
    const first = vehicleLegs[0];
    if (!first?.vehicleId) throw editFailed("The insertion has no vehicle leg.");
    await save(db, code, loaded, problem, result.plan, async (tx) => {
      for (const leg of vehicleLegs) {
        const route = (await loadPlan(tx, code, run.id)).routes.find(
          (r) => r.vehicleId === leg.vehicleId && r.shift === leg.shift,
        );
        if (route && route.approvedAt === null)
          await approvePlanRoutes(tx, code, run.id, [route.vehicleId], userId, now.toISOString());
      }
      for (const to of ["planned", "confirmed"] as const) {
        const moved = await transitionRequestInTx(tx, code, requestId, to, null, now, undefined, audit);
        if (moved.outcome !== "done")
          throw new DomainError("illegal_transition", "The request changed meanwhile.");
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
