import { strToU8, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import {
  activeServiceIds,
  departuresPerStop,
  GeoArgumentError,
  type GtfsFeed,
  parseGtfs,
  parseGtfsTime,
  routeShapes,
} from "../src/gtfs";
import { realData } from "./realData";

const suzu = realData("ishikawa-suzu/suzucity_gtfs.zip");
const ikeda = realData("fukui-ikeda/fukui_ikeda_gtfs.zip");

function mustParse(bytes: Uint8Array): GtfsFeed {
  const r = parseGtfs(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 5)));
  return r.feed;
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe.skipIf(!suzu)("real feed: 珠洲市 (suzucity_gtfs.zip)", () => {
  // Parsed in beforeAll: a skipped suite's body still runs at collection, its hooks do not.
  let feed: GtfsFeed;
  beforeAll(() => {
    feed = mustParse(suzu as Uint8Array);
  });

  it("has the published counts (files live in a suzucity_gtfs/ folder inside the zip)", () => {
    expect(feed.stops).toHaveLength(50);
    expect(feed.routes).toHaveLength(4);
    expect(feed.trips).toHaveLength(7);
    expect(feed.stopTimes).toHaveLength(144);
    expect(feed.agencies[0]?.name).toBe("珠洲市");
    expect(feed.feedInfo).toMatchObject({ startDate: "2018-04-01", endDate: "2019-03-31" });
  });

  it("counts departures on a weekday, a Saturday and a Sunday", () => {
    // Monday 2018-06-04: 平日 + 平日土 → all 7 trips; 144 stop_times minus 7 trip ends.
    expect([...activeServiceIds(feed, "2018-06-04")].sort()).toEqual(["平日", "平日土"]);
    const mon = departuresPerStop(feed, { date: "2018-06-04" });
    expect(sum(mon)).toBe(137);
    expect(mon.get("misa01")).toBe(1); // 三崎線, one trip a day
    expect(mon.get("suzu01")).toBe(6); // すずらん, 6 trips
    expect(mon.get("suzu02")).toBe(12); // the loop passes it twice per trip
    expect(mon.size).toBe(50); // every stop is listed, also those with 0
    // Saturday: only 平日土 (the 三崎線 trip, 18 stops → 17 departures).
    expect(sum(departuresPerStop(feed, { date: "2018-06-09" }))).toBe(17);
    // Sunday: nothing runs.
    expect(sum(departuresPerStop(feed, { date: "2018-06-10" }))).toBe(0);
    // 2018-05-03 (憲法記念日) is removed by calendar_dates.
    expect(activeServiceIds(feed, "2018-05-03").size).toBe(0);
    // A time band keeps only departures in [08:00, 12:00).
    const morning = departuresPerStop(feed, { date: "2018-06-04", band: { from: 8 * 3600, to: 12 * 3600 } });
    expect(sum(morning)).toBe(97);
    expect(sum(morning)).toBeLessThan(137);
  });

  it("gives each route its stopping pattern as coordinates", () => {
    const shapes = routeShapes(feed);
    const suzuran = shapes.find((s) => s.routeId === "suzuran");
    expect(suzuran?.patterns).toHaveLength(1);
    expect(suzuran?.patterns[0]?.tripIds).toHaveLength(6);
    expect(suzuran?.patterns[0]?.coordinates).toHaveLength(21);
    for (const [lon, lat] of suzuran?.patterns[0]?.coordinates ?? []) {
      expect(lat).toBeGreaterThan(37.3);
      expect(lon).toBeGreaterThan(137.1);
    }
    // Routes with no trips in this feed have no pattern.
    expect(shapes.find((s) => s.routeId === "oya0")?.patterns).toEqual([]);
  });
});

describe.skipIf(!ikeda)("real feed: 池田町 (fukui_ikeda_gtfs.zip)", () => {
  let result: ReturnType<typeof parseGtfs>;
  beforeAll(() => {
    result = parseGtfs(ikeda as Uint8Array);
  });

  it("has the published counts, with warnings for its repeated calendar_dates rows", () => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feed.stops).toHaveLength(86);
    expect(result.feed.trips).toHaveLength(8);
    expect(result.feed.routes).toHaveLength(12);
    expect(result.feed.stopTimes).toHaveLength(351);
    expect(result.feed.agencies).toHaveLength(3);
    expect(result.warnings).toHaveLength(10);
    expect(
      result.warnings.every((w) => w.code === "GTFS_DUPLICATE_ID" && w.file === "calendar_dates.txt"),
    ).toBe(true);
  });

  it("counts departures per stop on a weekday", () => {
    if (!result.ok) return;
    const dep = departuresPerStop(result.feed, { date: "2018-06-04" });
    expect(sum(dep)).toBe(351 - 8);
    // nkm01 (役場) has 18 stop_times; 3 of them end a trip → 15.
    expect(dep.get("nkm01")).toBe(15);
    expect([...dep.values()].filter((n) => n > 0)).toHaveLength(53);
    // 福鉄/京福 stops (fkt…) have no trips in this feed.
    expect(dep.get("fkt01")).toBe(0);
    expect(sum(departuresPerStop(result.feed, { serviceIds: ["none"] }))).toBe(0);
  });
});

// ---- synthetic feeds ----------------------------------------------------------

const GOOD: Record<string, string> = {
  "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Town,https://x.jp,Asia/Tokyo\n",
  "stops.txt":
    "\uFEFFstop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\nST,Station,35.1,139.1,1,\n" +
    "S1,One,35.1,139.1,0,ST\nS2,Two,35.2,139.2,0,\nS3,Three,35.3,139.3,,\n",
  "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,Line,3\n",
  "trips.txt": "route_id,service_id,trip_id\nR,WD,T1\nR,WE,T2\n",
  "stop_times.txt":
    "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type\n" +
    "T1,23:50:00,23:50:00,S1,1,0\nT1,,,S2,2,0\nT1,24:10:00,24:10:00,S3,3,0\n" +
    "T2,8:00:00,8:00:00,S3,1,0\nT2,8:10:00,8:10:00,S2,2,1\nT2,8:20:00,8:20:00,S1,3,0\n",
  "calendar.txt":
    "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n" +
    "WD,1,1,1,1,1,0,0,20240101,20241231\nWE,0,0,0,0,0,1,1,20240101,20241231\n",
  "calendar_dates.txt": "service_id,date,exception_type\nWD,20240506,2\nWE,20240506,1\nX,20240507,1\n",
};
const zipOf = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
const problemsOf = (files: Record<string, string>) => {
  const r = parseGtfs(zipOf(files));
  return r.ok ? [] : r.problems;
};

describe("parseGtfs on small feeds", () => {
  it("parses a valid feed with a BOM, a parent station, times past 24:00 and an untimed stop", () => {
    const feed = mustParse(zipOf(GOOD));
    expect(feed.stops.map((s) => s.stopId)).toEqual(["ST", "S1", "S2", "S3"]);
    expect(feed.stops[1]?.parentStation).toBe("ST");
    expect(feed.stopTimes.find((s) => s.stopId === "S3" && s.tripId === "T1")?.arrival).toBe(24 * 3600 + 600);
    expect(feed.stopTimes.find((s) => s.stopId === "S2" && s.tripId === "T1")?.arrival).toBeUndefined();
    expect(feed.calendarDates).toHaveLength(3);
  });

  it("resolves calendar + exceptions", () => {
    const feed = mustParse(zipOf(GOOD));
    expect([...activeServiceIds(feed, "2024-05-08")]).toEqual(["WD"]); // Wednesday
    expect([...activeServiceIds(feed, "2024-05-06")]).toEqual(["WE"]); // holiday Monday: swapped
    expect([...activeServiceIds(feed, "2024-05-07")].sort()).toEqual(["WD", "X"]);
    expect([...activeServiceIds(feed, "2025-05-07")]).toEqual([]); // outside the range
    expect(() => activeServiceIds(feed, "2024-02-30")).toThrow(GeoArgumentError);
    expect(() => activeServiceIds(feed, "20240507")).toThrow(/YYYY-MM-DD/);
  });

  it("counts departures: not the last stop, not pickup_type 1; interpolates untimed stops for a band", () => {
    const feed = mustParse(zipOf(GOOD));
    const wd = departuresPerStop(feed, { date: "2024-05-08" });
    expect(Object.fromEntries(wd)).toEqual({ S1: 1, S2: 1, S3: 0 }); // the station ST is not listed
    const we = departuresPerStop(feed, { date: "2024-05-11" });
    expect(Object.fromEntries(we)).toEqual({ S1: 0, S2: 0, S3: 1 }); // S2 is drop-off only
    // S2 on T1 is untimed between 23:50 and 24:10 → 24:00, inside [24:00, 25:00).
    const late = departuresPerStop(feed, { date: "2024-05-08", band: { from: 24 * 3600, to: 25 * 3600 } });
    expect(Object.fromEntries(late)).toEqual({ S1: 0, S2: 1, S3: 0 });
    expect(() => departuresPerStop(feed, { band: { from: 10, to: 5 } })).toThrow(GeoArgumentError);
  });

  it("parses times", () => {
    expect(parseGtfsTime("8:05:09")).toBe(8 * 3600 + 309);
    expect(parseGtfsTime("25:00:00")).toBe(90_000);
    expect(parseGtfsTime("8:5:00")).toBeUndefined();
    expect(parseGtfsTime("08:60:00")).toBeUndefined();
  });

  it("refuses a corrupted zip", () => {
    const z = zipOf(GOOD);
    const bad = z.slice();
    for (let i = 200; i < 260; i++) bad[i] = 0x55;
    const r = parseGtfs(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.code).toBe("GTFS_ZIP");
    const notZip = parseGtfs(strToU8("hello"));
    expect(notZip).toMatchObject({ ok: false, problems: [{ code: "GTFS_ZIP" }] });
  });

  it("refuses a truncated zip", () => {
    const z = zipOf(GOOD);
    const r = parseGtfs(z.subarray(0, Math.floor(z.length / 2)));
    expect(r).toMatchObject({
      ok: false,
      problems: [{ code: "GTFS_ZIP", message: expect.stringContaining("truncated") }],
    });
  });

  it("reports a missing stops.txt and a missing calendar", () => {
    const { "stops.txt": _s, "calendar.txt": _c, "calendar_dates.txt": _d, ...rest } = GOOD;
    const problems = problemsOf(rest);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: "GTFS_MISSING_FILE", file: "stops.txt" }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: "GTFS_MISSING_FILE", file: "calendar.txt" }),
    );
    // Without stops every stop_time reference dangles: all of them are reported, not only the first.
    expect(
      problems.filter((p) => p.code === "GTFS_DANGLING_REFERENCE" && p.field === "stop_id"),
    ).toHaveLength(6);
  });

  it("reports a dangling stop_id with its file, line and field", () => {
    const problems = problemsOf({
      ...GOOD,
      "stop_times.txt": GOOD["stop_times.txt"]?.replace(
        "T2,8:10:00,8:10:00,S2",
        "T2,8:10:00,8:10:00,S9",
      ) as string,
    });
    expect(problems).toEqual([
      {
        file: "stop_times.txt",
        line: 6,
        field: "stop_id",
        code: "GTFS_DANGLING_REFERENCE",
        message: 'stop_id "S9" is not in stops.txt',
      },
    ]);
  });

  it("reports every bad field and reference at once", () => {
    const problems = problemsOf({
      ...GOOD,
      "stops.txt":
        "stop_id,stop_name,stop_lat,stop_lon,parent_station\nS1,One,139.1,35.1,\nS2,,35.2,139.2,NOPE\nS3,Three,35.3,abc,\nS3,Dup,35.3,139.3,\n",
      "trips.txt": "route_id,service_id,trip_id\nR,WD,T1\nR9,ZZ,T2\n",
      "stop_times.txt":
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,8:00:00,8:00:00,S1,1\nT1,7:00:00,7:00:00,S2,2\nT3,8:00,8:00:00,S3,1\n",
    });
    const summary = problems.map((p) => `${p.file}:${p.line}:${p.field}:${p.code}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        "stops.txt:2:stop_lat:GTFS_OUT_OF_RANGE",
        "stops.txt:2:stop_lon:GTFS_OUT_OF_RANGE",
        "stops.txt:3:stop_name:GTFS_REQUIRED_FIELD",
        "stops.txt:4:stop_lon:GTFS_INVALID_VALUE",
        "stops.txt:5:stop_id:GTFS_DUPLICATE_ID",
        "trips.txt:3:route_id:GTFS_DANGLING_REFERENCE",
        "trips.txt:3:service_id:GTFS_DANGLING_REFERENCE",
        "stop_times.txt:3:arrival_time:GTFS_TIME_ORDER",
        "stop_times.txt:4:trip_id:GTFS_DANGLING_REFERENCE",
        "stop_times.txt:4:arrival_time:GTFS_INVALID_VALUE",
      ]),
    );
  });

  it("reports a missing column and non-UTF-8 text", () => {
    const sjis = new Uint8Array([
      ...strToU8("stop_id,stop_name,stop_lat,stop_lon\nS1,"),
      0x83,
      0x6f,
      0x83,
      0x58,
      ...strToU8(",35,139\n"),
    ]);
    const files = Object.fromEntries(Object.entries(GOOD).map(([k, v]) => [k, strToU8(v)]));
    const r = parseGtfs(
      zipSync({ ...files, "stops.txt": sjis, "routes.txt": strToU8("route_id,route_long_name\nR,x\n") }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContainEqual(expect.objectContaining({ file: "stops.txt", code: "GTFS_ENCODING" }));
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        file: "routes.txt",
        field: "route_type",
        code: "GTFS_MISSING_COLUMN",
        line: 1,
      }),
    );
  });
});
