import { createRouter, serve } from "../../lib/router";
import * as h from "./gtfs.handlers";
import * as r from "./gtfs.routes";

/** GTFS-JP imports and the timetable questions on imported feeds. */
export function gtfsRoutes() {
  return serve(createRouter(), r, h, ["importGtfs", "listFeeds", "departures", "timetable", "spareCapacity"]);
}
