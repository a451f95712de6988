import type { RouteHandler } from "@hono/zod-openapi";
import { appendAudit, type RequestRow } from "@tsunagu/db";
import type { Context } from "hono";
import { requireMunicipality } from "../../domain/access";
import { auditEntry, callerOf } from "../../lib/auth/caller";
import type { AppEnv } from "../../lib/env";
import { planEngine } from "../../matching/engine";
import { liveInsert, movePlanRequest, rejectPlanRequest } from "./planEdits.service";
import type {
  approvePlanRoute,
  getPlanRoute,
  liveInsertRoute,
  movePlanRoute,
  rejectPlanRoute,
} from "./plans.routes";
import { approvePlan, planView, runWithPlan } from "./plans.service";

type Ctx = Context<AppEnv>;

/** Plans show pick-up and drop-off points (homes): a `read` per resident, like request lists. */
async function auditPlanRead(c: Ctx, code: string, requests: Map<string, RequestRow>) {
  const { db } = c.get("deps").database;
  await appendAudit(
    db,
    [...requests.values()]
      .filter((r) => r.residentId !== null)
      .map((r) =>
        auditEntry(c, {
          action: "read",
          resourceType: "request",
          resourceId: r.id,
          residentId: r.residentId,
          municipalityCode: code,
        }),
      ),
  );
}

function updateAudit(c: Ctx, code: string) {
  return (row: RequestRow) =>
    auditEntry(c, {
      action: "update",
      resourceType: "request",
      resourceId: row.id,
      residentId: row.residentId,
      municipalityCode: code,
    });
}

export const getPlanHandler: RouteHandler<typeof getPlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const run = await runWithPlan(db, code, runId);
  const { plan, requests } = await planView(db, code, run);
  await auditPlanRead(c, code, requests);
  return c.json(plan, 200);
};

export const approvePlanHandler: RouteHandler<typeof approvePlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const { vehicleIds } = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  await approvePlan(db, code, runId, vehicleIds, {
    userId: callerOf(c).userId,
    now: deps.now?.() ?? new Date(),
    audit: updateAudit(c, code),
  });
  const { plan, requests } = await planView(db, code, await runWithPlan(db, code, runId));
  await auditPlanRead(c, code, requests);
  return c.json(plan, 200);
};

export const movePlanHandler: RouteHandler<typeof movePlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const input = c.req.valid("json");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  await movePlanRequest(db, planEngine, code, runId, input);
  const { plan, requests } = await planView(db, code, await runWithPlan(db, code, runId));
  await auditPlanRead(c, code, requests);
  return c.json(plan, 200);
};

export const rejectPlanHandler: RouteHandler<typeof rejectPlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  const input = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  await rejectPlanRequest(db, planEngine, code, runId, input, {
    now: deps.now?.() ?? new Date(),
    audit: updateAudit(c, code),
  });
  const { plan, requests } = await planView(db, code, await runWithPlan(db, code, runId));
  await auditPlanRead(c, code, requests);
  return c.json(plan, 200);
};

export const liveInsertHandler: RouteHandler<typeof liveInsertRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { requestId } = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  const result = await liveInsert(db, planEngine, code, requestId, {
    userId: callerOf(c).userId,
    now: deps.now?.() ?? new Date(),
    audit: updateAudit(c, code),
  });
  return c.json(result, 200);
};
