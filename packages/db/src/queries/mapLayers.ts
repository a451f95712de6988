import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import {
  dronePorts,
  droneRoutes,
  gtfsFeeds,
  gtfsRoutes,
  gtfsStops,
  gtfsStopTimes,
  gtfsTrips,
  hubs,
  places,
} from "../schema";

/**
 * The public, non-personal layers of one municipality's map: places, bus
 * stops, route lines, drone ports and routes, hubs. Scoped by municipality.
 */
export async function loadMapLayerRows(db: Db, municipalityCode: string) {
  const feeds = await db
    .select({ id: gtfsFeeds.id })
    .from(gtfsFeeds)
    .where(eq(gtfsFeeds.municipalityCode, municipalityCode));
  const feedIds = feeds.map((f) => f.id);
  const [placeRows, stopRows, routeRows, portRows, droneRouteRows, hubRows] = await Promise.all([
    db.select().from(places).where(eq(places.municipalityCode, municipalityCode)),
    feedIds.length ? db.select().from(gtfsStops).where(inArray(gtfsStops.feedId, feedIds)) : [],
    feedIds.length ? db.select().from(gtfsRoutes).where(inArray(gtfsRoutes.feedId, feedIds)) : [],
    db.select().from(dronePorts).where(eq(dronePorts.municipalityCode, municipalityCode)),
    db.select().from(droneRoutes).where(eq(droneRoutes.municipalityCode, municipalityCode)),
    db.select().from(hubs).where(eq(hubs.municipalityCode, municipalityCode)),
  ]);
  const routeStopSequences = await representativeStopSequences(db, feedIds);
  return { placeRows, stopRows, routeRows, routeStopSequences, portRows, droneRouteRows, hubRows };
}
export type MapLayerRows = Awaited<ReturnType<typeof loadMapLayerRows>>;

/**
 * For each route, the stop ids of its trip with the most stops: a drawable
 * line for the map when a feed has no shapes.txt.
 */
async function representativeStopSequences(db: Db, feedIds: string[]) {
  const result = new Map<string, { feedId: string; routeId: string; stopIds: string[] }>();
  if (feedIds.length === 0) return result;
  const rows = await db
    .select({
      feedId: gtfsStopTimes.feedId,
      tripId: gtfsStopTimes.tripId,
      stopId: gtfsStopTimes.stopId,
      routeId: gtfsTrips.routeId,
    })
    .from(gtfsStopTimes)
    .innerJoin(
      gtfsTrips,
      and(eq(gtfsTrips.feedId, gtfsStopTimes.feedId), eq(gtfsTrips.tripId, gtfsStopTimes.tripId)),
    )
    .where(inArray(gtfsStopTimes.feedId, feedIds))
    .orderBy(asc(gtfsStopTimes.feedId), asc(gtfsStopTimes.tripId), asc(gtfsStopTimes.stopSequence));
  const trips = new Map<string, { feedId: string; routeId: string; stopIds: string[] }>();
  for (const row of rows) {
    const key = `${row.feedId}\u0000${row.tripId}`;
    let trip = trips.get(key);
    if (!trip) {
      trip = { feedId: row.feedId, routeId: row.routeId, stopIds: [] };
      trips.set(key, trip);
    }
    trip.stopIds.push(row.stopId);
  }
  for (const trip of trips.values()) {
    const key = `${trip.feedId}\u0000${trip.routeId}`;
    const best = result.get(key);
    if (!best || trip.stopIds.length > best.stopIds.length) result.set(key, trip);
  }
  return result;
}
