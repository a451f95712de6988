import type { RouteHandler } from "@hono/zod-openapi";
import { appendAudit, type RequestRow } from "@tsunagu/db";
import type { Context } from "hono";
import { requireMunicipality } from "../../domain/access";
import { auditEntry, callerOf } from "../../lib/auth/caller";
import type { AppEnv } from "../../lib/env";
import type { getRunSheetRoute, listRunSheetsRoute, markStopRoute } from "./runSheets.routes";
import { getRunSheet, listRunSheets, markStop, residentsShown, visibleVehicles } from "./runSheets.service";

/** Names and phones were shown: one `read` per resident, as for the registry's resident reads. */
async function auditResidentsRead(c: Context<AppEnv>, code: string, residentIds: readonly string[]) {
  await appendAudit(
    c.get("deps").database.db,
    residentIds.map((id) =>
      auditEntry(c, {
        action: "read",
        resourceType: "resident",
        resourceId: id,
        residentId: id,
        municipalityCode: code,
      }),
    ),
  );
}

export const listRunSheetsHandler: RouteHandler<typeof listRunSheetsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { date } = c.req.valid("query");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const vehicles = await visibleVehicles(db, code, callerOf(c));
  return c.json({ items: await listRunSheets(db, code, date, vehicles) }, 200);
};

export const getRunSheetHandler: RouteHandler<typeof getRunSheetRoute, AppEnv> = async (c) => {
  const { code, runId, vehicleId, shift } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const vehicles = await visibleVehicles(db, code, callerOf(c));
  const { sheet, requests } = await getRunSheet(
    db,
    code,
    { runId, vehicleId, shift: Number(shift) },
    vehicles,
  );
  await auditResidentsRead(c, code, residentsShown(sheet, requests));
  return c.json(sheet, 200);
};

export const markStopHandler: RouteHandler<typeof markStopRoute, AppEnv> = async (c) => {
  const { code, stopId } = c.req.valid("param");
  const input = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  const caller = callerOf(c);
  const { stop, requests } = await markStop(db, code, stopId, input, {
    userId: caller.userId,
    now: deps.now?.() ?? new Date(),
    vehicles: await visibleVehicles(db, code, caller),
    audit: (row: RequestRow) =>
      auditEntry(c, {
        action: "update",
        resourceType: "request",
        resourceId: row.id,
        residentId: row.residentId,
        municipalityCode: code,
      }),
  });
  await auditResidentsRead(c, code, residentsShown({ stops: [stop] }, requests));
  return c.json(stop, 200);
};
