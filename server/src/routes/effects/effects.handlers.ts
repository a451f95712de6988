import type { RouteHandler } from "@hono/zod-openapi";
import {
  calculateLegs,
  calculateWaiting,
  legsReportFile,
  workedExamples,
} from "../../domain/effects/calculator";
import type { AppEnv } from "../../lib/env";
import {
  EXPORT_MEDIA_TYPES,
  type getEffectsWorkedExample,
  type postEffectsLegs,
  type postEffectsLegsExport,
  type postEffectsWaiting,
} from "./effects.routes";

export const effectsLegsHandler: RouteHandler<typeof postEffectsLegs, AppEnv> = (c) => {
  return c.json(calculateLegs(c.req.valid("json")), 200);
};

export const effectsLegsExportHandler: RouteHandler<typeof postEffectsLegsExport, AppEnv> = async (c) => {
  const { format } = c.req.valid("query");
  const file = await legsReportFile(c.req.valid("json"), format);
  return c.body(file, 200, {
    "content-type": EXPORT_MEDIA_TYPES[format],
    "content-disposition": `attachment; filename="tsunagu-co2-report.${format}"`,
    "cache-control": "no-store",
  });
};

export const effectsWorkedExampleHandler: RouteHandler<typeof getEffectsWorkedExample, AppEnv> = (c) => {
  return c.json(workedExamples(), 200);
};

export const effectsWaitingHandler: RouteHandler<typeof postEffectsWaiting, AppEnv> = (c) => {
  return c.json(calculateWaiting(c.req.valid("json")), 200);
};
