import {
  BoundaryImportResultSchema,
  CoverageResponseSchema,
  MapLayersSchema,
  OnboardingStatusSchema,
  PopulationImportResultSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeCp932 } from "../../../../tests/helpers/cp932";
import { post, problem } from "../../test/calls";
import { readSharedData, sharedDataAvailable, storedZip } from "../../test/sharedData";
import { appWithTowns, type as, type TestApp } from "../../test/testApp";

const KOSUGE = "yamanashi-kosuge/boundary_n03_19442_kosuge.geojson";
const TABAYAMA = "yamanashi-kosuge/boundary_n03_19443_tabayama.geojson";
const HOKUTO = "yamanashi-hokuto/boundary_n03_19209_hokuto.geojson";
const SUZU = "ishikawa-suzu/boundary_n03_17205_suzu.geojson";
const POP_2020 = "yamanashi-kosuge/pop_2020_5338.zip";
const POP_2015 = "yamanashi-kosuge/pop_2015_5338.zip";
const hasData = sharedDataAvailable(KOSUGE, TABAYAMA, HOKUTO, SUZU, POP_2020, POP_2015);
const CODE = "194425"; // 小菅村
const SUZU_CODE = "172057";

let t: TestApp;
let req: ReturnType<typeof as>;
beforeEach(async () => {
  ({ t, req } = await appWithTowns(
    [
      [CODE, "小菅村"],
      [SUZU_CODE, "珠洲市"],
    ],
    "platform_admin",
    null,
  ));
});
afterEach(() => t.cleanup());

const upload = (path: string, body: Uint8Array | FormData, contentType?: string) =>
  req(path, {
    method: "POST",
    ...(contentType ? { headers: { "content-type": contentType } } : {}),
    body: body instanceof FormData ? body : new Uint8Array(body),
  });
const uploadBoundary = (bytes: Uint8Array, code = CODE) =>
  upload(`/api/v1/municipalities/${code}/boundary-imports`, bytes, "application/geo+json");
const uploadMesh = (bytes: Uint8Array, code = CODE) =>
  upload(`/api/v1/municipalities/${code}/mesh-imports`, bytes, "application/zip");

/** A prefecture-wide N03 file as MLIT publishes it: every feature with its N03 attributes. */
function prefectureFile(towns: { file: string; n03_003: string | null; n03_004: string; code5: string }[]) {
  return JSON.stringify({
    type: "FeatureCollection",
    name: "N03-22_19_220101",
    features: towns.map((town) => ({
      type: "Feature",
      properties: {
        N03_001: "山梨県",
        N03_002: null,
        N03_003: town.n03_003,
        N03_004: town.n03_004,
        N03_007: town.code5,
      },
      geometry: (
        JSON.parse(new TextDecoder().decode(readSharedData(town.file))) as {
          features: { geometry: unknown }[];
        }
      ).features[0]?.geometry,
    })),
  });
}

async function stored(code = CODE) {
  const [row] = await t.database.db
    .select()
    .from(schema.municipalities)
    .where(eq(schema.municipalities.code, code));
  const cells = await t.database.db
    .select()
    .from(schema.meshCells)
    .where(eq(schema.meshCells.municipalityCode, code));
  return { row, cells };
}

describe.skipIf(!hasData)("boundary import (N03)", () => {
  it("keeps 小菅村 from a Shift_JIS prefecture-wide file, stores it and serves a lighter copy to the map", async () => {
    const file = encodeCp932(
      prefectureFile([
        { file: TABAYAMA, n03_003: "北都留郡", n03_004: "丹波山村", code5: "19443" },
        { file: KOSUGE, n03_003: "北都留郡", n03_004: "小菅村", code5: "19442" },
        { file: HOKUTO, n03_003: null, n03_004: "北杜市", code5: "19209" },
      ]),
    );
    const response = await uploadBoundary(file);
    expect(response.status).toBe(201);
    const result = BoundaryImportResultSchema.parse(await response.json());
    expect(result).toMatchObject({
      name: "小菅村",
      prefecture: "山梨県",
      fullName: "山梨県北都留郡小菅村",
      matchedBy: "n03_007",
      features: 1,
      polygons: 1,
      encoding: "shift_jis",
      replaced: false,
      population: null,
    });
    expect(result.firstMeshes).toContain("5338");
    expect(result.mapVertices).toBeLessThan(result.vertices);
    const { row } = await stored();
    expect(JSON.parse(row?.boundaryGeojson ?? "null")).toMatchObject({
      type: "Feature",
      geometry: { type: "MultiPolygon" },
    });
    const layers = MapLayersSchema.parse(
      await (await req(`/api/v1/municipalities/${CODE}/map-layers`)).json(),
    );
    const drawn = layers.boundary as { geometry: { coordinates: number[][][][] } };
    expect(drawn.geometry.coordinates.flat(2)).toHaveLength(result.mapVertices);
  });

  it("refuses a prefecture-wide file without the municipality's code, naming the codes found; nothing stored", async () => {
    const file = new TextEncoder().encode(
      prefectureFile([
        { file: TABAYAMA, n03_003: "北都留郡", n03_004: "丹波山村", code5: "19443" },
        { file: HOKUTO, n03_003: null, n03_004: "北杜市", code5: "19209" },
      ]),
    );
    const response = await uploadBoundary(file);
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.title).toBe("file_invalid");
    expect(body.errors?.[0]).toMatchObject({ code: "N03_CODE_NOT_FOUND" });
    expect(body.errors?.[0]?.message).toContain("19443");
    expect((await stored()).row?.boundaryGeojson).toBeNull();
  });

  it("refuses GeoJSON that is not polygons, naming the feature", async () => {
    const file = new TextEncoder().encode(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { N03_001: "山梨県", N03_003: "北都留郡", N03_004: "小菅村", N03_007: "19442" },
            geometry: {
              type: "LineString",
              coordinates: [
                [138.9, 35.7],
                [139, 35.8],
              ],
            },
          },
        ],
      }),
    );
    const response = await uploadBoundary(file);
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors).toEqual([
      expect.objectContaining({ code: "N03_NOT_POLYGON", path: expect.stringContaining("features[0]") }),
    ]);
    expect((await stored()).row?.boundaryGeojson).toBeNull();
  });

  it("refuses an empty body, and content types other than GeoJSON or bytes", async () => {
    const empty = await uploadBoundary(new Uint8Array());
    expect(empty.status).toBe(422);
    expect((await problem(empty)).title).toBe("file_invalid");
    for (const type of ["text/csv", "application/json"]) {
      const wrongType = await upload(
        `/api/v1/municipalities/${CODE}/boundary-imports`,
        new Uint8Array([1]),
        type,
      );
      expect(wrongType.status).toBe(415);
    }
  });

  it("keeps 珠洲市's 432 polygons, islets included, in the stored and the map copy", async () => {
    const response = await uploadBoundary(readSharedData(SUZU), SUZU_CODE);
    expect(response.status).toBe(201);
    const result = BoundaryImportResultSchema.parse(await response.json());
    expect(result).toMatchObject({ name: "珠洲市", polygons: 432, matchedBy: "name" });
    expect(result.warnings.map((w) => w.code)).toEqual(["N03_CODE_NOT_FOUND"]);
    const layers = MapLayersSchema.parse(
      await (await req(`/api/v1/municipalities/${SUZU_CODE}/map-layers`)).json(),
    );
    expect((layers.boundary as { geometry: { coordinates: unknown[] } }).geometry.coordinates).toHaveLength(
      432,
    );
  });
});

describe.skipIf(!hasData)("population import (e-Stat mesh)", () => {
  it("needs the boundary first", async () => {
    const response = await uploadMesh(readSharedData(POP_2020));
    expect(response.status).toBe(409);
    expect((await problem(response)).title).toBe("boundary_required");
  });

  it("counts 小菅村 2020 by the share of each cell inside: 673 people, 303 aged 65+, 161 aged 75+", async () => {
    expect((await uploadBoundary(readSharedData(KOSUGE))).status).toBe(201);
    const response = await uploadMesh(readSharedData(POP_2020));
    expect(response.status).toBe(201);
    const report = PopulationImportResultSchema.parse(await response.json());
    expect(report).toMatchObject({
      censusYear: 2020,
      level: "3rd",
      firstMeshes: ["5338"],
      cellsRead: 2050,
      people: 673,
      age65plus: 303,
      age75plus: 161,
      replaced: false,
    });
    expect(report.cellsInside + report.cellsPartlyInside + report.cellsOutside).toBe(2050);
    const { row, cells } = await stored();
    expect(row?.populationCensusYear).toBe(2020);
    expect(cells).toHaveLength(2050);

    // Coverage counts the stored population by the same shares, and says which census it is.
    const coverage = await post(req, `/api/v1/municipalities/${CODE}/coverage`, {});
    expect(coverage.status).toBe(200);
    const result = CoverageResponseSchema.parse(await coverage.json());
    expect(result.inputs.censusYear).toBe(2020);

    // The checklist: boundary and population done, timetables missing, so no 交通空白 map yet.
    const status = OnboardingStatusSchema.parse(
      await (await req(`/api/v1/municipalities/${CODE}/onboarding`)).json(),
    );
    expect(status.steps.map((s) => [s.key, s.state, s.missing])).toEqual([
      ["boundary", "done", []],
      ["population", "done", []],
      ["timetables", "todo", ["no_feed"]],
      ["facilities", "todo", ["no_places"]],
      ["vehicles_drivers", "todo", ["no_vehicles", "no_drivers"]],
      ["residents", "todo", ["no_residents"]],
      ["drones", "optional", ["no_drone_ports", "no_drone_routes"]],
    ]);
    expect(status.steps[1]?.counts).toEqual({ people: 673, age65plus: 303, censusYear: 2020 });
    expect(status).toMatchObject({ coverageReady: false, matchReady: false });
    expect(Math.round(result.totals.population)).toBe(673);
    expect(Math.round(result.totals.age65plus)).toBe(303);
  });

  it("replaces the population atomically on re-import (2015 census), and a new boundary re-weighs it", async () => {
    await uploadBoundary(readSharedData(KOSUGE));
    await uploadMesh(readSharedData(POP_2020));
    const again = PopulationImportResultSchema.parse(
      await (await uploadMesh(readSharedData(POP_2015))).json(),
    );
    expect(again).toMatchObject({ censusYear: 2015, replaced: true });
    expect((await stored()).row?.populationCensusYear).toBe(2015);

    // The neighbouring village's file (by mistake) is refused by its name; nothing changes.
    const moved = await uploadBoundary(readSharedData(TABAYAMA));
    expect(moved.status).toBe(422);
    expect((await problem(moved)).errors?.[0]).toMatchObject({ code: "N03_NAME_MISMATCH" });
    const reimported = BoundaryImportResultSchema.parse(
      await (await uploadBoundary(readSharedData(KOSUGE))).json(),
    );
    expect(reimported.replaced).toBe(true);
    expect(reimported.population).toMatchObject({
      censusYear: 2015,
      people: again.people,
      cellsRead: again.cellsRead,
    });
  });

  it("takes several files at once as multipart/form-data, and refuses a 1st mesh given twice; nothing stored", async () => {
    await uploadBoundary(readSharedData(KOSUGE));
    const form = new FormData();
    const zip = new Blob([new Uint8Array(readSharedData(POP_2020))]);
    form.append("files", zip, "pop_2020_5338.zip");
    form.append("files", zip, "copy.zip");
    const response = await upload(`/api/v1/municipalities/${CODE}/mesh-imports`, form);
    expect(response.status).toBe(422);
    expect((await problem(response)).title).toBe("file_invalid");
    expect((await stored()).cells).toHaveLength(0);
  });

  it("refuses an e-Stat file for meshes outside the boundary, naming the 1st meshes it needs; nothing stored", async () => {
    expect((await uploadBoundary(readSharedData(SUZU), SUZU_CODE)).status).toBe(201);
    const response = await uploadMesh(readSharedData(POP_2020), SUZU_CODE);
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors?.[0]).toMatchObject({ code: "ESTAT_OUTSIDE_BOUNDARY" });
    expect(body.errors?.[0]?.message).toMatch(/needs 1st mesh 5637/);
    expect((await stored(SUZU_CODE)).cells).toHaveLength(0);
    expect((await stored(SUZU_CODE)).row?.populationCensusYear).toBeNull();
  });

  it("refuses a zip without e-Stat tables, naming the file", async () => {
    await uploadBoundary(readSharedData(KOSUGE));
    const response = await uploadMesh(storedZip({ "readme.txt": "not a table" }));
    expect(response.status).toBe(422);
    expect((await problem(response)).errors?.length).toBeGreaterThan(0);
  });
});
