import { describe, expect, it } from "vitest";
import { clipCellsToArea, parseArea } from "../src/area";
import type { CoverageCell, CoverageStop } from "../src/coverage";
import { distributeConcealed, parseEstatMesh } from "../src/estat";
import { meshCentre, toMeshCode } from "../src/mesh";
import { parseN02Stations } from "../src/stations";
import { analyseWhatIf } from "../src/whatif";
import { realData, realText } from "./realData";

// Three 1 km cells in a row west→east near 小菅村; one bus stop serves only the first.
const codes = [0, 1, 2].map((k) => toMeshCode(35.7599, 138.9 + k * (45 / 3600), "3rd"));
const centres = codes.map(meshCentre);
const cells: CoverageCell[] = codes.map((code, k) => ({
  code,
  population: 100 * (k + 1),
  age65plus: 10 * (k + 1),
  age75plus: 5 * (k + 1),
}));
const c0 = centres[0] as { lat: number; lon: number };
const c1 = centres[1] as { lat: number; lon: number };
const c2 = centres[2] as { lat: number; lon: number };
const busStops: CoverageStop[] = [{ id: "bus", lat: c0.lat, lon: c0.lon, departures: 5 }];
const box = (p: { lat: number; lon: number }, d = 0.002) => ({
  type: "Polygon",
  coordinates: [
    [
      [p.lon - d, p.lat - d],
      [p.lon + d, p.lat - d],
      [p.lon + d, p.lat + d],
      [p.lon - d, p.lat + d],
      [p.lon - d, p.lat - d],
    ],
  ],
});

describe("analyseWhatIf", () => {
  it("counts cells an on-demand zone newly serves, before and after", () => {
    const r = analyseWhatIf({
      coverage: { cells, busStops },
      supply: { onDemandZones: [{ id: "zone", area: box(c1) }] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.before).toMatchObject({
      blankCells: 2,
      blankPopulation: 500,
      blank65plus: 50,
      blank75plus: 25,
    });
    expect(r.result.after).toMatchObject({
      blankCells: 1,
      blankPopulation: 300,
      blank65plus: 30,
      blank75plus: 15,
    });
    expect(r.result.changed).toEqual([
      { code: codes[1], population: 200, age65plus: 20, age75plus: 10, servedBy: ["zone"] },
    ]);
    expect(r.result.bySupply).toEqual([
      { id: "zone", kind: "onDemand", blankCells: 1, blankPopulation: 200 },
    ]);
  });

  it("counts a facility shuttle only when a window overlaps the band", () => {
    const shuttle = { id: "van", centre: c2, radiusM: 300, windows: [{ from: 10 * 3600, to: 15.5 * 3600 }] };
    const morning = analyseWhatIf({
      coverage: { cells, busStops },
      supply: { facilityShuttles: [shuttle] },
      band: { from: 7 * 3600, to: 8 * 3600 },
    });
    expect(morning.ok && morning.result.changed).toEqual([]);
    const midday = analyseWhatIf({
      coverage: { cells, busStops },
      supply: { facilityShuttles: [shuttle] },
      band: { from: 9 * 3600, to: 11 * 3600 },
    });
    expect(midday.ok && midday.result.changed.map((c) => c.code)).toEqual([codes[2]]);
    const allDay = analyseWhatIf({
      coverage: { cells, busStops },
      supply: { facilityShuttles: [{ ...shuttle, centre: undefined, area: box(c2) }] },
    });
    expect(allDay.ok && allDay.result.after.blankCells).toBe(1);
  });

  it("serves cells near school-bus stops (混乗), listing every supply that reaches them", () => {
    const r = analyseWhatIf({
      coverage: { cells, busStops },
      supply: {
        schoolBusStops: [{ id: "school", lat: c2.lat, lon: c2.lon }],
        onDemandZones: [{ id: "zone", area: box(c2) }],
      },
    });
    expect(r.ok && r.result.changed).toEqual([
      { code: codes[2], population: 300, age65plus: 30, age75plus: 15, servedBy: ["zone", "school"] },
    ]);
  });

  it("reports drone reach separately without serving anyone", () => {
    const r = analyseWhatIf({
      coverage: { cells, busStops },
      supply: { dronePorts: [{ id: "port", lat: c1.lat, lon: c1.lon, radiusM: 1500 }] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.after).toEqual(r.result.before);
    // 1,500 m from the middle cell reaches all three centres (~1.13 km apart).
    expect(r.result.drone).toEqual({
      cells: 3,
      population: 600,
      blankCells: 2,
      blankPopulation: 500,
      blank65plus: 50,
      blank75plus: 25,
    });
  });

  it("refuses bad supply with field names", () => {
    const r = analyseWhatIf({
      coverage: { cells, busStops },
      supply: {
        onDemandZones: [{ id: "z", area: { type: "Point", coordinates: [1, 2] } }],
        facilityShuttles: [{ id: "z", windows: [{ from: 5, to: 1 }] }],
        dronePorts: [{ id: "d", lat: 35, lon: 139, radiusM: -1 }],
      },
      band: { from: 10, to: 10 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual([
      "band",
      "supply.onDemandZones[0].area.type",
      "supply.facilityShuttles[0].id",
      "supply.facilityShuttles[0].windows[0]",
      "supply.facilityShuttles[0]",
      "supply.dronePorts[0].radiusM",
    ]);
  });
});

const mesh2020 = realData("yamanashi-kosuge/pop_2020_5338.zip");
const kosugeText = realText("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson");
const stationsText = realText("yamanashi-kosuge/rail_stations_n02_2023_clip.geojson");

describe.skipIf(!mesh2020 || !kosugeText || !stationsText)(
  "real data: an on-demand zone over all of 小菅村",
  () => {
    it("turns every blank cell of the village served; a drone port at the village centre reaches some", () => {
      const rows = parseEstatMesh(mesh2020 as Uint8Array);
      const boundary = JSON.parse(kosugeText as string);
      const area = parseArea(boundary);
      const st = parseN02Stations(JSON.parse(stationsText as string));
      if (!rows.ok || !area.ok || !st.ok) throw new Error("fixtures");
      const cells = clipCellsToArea(distributeConcealed(rows.rows), area.area);
      // No bus feed for 小菅村 here and no station within 1 km: all 14 cells (684 people) start blank.
      const r = analyseWhatIf({
        coverage: { cells, busStops: [], railStations: st.stations },
        supply: {
          onDemandZones: [{ id: "kosuge-demand", area: boundary }],
          dronePorts: [{ id: "port", lat: 35.7599, lon: 138.9405, radiusM: 3000 }],
        },
      });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.result.before).toMatchObject({
        cells: 14,
        blankCells: 14,
        blankPopulation: 684,
        blank75plus: 165,
      });
      expect(r.result.after).toMatchObject({
        blankCells: 0,
        blankPopulation: 0,
        blank65plus: 0,
        blank75plus: 0,
      });
      expect(r.result.changed).toHaveLength(14);
      // Drone reach is reported, but every cell is already served by the zone.
      expect(r.result.drone.cells).toBeGreaterThan(0);
      expect(r.result.drone.cells).toBeLessThan(14);
      expect(r.result.drone.blankCells).toBe(0);
    });
  },
);
