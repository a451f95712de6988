import type { RouteHandler } from "@hono/zod-openapi";
import { unservedCallList, withdrawApproval } from "../../domain/plans/answers";
import { changeRouteDriver, liveInsert, movePlanRequest, rejectPlanRequest } from "../../domain/plans/edits";
import { approvePlan, readPlan } from "../../domain/plans/plans";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type {
  approvePlanRoute,
  changePlanDriverRoute,
  getPlanRoute,
  liveInsertRoute,
  movePlanRoute,
  rejectPlanRoute,
  unservedCallsRoute,
  withdrawApprovalRoute,
} from "./plans.routes";

export const getPlanHandler: RouteHandler<typeof getPlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await readPlan(domainContext(c), code, runId), 200);
};

export const approvePlanHandler: RouteHandler<typeof approvePlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await approvePlan(domainContext(c), code, runId, c.req.valid("json")), 200);
};

export const movePlanHandler: RouteHandler<typeof movePlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await movePlanRequest(domainContext(c), code, runId, c.req.valid("json")), 200);
};

export const rejectPlanHandler: RouteHandler<typeof rejectPlanRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await rejectPlanRequest(domainContext(c), code, runId, c.req.valid("json")), 200);
};

export const liveInsertHandler: RouteHandler<typeof liveInsertRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { requestId } = c.req.valid("json");
  return c.json(await liveInsert(domainContext(c), code, requestId), 200);
};

export const withdrawApprovalHandler: RouteHandler<typeof withdrawApprovalRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await withdrawApproval(domainContext(c), code, runId), 200);
};

export const unservedCallsHandler: RouteHandler<typeof unservedCallsRoute, AppEnv> = async (c) => {
  const { code, date } = c.req.valid("param");
  return c.json(await unservedCallList(domainContext(c), code, date), 200);
};

export const changePlanDriverHandler: RouteHandler<typeof changePlanDriverRoute, AppEnv> = async (c) => {
  const { code, runId } = c.req.valid("param");
  return c.json(await changeRouteDriver(domainContext(c), code, runId, c.req.valid("json")), 200);
};
