import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildRegionalTravel,
  buildRegionalTravelSync,
  type FetchLike,
  KindSpeedProvider,
  OsrmError,
  OsrmTableProvider,
  UNREACHABLE_SECONDS,
} from "../../src/index";
import { problemOf, pt, vehicle } from "./region";

const recorded = JSON.parse(readFileSync(new URL("./fixtures/osrm-table.json", import.meta.url), "utf8"));
const points = [
  { lat: 35.77, lon: 137.8 },
  { lat: 35.78, lon: 137.83 },
  { lat: 35.9, lon: 137.9 },
];

function fakeFetch(body: unknown, status = 200): FetchLike & { urls: string[] } {
  const urls: string[] = [];
  const f = (async (url: string) => {
    urls.push(url);
    return { ok: status < 400, status, json: async () => body };
  }) as FetchLike & { urls: string[] };
  f.urls = urls;
  return f;
}

describe("KindSpeedProvider", () => {
  it("uses 1.3 circuity and per-kind speeds", () => {
    const p = new KindSpeedProvider();
    const car = p.table([pt(0, 0), pt(10, 0)], "car");
    const bus = p.table([pt(0, 0), pt(10, 0)], "route_bus");
    expect(car.distances[1]).toBeCloseTo(13_000, -2);
    expect(car.durations[1]).toBeCloseTo((13_000 / 35_000) * 3600, -1);
    expect(bus.durations[1]).toBeCloseTo((13_000 / 30_000) * 3600, -1);
    expect(p.table([pt(0, 0), pt(10, 0)], "car")).toBe(car); // cached
  });
});

describe("OsrmTableProvider (recorded response)", () => {
  it("asks /table with lon,lat pairs and reads durations and distances, null = unreachable", async () => {
    const f = fakeFetch(recorded);
    const osrm = new OsrmTableProvider("http://osrm:5000/", f);
    const t = await osrm.table(points, "van");
    expect(f.urls[0]).toBe(
      "http://osrm:5000/table/v1/driving/137.800000,35.770000;137.830000,35.780000;137.900000,35.900000?annotations=duration,distance",
    );
    expect(t.durations[1]).toBeCloseTo(412.3);
    expect(t.distances[3]).toBeCloseTo(3990.2);
    expect(t.durations[2]).toBe(Number.POSITIVE_INFINITY);
    // Buses are slower than OSRM's car profile.
    const bus = await new OsrmTableProvider("http://osrm:5000", fakeFetch(recorded)).table(
      points,
      "route_bus",
    );
    expect(bus.durations[1]).toBeCloseTo((412.3 * 35) / 30);
    // Cached per run.
    await osrm.table(points, "van");
    expect(f.urls).toHaveLength(1);
  });

  it("rejects a non-Ok code, an HTTP error and a malformed matrix", async () => {
    await expect(
      new OsrmTableProvider("http://x", fakeFetch({ code: "InvalidQuery", message: "bad coords" })).table(
        points,
        "car",
      ),
    ).rejects.toMatchObject({ code: "InvalidQuery" });
    await expect(
      new OsrmTableProvider("http://x", fakeFetch({ code: "TooBig" }, 400)).table(points, "car"),
    ).rejects.toBeInstanceOf(OsrmError);
    await expect(
      new OsrmTableProvider("http://x", fakeFetch({ code: "Ok", durations: [[0]], distances: [[0]] })).table(
        points,
        "car",
      ),
    ).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("feeds the planner: unreachable cells become UNREACHABLE_SECONDS, failures an error status", async () => {
    const problem = problemOf({
      vehicles: [vehicle("v", points[0] as (typeof points)[0], { end: points[1] })],
      transferPoints: [{ id: "t", name: "t", point: points[2] as (typeof points)[0], minTransferSeconds: 0 }],
    });
    const ok = await buildRegionalTravel(problem, new OsrmTableProvider("http://x", fakeFetch(recorded)));
    expect(ok.status).toBe("ok");
    if (ok.status === "ok") expect(ok.travel.tables.van?.durations[2]).toBe(UNREACHABLE_SECONDS);
    const bad = await buildRegionalTravel(
      problem,
      new OsrmTableProvider("http://x", fakeFetch({ code: "NoTable" })),
    );
    expect(bad.status).toBe("error");
    expect(
      buildRegionalTravelSync(problem, new OsrmTableProvider("http://x", fakeFetch(recorded))).status,
    ).toBe("error");
  });
});
