import { createRouter } from "../../lib/router";
import {
  departuresHandler,
  importGtfsHandler,
  listFeedsHandler,
  spareCapacityHandler,
  timetableHandler,
} from "./gtfs.handlers";
import {
  departuresRoute,
  importGtfsRoute,
  listFeedsRoute,
  spareCapacityRoute,
  timetableRoute,
} from "./gtfs.routes";

export function gtfsRoutes() {
  return createRouter()
    .openapi(importGtfsRoute, importGtfsHandler)
    .openapi(listFeedsRoute, listFeedsHandler)
    .openapi(departuresRoute, departuresHandler)
    .openapi(timetableRoute, timetableHandler)
    .openapi(spareCapacityRoute, spareCapacityHandler);
}
