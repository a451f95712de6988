import type { RouteHandler } from "@hono/zod-openapi";
import type { EffectsLegsRequest } from "@tsunagu/contract";
import { evaluateLegs, MLIT_WORKED_EXAMPLE, WAITING_EXAMPLE, waitingTime } from "@tsunagu/effects";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import { legIssuesToProblems, waitingIssuesToProblems } from "./effects.convert";
import { effectsCsv, effectsXlsx } from "./effects.export";
import {
  EXPORT_MEDIA_TYPES,
  type getEffectsWorkedExample,
  type postEffectsLegs,
  type postEffectsLegsExport,
  type postEffectsWaiting,
} from "./effects.routes";

/** The engine's report, or the 422 naming every bad leg input (shared by the JSON answer and the export). */
function evaluateOrThrow(body: EffectsLegsRequest) {
  const result = evaluateLegs(body);
  if (result.status === "invalid") {
    const errors = legIssuesToProblems(result.errors);
    const first = errors[0]?.message ?? "A leg is invalid.";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new ApiProblem(422, "invalid_leg", `${first}${more}`, { errors });
  }
  return result.report;
}

export const effectsLegsHandler: RouteHandler<typeof postEffectsLegs, AppEnv> = (c) => {
  return c.json(evaluateOrThrow(c.req.valid("json")), 200);
};

export const effectsLegsExportHandler: RouteHandler<typeof postEffectsLegsExport, AppEnv> = async (c) => {
  const report = evaluateOrThrow(c.req.valid("json"));
  const { format } = c.req.valid("query");
  const body = format === "csv" ? effectsCsv(report) : await effectsXlsx(report);
  return c.body(body, 200, {
    "content-type": EXPORT_MEDIA_TYPES[format],
    "content-disposition": `attachment; filename="tsunagu-co2-report.${format}"`,
    "cache-control": "no-store",
  });
};

export const effectsWorkedExampleHandler: RouteHandler<typeof getEffectsWorkedExample, AppEnv> = (c) => {
  // The engine keeps its examples readonly; the wire type is a plain array.
  return c.json(
    { legs: MLIT_WORKED_EXAMPLE, waiting: { ...WAITING_EXAMPLE, before: [...WAITING_EXAMPLE.before] } },
    200,
  );
};

export const effectsWaitingHandler: RouteHandler<typeof postEffectsWaiting, AppEnv> = (c) => {
  const result = waitingTime(c.req.valid("json"));
  if (result.status === "invalid") {
    throw new ApiProblem(422, "validation_failed", "The request has invalid fields.", {
      errors: waitingIssuesToProblems(result.errors),
    });
  }
  return c.json(result.report, 200);
};
