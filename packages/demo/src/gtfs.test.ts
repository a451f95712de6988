import { activeServiceIds, departuresPerStop, parseGtfs } from "@tsunagu/geo";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { generateDemoTown } from "./generate";
import { SWEEP_SEEDS, TODAY } from "./testTown";

const REQUIRED_FILES = [
  "agency.txt",
  "agency_jp.txt",
  "stops.txt",
  "routes.txt",
  "routes_jp.txt",
  "trips.txt",
  "stop_times.txt",
  "calendar.txt",
  "calendar_dates.txt",
  "feed_info.txt",
];

describe.each(SWEEP_SEEDS)("GTFS-JP feed of seed %i", (seed) => {
  const t = generateDemoTown({ seed, today: TODAY, weekStart: "2026-11-23" });

  it("holds the GTFS-JP files", () => {
    const files = unzipSync(t.gtfs);
    for (const f of REQUIRED_FILES) expect(Object.keys(files), f).toContain(f);
    const agency = strFromU8(files["agency.txt"] as Uint8Array);
    expect(agency).toContain("架空");
  });

  it("parses with @tsunagu/geo without problems or warnings", () => {
    const result = parseGtfs(t.gtfs);
    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
    expect(result.warnings).toEqual([]);
    const feed = result.feed;
    expect(feed.stops.length).toBeGreaterThanOrEqual(25);
    expect(feed.stops.length).toBeLessThanOrEqual(40);
    expect(feed.routes.length).toBeGreaterThanOrEqual(2);
    expect(feed.routes.length).toBeLessThanOrEqual(3);
    expect(feed.feedInfo?.startDate).toBe("2026-01-01");
    expect(feed.feedInfo?.endDate).toBe("2026-12-31");
    // The plain-data copies agree with the feed.
    expect(feed.stops.map((s) => s.stopId).sort()).toEqual(t.busStops.map((s) => s.stopId).sort());
    expect(feed.routes.map((r) => r.routeId).sort()).toEqual(t.busRoutes.map((r) => r.routeId).sort());
    expect(feed.trips.map((x) => x.tripId).sort()).toEqual(Object.keys(t.busCapacityOffer).sort());
  });

  it("runs a few trips each way on weekdays, fewer on Saturday, none on Sunday or at New Year", () => {
    const result = parseGtfs(t.gtfs);
    if (!result.ok) throw new Error("feed does not parse");
    const feed = result.feed;
    const tripsOn = (date: string) => {
      const services = activeServiceIds(feed, date);
      return feed.trips.filter((x) => services.has(x.serviceId));
    };
    for (const route of feed.routes) {
      for (const direction of [0, 1]) {
        const weekday = tripsOn("2026-11-25").filter(
          (x) => x.routeId === route.routeId && x.directionId === direction,
        );
        const saturday = tripsOn("2026-11-28").filter(
          (x) => x.routeId === route.routeId && x.directionId === direction,
        );
        expect(weekday.length).toBeGreaterThanOrEqual(3);
        expect(weekday.length).toBeLessThanOrEqual(6);
        expect(saturday.length).toBeGreaterThan(0);
        expect(saturday.length).toBeLessThan(weekday.length);
      }
    }
    expect(tripsOn("2026-11-29")).toEqual([]);
    expect(tripsOn("2026-12-30")).toEqual([]);
    // Every stop is served on a weekday.
    const perStop = departuresPerStop(feed, { date: "2026-11-25" });
    for (const s of feed.stops) expect(perStop.get(s.stopId) ?? 0, s.stopId).toBeGreaterThan(0);
  });

  it("offers spare seats and cargo room on every trip", () => {
    for (const offer of Object.values(t.busCapacityOffer)) {
      expect(offer.spareSeats).toBeGreaterThan(0);
      expect(offer.cargoKg).toBeGreaterThan(0);
      expect(offer.cargoLitres).toBeGreaterThan(0);
    }
  });
});

it("reaches the clinic before 08:30 from every bus hamlet on a weekday", () => {
  const t = generateDemoTown({ today: TODAY });
  const result = parseGtfs(t.gtfs);
  if (!result.ok) throw new Error("feed does not parse");
  const clinicStop = t.busStops.find((s) => s.name === "診療所前");
  if (!clinicStop) throw new Error("no clinic stop");
  for (const route of t.busRoutes) {
    const inbound = result.feed.trips.filter(
      (x) => x.routeId === route.routeId && x.directionId === 1 && x.serviceId === "weekday",
    );
    const arrivals = result.feed.stopTimes
      .filter((st) => inbound.some((x) => x.tripId === st.tripId) && st.stopId === clinicStop.stopId)
      .map((st) => st.arrival ?? Number.POSITIVE_INFINITY);
    expect(Math.min(...arrivals), route.routeId).toBeLessThanOrEqual(8 * 3600 + 30 * 60);
  }
});
