import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "../client";
import {
  gtfsCalendarDates,
  gtfsCalendars,
  gtfsFeeds,
  gtfsRoutes,
  gtfsStops,
  gtfsStopTimes,
  gtfsTrips,
} from "../schema";
import { withWriteLock } from "./writeLock";

export type GtfsFeedRow = typeof gtfsFeeds.$inferSelect;

/** A municipality's imported feeds with row counts, newest import first. */
export async function listGtfsFeeds(db: Db, municipalityCode: string) {
  const feeds = await db
    .select()
    .from(gtfsFeeds)
    .where(eq(gtfsFeeds.municipalityCode, municipalityCode))
    .orderBy(asc(gtfsFeeds.name));
  return Promise.all(feeds.map(async (feed) => ({ ...feed, counts: await countFeedRows(db, feed.id) })));
}

export async function findGtfsFeed(db: Db, municipalityCode: string, feedId: string) {
  const [feed] = await db
    .select()
    .from(gtfsFeeds)
    .where(and(eq(gtfsFeeds.municipalityCode, municipalityCode), eq(gtfsFeeds.id, feedId)));
  return feed;
}

export async function countFeedRows(db: Db, feedId: string) {
  const n = async (table: typeof gtfsStops | typeof gtfsRoutes | typeof gtfsTrips | typeof gtfsStopTimes) => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.feedId, feedId));
    return row?.n ?? 0;
  };
  const [stops, routes, trips, stopTimes] = await Promise.all([
    n(gtfsStops),
    n(gtfsRoutes),
    n(gtfsTrips),
    n(gtfsStopTimes),
  ]);
  return { stops, routes, trips, stopTimes };
}

/**
 * Every row of one feed of this municipality (undefined when the feed is
 * not theirs), for engines that work on a whole feed: departures per stop,
 * timetables, coverage.
 */
export async function loadGtfsFeedRows(db: Db, municipalityCode: string, feedId: string) {
  const feed = await findGtfsFeed(db, municipalityCode, feedId);
  if (!feed) return undefined;
  const [stops, routes, trips, stopTimes, calendars, calendarDates] = await Promise.all([
    db.select().from(gtfsStops).where(eq(gtfsStops.feedId, feedId)).orderBy(asc(gtfsStops.stopId)),
    db.select().from(gtfsRoutes).where(eq(gtfsRoutes.feedId, feedId)).orderBy(asc(gtfsRoutes.routeId)),
    db.select().from(gtfsTrips).where(eq(gtfsTrips.feedId, feedId)).orderBy(asc(gtfsTrips.tripId)),
    db
      .select()
      .from(gtfsStopTimes)
      .where(eq(gtfsStopTimes.feedId, feedId))
      .orderBy(asc(gtfsStopTimes.tripId), asc(gtfsStopTimes.stopSequence)),
    db.select().from(gtfsCalendars).where(eq(gtfsCalendars.feedId, feedId)),
    db.select().from(gtfsCalendarDates).where(eq(gtfsCalendarDates.feedId, feedId)),
  ]);
  return { feed, stops, routes, trips, stopTimes, calendars, calendarDates };
}
export type GtfsFeedDbRows = NonNullable<Awaited<ReturnType<typeof loadGtfsFeedRows>>>;

/** Sets the spare seats / cargo a scheduled trip offers; undefined when the trip is not this municipality's. */
export async function updateTripSpareCapacity(
  db: Db,
  municipalityCode: string,
  feedId: string,
  tripId: string,
  values: { spareSeats: number; spareCargoKg: number; spareCargoLitres: number },
) {
  const feed = await findGtfsFeed(db, municipalityCode, feedId);
  if (!feed) return undefined;
  const [row] = await withWriteLock(db, () =>
    db
      .update(gtfsTrips)
      .set(values)
      .where(and(eq(gtfsTrips.feedId, feedId), eq(gtfsTrips.tripId, tripId)))
      .returning(),
  );
  return row;
}
