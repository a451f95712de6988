import { describe, expect, it } from "vitest";
import { areaContains, clipCellsToArea, parseArea } from "../src/area";
import { meshBounds, toMeshCode } from "../src/mesh";
import { haversineM, parseN02Stations } from "../src/stations";
import { realText } from "./realData";

const square = (w: number, s: number, e: number, n: number) => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];

describe("parseArea / areaContains", () => {
  it("handles Polygon with a hole, MultiPolygon, Feature and FeatureCollection", () => {
    const withHole = {
      type: "Polygon",
      coordinates: [...square(139, 35, 140, 36), ...square(139.4, 35.4, 139.6, 35.6)],
    };
    const a = parseArea({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: withHole }],
    });
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(areaContains(a.area, 35.2, 139.2)).toBe(true);
    expect(areaContains(a.area, 35.5, 139.5)).toBe(false); // in the hole
    expect(areaContains(a.area, 36.5, 139.5)).toBe(false);
    const multi = parseArea({
      type: "Feature",
      geometry: {
        type: "MultiPolygon",
        coordinates: [square(139, 35, 139.1, 35.1), square(140, 36, 140.1, 36.1)],
      },
    });
    expect(multi.ok && areaContains(multi.area, 36.05, 140.05)).toBe(true);
    expect(multi.ok && areaContains(multi.area, 35.5, 139.5)).toBe(false);
  });

  it("reports where the GeoJSON is wrong", () => {
    const r = parseArea(
      {
        type: "FeatureCollection",
        features: [
          { geometry: { type: "Point", coordinates: [1, 2] } },
          {
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [139, 35],
                  [139, "x"],
                  [140, 36],
                  [139, 35],
                ],
              ],
            },
          },
        ],
      },
      "zone",
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          field: "zone.features[0].geometry.type",
          code: "GEOJSON_INVALID",
          message: "expected Polygon or MultiPolygon, got Point",
        },
        {
          field: "zone.features[1].geometry.coordinates[0][1]",
          code: "GEOJSON_INVALID",
          message: "a position must be [lon, lat] numbers",
        },
      ],
    });
    expect(parseArea({ type: "FeatureCollection", features: [] })).toMatchObject({
      ok: false,
      problems: [{ message: "no polygon found" }],
    });
  });

  it("clips cells by their centre", () => {
    const a = parseArea({ type: "Polygon", coordinates: square(139.5, 35.5, 139.52, 35.52) });
    if (!a.ok) throw new Error("bad fixture");
    // A 1 km cell whose centre is inside the 0.02° square, and its northern neighbour (centre outside).
    const inside = toMeshCode(35.505, 139.507, "3rd");
    const north = toMeshCode(35.53, 139.507, "3rd");
    const b = meshBounds(inside);
    expect((b.south + b.north) / 2).toBeLessThan(35.52);
    expect(clipCellsToArea([{ code: inside }, { code: north }], a.area)).toEqual([{ code: inside }]);
  });
});

const suzu = realText("ishikawa-suzu/boundary_n03_17205_suzu.geojson");
const stations = realText("yamanashi-kosuge/rail_stations_n02_2023_clip.geojson");

describe.skipIf(!suzu)("real data: 珠洲市 boundary (432 polygons with islets)", () => {
  it("contains the city hall and an islet, not the sea", () => {
    const a = parseArea(JSON.parse(suzu as string));
    if (!a.ok) throw new Error(JSON.stringify(a.problems.slice(0, 2)));
    expect(a.area.polygons).toHaveLength(432);
    expect(areaContains(a.area, 37.4367, 137.2605)).toBe(true); // 珠洲市役所 (上戸町北方)
    expect(areaContains(a.area, 37.3, 137.45)).toBe(false); // 富山湾
    // A vertex of a tiny islet polygon (boundary counts as inside).
    const small = a.area.polygons.find((p) => p.bbox[2] - p.bbox[0] < 0.001);
    expect(small).toBeDefined();
    const ring = small?.coordinates[0] ?? [];
    const [lon, lat] = ring[0] as [number, number];
    expect(areaContains(a.area, lat, lon)).toBe(true);
  });
});

describe.skipIf(!stations)("real data: N02 stations near 小菅村", () => {
  it("reads one point per station feature, on its platform line", () => {
    const r = parseN02Stations(JSON.parse(stations as string));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.stations).toHaveLength(46);
    const otsuki = r.stations.find((s) => s.name === "大月" && s.operator === "東日本旅客鉄道");
    expect(otsuki).toBeDefined();
    // The midpoint lies between the platform's end vertices [138.94406, 35.61387] … [138.94107, 35.61264].
    expect(otsuki?.lon).toBeGreaterThan(138.94107);
    expect(otsuki?.lon).toBeLessThan(138.94406);
    expect(haversineM(otsuki?.lat as number, otsuki?.lon as number, 35.61387, 138.94406)).toBeLessThan(200);
  });

  it("refuses what is not a station collection", () => {
    expect(parseN02Stations({ type: "Feature" }).ok).toBe(false);
    const bad = parseN02Stations({
      type: "FeatureCollection",
      features: [{ geometry: { type: "Polygon", coordinates: [] } }],
    });
    expect(bad).toMatchObject({ ok: false, problems: [{ field: "stations.features[0].geometry" }] });
  });

  it("measures distance (1° of latitude ≈ 111.2 km)", () => {
    expect(haversineM(35, 139, 36, 139)).toBeCloseTo(111_195, -2);
  });
});
