import { randomUUID } from "node:crypto";
import { and, eq, gt, inArray, or } from "drizzle-orm";
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
/** Spare capacity a trip of the earlier import offered that the new feed could not keep. */
export interface DroppedSpareCapacity {
  tripId: string;
  /** `trip_gone`: no trip with that trip_id; `times_changed`: its stops or times differ. */
  reason: "trip_gone" | "times_changed";
  spareSeats: number;
  spareCargoKg: number;
  spareCargoLitres: number;
}

type StopTimeKey = Pick<
  Insert<typeof gtfsStopTimes>,
  "stopSequence" | "stopId" | "arrivalSec" | "departureSec"
>;

/** A trip's stops and times as one comparable string. */
function timesKey(rows: readonly StopTimeKey[]): string {
  return [...rows]
    .sort((a, b) => a.stopSequence - b.stopSequence)
    .map((r) => `${r.stopSequence}|${r.stopId}|${r.arrivalSec ?? ""}|${r.departureSec ?? ""}`)
    .join(";");
}

function keysByTrip(rows: readonly (StopTimeKey & { tripId: string })[]): Map<string, string> {
  const byTrip = new Map<string, StopTimeKey[]>();
  for (const r of rows) {
    const list = byTrip.get(r.tripId) ?? [];
    list.push(r);
    byTrip.set(r.tripId, list);
  }
  return new Map([...byTrip].map(([tripId, list]) => [tripId, timesKey(list)]));
}

/**
 * The spare seats and cargo room set on the earlier import's trips, carried
 * over to the new rows where the trip still exists (same trip_id, same stops
 * and times); the others are returned as dropped.
 */
async function carrySpareCapacity(tx: DbOrTx, previousFeedId: string, feed: GtfsFeedRows) {
  const offered = await tx
    .select()
    .from(gtfsTrips)
    .where(
      and(
        eq(gtfsTrips.feedId, previousFeedId),
        or(gt(gtfsTrips.spareSeats, 0), gt(gtfsTrips.spareCargoKg, 0), gt(gtfsTrips.spareCargoLitres, 0)),
      ),
    );
  const dropped: DroppedSpareCapacity[] = [];
  if (offered.length === 0) return { kept: 0, dropped };
  const ids = offered.map((t) => t.tripId);
  const oldKeys = keysByTrip(
    await tx
      .select()
      .from(gtfsStopTimes)
      .where(and(eq(gtfsStopTimes.feedId, previousFeedId), inArray(gtfsStopTimes.tripId, ids))),
  );
  const wanted = new Set(ids);
  const newKeys = keysByTrip(feed.stopTimes.filter((r) => wanted.has(r.tripId)));
  const newTrips = new Map(feed.trips.map((t) => [t.tripId, t]));
  let kept = 0;
  for (const t of offered) {
    const spare = {
      spareSeats: t.spareSeats,
      spareCargoKg: t.spareCargoKg,
      spareCargoLitres: t.spareCargoLitres,
    };
    const next = newTrips.get(t.tripId);
    if (!next) dropped.push({ tripId: t.tripId, reason: "trip_gone", ...spare });
    else if (newKeys.get(t.tripId) !== oldKeys.get(t.tripId))
      dropped.push({ tripId: t.tripId, reason: "times_changed", ...spare });
    else {
      Object.assign(next, spare);
      kept++;
    }
  }
  return { kept, dropped };
}

export async function replaceGtfsFeed(
  db: DbOrTx,
  municipalityCode: string,
  feed: GtfsFeedRows,
): Promise<{
  feedId: string;
  replaced: boolean;
  spareCapacity: { kept: number; dropped: DroppedSpareCapacity[] };
}> {
  const feedId = randomUUID();
  let replaced = false;
  const spareCapacity = { kept: 0, dropped: [] as DroppedSpareCapacity[] };
  await db.transaction(async (tx) => {
    const previous = await tx
      .select({ id: gtfsFeeds.id })
      .from(gtfsFeeds)
      .where(and(eq(gtfsFeeds.municipalityCode, municipalityCode), eq(gtfsFeeds.name, feed.name)));
    for (const { id } of previous) {
      const carried = await carrySpareCapacity(tx, id, feed);
      spareCapacity.kept += carried.kept;
      spareCapacity.dropped.push(...carried.dropped);
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
  return { feedId, replaced, spareCapacity };
}
