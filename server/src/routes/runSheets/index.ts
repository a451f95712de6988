import { createRouter, serve } from "../../lib/router";
import * as h from "./runSheets.handlers";
import * as r from "./runSheets.routes";

/** Drivers' run sheets (approved routes) and marking their stops. */
export function runSheetRoutes() {
  return serve(createRouter(), r, h, ["listRunSheets", "getRunSheet", "markStop", "undoStop"]);
}
