import type { RouteHandler } from "@hono/zod-openapi";
import type {
  CostSharingStreamLine,
  EffectsHistoryResponse,
  PlanBaselineQuery,
  PlanEffectsResponse,
} from "@tsunagu/contract";
import type { Db } from "@tsunagu/db";
import {
  type DatedPlanEffects,
  DEFAULT_PLAN_BASELINE,
  type PlanBaseline,
  planEffects,
  rollUpPlanEffects,
} from "@tsunagu/effects";
import { stream } from "hono/streaming";
import { requireMunicipality } from "../../domain/access";
import { type CostSharingGame, CostSharingInputError, prepareCostSharing } from "../../effects/costSharing";
import { reserveCostSharingSlot, runCostSharingThread } from "../../effects/costSharingThread";
import { planEffectsInputOf, planEffectsRules } from "../../effects/planInput";
import { approvedRunsOfYear, findRun, loadPlanRows, type RunRow } from "../../effects/planQueries";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
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

/**
 * Checks the input (422 before any line), then plays the cost game in a
 * worker thread and streams newline-delimited JSON: progress lines, then the
 * result (or an error line). A client that goes away stops the thread.
 */
export const costSharingHandler: RouteHandler<typeof postCostSharingRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const body = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  let game: CostSharingGame;
  try {
    game = await prepareCostSharing(db, code, body);
  } catch (error) {
    if (error instanceof CostSharingInputError) {
      throw new ApiProblem(422, "validation_failed", "The request has invalid fields.", {
        errors: error.errors,
      });
    }
    throw error;
  }
  if (!reserveCostSharingSlot()) {
    c.header("retry-after", "60");
    throw new ApiProblem(
      429,
      "cost_sharing_busy",
      "Another cost-sharing computation is running on this server; try again in a minute.",
    );
  }
  c.header("content-type", "application/x-ndjson; charset=utf-8");
  c.header("cache-control", "no-store");
  // The typed handler expects c.json for a JSON-like media type; this one is a stream of JSON lines.
  const streamed: Response = stream(c, async (out) => {
    const line = (value: CostSharingStreamLine) => out.write(`${JSON.stringify(value)}\n`);
    // The thread starts first: it gives the reserved slot back when it ends, whatever happens here.
    let writing = line({ type: "progress", done: 0, total: game.plannedSolves }).then(() => undefined);
    const thread = runCostSharingThread(game, (done, total) => {
      writing = writing.then(() => line({ type: "progress", done, total }).then(() => undefined));
    });
    const stop = () => void thread.terminate();
    out.onAbort(stop);
    deps.shutdown?.addEventListener("abort", stop);
    try {
      const outcome = await thread.result;
      await writing;
      if (outcome.kind === "done") await line({ type: "result", result: outcome.result });
      else if (outcome.kind === "invalid")
        await line({
          type: "error",
          title: "nothing_to_share",
          detail: outcome.errors.map((e) => `${e.path}: ${e.message}`).join("; "),
        });
      else if (outcome.kind === "error") {
        deps.logger.error("cost sharing failed", { message: outcome.message });
        await line({
          type: "error",
          title: "internal_error",
          detail: "The computation failed; please try again.",
        });
      }
    } finally {
      deps.shutdown?.removeEventListener("abort", stop);
    }
  });
  return streamed as never;
};
