/**
 * Bus timetables: GTFS-JP feeds imported from a zip (parsed by the geo
 * engine, stored atomically), their summaries, departures per stop on a day,
 * the timetable of every route and the spare seats and cargo room a trip
 * offers (混乗 / 貨客混載).
 */
import {
  type GtfsFeedSummary,
  type GtfsImportResult,
  type GtfsTimetable,
  type StopDepartures,
  tokyoDate,
} from "@tsunagu/contract";
import {
  countFeedRows,
  type GtfsFeedDbRows,
  listGtfsFeeds,
  loadGtfsFeedRows,
  replaceGtfsFeed,
  updateTripSpareCapacity,
  withWriteLock,
} from "@tsunagu/db";
import { activeServiceIds, departuresPerStop, parseGtfs } from "@tsunagu/geo";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError, notFound } from "../errors";
import { storedArea } from "../onboarding/boundary";
import {
  feedName,
  toEngineFeed,
  toFeedRows,
  toFeedSummary,
  toIssue,
  toStopDepartures,
  toTimetable,
} from "./convert";
import { feedFitWarnings } from "./fit";

export interface FeedImport {
  /** The stable name a re-import replaces; default: the first agency, else the publisher. */
  name?: string | undefined;
  /** What runs on the feed: riders and 貨客混載 (`route_bus`) or pupils with spare seats (`school_bus`). */
  service: "route_bus" | "school_bus";
}

/**
 * Imports a GTFS-JP zip. A feed with any problem is refused whole, every
 * problem named `file:line:field`; a feed of the same name is replaced in
 * one transaction, so readers see the old feed or the new one, never a mix.
 * A feed mostly outside the municipality, or whose calendar has ended, is
 * stored with warnings saying so (fit.ts).
 */
export async function importFeed(
  ctx: DomainContext,
  code: string,
  zip: Uint8Array,
  options: FeedImport,
): Promise<GtfsImportResult> {
  const { db } = ctx;
  const municipality = await requireMunicipality(db, code);
  if (zip.length === 0) {
    throw new DomainError("gtfs_invalid", "The body is empty; send the GTFS-JP zip as the body.", {
      errors: [{ path: "body", message: "is empty", code: "GTFS_ZIP" }],
    });
  }
  const parsed = parseGtfs(zip);
  if (!parsed.ok) {
    throw new DomainError(
      "gtfs_invalid",
      `The feed was refused: ${parsed.problems.length} problem(s). Nothing was changed.`,
      { errors: parsed.problems.map(toIssue) },
    );
  }
  const rows = { ...toFeedRows(parsed.feed, feedName(parsed.feed, options.name)), service: options.service };
  // The replace is one transaction; the lock keeps it from racing other writers in this process.
  const { feedId, replaced, spareCapacity } = await withWriteLock(db, () => replaceGtfsFeed(db, code, rows));
  return {
    feedId,
    name: rows.name,
    version: rows.version,
    replaced,
    counts: await countFeedRows(db, feedId),
    warnings: [
      ...feedFitWarnings(
        parsed.feed,
        {
          area: storedArea(municipality.boundaryGeojson),
          centre: { lat: municipality.centreLat, lon: municipality.centreLon },
        },
        tokyoDate(ctx.now),
      ),
      ...parsed.warnings.map(toIssue),
    ],
    spareCapacity,
  };
}

/** The municipality's imported feeds with their row counts. */
export async function listFeeds(ctx: DomainContext, code: string): Promise<{ items: GtfsFeedSummary[] }> {
  await requireMunicipality(ctx.db, code);
  return { items: (await listGtfsFeeds(ctx.db, code)).map(toFeedSummary) };
}

async function feedRows(ctx: DomainContext, code: string, feedId: string): Promise<GtfsFeedDbRows> {
  await requireMunicipality(ctx.db, code);
  const rows = await loadGtfsFeedRows(ctx.db, code, feedId);
  if (!rows) throw notFound("GTFS feed", feedId);
  return rows;
}

/** Departures per stop of one feed on one service day (calendar and calendar_dates applied). */
export async function departuresOn(
  ctx: DomainContext,
  code: string,
  feedId: string,
  date: string,
): Promise<StopDepartures> {
  const rows = await feedRows(ctx, code, feedId);
  const feed = toEngineFeed(rows);
  const serviceIds = activeServiceIds(feed, date);
  return toStopDepartures(rows, date, serviceIds, departuresPerStop(feed, { serviceIds }));
}

/** Every route of a feed with its line and every trip's times. */
export async function timetableOf(ctx: DomainContext, code: string, feedId: string): Promise<GtfsTimetable> {
  return toTimetable(await feedRows(ctx, code, feedId));
}

export interface SpareCapacity {
  spareSeats: number;
  spareCargoKg: number;
  spareCargoLitres: number;
}

/** Sets what one scheduled trip offers residents (seats) and parcels (kg, litres). */
export async function setSpareCapacity(
  ctx: DomainContext,
  code: string,
  feedId: string,
  tripId: string,
  values: SpareCapacity,
): Promise<SpareCapacity & { tripId: string }> {
  await requireMunicipality(ctx.db, code);
  const row = await updateTripSpareCapacity(ctx.db, code, feedId, tripId, values);
  if (!row) throw notFound("trip", tripId);
  return {
    tripId: row.tripId,
    spareSeats: row.spareSeats,
    spareCargoKg: row.spareCargoKg,
    spareCargoLitres: row.spareCargoLitres,
  };
}
