import {
  clockOfSeconds,
  type GtfsFeedSummary,
  type GtfsTimetable,
  type StopDepartures,
} from "@tsunagu/contract";
import type { GtfsFeedDbRows, GtfsFeedRows } from "@tsunagu/db";
import type { GtfsFeed, GtfsProblem } from "@tsunagu/geo";
import { groupBy } from "../collections";

/** A parser problem as a field path the client can show: "stops.txt:12:stop_lat". */
export function toIssue(p: GtfsProblem) {
  return { path: `${p.file}:${p.line}:${p.field}`, message: p.message, code: p.code };
}

/**
 * The name a re-import of the same feed replaces: explicit, else the first
 * agency (the operator), else the publisher. Not the publisher first: one
 * volunteer often publishes the feeds of several towns.
 */
export function feedName(feed: GtfsFeed, explicit: string | undefined): string {
  return explicit ?? feed.agencies[0]?.name ?? feed.feedInfo?.publisherName ?? "gtfs";
}

/** Parsed feed → rows for replaceGtfsFeed. Spare capacity starts at 0 (none offered) until staff set it. */
export function toFeedRows(feed: GtfsFeed, name: string): GtfsFeedRows {
  const calendarDates = feed.calendar.flatMap((c) => [c.startDate, c.endDate]).sort();
  return {
    name,
    version: feed.feedInfo?.version ?? null,
    startDate: feed.feedInfo?.startDate ?? calendarDates[0] ?? null,
    endDate: feed.feedInfo?.endDate ?? calendarDates.at(-1) ?? null,
    stops: feed.stops.map((s) => ({
      stopId: s.stopId,
      name: s.name,
      lat: s.lat,
      lon: s.lon,
      locationType: s.locationType,
      parentStation: s.parentStation ?? null,
    })),
    routes: feed.routes.map((r) => ({
      routeId: r.routeId,
      agencyId: r.agencyId ?? null,
      shortName: r.shortName || null,
      longName: r.longName || null,
      routeType: r.type,
      color: r.color ?? null,
    })),
    trips: feed.trips.map((t) => ({
      tripId: t.tripId,
      routeId: t.routeId,
      serviceId: t.serviceId,
      headsign: t.headsign ?? null,
      directionId: t.directionId ?? null,
    })),
    stopTimes: feed.stopTimes.map((st) => ({
      tripId: st.tripId,
      stopSequence: st.stopSequence,
      stopId: st.stopId,
      arrivalSec: st.arrival ?? null,
      departureSec: st.departure ?? null,
      pickupType: st.pickupType,
      dropOffType: st.dropOffType,
    })),
    calendars: feed.calendar.map((c) => ({
      serviceId: c.serviceId,
      weekdays: c.days.map((d) => (d ? "1" : "0")).join(""),
      startDate: c.startDate,
      endDate: c.endDate,
    })),
    calendarDates: feed.calendarDates.map((d) => ({
      serviceId: d.serviceId,
      date: d.date,
      exceptionType: d.exceptionType,
    })),
  };
}

/** The stored "1111100" (Monday first, as calendar.txt) → the engine's seven flags. */
function weekdayFlags(weekdays: string): GtfsFeed["calendar"][number]["days"] {
  const runs = (day: number) => weekdays[day] === "1";
  return [runs(0), runs(1), runs(2), runs(3), runs(4), runs(5), runs(6)];
}

/** Stored rows → the engine's feed shape, so the geo engine answers timetable questions on stored feeds. */
export function toEngineFeed(rows: GtfsFeedDbRows): GtfsFeed {
  return {
    agencies: [],
    agenciesJp: [],
    routesJp: [],
    translations: [],
    stops: rows.stops.map((s) => ({
      stopId: s.stopId,
      name: s.name,
      lat: s.lat,
      lon: s.lon,
      locationType: s.locationType,
      ...(s.parentStation ? { parentStation: s.parentStation } : {}),
      wheelchairBoarding: 0,
    })),
    routes: rows.routes.map((r) => ({
      routeId: r.routeId,
      shortName: r.shortName ?? "",
      longName: r.longName ?? "",
      type: r.routeType,
    })),
    trips: rows.trips.map((t) => ({ tripId: t.tripId, routeId: t.routeId, serviceId: t.serviceId })),
    stopTimes: rows.stopTimes.map((st) => ({
      tripId: st.tripId,
      stopId: st.stopId,
      stopSequence: st.stopSequence,
      ...(st.arrivalSec !== null ? { arrival: st.arrivalSec } : {}),
      ...(st.departureSec !== null ? { departure: st.departureSec } : {}),
      pickupType: st.pickupType,
      dropOffType: st.dropOffType,
    })),
    calendar: rows.calendars.map((c) => ({
      serviceId: c.serviceId,
      days: weekdayFlags(c.weekdays),
      startDate: c.startDate,
      endDate: c.endDate,
    })),
    calendarDates: rows.calendarDates.map((d) => ({
      serviceId: d.serviceId,
      date: d.date,
      exceptionType: d.exceptionType === 1 ? 1 : 2,
    })),
  };
}

export function toFeedSummary(row: {
  id: string;
  name: string;
  version: string | null;
  startDate: string | null;
  endDate: string | null;
  importedAt: string;
  counts: GtfsFeedSummary["counts"];
}): GtfsFeedSummary {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    startDate: row.startDate,
    endDate: row.endDate,
    importedAt: row.importedAt,
    counts: row.counts,
  };
}

export function toStopDepartures(
  rows: GtfsFeedDbRows,
  date: string,
  serviceIds: Set<string>,
  counts: Map<string, number>,
): StopDepartures {
  const stops = rows.stops
    .filter((s) => counts.has(s.stopId))
    .map((s) => ({
      stopId: s.stopId,
      name: s.name,
      lat: s.lat,
      lon: s.lon,
      departures: counts.get(s.stopId) ?? 0,
    }));
  return {
    feedId: rows.feed.id,
    date,
    serviceIds: [...serviceIds].sort(),
    stops,
    totalDepartures: stops.reduce((sum, s) => sum + s.departures, 0),
  };
}

/** A stop call's time as a timetable prints it ("25:10" past midnight), or null when the feed gives none. */
const clockOrNull = (seconds: number | null) => (seconds === null ? null : clockOfSeconds(seconds));

export function toTimetable(rows: GtfsFeedDbRows): GtfsTimetable {
  const stopsById = new Map(rows.stops.map((s) => [s.stopId, s]));
  const callsByTrip = groupBy(rows.stopTimes, (st) => st.tripId);
  return {
    feedId: rows.feed.id,
    name: rows.feed.name,
    routes: rows.routes.map((route) => {
      const trips = rows.trips
        .filter((t) => t.routeId === route.routeId)
        .map((t) => ({ trip: t, calls: callsByTrip.get(t.tripId) ?? [] }))
        .sort((a, b) => (a.calls[0]?.departureSec ?? 0) - (b.calls[0]?.departureSec ?? 0));
      const longest = trips.reduce<(typeof trips)[number] | undefined>(
        (best, t) => (!best || t.calls.length > best.calls.length ? t : best),
        undefined,
      );
      return {
        routeId: route.routeId,
        name: route.longName || route.shortName || route.routeId,
        color: route.color ? `#${route.color}` : null,
        line: (longest?.calls ?? []).flatMap((c) => {
          const stop = stopsById.get(c.stopId);
          return stop ? [{ stopId: stop.stopId, name: stop.name, lat: stop.lat, lon: stop.lon }] : [];
        }),
        trips: trips.map(({ trip, calls }) => ({
          tripId: trip.tripId,
          serviceId: trip.serviceId,
          headsign: trip.headsign,
          spareSeats: trip.spareSeats,
          spareCargoKg: trip.spareCargoKg,
          spareCargoLitres: trip.spareCargoLitres,
          calls: calls.map((c) => ({
            stopId: c.stopId,
            departure: clockOrNull(c.departureSec ?? c.arrivalSec),
          })),
        })),
      };
    }),
  };
}
