import type { RouteHandler } from "@hono/zod-openapi";
import type { EffectsHistoryResponse, PlanBaselineQuery, PlanEffectsResponse } from "@tsunagu/contract";
import type { Db } from "@tsunagu/db";
import {
  type DatedPlanEffects,
  DEFAULT_PLAN_BASELINE,
  type PlanBaseline,
  planEffects,
  rollUpPlanEffects,
} from "@tsunagu/effects";
import { CostSharingInputError, costSharing } from "../../effects/costSharing";
import { planEffectsInputOf, planEffectsRules } from "../../effects/planInput";
import { approvedRunsOfYear, findRun, loadPlanRows, type RunRow } from "../../effects/planQueries";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import { requireMunicipality } from "../registry/tenant";
import type { getEffectsHistoryRoute, getRunEffectsRoute, postCostSharingRoute } from "./planEffects.routes";

/** One run's effects, or a 409 naming what is missing (a vehicle without its fuel economy). */
async function effectsOfRun(
  db: Db,
  code: string,
  run: RunRow,
  approvedOnly: boolean,
  query: PlanBaselineQuery,
): Promise<PlanEffectsResponse> {
  const rows = await loadPlanRows(db, code, run);
  const baseline = baselineOf(query);
  const result = planEffects(planEffectsInputOf(rows, { approvedOnly, baseline }), baseline);
  if (result.status === "invalid") {
    throw new ApiProblem(
      409,
      "plan_effects_unavailable",
      "The plan's effects cannot be computed from the registry.",
      {
        errors: result.errors.map((e) => ({ path: e.field, message: e.message })),
      },
    );
  }
  const { status: _status, ...effects } = result;
  return {
    runId: run.id,
    date: run.date,
    scope: approvedOnly ? "approved" : "plan",
    served: effects.allocation.length,
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

export const runEffectsHandler: RouteHandler<typeof getRunEffectsRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const query = c.req.valid("query");
  const { db } = c.get("deps").database;
  const run = await findRun(db, code, runId);
  if (!run) throw new ApiProblem(404, "not_found", `No match run ${runId}.`);
  if (run.status !== "done") {
    throw new ApiProblem(
      409,
      "run_not_done",
      `Match run ${runId} is ${run.status}; effects exist once it is done.`,
    );
  }
  return c.json(await effectsOfRun(db, code, run, false, query), 200);
};

export const effectsHistoryHandler: RouteHandler<typeof getEffectsHistoryRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { year, ...query } = c.req.valid("query");
  const { db } = c.get("deps").database;
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
  const body: EffectsHistoryResponse = {
    year,
    months: rolled.months,
    total: rolled.year,
    plans: runs.map((r) => ({ date: r.date, runId: r.id })),
    notes: [...notes],
  };
  return c.json(body, 200);
};

export const costSharingHandler: RouteHandler<typeof postCostSharingRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const body = c.req.valid("json");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  try {
    return c.json(await costSharing(db, code, body), 200);
  } catch (error) {
    if (error instanceof CostSharingInputError) {
      throw new ApiProblem(422, "validation_failed", "The request has invalid fields.", {
        errors: error.errors,
      });
    }
    throw error;
  }
};
