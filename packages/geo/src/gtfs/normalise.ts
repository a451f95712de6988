/**
 * Step 3 of parsing a feed: checked records → the feed model. Stop times are
 * listed trip by trip in stop_sequence order, translations become records of
 * column → value, and feed_info is present only when the feed gave a usable one.
 */
import type { GtfsTable } from "./read";
import type { GtfsFeed } from "./types";
import type { CheckedFeed } from "./validate";

/** translations.txt rows as read: GTFS-JP v1 and v2 use different columns, both are kept. */
function translationRecords(table: GtfsTable | undefined): Record<string, string>[] {
  const columns = [...(table?.columns ?? [])];
  return (table?.rows ?? []).map((row) =>
    Object.fromEntries(columns.map(([name, i]) => [name, row.values[i] ?? ""])),
  );
}

/** The feed model of a feed that passed validation. */
export function normaliseGtfs(checked: CheckedFeed): GtfsFeed {
  const feed: GtfsFeed = {
    agencies: checked.agencies,
    agenciesJp: checked.agenciesJp,
    stops: checked.stops,
    routes: checked.routes,
    routesJp: checked.routesJp,
    trips: checked.trips,
    stopTimes: [...checked.stopTimesByTrip.values()].flat(),
    calendar: checked.calendar,
    calendarDates: checked.calendarDates,
    translations: translationRecords(checked.translations),
  };
  if (checked.feedInfo) feed.feedInfo = checked.feedInfo;
  return feed;
}
