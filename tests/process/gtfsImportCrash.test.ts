import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@tsunagu/db";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { killAll, startServerProcess } from "../helpers/serverProcess";
import { apiSignIn } from "../helpers/signIn";

/**
 * Issue #9, crashes: SIGKILL the real server process while it is inside the
 * transaction of a large GTFS import, restart it on the same database file,
 * and show that the import was all-or-nothing, that the feeds imported before
 * are intact, and that every request is there exactly once.
 */

const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-crash-"));
const databaseUrl = `file:${path.join(dir, "crash.db")}`;
const children: ChildProcess[] = [];
afterAll(() => {
  killAll(children);
  rmSync(dir, { recursive: true, force: true });
});

/** The real server process on the test's database file. */
function startServer() {
  // One account takes all the test's requests (a phone desk); the default burst is sized for a person.
  return startServerProcess(databaseUrl, { REQUEST_CREATE_BURST: "1000" }, children);
}

interface FeedShape {
  version: string;
  stops: number;
  routes: number;
  trips: number;
  stopsPerTrip: number;
}
interface Counts {
  stops: number;
  routes: number;
  trips: number;
  stopTimes: number;
}

/** A valid GTFS-JP zip of the given size; every row is generated, so its counts are known exactly. */
function buildFeed(shape: FeedShape): { zip: Uint8Array; counts: Counts } {
  const lines = (header: string, rows: Iterable<string>) => `${header}\n${[...rows].join("\n")}\n`;
  function* range(n: number) {
    for (let i = 0; i < n; i++) yield i;
  }
  const map = <T>(n: number, f: (i: number) => T) => [...range(n)].map(f);
  const time = (seconds: number) =>
    [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
      .map((x) => String(x).padStart(2, "0"))
      .join(":");
  const stopTimes = function* () {
    for (let t = 0; t < shape.trips; t++) {
      const start = 5 * 3600 + (t % 900) * 60;
      for (let k = 0; k < shape.stopsPerTrip; k++) {
        const at = time(start + k * 90);
        yield `T${t},${at},${at},S${(t * 7 + k) % shape.stops},${k + 1}`;
      }
    }
  };
  const files = {
    "agency.txt": lines("agency_id,agency_name,agency_url,agency_timezone,agency_lang", [
      "A1,つなぐ試験交通,https://example.jp,Asia/Tokyo,ja",
    ]),
    "stops.txt": lines(
      "stop_id,stop_name,stop_lat,stop_lon",
      map(
        shape.stops,
        (i) =>
          `S${i},試験停留所${i},${(37 + (i % 100) * 0.001).toFixed(4)},${(137 + Math.floor(i / 100) * 0.001).toFixed(4)}`,
      ),
    ),
    "routes.txt": lines(
      "route_id,agency_id,route_short_name,route_long_name,route_type",
      map(shape.routes, (i) => `R${i},A1,${i + 1},試験線${i + 1},3`),
    ),
    "calendar.txt": lines(
      "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date",
      ["WD,1,1,1,1,1,0,0,20260101,20261231"],
    ),
    "trips.txt": lines(
      "route_id,service_id,trip_id",
      map(shape.trips, (t) => `R${t % shape.routes},WD,T${t}`),
    ),
    "stop_times.txt": lines("trip_id,arrival_time,departure_time,stop_id,stop_sequence", stopTimes()),
    "feed_info.txt": lines("feed_publisher_name,feed_publisher_url,feed_lang,feed_version", [
      `つなぐ試験,https://example.jp,ja,${shape.version}`,
    ]),
  };
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
  return {
    zip,
    counts: {
      stops: shape.stops,
      routes: shape.routes,
      trips: shape.trips,
      stopTimes: shape.trips * shape.stopsPerTrip,
    },
  };
}

interface FeedSummary {
  id: string;
  name: string;
  version: string | null;
  counts: Counts;
}

type Headers = Record<string, string>;

async function listFeeds(url: string, base: string, auth: Headers): Promise<FeedSummary[]> {
  const response = await fetch(`${url}${base}/gtfs-feeds`, { headers: auth });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: FeedSummary[] }).items;
}

async function timetable(url: string, base: string, auth: Headers, feedId: string): Promise<unknown> {
  const response = await fetch(`${url}${base}/gtfs-feeds/${feedId}/timetable`, { headers: auth });
  expect(response.status).toBe(200);
  return response.json();
}

function importFeed(url: string, base: string, auth: Headers, name: string, zip: Uint8Array) {
  return fetch(`${url}${base}/gtfs-imports?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/zip" },
    body: new Uint8Array(zip),
  });
}

const NOTES = "crash-test ";

function requestBody(key: string, places: string[], date: string) {
  return JSON.stringify({
    kind: "ride",
    date,
    earliest: "09:00",
    latest: "10:30",
    pickup: { placeId: places[0] },
    dropoff: { placeId: places[1] },
    purpose: "clinic",
    source: "phone",
    notes: `${NOTES}${key}`,
  });
}

function postRequest(url: string, base: string, auth: Headers, key: string, body: string) {
  return fetch(`${url}${base}/requests`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", "idempotency-key": key },
    body,
  });
}

describe("SIGKILL during a GTFS import", () => {
  it("keeps the import all-or-nothing, earlier feeds intact and every request exactly once", async () => {
    const first = startServer();
    const url = await first.url;
    const staff = await apiSignIn(url, "municipal_staff");
    const code = (
      (await (await fetch(`${url}/api/v1/municipalities`)).json()) as { items: { code: string }[] }
    ).items[0]?.code;
    expect(code).toBeDefined();
    const base = `/api/v1/municipalities/${code}`;

    // Two small feeds first: "A" must survive untouched; "B" v1 is what the big import replaces.
    const a = buildFeed({ version: "A-1", stops: 30, routes: 2, trips: 20, stopsPerTrip: 10 });
    const b1 = buildFeed({ version: "B-1", stops: 40, routes: 3, trips: 30, stopsPerTrip: 12 });
    const b2 = buildFeed({ version: "B-2", stops: 2_000, routes: 40, trips: 4_000, stopsPerTrip: 60 });
    expect((await importFeed(url, base, staff, "A線", a.zip)).status).toBe(201);
    expect((await importFeed(url, base, staff, "B線", b1.zip)).status).toBe(201);
    const feedsBefore = await listFeeds(url, base, staff);
    const feedA = feedsBefore.find((f) => f.name === "A線");
    const feedB = feedsBefore.find((f) => f.name === "B線");
    expect(feedA?.counts).toEqual(a.counts);
    expect(feedB?.counts).toEqual(b1.counts);
    const timetableA = await timetable(url, base, staff, feedA?.id ?? "");
    const timetableB1 = await timetable(url, base, staff, feedB?.id ?? "");

    // Requests taken before the crash, each under its own Idempotency-Key.
    const places = ((await (await fetch(`${url}${base}/places`)).json()) as { items: { id: string }[] }).items
      .slice(0, 2)
      .map((p) => p.id);
    const date = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const sent = new Map<string, string>();
    const created = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const key = `crash-${randomUUID()}`;
      sent.set(key, requestBody(key, places, date));
      const response = await postRequest(url, base, staff, key, sent.get(key) ?? "");
      expect(response.status).toBe(201);
      created.set(key, ((await response.json()) as { id: string }).id);
    }

    // A second connection to the file watches the write lock: busy for a while = the import's transaction is open.
    const probe = await openDatabase(databaseUrl);
    await probe.client.execute("PRAGMA busy_timeout = 0");
    const writerActive = async () => {
      try {
        // Sequential calls reuse the probe's one pooled connection, the one with busy_timeout 0.
        const tx = await probe.client.transaction("write");
        await tx.rollback();
        return false;
      } catch (error) {
        if (/SQLITE_BUSY|locked/i.test(String(error))) return true;
        throw error;
      }
    };

    const upload = importFeed(url, base, staff, "B線", b2.zip).then(
      (r) => ({ status: r.status }),
      (error: unknown) => ({ error }),
    );
    const started = Date.now();
    let busySince: number | undefined;
    while (Date.now() - started < 30_000) {
      if (await writerActive()) {
        busySince ??= Date.now();
        // Held for 200 ms: no session touch or audit write lasts that long; only the import does.
        if (Date.now() - busySince >= 200) break;
      } else busySince = undefined;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(busySince, "the import's write transaction was never observed").toBeDefined();
    // A request arriving during the import waits for the write lock and dies with the process.
    const inFlightKey = `crash-${randomUUID()}`;
    sent.set(inFlightKey, requestBody(inFlightKey, places, date));
    const inFlight = postRequest(url, base, staff, inFlightKey, sent.get(inFlightKey) ?? "").then(
      (r) => r.status,
      () => "no answer" as const,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(await writerActive()).toBe(true);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    probe.close();
    // The import never answered: the kill landed before its commit was acknowledged.
    expect("error" in (await upload)).toBe(true);
    // It was queued behind the import's write lock, so it never got an answer either.
    expect(await inFlight).toBe("no answer");

    const second = startServer();
    const url2 = await second.url;
    const staff2 = await apiSignIn(url2, "municipal_staff");
    const feedsAfter = await listFeeds(url2, base, staff2);
    // The demo town's own feed is there too: the same feeds as before the crash, by id.
    const others = (feeds: FeedSummary[]) => feeds.filter((f) => f.name !== "B線");
    expect(feedsAfter.map((f) => f.name).sort()).toEqual(feedsBefore.map((f) => f.name).sort());
    expect(others(feedsAfter)).toEqual(others(feedsBefore));

    // Feed A: the same rows and the same timetable as before the crash.
    const feedAAfter = feedsAfter.find((f) => f.name === "A線");
    expect(feedAAfter?.id).toBe(feedA?.id);
    expect(feedAAfter?.counts).toEqual(a.counts);
    expect(await timetable(url2, base, staff2, feedAAfter?.id ?? "")).toEqual(timetableA);

    // Feed B: all of the old version or all of the new one, never a mix.
    const feedBAfter = feedsAfter.find((f) => f.name === "B線");
    if (feedBAfter?.version === "B-1") {
      expect(feedBAfter.id).toBe(feedB?.id);
      expect(feedBAfter.counts).toEqual(b1.counts);
      expect(await timetable(url2, base, staff2, feedBAfter.id)).toEqual(timetableB1);
    } else {
      expect(feedBAfter?.version).toBe("B-2");
      expect(feedBAfter?.counts).toEqual(b2.counts);
    }

    // No row outside a listed feed, and the file is sound.
    const check = await openDatabase(databaseUrl);
    try {
      const integrity = await check.client.execute("PRAGMA integrity_check");
      expect(integrity.rows[0]?.[0]).toBe("ok");
      const listed = feedsAfter.reduce((sum, f) => sum + f.counts.stopTimes, 0);
      const stored = await check.client.execute("SELECT count(*) FROM gtfs_stop_times");
      expect(Number(stored.rows[0]?.[0])).toBe(listed);
      const storedTrips = await check.client.execute("SELECT count(*) FROM gtfs_trips");
      expect(Number(storedTrips.rows[0]?.[0])).toBe(feedsAfter.reduce((sum, f) => sum + f.counts.trips, 0));

      // Every request once: retries after the restart replay the stored answer or create the lost one.
      for (const [key, body] of sent) {
        const response = await postRequest(url2, base, staff2, key, body);
        expect(response.status).toBe(201);
        const { id } = (await response.json()) as { id: string };
        if (created.has(key)) {
          expect(response.headers.get("idempotent-replayed")).toBe("true");
          expect(id).toBe(created.get(key));
        }
      }
      const perKey = await check.client.execute({
        sql: "SELECT notes, count(*) AS n FROM requests WHERE notes LIKE ? GROUP BY notes",
        args: [`${NOTES}%`],
      });
      expect(perKey.rows.length).toBe(sent.size);
      expect(perKey.rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      check.close();
    }
    // The big feed is valid: imported again on the restarted server it replaces B completely.
    const importStarted = Date.now();
    const again = await importFeed(url2, base, staff2, "B線", b2.zip);
    const importMs = Date.now() - importStarted;
    expect(again.status).toBe(201);
    expect(((await again.json()) as { counts: Counts }).counts).toEqual(b2.counts);
    console.info(
      `GTFS crash test: killed mid-import, the new feed was ${feedBAfter?.version === "B-2" ? "fully there" : "absent (rolled back)"}; ` +
        `the request in flight was created once by its retry; the full import takes ${importMs} ms.`,
    );

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 60_000);
});
