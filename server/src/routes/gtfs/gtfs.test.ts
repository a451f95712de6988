import {
  GtfsFeedSummarySchema,
  GtfsImportResultSchema,
  GtfsTimetableSchema,
  StopDeparturesSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { generateDemoTown } from "@tsunagu/demo";
import { readZip } from "@tsunagu/geo";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { problem } from "../../test/calls";
import { makeMunicipality } from "../../test/factories";
import { readSharedData, sharedDataAvailable, storedZip } from "../../test/sharedData";
import { appWithTowns, as, createTestApp, signInAs, type TestApp } from "../../test/testApp";

const SUZU = "ishikawa-suzu/suzucity_gtfs.zip";
const IKEDA = "fukui-ikeda/fukui_ikeda_gtfs.zip";
const SUZU_BOUNDARY = "ishikawa-suzu/boundary_n03_17205_suzu.geojson";
const hasData = sharedDataAvailable(SUZU, IKEDA);
const CODE = "172057";
const OTHER = "183822";

let t: TestApp;
let req: ReturnType<typeof as>;
beforeEach(async () => {
  // A platform admin imports for both towns; tenant separation below is then the query layer's.
  ({ t, req } = await appWithTowns(
    [
      [CODE, "珠洲市"],
      [OTHER, "池田町"],
    ],
    "platform_admin",
    null,
  ));
});
afterEach(() => t.cleanup());

function upload(bytes: Uint8Array, code = CODE, query = "", contentType = "application/zip") {
  return req(`/api/v1/municipalities/${code}/gtfs-imports${query}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: new Uint8Array(bytes),
  });
}

async function feeds(code = CODE) {
  const response = await req(`/api/v1/municipalities/${code}/gtfs-feeds`);
  expect(response.status).toBe(200);
  return z.object({ items: z.array(GtfsFeedSummarySchema) }).parse(await response.json()).items;
}

async function departures(feedId: string, date: string, code = CODE) {
  const response = await req(`/api/v1/municipalities/${code}/gtfs-feeds/${feedId}/departures?date=${date}`);
  expect(response.status).toBe(200);
  return StopDeparturesSchema.parse(await response.json());
}

/** The files of a real feed, with the folder prefix removed, as text, to build variants from. */
function feedFiles(relative: string): Record<string, string> {
  const zip = readZip(readSharedData(relative), {
    maxEntries: 50,
    maxTotalBytes: 10_000_000,
    maxRatio: 1000,
  });
  if (!zip.ok) throw new Error(zip.message);
  const decoder = new TextDecoder();
  return Object.fromEntries(
    [...zip.files].map(([name, bytes]) => [name.split("/").at(-1) ?? name, decoder.decode(bytes)]),
  );
}

describe.runIf(hasData)("GTFS-JP import of the real feeds", () => {
  it("imports 珠洲市 with the right counts and departures per stop per service day", async () => {
    const response = await upload(readSharedData(SUZU));
    expect(response.status).toBe(201);
    const result = GtfsImportResultSchema.parse(await response.json());
    expect(result.counts).toEqual({ stops: 50, routes: 4, trips: 7, stopTimes: 144 });
    expect(result.replaced).toBe(false);
    expect(result.version).toBe("2018v1(CC BY)");
    // Counted independently from the CSV (every call but a trip's last, without pickup_type 1).
    const monday = await departures(result.feedId, "2018-06-04");
    expect(monday.serviceIds).toEqual(["平日", "平日土"]);
    expect(monday.totalDepartures).toBe(137);
    expect(monday.stops).toHaveLength(50);
    expect(monday.stops.find((s) => s.stopId === "suzu02")?.departures).toBe(12);
    const saturday = await departures(result.feedId, "2018-06-09");
    expect(saturday.serviceIds).toEqual(["平日土"]);
    expect(saturday.totalDepartures).toBe(17);
    expect((await departures(result.feedId, "2018-06-10")).totalDepartures).toBe(0);
  });

  it("imports 池田町 (86 stops, 8 trips) with its departures", async () => {
    const response = await upload(readSharedData(IKEDA), OTHER);
    expect(response.status).toBe(201);
    const result = GtfsImportResultSchema.parse(await response.json());
    expect(result.counts).toEqual({ stops: 86, routes: 12, trips: 8, stopTimes: 351 });
    const monday = await departures(result.feedId, "2018-06-04", OTHER);
    expect(monday.totalDepartures).toBe(343);
    expect(monday.stops.find((s) => s.stopId === "nkm03")?.departures).toBe(17);
    const timetable = GtfsTimetableSchema.parse(
      await (await req(`/api/v1/municipalities/${OTHER}/gtfs-feeds/${result.feedId}/timetable`)).json(),
    );
    expect(timetable.routes).toHaveLength(12);
    expect(timetable.routes.flatMap((r) => r.trips)).toHaveLength(8);
    expect(timetable.routes.some((r) => r.line.length >= 2)).toBe(true);
  });

  it("re-imports a new version, replacing the old one atomically", async () => {
    const first = GtfsImportResultSchema.parse(await (await upload(readSharedData(SUZU))).json());
    const files = feedFiles(SUZU);
    files["feed_info.txt"] = (files["feed_info.txt"] ?? "").replace("2018v1(CC BY)", "2018v2");
    // The new version drops the last trip's calls at one stop … by dropping a whole trip.
    const tripsLines = (files["trips.txt"] ?? "").trimEnd().split(/\r?\n/);
    const dropped = tripsLines.pop()?.split(",")[2] ?? "";
    files["trips.txt"] = `${tripsLines.join("\n")}\n`;
    files["stop_times.txt"] = (files["stop_times.txt"] ?? "")
      .split(/\r?\n/)
      .filter((l) => !l.startsWith(`${dropped},`))
      .join("\n");
    const response = await upload(storedZip(files));
    expect(response.status).toBe(201);
    const second = GtfsImportResultSchema.parse(await response.json());
    expect(second.replaced).toBe(true);
    expect(second.version).toBe("2018v2");
    expect(second.counts.trips).toBe(6);
    const list = await feeds();
    expect(list.map((f) => f.id)).toEqual([second.feedId]);
    const gone = await req(
      `/api/v1/municipalities/${CODE}/gtfs-feeds/${first.feedId}/departures?date=2018-06-04`,
    );
    expect(gone.status).toBe(404);
  });

  it("refuses a feed with a dangling stop_id, lists every problem and changes nothing", async () => {
    const first = GtfsImportResultSchema.parse(await (await upload(readSharedData(SUZU))).json());
    const files = feedFiles(SUZU);
    const lines = (files["stop_times.txt"] ?? "").split(/\r?\n/);
    lines[2] = (lines[2] ?? "").replace(/,([^,]*),(\d+),/, ",NO_SUCH_STOP,$2,");
    lines[5] = (lines[5] ?? "").replace(/,([^,]*),(\d+),/, ",ALSO_MISSING,$2,");
    files["stop_times.txt"] = lines.join("\n");
    const response = await upload(storedZip(files));
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.title).toBe("gtfs_invalid");
    const paths = body.errors?.map((e) => e.path) ?? [];
    expect(paths).toContain("stop_times.txt:3:stop_id");
    expect(paths).toContain("stop_times.txt:6:stop_id");
    const list = await feeds();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: first.feedId, counts: { stops: 50, trips: 7, stopTimes: 144 } });
  });

  it("refuses a feed without stops.txt", async () => {
    const files = feedFiles(SUZU);
    delete files["stops.txt"];
    const response = await upload(storedZip(files));
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.map((e) => e.path)).toContain("stops.txt:0:");
    expect(await feeds()).toHaveLength(0);
  });

  it("keeps tenants apart: another municipality cannot read the feed", async () => {
    const result = GtfsImportResultSchema.parse(await (await upload(readSharedData(SUZU))).json());
    const response = await req(
      `/api/v1/municipalities/${OTHER}/gtfs-feeds/${result.feedId}/departures?date=2018-06-04`,
    );
    expect(response.status).toBe(404);
    expect(await feeds(OTHER)).toHaveLength(0);
  });

  it("sets the spare capacity a trip offers, validating it", async () => {
    const result = GtfsImportResultSchema.parse(await (await upload(readSharedData(SUZU))).json());
    const path = `/api/v1/municipalities/${CODE}/gtfs-feeds/${result.feedId}/trips/${encodeURIComponent("misaki_平日土_01")}/spare-capacity`;
    const put = (body: unknown, code = CODE) =>
      req(path.replace(CODE, code), {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await put({ spareSeats: 8, spareCargoKg: 30, spareCargoLitres: 200 });
    expect(ok.status).toBe(200);
    expect((await put({ spareSeats: -1, spareCargoKg: 30, spareCargoLitres: 200 })).status).toBe(422);
    expect((await put({ spareSeats: 8, spareCargoKg: 30, spareCargoLitres: 200 }, OTHER)).status).toBe(404);
    const timetable = GtfsTimetableSchema.parse(
      await (await req(`/api/v1/municipalities/${CODE}/gtfs-feeds/${result.feedId}/timetable`)).json(),
    );
    const trip = timetable.routes.flatMap((r) => r.trips).find((x) => x.tripId === "misaki_平日土_01");
    expect(trip).toMatchObject({ spareSeats: 8, spareCargoKg: 30 });
  });
});

describe.skipIf(!hasData)("GTFS-JP re-import keeps the spare capacity set per trip", () => {
  it("keeps it where trip_id and times are unchanged, and reports the trips it dropped", async () => {
    const first = GtfsImportResultSchema.parse(await (await upload(readSharedData(SUZU))).json());
    expect(first.spareCapacity).toEqual({ kept: 0, dropped: [] });
    const offer = (tripId: string, spareSeats: number) =>
      req(
        `/api/v1/municipalities/${CODE}/gtfs-feeds/${first.feedId}/trips/${encodeURIComponent(tripId)}/spare-capacity`,
        {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ spareSeats, spareCargoKg: 20, spareCargoLitres: 100 }),
        },
      );
    const trips = GtfsTimetableSchema.parse(
      await (await req(`/api/v1/municipalities/${CODE}/gtfs-feeds/${first.feedId}/timetable`)).json(),
    )
      .routes.flatMap((r) => r.trips)
      .map((t) => t.tripId);
    const [kept, retimed] = trips.filter((id) => id !== "misaki_平日土_01");
    for (const id of ["misaki_平日土_01", kept, retimed])
      expect((await offer(id as string, 4)).status).toBe(200);

    // The new version: misaki_平日土_01 leaves a minute later; `retimed` is gone. `kept` is as it was.
    const files = feedFiles(SUZU);
    files["stop_times.txt"] = (files["stop_times.txt"] ?? "").replace(
      "misaki_平日土_01,8:00:00,8:00:00,",
      "misaki_平日土_01,8:01:00,8:01:00,",
    );
    const isRetimed = (l: string) => l.split(",")[0] === retimed || l.split(",")[2] === retimed;
    files["trips.txt"] = (files["trips.txt"] ?? "")
      .split(/\r?\n/)
      .filter((l) => !isRetimed(l))
      .join("\n");
    files["stop_times.txt"] = (files["stop_times.txt"] ?? "")
      .split(/\r?\n/)
      .filter((l) => !isRetimed(l))
      .join("\n");
    const second = GtfsImportResultSchema.parse(await (await upload(storedZip(files))).json());
    expect(second.spareCapacity.kept).toBe(1);
    expect(second.spareCapacity.dropped).toEqual(
      expect.arrayContaining([
        {
          tripId: "misaki_平日土_01",
          reason: "times_changed",
          spareSeats: 4,
          spareCargoKg: 20,
          spareCargoLitres: 100,
        },
        { tripId: retimed, reason: "trip_gone", spareSeats: 4, spareCargoKg: 20, spareCargoLitres: 100 },
      ]),
    );
    const timetable = GtfsTimetableSchema.parse(
      await (await req(`/api/v1/municipalities/${CODE}/gtfs-feeds/${second.feedId}/timetable`)).json(),
    );
    const spare = new Map(timetable.routes.flatMap((r) => r.trips).map((t) => [t.tripId, t.spareSeats]));
    expect(spare.get(kept as string)).toBe(4);
    expect(spare.get("misaki_平日土_01")).toBe(0);
  });
});

describe.runIf(hasData && sharedDataAvailable(SUZU_BOUNDARY))(
  "GTFS-JP import: does the feed fit the town?",
  () => {
    /** The import's warnings of one feed, by code. */
    async function warningsOf(bytes: Uint8Array, code = CODE) {
      const response = await upload(bytes, code);
      expect(response.status).toBe(201);
      return GtfsImportResultSchema.parse(await response.json()).warnings;
    }
    const fitCodes = ["GTFS_STOPS_OUTSIDE", "GTFS_STOPS_FAR", "GTFS_CALENDAR_ENDED"];
    const fitWarnings = (warnings: { code: string }[]) => warnings.filter((w) => fitCodes.includes(w.code));
    /** 珠洲市's feed with its calendar (and feed_info) running to 2099. */
    function currentSuzu() {
      const files = feedFiles(SUZU);
      for (const name of ["calendar.txt", "feed_info.txt"])
        files[name] = (files[name] ?? "").replaceAll("20190331", "20991231");
      return storedZip(files);
    }

    it("stores an expired feed, warning that its calendar ended (and not when it runs)", async () => {
      expect(fitWarnings(await warningsOf(readSharedData(SUZU)))).toEqual([
        expect.objectContaining({ code: "GTFS_CALENDAR_ENDED", params: { endDate: "2019-03-31" } }),
      ]);
      expect(await feeds()).toHaveLength(1);
      expect(fitWarnings(await warningsOf(currentSuzu()))).toEqual([]);
    });

    it("warns when another town's feed lies outside the stored boundary, not for the town's own", async () => {
      const boundary = await req(`/api/v1/municipalities/${CODE}/boundary-imports`, {
        method: "POST",
        headers: { "content-type": "application/geo+json" },
        body: new Uint8Array(readSharedData(SUZU_BOUNDARY)),
      });
      expect(boundary.status).toBe(201);
      const ikeda = await warningsOf(readSharedData(IKEDA));
      expect(ikeda).toContainEqual(
        expect.objectContaining({ code: "GTFS_STOPS_OUTSIDE", params: { outside: 86, total: 86 } }),
      );
      expect(await feeds()).toHaveLength(1);
      expect(fitWarnings(await warningsOf(currentSuzu()))).toEqual([]);
    });

    it("without a boundary, warns when the stops lie far from the town's centre", async () => {
      // The test town's centre is in 珠洲市 (37.4 N, 137.2 E); 池田町 is about 200 km away.
      expect(await warningsOf(readSharedData(IKEDA))).toContainEqual(
        expect.objectContaining({ code: "GTFS_STOPS_FAR", params: { outside: 86, total: 86, km: 40 } }),
      );
      expect(fitWarnings(await warningsOf(currentSuzu()))).toEqual([]);
    });
  },
);

describe("GTFS-JP import: broken uploads", () => {
  it("refuses bytes that are not a zip", async () => {
    const response = await upload(new TextEncoder().encode("stop_id,stop_name\n1,駅前\n"));
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors?.[0]?.code).toBe("GTFS_ZIP");
    expect(await feeds()).toHaveLength(0);
  });

  it.runIf(hasData)("refuses a truncated zip and a corrupted one", async () => {
    const bytes = readSharedData(SUZU);
    expect((await upload(bytes.slice(0, Math.floor(bytes.length / 2)))).status).toBe(422);
    const corrupted = bytes.slice();
    for (let i = 200; i < 260; i++) corrupted[i] = (corrupted[i] ?? 0) ^ 0xff;
    const response = await upload(corrupted);
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.[0]?.code).toBe("GTFS_ZIP");
    expect(await feeds()).toHaveLength(0);
  });

  it("refuses an empty body", async () => {
    const response = await upload(new Uint8Array());
    expect(response.status).toBe(422);
  });

  it("refuses a JSON content type with 415", async () => {
    const response = await upload(new TextEncoder().encode("{}"), CODE, "", "application/json");
    expect(response.status).toBe(415);
  });

  it("refuses an upload over the size limit with 413", async () => {
    const small = await createTestApp({ MAX_UPLOAD_BYTES: "1000" });
    await makeMunicipality(small.database, CODE);
    const response = await as(small.app, await signInAs(small, "municipal_staff", CODE))(
      `/api/v1/municipalities/${CODE}/gtfs-imports`,
      {
        method: "POST",
        headers: { "content-type": "application/zip" },
        body: new Uint8Array(5000),
      },
    );
    expect(response.status).toBe(413);
    small.cleanup();
  });

  it("answers 404 for an unknown municipality", async () => {
    const response = await upload(storedZip({ "stops.txt": "" }), "999997");
    expect(response.status).toBe(404);
  });
});

describe("GTFS-JP import: what runs on the feed", () => {
  const demoZip = () => generateDemoTown({ today: "2026-11-23" }).gtfs;
  const stored = async (name: string) => {
    const [row] = await t.database.db.select().from(schema.gtfsFeeds).where(eq(schema.gtfsFeeds.name, name));
    return row?.service;
  };

  it("stores a route bus by default and a school bus when the query says so", async () => {
    expect((await upload(demoZip(), CODE, "?name=community")).status).toBe(201);
    expect((await upload(demoZip(), CODE, "?name=school&service=school_bus")).status).toBe(201);
    expect(await stored("community")).toBe("route_bus");
    expect(await stored("school")).toBe("school_bus");
  });

  it("refuses an unknown service with 422 naming query.service, importing nothing", async () => {
    const response = await upload(demoZip(), CODE, "?name=tram&service=tram");
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.map((e) => e.path)).toContain("query.service");
    expect(await stored("tram")).toBeUndefined();
  });
});
