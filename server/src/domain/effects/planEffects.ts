/**
 * The effects of planned transport: one run's plan against every request
 * travelling alone, and the year's roll-up of the approved plans. The rows
 * come from planQueries, become the engine's numbers in planInput, and the
 * pure engine (packages/effects) does the arithmetic.
 */
import type { EffectsHistoryResponse, PlanBaselineQuery, PlanEffectsResponse } from "@tsunagu/contract";
import { type Db, loadPlan } from "@tsunagu/db";
import {
  type DatedPlanEffects,
  DEFAULT_PLAN_BASELINE,
  modalSplitPlanEffects,
  type PlanBaseline,
  type PlanEffectsInput,
  type PlanEffectsResult,
  planEffects,
  rebasedPlanEffects,
  rollUpPlanEffects,
} from "@tsunagu/effects";
import { municipalityDb } from "../access";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { storedPlanCounts } from "../plans/convert";
import { ownVehiclesPlan } from "./ownVehicles";
import { planEffectsInputOf, planEffectsRules } from "./planInput";
import { approvedRunsOfYear, findRun, loadPlanRows, type RunRow } from "./planQueries";

/** One finished run's effects (its whole plan, approved or not); `run_not_done` until it has finished. */
export async function runEffects(
  ctx: DomainContext,
  code: string,
  runId: string,
  query: PlanBaselineQuery,
): Promise<PlanEffectsResponse> {
  const run = await findRun(ctx.db, code, runId);
  if (!run) throw new DomainError("not_found", `No match run ${runId}.`);
  if (run.status !== "done")
    throw new DomainError(
      "run_not_done",
      `Match run ${runId} is ${run.status}; effects exist once it is done.`,
    );
  return effectsOfRun(ctx.db, code, run, false, query);
}

/** Month and year totals of the approved plans of `year`, one plan per date. */
export async function effectsHistory(
  ctx: DomainContext,
  code: string,
  year: number,
  query: PlanBaselineQuery,
): Promise<EffectsHistoryResponse> {
  const db = await municipalityDb(ctx, code);
  const runs = await approvedRunsOfYear(db, code, year);
  const days: DatedPlanEffects[] = [];
  const notes = new Set<string>();
  for (const run of runs) {
    const effects = await effectsOfRun(db, code, run, true, query);
    for (const note of effects.notes) notes.add(note);
    days.push({ date: run.date, before: effects.before, after: effects.after, served: effects.served });
  }
  const rolled = rollUpPlanEffects(year, days);
  return {
    year,
    months: rolled.months,
    total: rolled.year,
    plans: runs.map((r) => ({ date: r.date, runId: r.id })),
    notes: [...notes],
  };
}

/** One run's effects, or `plan_effects_unavailable` naming what the registry lacks (a vehicle's fuel economy). */
async function effectsOfRun(
  db: Db,
  code: string,
  run: RunRow,
  approvedOnly: boolean,
  query: PlanBaselineQuery,
): Promise<PlanEffectsResponse> {
  const [rows, stored] = await Promise.all([loadPlanRows(db, code, run), loadPlan(db, code, run.id)]);
  const baseline = baselineOf(query);
  const input = planEffectsInputOf(rows, { approvedOnly, baseline });
  const shared = planEffects(input, baseline);
  const { result, comparedWith } =
    shared.status === "invalid"
      ? { result: shared, comparedWith: null }
      : await rebased(db, code, run, shared, input.requests, query, baseline);
  if (result.status === "invalid") {
    throw new DomainError(
      "plan_effects_unavailable",
      "The plan's effects cannot be computed from the registry.",
      { errors: result.errors.map((e) => ({ path: e.field, message: e.message })) },
    );
  }
  const { status: _status, ...effects } = result;
  return {
    runId: run.id,
    date: run.date,
    scope: approvedOnly ? "approved" : "plan",
    served: effects.allocation.length,
    counts: storedPlanCounts(stored),
    comparedWith: comparedWith ?? {
      kind: "private_car",
      carSharePct: null,
      organisations: null,
      ownServed: null,
    },
    ...effects,
    rules: [...planEffectsRules(effects.baseline), baselineRule(comparedWith)],
  };
}

type Statement = PlanEffectsResponse["comparedWith"];

/**
 * The plan's effects against the chosen "before" (see PlanBaselineKindSchema):
 * own vehicles — the day planned per organisation (ownVehicles.ts) plus the
 * requests that leaves to trips alone; a modal split; or every request alone.
 */
async function rebased(
  db: Db,
  code: string,
  run: RunRow,
  shared: Extract<PlanEffectsResult, { status: "ok" }>,
  requests: PlanEffectsInput["requests"],
  query: PlanBaselineQuery,
  baseline: Partial<PlanBaseline>,
): Promise<{ result: ReturnType<typeof planEffects>; comparedWith: Statement }> {
  const kind = query.baseline ?? "own_vehicles";
  if (kind === "modal_split") {
    const pct = query.carSharePct ?? 100;
    return {
      result: modalSplitPlanEffects(shared, pct),
      comparedWith: { kind, carSharePct: pct, organisations: null, ownServed: null },
    };
  }
  const none = { kind: "private_car" as const, carSharePct: null, organisations: null, ownServed: null };
  if (kind === "private_car") return { result: shared, comparedWith: none };
  const own = await ownVehiclesPlan(db, code, run);
  if (!own) return { result: shared, comparedWith: none };
  const ownInput = planEffectsInputOf(own.rows, { approvedOnly: false, baseline });
  const ownResult = planEffects(ownInput, baseline);
  const aloneResult = planEffects(
    {
      requests: requests.filter((r) => !own.served.has(r.id)),
      routes: [],
      timetabledLegs: [],
      droneFlights: [],
    },
    baseline,
  );
  if (ownResult.status === "invalid") return { result: ownResult, comparedWith: none };
  if (aloneResult.status === "invalid") return { result: aloneResult, comparedWith: none };
  return {
    result: rebasedPlanEffects(shared, ownResult, aloneResult),
    comparedWith: {
      kind,
      carSharePct: null,
      organisations: own.organisations,
      ownServed: requests.filter((r) => own.served.has(r.id)).length,
    },
  };
}

/** The rule line that states the "before" (for footnotes). */
function baselineRule(s: Statement | null): string {
  if (s?.kind === "own_vehicles")
    return `Before (own vehicles only): each organisation serves its own users with only its own vehicles (a vehicle of no organisation is the town's; a request belongs to the organisation of its drop-off place, else of its pick-up place, else to the town), planned by the same engine one organisation at a time; timetabled buses run as today, drones take no part; ${s.ownServed} served requests could be served that way, the rest count as trips alone.`;
  if (s?.kind === "modal_split")
    return `Before (modal split): ${s.carSharePct} % of the requests by private car or van alone, the rest by means that add nothing.`;
  return "Before (private car): every served request alone by private car or van.";
}

/** The query's overrides on top of the default baseline (petrol car and van keep their fuel). */
function baselineOf(query: PlanBaselineQuery): Partial<PlanBaseline> {
  return {
    ...(query.rideKmPerLitre !== undefined
      ? { ride: { ...DEFAULT_PLAN_BASELINE.ride, kmPerLitre: query.rideKmPerLitre } }
      : {}),
    ...(query.parcelKmPerLitre !== undefined
      ? { parcel: { ...DEFAULT_PLAN_BASELINE.parcel, kmPerLitre: query.parcelKmPerLitre } }
      : {}),
    ...(query.passengerMassKg !== undefined ? { passengerMassKg: query.passengerMassKg } : {}),
  };
}
