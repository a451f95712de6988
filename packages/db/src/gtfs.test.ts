import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./client";
import { applyMigrations } from "./migrate";
import { type GtfsFeedRows, replaceGtfsFeed } from "./queries/gtfs";
import { gtfsFeeds, gtfsStops, gtfsStopTimes, municipalities } from "./schema";

let dir: string;
let database: Database;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tsunagu-db-"));
  database = await openDatabase(`file:${path.join(dir, "t.db")}`);
  await applyMigrations(database);
  await database.db
    .insert(municipalities)
    .values({ code: "991007", name: "テスト町", prefecture: "テスト県", centreLat: 36, centreLon: 138 });
});
afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function feed(stopCount: number, version: string): GtfsFeedRows {
  const stops = Array.from({ length: stopCount }, (_, i) => ({
    stopId: `S${i}`,
    name: `停留所${i}`,
    lat: 36 + i / 1000,
    lon: 138,
  }));
  return {
    name: "community-bus",
    version,
    startDate: "2026-04-01",
    endDate: "2027-03-31",
    stops,
    routes: [{ routeId: "R1", routeType: 3, longName: "本線" }],
    calendars: [
      { serviceId: "weekday", weekdays: "1111100", startDate: "2026-04-01", endDate: "2027-03-31" },
    ],
    calendarDates: [],
    trips: [{ tripId: "T1", routeId: "R1", serviceId: "weekday" }],
    stopTimes: stops.map((s, i) => ({
      tripId: "T1",
      stopSequence: i + 1,
      stopId: s.stopId,
      arrivalSec: 28800 + i * 60,
      departureSec: 28800 + i * 60,
    })),
  };
}

describe("replaceGtfsFeed", () => {
  it("stores a feed and replaces it whole on re-import", async () => {
    const first = await replaceGtfsFeed(database.db, "991007", feed(3, "v1"));
    expect(first.replaced).toBe(false);
    const second = await replaceGtfsFeed(database.db, "991007", feed(5, "v2"));
    expect(second.replaced).toBe(true);
    const feeds = await database.db.select().from(gtfsFeeds);
    expect(feeds.map((f) => f.version)).toEqual(["v2"]);
    expect(await database.db.select().from(gtfsStops)).toHaveLength(5);
    expect(
      await database.db.select().from(gtfsStopTimes).where(eq(gtfsStopTimes.feedId, first.feedId)),
    ).toHaveLength(0);
  });

  it("leaves the previous feed untouched when the new one fails half-way", async () => {
    await replaceGtfsFeed(database.db, "991007", feed(3, "v1"));
    const broken = feed(4, "v2");
    // Two stop_times with the same (trip, sequence) violate the primary key after the stops were written.
    broken.stopTimes.push({ tripId: "T1", stopSequence: 1, stopId: "S0", arrivalSec: 0, departureSec: 0 });
    await expect(replaceGtfsFeed(database.db, "991007", broken)).rejects.toThrow();
    const feeds = await database.db.select().from(gtfsFeeds);
    expect(feeds.map((f) => f.version)).toEqual(["v1"]);
    expect(await database.db.select().from(gtfsStops)).toHaveLength(3);
    expect(await database.db.select().from(gtfsStopTimes)).toHaveLength(3);
  });
});
