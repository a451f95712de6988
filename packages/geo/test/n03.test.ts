import { describe, expect, it } from "vitest";
import { encodeCp932 } from "../../../tests/helpers/cp932";
import { areaContains, parseArea } from "../src/area";
import { readN03Boundary, splitMunicipalityName } from "../src/n03";
import { realData, realText } from "./realData";

const utf8 = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
const square = (w: number, s: number, d = 0.01) => [
  [
    [w, s],
    [w + d, s],
    [w + d, s + d],
    [w, s + d],
    [w, s],
  ],
];
const n03 = (props: Record<string, unknown>, coordinates: unknown, type = "Polygon") => ({
  type: "Feature",
  properties: { N03_001: null, N03_002: null, N03_003: null, N03_004: null, N03_005: null, ...props },
  geometry: { type, coordinates },
});
const collection = (...features: unknown[]) => ({ type: "FeatureCollection", features });

describe("splitMunicipalityName", () => {
  it("splits prefecture, 郡, 振興局 and designated city, never inside a name", () => {
    const cases: [string, string | null, string | null, string][] = [
      ["山梨県北都留郡小菅村", "北都留郡", null, "小菅村"],
      ["北海道河東郡上士幌町", "河東郡", null, "上士幌町"],
      ["北海道十勝総合振興局河東郡上士幌町", "河東郡", null, "上士幌町"],
      ["福島県郡山市", null, null, "郡山市"],
      ["奈良県大和郡山市", null, null, "大和郡山市"],
      ["岐阜県郡上市", null, null, "郡上市"],
      ["三重県四日市市", null, null, "四日市市"],
      ["北海道札幌市中央区", null, "札幌市", "札幌市中央区"],
      ["東京都千代田区", null, null, "千代田区"],
      ["和歌山県東牟婁郡那智勝浦町", "東牟婁郡", null, "那智勝浦町"],
    ];
    for (const [full, district, designatedCity, name] of cases)
      expect(splitMunicipalityName(full), full).toMatchObject({ district, designatedCity, name });
    expect(splitMunicipalityName("北海道十勝総合振興局河東郡上士幌町")?.subprefecture).toBe("十勝総合振興局");
    expect(splitMunicipalityName("ニューヨーク市")).toBeUndefined();
    expect(splitMunicipalityName("山梨県")).toBeUndefined();
  });
});

describe("readN03Boundary on made files", () => {
  const kosuge = { N03_001: "山梨県", N03_003: "北都留郡", N03_004: "小菅村", N03_007: "19442" };
  const tabayama = { N03_001: "山梨県", N03_003: "北都留郡", N03_004: "丹波山村", N03_007: "19443" };

  it("keeps the features of the code (5 or 6 digits, as a string or a number) and names them from N03", () => {
    const file = collection(
      n03(tabayama, square(138.9, 35.8)),
      n03(kosuge, square(138.95, 35.72)),
      n03({ ...kosuge, N03_007: "194425" }, [square(138.97, 35.74), square(138.99, 35.74)], "MultiPolygon"),
      n03({ N03_001: "北海道", N03_004: "上士幌町", N03_007: 1633 }, square(143.1, 43.3)),
    );
    const r = readN03Boundary(utf8(file), "194425");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.boundary).toMatchObject({
      code: "194425",
      code5: "19442",
      prefecture: "山梨県",
      district: "北都留郡",
      designatedCity: null,
      name: "小菅村",
      fullName: "山梨県北都留郡小菅村",
      matchedBy: "n03_007",
      features: [1, 2],
      polygons: 3,
      holes: 0,
      vertices: 15,
      encoding: "utf-8",
    });
    expect(r.warnings).toEqual([]);
    expect(r.boundary.bbox).toEqual([138.95, 35.72, 139, 35.75]);
    // 0.01° squares near 35.7°N: ~1.11 km × 0.90 km each.
    expect(r.boundary.areaKm2).toBeCloseTo(3 * 1.1132 * 0.9037, 1);
    const hokkaido = readN03Boundary(utf8(file), "01633");
    expect(hokkaido).toMatchObject({
      ok: true,
      boundary: { code: "016331", name: "上士幌町", features: [3] },
    });
  });

  it("keeps holes and islets, and subtracts the holes from the area", () => {
    const withHole = [square(138.9, 35.7, 0.02)[0], square(138.905, 35.705, 0.01)[0]];
    const file = collection(
      n03(kosuge, [withHole, square(138.95, 35.72, 0.001)], "MultiPolygon"),
      n03(kosuge, square(138.96, 35.73, 0.001)),
    );
    const r = readN03Boundary(utf8(file), "19442");
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.boundary).toMatchObject({ polygons: 3, holes: 1, vertices: 20 });
    expect(r.boundary.geometry.coordinates[0]).toEqual(withHole);
    // 0.02² − 0.01² = 3 × 0.01², plus two islets of 0.001²: 302 × 0.001² square degrees.
    const oneMilliDegreeSquared = 0.1113 * 0.0903;
    expect(r.boundary.areaKm2).toBeCloseTo(302 * oneMilliDegreeSquared, 1);
    const area = parseArea(r.boundary.geometry);
    expect(area.ok && areaContains(area.area, 35.71, 138.91)).toBe(false); // in the hole
    expect(area.ok && areaContains(area.area, 35.702, 138.902)).toBe(true);
  });

  it("reads Shift_JIS as published, and names the codes found when the one sought is absent", () => {
    const file = encodeCp932(
      JSON.stringify(collection(n03(tabayama, square(138.9, 35.8)), n03(kosuge, square(138.95, 35.72)))),
    );
    expect(readN03Boundary(file, "19442")).toMatchObject({
      ok: true,
      boundary: { name: "小菅村", fullName: "山梨県北都留郡小菅村", encoding: "shift_jis", features: [1] },
    });
    expect(readN03Boundary(file, "192015")).toEqual({
      ok: false,
      problems: [
        {
          code: "N03_CODE_NOT_FOUND",
          field: "features[].properties.N03_007",
          message:
            "no feature has N03_007 = 19201; the file holds 2 other codes: 19442 北都留郡小菅村、19443 北都留郡丹波山村",
        },
      ],
    });
  });

  it("names a designated city's ward in the ≤2023 and the 2024+ layouts, and joins the wards for the city's code", () => {
    const file = collection(
      // ≤2023: N03_003 is the city, N03_004 the ward.
      n03(
        { N03_001: "北海道", N03_002: "石狩振興局", N03_003: "札幌市", N03_004: "中央区", N03_007: "01101" },
        square(141.3, 43.0),
      ),
      // 2024+: N03_004 is the city, N03_005 the ward.
      n03(
        { N03_001: "北海道", N03_002: "石狩振興局", N03_004: "札幌市", N03_005: "北区", N03_007: "01102" },
        square(141.31, 43.0),
      ),
      n03(
        { N03_001: "北海道", N03_002: "石狩振興局", N03_004: "江別市", N03_007: "01217" },
        square(141.5, 43.1),
      ),
    );
    expect(readN03Boundary(utf8(file), "011011")).toMatchObject({
      ok: true,
      boundary: {
        name: "札幌市中央区",
        designatedCity: "札幌市",
        subprefecture: "石狩振興局",
        fullName: "北海道札幌市中央区",
        features: [0],
      },
    });
    expect(readN03Boundary(utf8(file), "01102")).toMatchObject({
      ok: true,
      boundary: { name: "札幌市北区" },
    });
    expect(readN03Boundary(utf8(file), "011002")).toMatchObject({
      ok: true,
      boundary: {
        name: "札幌市",
        designatedCity: null,
        fullName: "北海道札幌市",
        matchedBy: "designated_city_wards",
        features: [0, 1],
      },
    });
    // 大阪市 27100 and 堺市 27140 sit close: 堺市's wards are not 大阪市's.
    const osaka = collection(
      n03(
        { N03_001: "大阪府", N03_004: "大阪市", N03_005: "都島区", N03_007: "27102" },
        square(135.52, 34.7),
      ),
      n03({ N03_001: "大阪府", N03_004: "堺市", N03_005: "堺区", N03_007: "27141" }, square(135.47, 34.57)),
    );
    expect(readN03Boundary(utf8(osaka), "27100")).toMatchObject({
      ok: true,
      boundary: { name: "大阪市", features: [0] },
    });
  });

  it("rejects what is not a polygon and broken rings, naming the feature and its N03_007", () => {
    const notClosed = square(138.95, 35.72)[0]?.slice(0, 4);
    const file = collection(
      n03(tabayama, { type: "Point" }),
      n03(kosuge, [138.95, 35.72], "Point"),
      n03(kosuge, [notClosed]),
      n03(kosuge, [
        [
          [138.95, 35.72],
          [138.96, 35.72],
          [138.95, 35.72],
        ],
      ]),
      n03(kosuge, [
        [
          [138.95, 35.72],
          [138.96, null],
          [138.96, 35.73],
          [138.95, 35.72],
        ],
      ]),
      n03(kosuge, [square(138.95, 35.72)[0], square(10, 35.72)[0]], "Polygon"),
      n03(kosuge, [square(138.95, 35.72), [[[138.9, 35.7]]]], "MultiPolygon"),
      n03(kosuge, square(138.95, 35.72), "LineString"),
    );
    const r = readN03Boundary(utf8(file), "19442");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.feature, p.n03_007, p.field])).toEqual([
      ["N03_NOT_POLYGON", 1, "19442", "features[1].geometry.type"],
      ["N03_BROKEN_RING", 2, "19442", "features[2].geometry.coordinates[0]"],
      ["N03_BROKEN_RING", 3, "19442", "features[3].geometry.coordinates[0]"],
      ["N03_BROKEN_RING", 4, "19442", "features[4].geometry.coordinates[0][1]"],
      ["N03_BROKEN_RING", 5, "19442", "features[5].geometry.coordinates[1][0]"],
      ["N03_BROKEN_RING", 6, "19442", "features[6].geometry.coordinates[1][0]"],
      ["N03_NOT_POLYGON", 7, "19442", "features[7].geometry.type"],
    ]);
    expect(r.problems.map((p) => p.message)).toEqual([
      "expected Polygon or MultiPolygon, got Point",
      "the ring is not closed (its last position must repeat its first)",
      "a ring needs at least 4 positions, has 3",
      "a position must be two finite numbers [lon, lat]",
      "[10, 35.72] is outside Japan (is the file in another coordinate system, or lat/lon swapped?)",
      "a ring needs at least 4 positions, has 1",
      "expected Polygon or MultiPolygon, got LineString",
    ]);
  });

  it("reads a pre-clipped file named by `name`, checking its prefecture against the code", () => {
    const one = collection({
      type: "Feature",
      properties: { name: "山梨県北都留郡小菅村" },
      geometry: { type: "Polygon", coordinates: square(138.95, 35.72) },
    });
    expect(readN03Boundary(utf8(one), "19442")).toMatchObject({
      ok: true,
      boundary: { name: "小菅村", district: "北都留郡", matchedBy: "name" },
      warnings: [
        {
          message:
            "the file names 山梨県北都留郡小菅村 but carries no N03_007 code; it was taken as 194425 as given",
        },
      ],
    });
    expect(readN03Boundary(utf8(one), "17205")).toMatchObject({
      ok: false,
      problems: [
        {
          code: "N03_PREFECTURE_MISMATCH",
          message: "the file is for 山梨県北都留郡小菅村, but 172057 is a code in 石川県",
        },
      ],
    });
    const two = collection(
      {
        type: "Feature",
        properties: { name: "山梨県北都留郡小菅村" },
        geometry: { type: "Polygon", coordinates: square(138.95, 35.72) },
      },
      {
        type: "Feature",
        properties: { name: "山梨県北都留郡丹波山村" },
        geometry: { type: "Polygon", coordinates: square(138.9, 35.8) },
      },
    );
    expect(readN03Boundary(utf8(two), "19442")).toMatchObject({
      ok: false,
      problems: [{ code: "N03_AMBIGUOUS" }],
    });
    const bare = collection({
      type: "Feature",
      properties: {},
      geometry: { type: "Polygon", coordinates: square(138.95, 35.72) },
    });
    expect(readN03Boundary(utf8(bare), "19442")).toMatchObject({
      ok: false,
      problems: [{ code: "N03_NO_NAME" }],
    });
  });

  it("refuses a wrong code, what is not JSON and JSON that is not features", () => {
    expect(readN03Boundary(utf8(collection()), "194421")).toMatchObject({
      ok: false,
      problems: [
        {
          code: "N03_CODE",
          message: "check digit of 194421 is wrong: 19442 ends in 5 (194425); is a digit mistyped?",
        },
      ],
    });
    expect(readN03Boundary(new TextEncoder().encode("{ nope"), "19442")).toMatchObject({
      ok: false,
      problems: [{ code: "N03_JSON" }],
    });
    expect(readN03Boundary(utf8({ type: "Polygon", coordinates: square(139, 35) }), "19442")).toMatchObject({
      ok: false,
      problems: [{ code: "N03_NOT_FEATURES" }],
    });
  });
});

const suzu = realData("ishikawa-suzu/boundary_n03_17205_suzu.geojson");
const kosugeText = realText("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson");
const tabayamaText = realText("yamanashi-kosuge/boundary_n03_19443_tabayama.geojson");

describe.skipIf(!suzu)("real data: 珠洲市 (432 polygons with islets)", () => {
  it("keeps every polygon, in the map copy too, with the city's area", () => {
    const r = readN03Boundary(suzu as Uint8Array, "17205");
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const b = r.boundary;
    expect(b).toMatchObject({
      code: "172057",
      prefecture: "石川県",
      name: "珠洲市",
      district: null,
      fullName: "石川県珠洲市",
      polygons: 432,
      holes: 0,
      vertices: 19521,
      encoding: "utf-8",
    });
    // 国土地理院 全国都道府県市区町村別面積調: 珠洲市 247.20 km².
    expect(b.areaKm2).toBeGreaterThan(246.5);
    expect(b.areaKm2).toBeLessThan(247.5);
    expect(b.simplified.coordinates).toHaveLength(432);
    for (const p of b.simplified.coordinates) expect(p[0]?.length).toBeGreaterThanOrEqual(4);
    expect(b.simplifiedVertices).toBeLessThan(b.vertices / 4);
    // The map copy still holds the city hall and leaves out the sea.
    const simplified = parseArea(b.simplified);
    if (!simplified.ok) throw new Error("simplified copy is not a valid area");
    expect(areaContains(simplified.area, 37.4367, 137.2605)).toBe(true);
    expect(areaContains(simplified.area, 37.3, 137.45)).toBe(false);
    // Even a tolerance of ~1 km keeps every islet as a polygon.
    const coarse = readN03Boundary(suzu as Uint8Array, "17205", { simplifyTolerance: 0.01 });
    expect(coarse.ok && coarse.boundary.simplified.coordinates.length).toBe(432);
  });
});

describe.skipIf(!kosugeText || !tabayamaText)(
  "real data: a prefecture-wide N03 made from two villages",
  () => {
    it("keeps only 小菅村 from a Shift_JIS file holding 丹波山村 too", () => {
      const geometryOf = (t: string | undefined) =>
        (JSON.parse(t as string) as { features: { geometry: unknown }[] }).features[0]?.geometry;
      const file = encodeCp932(
        JSON.stringify({
          type: "FeatureCollection",
          features: [
            {
              type: "Feature",
              properties: {
                N03_001: "山梨県",
                N03_002: null,
                N03_003: "北都留郡",
                N03_004: "丹波山村",
                N03_007: "19443",
              },
              geometry: geometryOf(tabayamaText),
            },
            {
              type: "Feature",
              properties: {
                N03_001: "山梨県",
                N03_002: null,
                N03_003: "北都留郡",
                N03_004: "小菅村",
                N03_007: "19442",
              },
              geometry: geometryOf(kosugeText),
            },
          ],
        }),
      );
      const r = readN03Boundary(file, "194425");
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.boundary).toMatchObject({
        fullName: "山梨県北都留郡小菅村",
        encoding: "shift_jis",
        features: [1],
        polygons: 1,
        vertices: 2168,
      });
      // 国土地理院 面積調: 小菅村 52.78 km².
      expect(r.boundary.areaKm2).toBeCloseTo(52.77, 1);
      expect(readN03Boundary(file, "19201")).toMatchObject({
        ok: false,
        problems: [{ code: "N03_CODE_NOT_FOUND" }],
      });
    });
  },
);
