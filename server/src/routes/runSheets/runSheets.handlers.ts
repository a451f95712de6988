import type { RouteHandler } from "@hono/zod-openapi";
import { listRunSheets, markStop, readRunSheet, undoStop } from "../../domain/runSheets/runSheets";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type { getRunSheetRoute, listRunSheetsRoute, markStopRoute, undoStopRoute } from "./runSheets.routes";

export const listRunSheetsHandler: RouteHandler<typeof listRunSheetsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { date } = c.req.valid("query");
  return c.json(await listRunSheets(domainContext(c), code, date), 200);
};

export const getRunSheetHandler: RouteHandler<typeof getRunSheetRoute, AppEnv> = async (c) => {
  const { code, runId, vehicleId, shift } = c.req.valid("param");
  return c.json(await readRunSheet(domainContext(c), code, { runId, vehicleId, shift: Number(shift) }), 200);
};

export const markStopHandler: RouteHandler<typeof markStopRoute, AppEnv> = async (c) => {
  const { code, stopId } = c.req.valid("param");
  return c.json(await markStop(domainContext(c), code, stopId, c.req.valid("json")), 200);
};

export const undoStopHandler: RouteHandler<typeof undoStopRoute, AppEnv> = async (c) => {
  const { code, stopId } = c.req.valid("param");
  return c.json(await undoStop(domainContext(c), code, stopId), 200);
};
