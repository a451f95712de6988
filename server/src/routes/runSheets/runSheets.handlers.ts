import { listRunSheets, markStop, readRunSheet, undoStop } from "../../domain/runSheets/runSheets";
import { answer } from "../answer";
import * as r from "./runSheets.routes";

export const listRunSheetsHandler = answer(r.listRunSheetsRoute, 200, (ctx, { param, query }) =>
  listRunSheets(ctx, param.code, query.date),
);

export const getRunSheetHandler = answer(
  r.getRunSheetRoute,
  200,
  (ctx, { param: { code, runId, vehicleId, shift } }) =>
    readRunSheet(ctx, code, { runId, vehicleId, shift: Number(shift) }),
);

export const markStopHandler = answer(r.markStopRoute, 200, (ctx, { param, json }) =>
  markStop(ctx, param.code, param.stopId, json),
);

export const undoStopHandler = answer(r.undoStopRoute, 200, (ctx, { param }) =>
  undoStop(ctx, param.code, param.stopId),
);
