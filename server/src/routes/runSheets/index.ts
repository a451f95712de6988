import { createRouter } from "../../lib/router";
import {
  getRunSheetHandler,
  listRunSheetsHandler,
  markStopHandler,
  undoStopHandler,
} from "./runSheets.handlers";
import { getRunSheetRoute, listRunSheetsRoute, markStopRoute, undoStopRoute } from "./runSheets.routes";

/** Drivers' run sheets (approved routes) and marking their stops. */
export function runSheetRoutes() {
  return createRouter()
    .openapi(listRunSheetsRoute, listRunSheetsHandler)
    .openapi(getRunSheetRoute, getRunSheetHandler)
    .openapi(markStopRoute, markStopHandler)
    .openapi(undoStopRoute, undoStopHandler);
}
