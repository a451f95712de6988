import { unservedCallList, withdrawApproval } from "../../domain/plans/answers";
import { changeRouteDriver, liveInsert, movePlanRequest, rejectPlanRequest } from "../../domain/plans/edits";
import { approvePlan, readPlan } from "../../domain/plans/plans";
import { answer } from "../answer";
import * as r from "./plans.routes";

export const getPlanHandler = answer(r.getPlanRoute, 200, (ctx, { param }) =>
  readPlan(ctx, param.code, param.runId),
);

export const approvePlanHandler = answer(r.approvePlanRoute, 200, (ctx, { param, json }) =>
  approvePlan(ctx, param.code, param.runId, json),
);

export const movePlanHandler = answer(r.movePlanRoute, 200, (ctx, { param, json }) =>
  movePlanRequest(ctx, param.code, param.runId, json),
);

export const rejectPlanHandler = answer(r.rejectPlanRoute, 200, (ctx, { param, json }) =>
  rejectPlanRequest(ctx, param.code, param.runId, json),
);

export const liveInsertHandler = answer(r.liveInsertRoute, 200, (ctx, { param, json }) =>
  liveInsert(ctx, param.code, json.requestId),
);

export const withdrawApprovalHandler = answer(r.withdrawApprovalRoute, 200, (ctx, { param }) =>
  withdrawApproval(ctx, param.code, param.runId),
);

export const unservedCallsHandler = answer(r.unservedCallsRoute, 200, (ctx, { param }) =>
  unservedCallList(ctx, param.code, param.date),
);

export const changePlanDriverHandler = answer(r.changePlanDriverRoute, 200, (ctx, { param, json }) =>
  changeRouteDriver(ctx, param.code, param.runId, json),
);
