import type { RouteHandler } from "@hono/zod-openapi";
import {
  countFeedRows,
  listGtfsFeeds,
  loadGtfsFeedRows,
  replaceGtfsFeed,
  updateTripSpareCapacity,
  withWriteLock,
} from "@tsunagu/db";
import { activeServiceIds, departuresPerStop, parseGtfs } from "@tsunagu/geo";
import { requireMunicipality } from "../../domain/access";
import { notFound } from "../../domain/errors";
import {
  feedName,
  toEngineFeed,
  toFeedRows,
  toFeedSummary,
  toIssue,
  toStopDepartures,
  toTimetable,
} from "../../domain/timetables/convert";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import type {
  departuresRoute,
  importGtfsRoute,
  listFeedsRoute,
  spareCapacityRoute,
  timetableRoute,
} from "./gtfs.routes";

export const importGtfsHandler: RouteHandler<typeof importGtfsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { name, service } = c.req.valid("query");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) {
    throw new ApiProblem(422, "gtfs_invalid", "The body is empty; send the GTFS-JP zip as the body.", {
      errors: [{ path: "body", message: "is empty", code: "GTFS_ZIP" }],
    });
  }
  const parsed = parseGtfs(bytes);
  if (!parsed.ok) {
    throw new ApiProblem(
      422,
      "gtfs_invalid",
      `The feed was refused: ${parsed.problems.length} problem(s). Nothing was changed.`,
      {
        errors: parsed.problems.map(toIssue),
      },
    );
  }
  const rows = { ...toFeedRows(parsed.feed, feedName(parsed.feed, name)), service };
  // The replace is one transaction; the lock keeps it from racing other writers in this process.
  const { feedId, replaced } = await withWriteLock(db, () => replaceGtfsFeed(db, code, rows));
  return c.json(
    {
      feedId,
      name: rows.name,
      version: rows.version,
      replaced,
      counts: await countFeedRows(db, feedId),
      warnings: parsed.warnings.map(toIssue),
    },
    201,
  );
};

export const listFeedsHandler: RouteHandler<typeof listFeedsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  return c.json({ items: (await listGtfsFeeds(db, code)).map(toFeedSummary) }, 200);
};

export const departuresHandler: RouteHandler<typeof departuresRoute, AppEnv> = async (c) => {
  const { code, feedId } = c.req.valid("param");
  const { date } = c.req.valid("query");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const rows = await loadGtfsFeedRows(db, code, feedId);
  if (!rows) throw notFound("GTFS feed", feedId);
  const feed = toEngineFeed(rows);
  const serviceIds = activeServiceIds(feed, date);
  const counts = departuresPerStop(feed, { serviceIds });
  return c.json(toStopDepartures(rows, date, serviceIds, counts), 200);
};

export const timetableHandler: RouteHandler<typeof timetableRoute, AppEnv> = async (c) => {
  const { code, feedId } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const rows = await loadGtfsFeedRows(db, code, feedId);
  if (!rows) throw notFound("GTFS feed", feedId);
  return c.json(toTimetable(rows), 200);
};

export const spareCapacityHandler: RouteHandler<typeof spareCapacityRoute, AppEnv> = async (c) => {
  const { code, feedId, tripId } = c.req.valid("param");
  const values = c.req.valid("json");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const row = await updateTripSpareCapacity(db, code, feedId, tripId, values);
  if (!row) throw notFound("trip", tripId);
  return c.json(
    {
      tripId: row.tripId,
      spareSeats: row.spareSeats,
      spareCargoKg: row.spareCargoKg,
      spareCargoLitres: row.spareCargoLitres,
    },
    200,
  );
};
