import {
  type CoverageRequest,
  CoverageResponseSchema,
  type GeoPolygon,
  StopServiceResponseSchema,
} from "@tsunagu/contract";
import { type DemoTown, generateDemoTown } from "@tsunagu/demo";
import { analyseCoverage, haversineM, meshCentre, parseGtfs, stopsWithDepartures } from "@tsunagu/geo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_HEADER, vanWindowsOn } from "../../domain/coverage/convert";
import { ProblemSchema } from "../../lib/openapi";
import { seedDemoTownIfEmpty } from "../../seed/demoTown";
import { makeMunicipality } from "../../test/factories";
import { appOnDatabase, as, createTestApp, signInAs, type TestApp } from "../../test/testApp";

// 2026-11-23 is a Monday (勤労感謝の日, but the demo bus only rests over New Year); 24th a Tuesday.
const TODAY = "2026-11-23";
const TUESDAY = "2026-11-24";
const OTHER = "183822";

let t: TestApp;
let req: ReturnType<typeof as>;
let code: string;
let town: DemoTown;

beforeAll(async () => {
  t = await createTestApp();
  const seeded = await seedDemoTownIfEmpty(t.database.db, { today: TODAY });
  if (!seeded) throw new Error("demo town not seeded");
  code = seeded.municipalityCode;
  await makeMunicipality(t.database, OTHER, "池田町");
  req = as(t.app, await signInAs(t, "platform_admin", null));
  // The same generator and options as the seed: the independent source of truth for the checks below.
  town = generateDemoTown({ today: TODAY });
});
afterAll(() => t.cleanup());

const post = (body: unknown, municipality = code, path = "coverage") =>
  req(`/api/v1/municipalities/${municipality}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function coverage(body: CoverageRequest) {
  const response = await post(body);
  expect(response.status, await response.clone().text()).toBe(200);
  return CoverageResponseSchema.parse(await response.json());
}

async function problemPaths(response: Response) {
  expect(response.status).toBe(422);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (ProblemSchema.parse(await response.json()).errors ?? []).map((e) => e.path);
}

/** The hamlet no bus reaches, and the inhabited cells within 1 km of its centre. */
function blankHamlet() {
  const hamlet = town.hamlets.find((h) => !h.servedByBus);
  if (!hamlet) throw new Error("the demo town has no unserved hamlet");
  const cells = town.meshCells.filter((c) => {
    const p = meshCentre(c.code);
    return c.population > 0 && haversineM(p.lat, p.lon, hamlet.centre.lat, hamlet.centre.lon) <= 1000;
  });
  return { hamlet, cells };
}

/** A square of ±`km` around a point, as a GeoJSON Polygon. */
function square(lat: number, lon: number, km: number): GeoPolygon {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.cos((lat * Math.PI) / 180));
  return {
    type: "Polygon",
    coordinates: [
      [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ],
    ],
  };
}

describe("POST /coverage on the demo town", () => {
  it("gives the same totals and cells as the engine run on the generator's own data", async () => {
    const result = await coverage({ date: TUESDAY, band: "08:00-18:00" });
    const parsed = parseGtfs(town.gtfs);
    if (!parsed.ok) throw new Error("demo GTFS invalid");
    const busStops = stopsWithDepartures(parsed.feed, {
      date: TUESDAY,
      band: { from: 8 * 3600, to: 18 * 3600 },
    });
    const expected = analyseCoverage({
      cells: town.meshCells.map((c) => ({
        code: c.code,
        population: c.population,
        age65plus: c.aged65plus,
        age75plus: c.aged75plus,
      })),
      busStops,
      preset: "rural",
    });
    if (!expected.ok) throw new Error("engine refused the demo input");
    const { blankShare, ...totals } = result.totals;
    expect(totals).toEqual(expected.result.totals);
    expect(blankShare).toBeCloseTo(
      expected.result.totals.blankPopulation / expected.result.totals.population,
      4,
    );
    expect(result.totals.blankPopulation).toBeGreaterThan(0);
    expect(result.totals.blankPopulation).toBeLessThanOrEqual(result.totals.population);
    expect(result.totals.blank75plus).toBeLessThanOrEqual(result.totals.blank65plus);
    expect(result.params).toMatchObject({
      preset: "rural",
      busRadiusM: 500,
      railRadiusM: 1000,
      minDepartures: 1,
      band: "08:00-18:00",
      date: TUESDAY,
      dateSource: "requested",
      clipToBoundary: true,
    });
    expect(result.inputs).toMatchObject({
      feeds: 1,
      boundary: true,
      busStops: busStops.length,
      railStations: 0,
    });
    // Per cell, in the engine's order.
    const served = new Map(result.cells.features.map((f) => [f.properties.code, f.properties.served]));
    town.meshCells.forEach((c, i) => {
      expect(served.get(c.code), c.code).toBe(expected.result.served[i] === 1);
    });
    // Stops carry their departures for sizing on the map.
    const byId = new Map(busStops.map((s) => [s.id, s.departures]));
    for (const f of result.stops.features) {
      expect(f.properties.departures).toBe(byId.get(String(f.properties.stopId)));
    }
  });

  it("marks the cells of the hamlet without a bus as blank, with a distance over the radius", async () => {
    const result = await coverage({ date: TUESDAY });
    const { cells } = blankHamlet();
    expect(cells.length).toBeGreaterThan(0);
    const byCode = new Map(result.cells.features.map((f) => [f.properties.code, f.properties]));
    for (const c of cells) {
      const p = byCode.get(c.code);
      expect(p?.served, c.code).toBe(false);
      const d = p?.distanceM;
      if (d !== null) expect(d).toBeGreaterThan(500);
    }
  });

  it("turns the hamlet served with an on-demand zone over it, and changes the totals by exactly those cells", async () => {
    const { hamlet, cells } = blankHamlet();
    const base = await coverage({ date: TUESDAY });
    const result = await coverage({
      date: TUESDAY,
      whatIf: {
        onDemandZones: [{ name: "大萱デマンド", polygon: square(hamlet.centre.lat, hamlet.centre.lon, 1.5) }],
      },
    });
    const w = result.whatIf;
    if (!w) throw new Error("no what-if in the response");
    expect(w.before).toEqual(base.totals);
    expect(result.totals).toEqual(base.totals);
    for (const c of cells) expect(w.changedCells).toContain(c.code);
    const changed = result.cells.features.filter((f) => f.properties.changed === true);
    expect(changed.map((f) => f.properties.code).sort()).toEqual([...w.changedCells].sort());
    const gained = changed.reduce((s, f) => s + Number(f.properties.population), 0);
    expect(gained).toBeGreaterThan(0);
    expect(w.after.blankPopulation).toBe(w.before.blankPopulation - gained);
    expect(w.after.blankCells).toBe(w.before.blankCells - changed.length);
    expect(w.after.blank75plus).toBeLessThanOrEqual(w.before.blank75plus);
    expect(w.bySupply).toEqual([
      {
        id: "onDemand:0",
        name: "大萱デマンド",
        kind: "onDemand",
        blankCells: changed.length,
        blankPopulation: gained,
      },
    ]);
    expect(w.zones.features).toHaveLength(1);
    for (const f of changed) expect(f.properties.served).toBe(false);
  });

  it("opens the facility vans only where a free window overlaps the band", async () => {
    const day = await coverage({ date: TUESDAY, band: "08:00-18:00", whatIf: { useFacilityVans: {} } });
    const early = await coverage({ date: TUESDAY, band: "06:00-08:00", whatIf: { useFacilityVans: {} } });
    const sunday = await coverage({ date: "2026-11-29", whatIf: { useFacilityVans: { radiusM: 2000 } } });
    const facilityOrgs = new Set(town.organisations.filter((o) => o.kind === "facility").map((o) => o.id));
    const vans = town.vehicles.filter(
      (v) =>
        facilityOrgs.has(v.organisationId) && ["van", "wheelchair_van", "minibus", "car"].includes(v.kind),
    );
    expect(vans.length).toBeGreaterThan(0);
    expect(day.whatIf?.facilityVans.map((v) => v.vehicleId).sort()).toEqual(vans.map((v) => v.id).sort());
    expect(day.whatIf?.facilityVans.every((v) => v.used)).toBe(true);
    expect(day.whatIf?.zones.features).toHaveLength(vans.length);
    // Day-service vans are busy with their own runs before 10:00.
    expect(early.whatIf?.facilityVans.every((v) => v.reason === "outside_band")).toBe(true);
    expect(early.whatIf?.after).toEqual(early.whatIf?.before);
    expect(sunday.whatIf?.facilityVans.every((v) => v.reason === "not_available_that_day")).toBe(true);
    // Near the centre the vans reach cells the bus misses, never fewer.
    const d = day.whatIf;
    if (!d) throw new Error("no what-if");
    expect(d.after.blankPopulation).toBeLessThanOrEqual(d.before.blankPopulation);
  });

  it("counts drone reach for parcels without ever turning a cell served", async () => {
    const result = await coverage({ date: TUESDAY, whatIf: { useDronePorts: { radiusM: 3000 } } });
    const w = result.whatIf;
    if (!w) throw new Error("no what-if");
    expect(w.after).toEqual(w.before);
    expect(w.changedCells).toEqual([]);
    expect(w.drone.cells).toBeGreaterThan(0);
    // The remote hamlet has its own drone port: its blank cells are reached for parcels.
    expect(w.drone.blankPopulation).toBeGreaterThan(0);
    expect(w.zones.features).toHaveLength(town.dronePorts.length);
  });

  it("honours the urban preset, overrides and a stricter departure threshold", async () => {
    const rural = await coverage({ date: TUESDAY });
    const urban = await coverage({ date: TUESDAY, preset: "urban" });
    expect(urban.params).toMatchObject({ busRadiusM: 300, railRadiusM: 500 });
    expect(urban.totals.blankPopulation).toBeGreaterThanOrEqual(rural.totals.blankPopulation);
    const wide = await coverage({ date: TUESDAY, preset: "urban", busRadiusM: 2000 });
    expect(wide.params.busRadiusM).toBe(2000);
    expect(wide.totals.blankPopulation).toBeLessThanOrEqual(rural.totals.blankPopulation);
    const strict = await coverage({ date: TUESDAY, minDepartures: 1000 });
    expect(strict.totals.blankPopulation).toBe(strict.totals.population);
    expect(strict.inputs.qualifyingBusStops).toBe(0);
  });

  it("defaults the date to the first service day on or after today in Tokyo", async () => {
    // Sunday 22 November 2026, noon in Tokyo: the demo bus does not run on Sundays.
    const raw = appOnDatabase(t, () => new Date("2026-11-22T03:00:00Z"));
    const app = { request: as(raw, await signInAs({ app: raw, database: t.database }, "coordinator", code)) };
    const response = await app.request(`/api/v1/municipalities/${code}/coverage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const result = CoverageResponseSchema.parse(await response.json());
    expect(result.params).toMatchObject({ date: "2026-11-23", dateSource: "firstServiceDay" });
    const service = StopServiceResponseSchema.parse(
      await (await app.request(`/api/v1/municipalities/${code}/stops/service`)).json(),
    );
    expect(service).toMatchObject({ date: "2026-11-23", dateSource: "firstServiceDay", band: "08:00-18:00" });
  });

  it("keeps tenants apart: a municipality without data has no cells and none of the demo's stops", async () => {
    const result = CoverageResponseSchema.parse(await (await post({ date: TUESDAY }, OTHER)).json());
    expect(result.cells.features).toEqual([]);
    expect(result.stops.features).toEqual([]);
    expect(result.totals.population).toBe(0);
    expect(result.params.dateSource).toBe("requested");
  });
});

describe("bad requests", () => {
  it.each([
    [{ busRadiusM: 0 }, "body.busRadiusM"],
    [{ busRadiusM: -5 }, "body.busRadiusM"],
    [{ railRadiusM: 1_000_000 }, "body.railRadiusM"],
    [{ minDepartures: 1.5 }, "body.minDepartures"],
    [{ band: "18:00-08:00" }, "body.band"],
    [{ band: "8-18" }, "body.band"],
    [{ date: "2026-02-30" }, "body.date"],
    [{ preset: "suburban" }, "body.preset"],
    [
      { whatIf: { onDemandZones: [{ name: "x", polygon: { type: "Point", coordinates: [137.8, 35.8] } }] } },
      "body.whatIf.onDemandZones.0.polygon.type",
    ],
    [
      { whatIf: { onDemandZones: [{ name: "x", polygon: square(48.85, 2.35, 1) }] } },
      "body.whatIf.onDemandZones.0.polygon.coordinates.0.0",
    ],
    [
      {
        whatIf: {
          onDemandZones: [
            {
              name: "x",
              polygon: {
                type: "Polygon",
                coordinates: [
                  [
                    [137.8, 35.8],
                    [137.9, 35.8],
                    [137.9, 35.9],
                    [137.8, 35.9],
                  ],
                ],
              },
            },
          ],
        },
      },
      "body.whatIf.onDemandZones.0.polygon.coordinates.0",
    ],
    [
      { whatIf: { facilityShuttles: [{ name: "x", windows: [{ from: "10:00", to: "15:00" }] }] } },
      "body.whatIf.facilityShuttles.0.polygon",
    ],
    [
      {
        whatIf: {
          facilityShuttles: [
            {
              name: "x",
              centre: { lat: 35.8, lon: 137.8 },
              radiusM: 1000,
              windows: [{ from: "15:00", to: "10:00" }],
            },
          ],
        },
      },
      "body.whatIf.facilityShuttles.0.windows.0.to",
    ],
    [
      { whatIf: { dronePorts: [{ name: "x", lat: 35.8, lon: 137.8, radiusM: 0 }] } },
      "body.whatIf.dronePorts.0.radiusM",
    ],
    [
      { whatIf: { schoolBusStops: [{ name: "x", lat: 137.8, lon: 35.8 }] } },
      "body.whatIf.schoolBusStops.0.lat",
    ],
  ])("refuses %j naming %s", async (body, path) => {
    expect(await problemPaths(await post(body))).toContain(path);
  });

  it("refuses bad query parameters of the service-per-stop endpoint", async () => {
    const get = (q: string) => req(`/api/v1/municipalities/${code}/stops/service?${q}`);
    expect(await problemPaths(await get("date=2026-13-01"))).toContain("query.date");
    expect(await problemPaths(await get("band=10:00-09:00"))).toContain("query.band");
    expect(await problemPaths(await post({}, code, "coverage/export?format=xlsx"))).toContain("query.format");
  });

  it("answers 404 for an unknown municipality on every endpoint", async () => {
    expect((await post({}, "999997")).status).toBe(404);
    expect((await post({}, "999997", "coverage/export?format=csv")).status).toBe(404);
    expect((await req("/api/v1/municipalities/999997/stops/service")).status).toBe(404);
  });
});

describe("GET /stops/service", () => {
  it("counts departures per stop in the band, as the engine does on the demo feed", async () => {
    const response = await req(
      `/api/v1/municipalities/${code}/stops/service?date=${TUESDAY}&band=10:00-14:00`,
    );
    expect(response.status).toBe(200);
    const body = StopServiceResponseSchema.parse(await response.json());
    const parsed = parseGtfs(town.gtfs);
    if (!parsed.ok) throw new Error("demo GTFS invalid");
    const expected = stopsWithDepartures(parsed.feed, { date: TUESDAY, band: { from: 36_000, to: 50_400 } });
    expect(body.stops.map((s) => [s.stopId, s.departures])).toEqual(
      expected.map((s) => [s.id, s.departures]),
    );
    expect(body.totalDepartures).toBe(expected.reduce((a, s) => a + s.departures, 0));
    expect(body.totalDepartures).toBeGreaterThan(0);
    expect(body).toMatchObject({ date: TUESDAY, dateSource: "requested", band: "10:00-14:00" });
    const whole = StopServiceResponseSchema.parse(
      await (
        await req(`/api/v1/municipalities/${code}/stops/service?date=${TUESDAY}&band=00:00-30:00`)
      ).json(),
    );
    expect(whole.totalDepartures).toBeGreaterThan(body.totalDepartures);
  });
});

describe("exports", () => {
  it("downloads a CSV with a BOM, CRLF and one row per cell", async () => {
    const { hamlet } = blankHamlet();
    const body = {
      date: TUESDAY,
      whatIf: { onDemandZones: [{ name: "z", polygon: square(hamlet.centre.lat, hamlet.centre.lon, 1.5) }] },
    };
    const json = await coverage(body);
    const response = await post(body, code, "coverage/export?format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.endsWith("\r\n")).toBe(true);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines).toHaveLength(json.cells.features.length + 1);
    expect(text.slice(1).replaceAll("\r\n", "")).not.toContain("\n");
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.reduce((s, r) => s + Number(r[1]), 0)).toBe(json.totals.population);
    expect(rows.filter((r) => r[4] === "0").reduce((s, r) => s + Number(r[1]), 0)).toBe(
      json.totals.blankPopulation,
    );
    expect(rows.filter((r) => r[6] === "1").map((r) => r[0])).toEqual(
      json.cells.features.filter((f) => f.properties.changed).map((f) => f.properties.code),
    );
  });

  it("downloads the cells as GeoJSON with the parameters and totals", async () => {
    const response = await post({ date: TUESDAY }, code, "coverage/export?format=geojson");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/geo\+json/);
    expect(response.headers.get("content-disposition")).toMatch(/\.geojson"$/);
    const geojson = (await response.json()) as {
      type: string;
      features: { geometry: { type: string } }[];
      tsunagu: { totals: { blankPopulation: number } };
    };
    expect(geojson.type).toBe("FeatureCollection");
    expect(geojson.features.length).toBe(town.meshCells.length);
    expect(geojson.features.every((f) => f.geometry.type === "Polygon")).toBe(true);
    const json = await coverage({ date: TUESDAY });
    expect(geojson.tsunagu.totals.blankPopulation).toBe(json.totals.blankPopulation);
  });
});

describe("van windows", () => {
  it("takes a dated exception over the weekly windows", () => {
    const van = {
      availability: JSON.stringify([{ days: [1, 2, 3, 4, 5], from: "10:00", to: "15:30" }]),
      availabilityExceptions: JSON.stringify([{ date: "2026-11-25", windows: [] }]),
    };
    expect(vanWindowsOn(van, TUESDAY)).toEqual([{ from: 600, to: 930 }]);
    expect(vanWindowsOn(van, "2026-11-25")).toEqual([]);
    expect(vanWindowsOn(van, "2026-11-28")).toEqual([]);
  });
});

describe("OpenAPI", () => {
  it("documents the three endpoints, the export's media types and the date rule", async () => {
    const doc = (await (await req("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { description?: string; responses: Record<string, { content?: object }> }>
      >;
    };
    const base = "/api/v1/municipalities/{code}";
    expect(doc.paths[`${base}/stops/service`]?.get).toBeDefined();
    expect(doc.paths[`${base}/coverage`]?.post?.description).toContain("first day on or after today");
    const exportOp = doc.paths[`${base}/coverage/export`]?.post;
    expect(Object.keys(exportOp?.responses["200"]?.content ?? {}).sort()).toEqual([
      "application/geo+json",
      "text/csv",
    ]);
    expect(exportOp?.responses["422"]).toBeDefined();
  });
});
