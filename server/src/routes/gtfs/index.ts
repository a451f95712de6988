import { createRouter } from "../../lib/router";
import * as h from "./gtfs.handlers";
import * as r from "./gtfs.routes";

/** GTFS-JP imports and the timetable questions on imported feeds. */
export function gtfsRoutes() {
  return createRouter()
    .openapi(r.importGtfsRoute, h.importGtfsHandler)
    .openapi(r.listFeedsRoute, h.listFeedsHandler)
    .openapi(r.departuresRoute, h.departuresHandler)
    .openapi(r.timetableRoute, h.timetableHandler)
    .openapi(r.spareCapacityRoute, h.spareCapacityHandler);
}
