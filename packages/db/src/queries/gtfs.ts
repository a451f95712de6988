import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  gtfsCalendarDates,
  gtfsCalendars,
  gtfsFeeds,
  gtfsRoutes,
  gtfsStops,
  gtfsStopTimes,
  gtfsTrips,
} from "../schema";
import { insertChunked } from "./chunked";

type Insert<T extends { $inferInsert: unknown }> = Omit<T["$inferInsert"], "feedId">;

/** A parsed GTFS-JP feed as rows (the server converts the geo parser's records into this). */
export interface GtfsFeedRows {
  name: string;
  /** What runs on the feed: `route_bus` (default) or `school_bus` (spare seats for residents, 混乗). */
  service?: "route_bus" | "school_bus";
  version: string | null;
  startDate: string | null;
  endDate: string | null;
  stops: Insert<typeof gtfsStops>[];
  routes: Insert<typeof gtfsRoutes>[];
  trips: Insert<typeof gtfsTrips>[];
  stopTimes: Insert<typeof gtfsStopTimes>[];
  calendars: Insert<typeof gtfsCalendars>[];
  calendarDates: Insert<typeof gtfsCalendarDates>[];
}

/**
 * Stores a feed, replacing an earlier import of the same feed name in the
 * same transaction: readers see the old feed or the new one, never a mix,
 * and a failure leaves the old feed untouched. Child rows are deleted
 * explicitly because SQLite's foreign-key cascade is a per-connection setting.
 */
export async function replaceGtfsFeed(
  db: DbOrTx,
  municipalityCode: string,
  feed: GtfsFeedRows,
): Promise<{ feedId: string; replaced: boolean }> {
  const feedId = randomUUID();
  let replaced = false;
  await db.transaction(async (tx) => {
    const previous = await tx
      .select({ id: gtfsFeeds.id })
      .from(gtfsFeeds)
      .where(and(eq(gtfsFeeds.municipalityCode, municipalityCode), eq(gtfsFeeds.name, feed.name)));
    for (const { id } of previous) {
      replaced = true;
      await tx.delete(gtfsStopTimes).where(eq(gtfsStopTimes.feedId, id));
      await tx.delete(gtfsTrips).where(eq(gtfsTrips.feedId, id));
      await tx.delete(gtfsRoutes).where(eq(gtfsRoutes.feedId, id));
      await tx.delete(gtfsStops).where(eq(gtfsStops.feedId, id));
      await tx.delete(gtfsCalendarDates).where(eq(gtfsCalendarDates.feedId, id));
      await tx.delete(gtfsCalendars).where(eq(gtfsCalendars.feedId, id));
      await tx.delete(gtfsFeeds).where(eq(gtfsFeeds.id, id));
    }
    await tx.insert(gtfsFeeds).values({
      id: feedId,
      municipalityCode,
      name: feed.name,
      service: feed.service ?? "route_bus",
      version: feed.version,
      startDate: feed.startDate,
      endDate: feed.endDate,
    });
    const withFeed = <T>(rows: T[]) => rows.map((r) => ({ ...r, feedId }));
    await insertChunked(withFeed(feed.stops), (c) => tx.insert(gtfsStops).values(c));
    await insertChunked(withFeed(feed.routes), (c) => tx.insert(gtfsRoutes).values(c));
    await insertChunked(withFeed(feed.calendars), (c) => tx.insert(gtfsCalendars).values(c));
    await insertChunked(withFeed(feed.calendarDates), (c) => tx.insert(gtfsCalendarDates).values(c));
    await insertChunked(withFeed(feed.trips), (c) => tx.insert(gtfsTrips).values(c));
    await insertChunked(withFeed(feed.stopTimes), (c) => tx.insert(gtfsStopTimes).values(c));
  });
  return { feedId, replaced };
}
