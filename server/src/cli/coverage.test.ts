import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The library itself, called directly: the independent check of what the command prints.
import * as geo from "@tsunagu/geo";
import { describe, expect, it } from "vitest";
import { main } from "../cli";
import { type CoverageReport, computeCoverageReport } from "./coverage";
import type { CliIo } from "./io";
import { realDataPath } from "./testData";

function capture(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
}

const suzu = realDataPath("ishikawa-suzu/suzucity_gtfs.zip");
const ikeda = realDataPath("fukui-ikeda/fukui_ikeda_gtfs.zip");
const mesh = realDataPath("yamanashi-kosuge/pop_2020_5338.zip");
const kosuge = realDataPath("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson");
const stations = realDataPath("yamanashi-kosuge/rail_stations_n02_2023_clip.geojson");
const haveAll = Boolean(suzu && ikeda && mesh && kosuge && stations);

function consistent(r: CoverageReport) {
  expect(r.blankCells).toBeLessThanOrEqual(r.cells);
  expect(r.blankPopulation).toBeLessThanOrEqual(r.population);
  expect(r.blank65plus).toBeLessThanOrEqual(r.age65plus);
  expect(r.blank75plus).toBeLessThanOrEqual(r.blank65plus);
  expect(r.age75plus).toBeLessThanOrEqual(r.age65plus);
  expect(r.age65plus).toBeLessThanOrEqual(r.population);
}

describe.skipIf(!haveAll)("tsunagu coverage on real files", () => {
  it("prints one JSON object equal to what the library computes (Kosuge mesh + stations, both GTFS feeds)", async () => {
    const { io, out, err } = capture();
    const args = ["coverage", "--gtfs", suzu as string, "--gtfs", ikeda as string, "--mesh", mesh as string];
    const code = await main(
      [...args, "--stations", stations as string, "--date", "2018-06-04", "--band", "08:00-18:00", "--json"],
      io,
    );
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0] as string) as CoverageReport;
    consistent(report);

    // The same pipeline by hand with the library.
    const rows = geo.parseEstatMesh(readFileSync(mesh as string));
    if (!rows.ok) throw new Error("mesh");
    const cells = geo.distributeConcealed(rows.rows);
    const busStops = [suzu, ikeda].flatMap((p, i) => {
      const f = geo.parseGtfs(readFileSync(p as string));
      if (!f.ok) throw new Error("gtfs");
      return geo
        .stopsWithDepartures(f.feed, { date: "2018-06-04", band: { from: 8 * 3600, to: 18 * 3600 } })
        .map((s) => ({ ...s, id: `${i}:${s.id}` }));
    });
    const st = geo.parseN02Stations(JSON.parse(readFileSync(stations as string, "utf8")));
    if (!st.ok) throw new Error("stations");
    const lib = geo.analyseCoverage({ cells, busStops, railStations: st.stations });
    if (!lib.ok) throw new Error("coverage");
    const { params: _p, inputs, ...totals } = report;
    expect(totals).toEqual(lib.result.totals);
    expect(inputs).toMatchObject({ meshCells: 2050, cellsAnalysed: 2050, busStops: 136, railStations: 46 });
    // The feeds are in 石川/福井 and the mesh in 山梨: only cells near the 46 stations are served.
    expect(report.blankCells).toBeLessThan(report.cells);
    expect(report.population).toBe(882_893);
    expect(report.params).toMatchObject({
      preset: "rural",
      busRadiusM: 500,
      railRadiusM: 1000,
      date: "2018-06-04",
      band: "08:00-18:00",
    });
  });

  it("clips to the 小菅村 boundary by each cell's share inside: 14 cells, 673 people, no station within 1 km → all blank", async () => {
    const { io } = capture();
    const r = await computeCoverageReport(
      [
        "--gtfs",
        suzu as string,
        "--mesh",
        mesh as string,
        "--boundary",
        kosuge as string,
        "--stations",
        stations as string,
        "--preset",
        "urban",
        "--bus-radius",
        "400",
      ],
      io,
    );
    if (r === "help") throw new Error("help");
    consistent(r);
    const area = geo.parseArea(JSON.parse(readFileSync(kosuge as string, "utf8")));
    const rows = geo.parseEstatMesh(readFileSync(mesh as string));
    if (!area.ok || !rows.ok) throw new Error("fixtures");
    expect(geo.clipCellsToArea(geo.distributeConcealed(rows.rows), area.area)).toHaveLength(14);
    expect(r).toMatchObject({
      cells: 14,
      blankCells: 14,
    });
    // The same figures as the stored population's import report (domain/onboarding): 673 / 303 / 161.
    expect(Math.round(r.population)).toBe(673);
    expect(Math.round(r.age65plus)).toBe(303);
    expect(Math.round(r.age75plus)).toBe(161);
    expect(r.blankPopulation).toBe(r.population);
    expect(r.params).toMatchObject({ preset: "urban", busRadiusM: 400, railRadiusM: 500 });
  });

  it("resolves relative paths against the caller's directory", async () => {
    const { io, out } = capture(join(mesh as string, ".."));
    const code = await main(["coverage", "--gtfs", suzu as string, "--mesh", "pop_2020_5338.zip"], io);
    expect(code).toBe(0);
    expect(out.join("")).toContain("blank of 2050");
  });
});

describe("tsunagu coverage errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "tsunagu-cli-"));
  writeFileSync(join(dir, "broken.zip"), "PK\u0003\u0004 this is not really a zip");
  writeFileSync(join(dir, "mesh.txt"), "KEY_CODE,T1\n53380001,5\n");

  it.each([
    [["coverage"], 2, "--mesh <zip|txt> is required"],
    [["coverage", "--gtfs", "a.zip"], 2, "--mesh <zip|txt> is required"],
    [
      ["coverage", "--gtfs", "a.zip", "--mesh", "m.zip", "--preset", "city"],
      2,
      "--preset must be rural or urban",
    ],
    [
      ["coverage", "--gtfs", "a.zip", "--mesh", "m.zip", "--band", "8-18"],
      2,
      "--band must look like 08:00-18:00",
    ],
    [["coverage", "--gtfs", "a.zip", "--mesh", "m.zip", "--bus-radius=-5"], 2, "--bus-radius must be metres"],
    [["coverage", "--gtfs", "a.zip", "--mesh", "m.zip", "--date", "2018-02-30"], 2, "--date must be a date"],
    [["coverage", "--nope"], 2, "Unknown option '--nope'"],
    [["frobnicate"], 2, 'unknown command "frobnicate"'],
    [["coverage", "--gtfs", "a.zip", "--mesh", "missing.zip"], 1, "--mesh missing.zip: no such file"],
    [
      ["coverage", "--gtfs", "a.zip", "--mesh", "mesh.txt"],
      1,
      "second header line (Japanese column labels) is missing",
    ],
  ])("%j → exit %i", async (argv, exit, message) => {
    const { io, out, err } = capture(dir);
    expect(await main(argv as string[], io)).toBe(exit);
    expect(out).toEqual([]);
    expect(err.join("")).toContain(message);
    expect(err.join("")).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.skipIf(!mesh)("reports a broken GTFS zip with exit 1", async () => {
    const { io, err } = capture(dir);
    expect(await main(["coverage", "--gtfs", "broken.zip", "--mesh", mesh as string], io)).toBe(1);
    expect(err.join("")).toMatch(/--gtfs broken\.zip: 1 problem\(s\)\n {2}.*(truncated|corrupt|zip)/i);
  });

  it("prints help with exit 0", async () => {
    const { io, out } = capture(dir);
    expect(await main(["coverage", "--help"], io)).toBe(0);
    expect(out.join("")).toContain("--min-departures");
  });
});
