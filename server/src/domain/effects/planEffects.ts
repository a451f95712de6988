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
  type PlanBaseline,
  planEffects,
  rollUpPlanEffects,
} from "@tsunagu/effects";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { storedPlanCounts } from "../plans/convert";
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
  const { db } = ctx;
  await requireMunicipality(db, code);
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
  const result = planEffects(planEffectsInputOf(rows, { approvedOnly, baseline }), baseline);
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
    ...effects,
    rules: planEffectsRules(effects.baseline),
  };
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
