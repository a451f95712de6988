/**
 * Whether an imported feed fits the municipality it was imported into. A feed of another town,
 * or one whose timetable ended years ago, is stored all the same (an operator may mean it), but
 * the import answers warnings the upload screen shows, so nobody is misled by a town map that
 * counts another town's stops or a timetable nobody runs any more.
 */
import type { GtfsIssue } from "@tsunagu/contract";
import { type Area, areaContains, type GtfsFeed, haversineM } from "@tsunagu/geo";

/** Without a stored boundary, a stop further than this from the municipality's centre is "far". */
export const FAR_FROM_CENTRE_KM = 40;

/** Where the municipality is: its boundary when stored, else only its centre. */
export interface MunicipalityPlace {
  area: Area | undefined;
  centre: { lat: number; lon: number };
}

/**
 * The feed's warnings about the municipality: most of its stops (more than half) outside the
 * boundary, or with no boundary further than FAR_FROM_CENTRE_KM from the centre; and a calendar
 * whose last service day (calendar.txt or an added calendar_dates.txt day) is before `today`.
 */
export function feedFitWarnings(feed: GtfsFeed, place: MunicipalityPlace, today: string): GtfsIssue[] {
  const warnings: GtfsIssue[] = [];
  const total = feed.stops.length;
  const outside = feed.stops.filter((s) =>
    place.area
      ? !areaContains(place.area, s.lat, s.lon)
      : haversineM(s.lat, s.lon, place.centre.lat, place.centre.lon) > FAR_FROM_CENTRE_KM * 1000,
  ).length;
  if (total > 0 && outside * 2 > total)
    warnings.push(
      place.area
        ? {
            path: "stops.txt:0:",
            message: `${outside} of ${total} stops lie outside the municipality's boundary`,
            code: "GTFS_STOPS_OUTSIDE",
            params: { outside, total },
          }
        : {
            path: "stops.txt:0:",
            message: `${outside} of ${total} stops lie over ${FAR_FROM_CENTRE_KM} km from the municipality's centre (no boundary is stored)`,
            code: "GTFS_STOPS_FAR",
            params: { outside, total, km: FAR_FROM_CENTRE_KM },
          },
    );
  const lastDay = [
    ...feed.calendar.map((c) => c.endDate),
    ...feed.calendarDates.filter((d) => d.exceptionType === 1).map((d) => d.date),
  ]
    .sort()
    .at(-1);
  if (lastDay !== undefined && lastDay < today)
    warnings.push({
      path: "calendar.txt:0:end_date",
      message: `the service calendar ended on ${lastDay}, before today (${today})`,
      code: "GTFS_CALENDAR_ENDED",
      params: { endDate: lastDay },
    });
  return warnings;
}
