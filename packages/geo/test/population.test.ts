import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCp932 } from "../../../tests/helpers/cp932";
import { type Area, parseArea } from "../src/area";
import { parseEstatMesh, parseEstatMeshFiles } from "../src/estat";
import { MESH_SIZE_DEG, type MeshLevel, meshBounds, toMeshCode } from "../src/mesh";
import { readN03Boundary } from "../src/n03";
import { cellShares, clippedRingArea, firstMeshesOf, importPopulation } from "../src/population";
import { realData } from "./realData";

const areaOf = (coordinates: number[][][][]): Area => {
  const a = parseArea({ type: "MultiPolygon", coordinates });
  if (!a.ok) throw new Error(JSON.stringify(a.problems));
  return a.area;
};
const rect = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
/** Unsigned shoelace area in degrees², relative to the first vertex so that no digits are lost. */
const ringArea = (ring: number[][]) => {
  const [x0, y0] = ring[0] as [number, number];
  let t = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xj, yj] = ring[j] as [number, number];
    const [xi, yi] = ring[i] as [number, number];
    t += (xj - x0) * (yi - y0) - (xi - x0) * (yj - y0);
  }
  return Math.abs(t) / 2;
};
/** Every cell code of `level` whose rectangle meets the bounding box. */
function gridCells(bbox: readonly number[], level: MeshLevel): string[] {
  const { lat: h, lon: w } = MESH_SIZE_DEG[level];
  const [west, south, east, north] = bbox as [number, number, number, number];
  const out: string[] = [];
  for (let lat = Math.floor(south / h) * h; lat < north; lat += h)
    for (let lon = 100 + Math.floor((west - 100) / w) * w; lon < east; lon += w)
      out.push(toMeshCode(lat + h / 2, lon + w / 2, level));
  return out;
}

describe("clippedRingArea", () => {
  it("gives the overlap of a ring and a cell rectangle, whatever the ring's direction or shape", () => {
    const cell = [139, 35, 0.1, 0.1] as const;
    expect(clippedRingArea(rect(139.02, 35.02, 139.04, 35.05), ...cell)).toBeCloseTo(0.0006, 12);
    expect(clippedRingArea(rect(138, 34, 140, 36), ...cell)).toBeCloseTo(0.01, 12);
    expect(clippedRingArea(rect(139.05, 35, 139.2, 35.1).reverse(), ...cell)).toBeCloseTo(0.005, 12);
    expect(clippedRingArea(rect(140, 36, 141, 37), ...cell)).toBe(0);
    // A concave U whose two arms enter the cell and whose base lies outside it.
    const u = [
      [139.02, 35.05],
      [139.02, 34.9],
      [139.08, 34.9],
      [139.08, 35.05],
      [139.06, 35.05],
      [139.06, 34.95],
      [139.04, 34.95],
      [139.04, 35.05],
      [139.02, 35.05],
    ];
    expect(clippedRingArea(u, ...cell)).toBeCloseTo(2 * 0.02 * 0.05, 12);
  });
});

describe("cellShares", () => {
  it("sums, over a covering grid, to the polygon's area with its hole (property, 1 km and 250 m)", () => {
    // A star-shaped ring (simple: one vertex per angle) around a random centre, with a square hole.
    const star = fc.record({
      lat: fc.double({ min: 34, max: 37, noNaN: true }),
      lon: fc.double({ min: 135, max: 140, noNaN: true }),
      radii: fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 3, maxLength: 24 }),
      size: fc.double({ min: 0.003, max: 0.03, noNaN: true }),
      level: fc.constantFrom<MeshLevel>("3rd", "quarter"),
    });
    fc.assert(
      fc.property(star, ({ lat, lon, radii, size, level }) => {
        const ring = radii.map((r, i) => {
          const t = (2 * Math.PI * i) / radii.length;
          return [lon + size * r * Math.cos(t), lat + size * r * Math.sin(t)];
        });
        ring.push(ring[0] as number[]);
        const hole = rect(lon - size * 0.1, lat - size * 0.1, lon + size * 0.1, lat + size * 0.1);
        const area = areaOf([[ring, hole]]);
        const codes = gridCells(area.bbox, level);
        const shares = cellShares(codes, area);
        const { lat: h, lon: w } = MESH_SIZE_DEG[level];
        let sum = 0;
        for (const s of shares.values()) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
          sum += s * w * h;
        }
        const expected = ringArea(ring) - ringArea(hole);
        expect(Math.abs(sum - expected) / expected).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it("gives 1 inside, 0 outside and 0 in a hole, without clipping cells no ring crosses", () => {
    const inner = toMeshCode(35.505, 139.505, "3rd");
    const b = meshBounds(inner);
    const area = areaOf([
      [rect(139.4, 35.4, 139.6, 35.6), rect(b.west, b.south, b.east, b.north)],
      [rect(139.7, 35.7, 139.8, 35.8)],
    ]);
    const inside = toMeshCode(35.45, 139.45, "3rd");
    const outside = toMeshCode(35.65, 139.65, "3rd");
    const islet = toMeshCode(35.75, 139.75, "3rd");
    expect(cellShares([inside, outside, inner, islet], area)).toEqual(
      new Map([
        [inside, 1],
        [outside, 0],
        [inner, 0],
        [islet, 1],
      ]),
    );
  });
});

const HEADER =
  "KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,{T}001,{T}002,{T}003,{T}004\r\n" +
  ",,,,　人口（総数）,　６５歳以上人口　総数,　７５歳以上人口　総数,　世帯総数\r\n";
const table = (tableId: string, lines: string[], title = "") =>
  encodeCp932(`${title}${HEADER.replaceAll("{T}", tableId)}${lines.map((l) => `${l}\r\n`).join("")}`);

describe("parseEstatMeshFiles: levels, census years and several files", () => {
  it("reads 500 m and 250 m tables and tells the census from the table id", () => {
    const half = parseEstatMesh(table("T001101", ["533800011,0,,,10,5,2,4", "533800012,0,,,6,3,1,2"]), {
      fileName: "tblT001101H5338.txt",
    });
    expect(half).toMatchObject({ ok: true, censusYear: 2020, level: "half" });
    expect(half.ok && half.tables).toEqual([
      {
        file: "tblT001101H5338.txt",
        tableId: "T001101",
        censusYear: 2020,
        censusYearFrom: "table_id",
        level: "half",
        firstMeshes: ["5338"],
        cells: 2,
      },
    ]);
    const quarter = parseEstatMesh(table("T000876", ["5338000111,0,,,3,1,0,1"]));
    expect(quarter).toMatchObject({ ok: true, censusYear: 2015, level: "quarter" });
  });

  it("takes a census year stated in a title line over the table id, and keeps line numbers right", () => {
    const titled = parseEstatMesh(
      table(
        "T999999",
        ["53380001,0,,,10,5,2,4", "53380002,7,,,6,3,1,2"],
        "令和２年国勢調査　人口及び世帯\r\n",
      ),
    );
    expect(titled).toMatchObject({ ok: false, problems: [{ line: 5, field: "HTKSYORI" }] });
    const ok = parseEstatMesh(table("T999999", ["53380001,0,,,10,5,2,4"], "平成27年国勢調査\r\n"));
    expect(ok).toMatchObject({ ok: true, censusYear: 2015, tables: [{ censusYearFrom: "stated" }] });
    const unknown = parseEstatMesh(table("T999999", ["53380001,0,,,10,5,2,4"]));
    expect(unknown).toMatchObject({ ok: true, censusYear: null, tables: [{ tableId: "T999999" }] });
  });

  it("refuses a cell of another level than its table's", () => {
    const r = parseEstatMesh(table("T001100", ["53380001,0,,,10,5,2,4", "533800021,0,,,6,3,1,2"]));
    expect(r).toMatchObject({
      ok: false,
      problems: [
        {
          line: 4,
          field: "KEY_CODE",
          code: "ESTAT_MIXED_TABLES",
          message: "cell 533800021 is a 500 m (4次) mesh code, but the table's cells are 1 km (3次)",
        },
      ],
    });
    expect(parseEstatMesh(table("T001101", ["53380001,0,,,10,5,2,4"]))).toMatchObject({
      ok: false,
      problems: [{ message: "cell 53380001 is a 1 km (3次) mesh code, but table T001101 is 500 m (4次)" }],
    });
  });

  it("joins several 1st meshes, from several zips or one zip, checking concealment across them", () => {
    // 53390000's age bands are merged into 53380079 in the neighbouring 1st mesh.
    const west = table("T001100", ["53380079,1,,53390000,20,10,5,8", "53380078,0,,,5,2,1,2"]);
    const east = table("T001100", ["53390000,2,53380079,,4,*,*,2"]);
    const files = [
      { name: "a.zip", bytes: zipSync({ "tblT001100S5338.txt": west }) },
      { name: "b.zip", bytes: zipSync({ "tblT001100S5339.txt": east }) },
    ];
    const r = parseEstatMeshFiles(files);
    expect(r).toMatchObject({ ok: true, warnings: [], censusYear: 2020, level: "3rd" });
    expect(r.ok && r.rows.map((x) => x.code)).toEqual(["53380079", "53380078", "53390000"]);
    const inOne = parseEstatMesh(zipSync({ "tblT001100S5338.txt": west, "tblT001100S5339.txt": east }));
    expect(inOne.ok && inOne.tables.map((t) => t.firstMeshes)).toEqual([["5338"], ["5339"]]);
  });

  it("refuses files of two censuses or two levels, and a 1st mesh given twice", () => {
    const y2020 = { name: "tblT001100S5338.txt", bytes: table("T001100", ["53380001,0,,,10,5,2,4"]) };
    const y2015 = { name: "tblT000846S5339.txt", bytes: table("T000846", ["53390001,0,,,10,5,2,4"]) };
    const half = { name: "tblT001101H5339.txt", bytes: table("T001101", ["533900011,0,,,10,5,2,4"]) };
    expect(parseEstatMeshFiles([y2020, y2015])).toMatchObject({
      ok: false,
      problems: [
        {
          code: "ESTAT_MIXED_TABLES",
          message:
            "the files are from different censuses (tblT001100S5338.txt: 2020, tblT000846S5339.txt: 2015); import one census at a time",
        },
      ],
    });
    expect(parseEstatMeshFiles([y2020, half])).toMatchObject({
      ok: false,
      problems: [
        { code: "ESTAT_MIXED_TABLES", message: expect.stringContaining("the files mix mesh levels") },
      ],
    });
    expect(parseEstatMeshFiles([y2020, { ...y2020, name: "copy.txt" }])).toEqual({
      ok: false,
      problems: [
        {
          file: "copy.txt",
          line: 0,
          field: "KEY_CODE",
          code: "ESTAT_DUPLICATE_CELL",
          message: "1st mesh 5338 is in both tblT001100S5338.txt and copy.txt",
        },
      ],
    });
  });
});

describe("importPopulation on made cells", () => {
  // Two cells of 5338: 53380000 wholly inside, the western 40 % of 53380001 inside.
  const c0 = meshBounds("53380000");
  const c1 = meshBounds("53380001");
  const cut = c1.west + 0.4 * (c1.east - c1.west);
  const area = areaOf([[rect(c0.west, c0.south, cut, c0.north)]]);

  it("weights cells by their share inside, and concealed cells get bands from their receiving cell", () => {
    const parsed = parseEstatMesh(
      table("T001100", [
        "53380000,0,,,100,40,20,50",
        "53380001,1,,53380002,30,20,10,12",
        "53380002,2,53380001,,10,*,*,4",
      ]),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const r = importPopulation(parsed, area);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    // 53380001's bands (20/10 for 40 people) spread: itself 15/8 (of 30), 53380002 5/2 (of 10); 40 % of 53380001 kept.
    // The share is 0.4 up to the last digits of a float.
    expect(r.cells.map((c) => c.code)).toEqual(["53380000", "53380001"]);
    expect(r.cells[0]).toEqual({
      code: "53380000",
      population: 100,
      age65plus: 40,
      age75plus: 20,
      share: 1,
      concealed: false,
    });
    const [pop, a65, a75, share] = [12, 6, 3.2, 0.4];
    expect(r.cells[1]?.share).toBeCloseTo(share, 9);
    expect(r.cells[1]?.population).toBeCloseTo(pop, 9);
    expect(r.cells[1]?.age65plus).toBeCloseTo(a65, 9);
    expect(r.cells[1]?.age75plus).toBeCloseTo(a75, 9);
    expect(r.report).toEqual({
      censusYear: 2020,
      level: "3rd",
      tables: ["T001100"],
      firstMeshes: ["5338"],
      cellsRead: 3,
      cellsInside: 1,
      cellsPartlyInside: 1,
      cellsOutside: 1,
      concealedCells: 0,
      people: 112,
      age65plus: 46,
      age75plus: 23,
      centreInside: { cells: 1, population: 100, age65plus: 40, age75plus: 20 },
    });
    // The concealed cell inside: its bands are never zero people.
    const wide = areaOf([[rect(c0.west, c0.south, meshBounds("53380002").east, c0.north)]]);
    const all = importPopulation(parsed, wide);
    expect(all.ok && all.cells.find((c) => c.code === "53380002")).toEqual({
      code: "53380002",
      population: 10,
      age65plus: 5,
      age75plus: 2,
      share: 1,
      concealed: true,
    });
    expect(all.ok && all.report.concealedCells).toBe(1);
  });

  it("refuses files whose cells all lie outside, naming the 1st mesh the boundary needs", () => {
    const parsed = parseEstatMesh(
      zipSync({ "tblT001100S5338.txt": table("T001100", ["53380000,0,,,100,40,20,50"]) }),
    );
    if (!parsed.ok) throw new Error("fixture");
    const suzuLike = areaOf([[rect(137.2, 37.4, 137.3, 37.5)]]);
    expect(firstMeshesOf(suzuLike)).toEqual(["5637"]);
    expect(importPopulation(parsed, suzuLike)).toEqual({
      ok: false,
      problems: [
        {
          file: "",
          line: 0,
          field: "KEY_CODE",
          code: "ESTAT_OUTSIDE_BOUNDARY",
          message:
            "none of the 1 cells (1st mesh 5338) lies inside the boundary; the boundary needs 1st mesh 5637",
        },
      ],
    });
  });

  it("needs the census year when the files do not tell it", () => {
    const parsed = parseEstatMesh(table("T999999", ["53380000,0,,,100,40,20,50"]));
    if (!parsed.ok) throw new Error("fixture");
    expect(importPopulation(parsed, area)).toMatchObject({
      ok: false,
      problems: [{ code: "ESTAT_CENSUS_YEAR" }],
    });
    expect(importPopulation(parsed, area, { censusYear: 2010 })).toMatchObject({
      ok: true,
      report: { censusYear: 2010, people: 100 },
    });
  });
});

const pop2020 = realData("yamanashi-kosuge/pop_2020_5338.zip");
const pop2015 = realData("yamanashi-kosuge/pop_2015_5338.zip");
const kosugeN03 = realData("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson");
const tabayamaN03 = realData("yamanashi-kosuge/boundary_n03_19443_tabayama.geojson");
const suzuN03 = realData("ishikawa-suzu/boundary_n03_17205_suzu.geojson");

describe.skipIf(!pop2020 || !pop2015 || !kosugeN03 || !tabayamaN03 || !suzuN03)(
  "real data: 小菅村 and 丹波山村 from the e-Stat 5338 zips",
  () => {
    const boundary = (bytes: Uint8Array | undefined, code: string) => {
      const b = readN03Boundary(bytes as Uint8Array, code);
      if (!b.ok) throw new Error(JSON.stringify(b.problems));
      const a = parseArea(b.boundary.geometry);
      if (!a.ok) throw new Error(JSON.stringify(a.problems));
      return a.area;
    };
    const parse = (bytes: Uint8Array | undefined, name: string) => {
      const r = parseEstatMeshFiles([{ name, bytes: bytes as Uint8Array }]);
      if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
      return r;
    };
    let kosuge: Area;
    let tabayama: Area;
    let p2020: ReturnType<typeof parse>;
    let p2015: ReturnType<typeof parse>;
    beforeAll(() => {
      kosuge = boundary(kosugeN03, "19442");
      tabayama = boundary(tabayamaN03, "19443");
      p2020 = parse(pop2020, "pop_2020_5338.zip");
      p2015 = parse(pop2015, "pop_2015_5338.zip");
    });

    it("reads the census year and level from the table ids", () => {
      expect(p2020.tables).toEqual([
        {
          file: "tblT001100S5338.txt",
          tableId: "T001100",
          censusYear: 2020,
          censusYearFrom: "table_id",
          level: "3rd",
          firstMeshes: ["5338"],
          cells: 2050,
        },
      ]);
      expect([p2015.censusYear, p2015.level, p2015.tables[0]?.tableId]).toEqual([2015, "3rd", "T000846"]);
    });

    it("weights 小菅村's cells by their share inside: 673 people, against 684 by cell centres", () => {
      const r = importPopulation(p2020, kosuge);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.report).toEqual({
        censusYear: 2020,
        level: "3rd",
        tables: ["T001100"],
        firstMeshes: ["5338"],
        cellsRead: 2050,
        cellsInside: 11,
        cellsPartlyInside: 3,
        cellsOutside: 2036,
        concealedCells: 4,
        people: 673,
        age65plus: 303,
        age75plus: 161,
        // The figures the centre rule gives (packages/geo/test/estat.test.ts), for comparison.
        centreInside: { cells: 14, population: 684, age65plus: 310, age75plus: 165 },
      });
      for (const c of r.cells) {
        expect(c.age75plus).toBeLessThanOrEqual(c.age65plus + 1e-9);
        expect(c.age65plus).toBeLessThanOrEqual(c.population + 1e-9);
      }
    });

    it("gives 丹波山村 and the 2015 census the same way", () => {
      expect(importPopulation(p2020, tabayama)).toMatchObject({
        ok: true,
        report: {
          people: 525,
          age65plus: 234,
          age75plus: 137,
          cellsInside: 7,
          cellsPartlyInside: 2,
          centreInside: { population: 530 },
        },
      });
      expect(importPopulation(p2015, kosuge)).toMatchObject({
        ok: true,
        report: {
          censusYear: 2015,
          people: 715,
          age65plus: 321,
          age75plus: 192,
          centreInside: { population: 726 },
        },
      });
    });

    it("shares over every 1 km cell around 小菅村 add up to the village's area", () => {
      const codes = gridCells(kosuge.bbox, "3rd");
      const { lat: h, lon: w } = MESH_SIZE_DEG["3rd"];
      let sum = 0;
      for (const s of cellShares(codes, kosuge).values()) sum += s * w * h;
      const ring = kosuge.polygons[0]?.coordinates[0] as number[][];
      expect(Math.abs(sum - ringArea(ring)) / ringArea(ring)).toBeLessThan(1e-9);
    });

    it("refuses the 5338 zip for 珠洲市, whose cells are in 5637", () => {
      expect(importPopulation(p2020, boundary(suzuN03, "17205"))).toMatchObject({
        ok: false,
        problems: [
          {
            code: "ESTAT_OUTSIDE_BOUNDARY",
            message:
              "none of the 2050 cells (1st mesh 5338) lies inside the boundary; the boundary needs 1st mesh 5637",
          },
        ],
      });
    });
  },
);

describe("a zip entry is a table name, whatever the zip is called", () => {
  it("names problems by the entry", () => {
    const r = parseEstatMesh(zipSync({ "tblT001100S5338.txt": strToU8("KEY_CODE\n") }));
    expect(r).toMatchObject({ ok: false, problems: [{ file: "tblT001100S5338.txt", code: "ESTAT_HEADER" }] });
  });
});
