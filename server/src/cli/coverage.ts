/**
 * `tsunagu coverage`: 交通空白 totals for a region from its GTFS-JP feed(s),
 * e-Stat mesh population and (optionally) N02 stations and an N03 boundary.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isRealDate, TimeBandSchema } from "@tsunagu/contract";
import {
  analyseCoverage,
  type CoverageCell,
  type CoverageParams,
  type CoveragePreset,
  type CoverageStop,
  type CoverageTotals,
  distributeConcealed,
  importPopulation,
  parseArea,
  parseEstatMesh,
  parseGtfs,
  parseN02Stations,
  stopsWithDepartures,
  type TimeBand,
} from "@tsunagu/geo";
import { bandSeconds } from "../domain/coverage/convert";
import { type CliCommand, CliError, type CliIo, EXIT } from "./io";

const HELP = `usage: npm run tsunagu -- coverage [--gtfs <zip> …] --mesh <zip|txt> [options]

  --gtfs <zip>            GTFS-JP feed (repeat for several operators; none: no bus timetable)
  --mesh <zip|txt>        e-Stat mesh population (国勢調査 地域メッシュ統計, as published)
  --stations <geojson>    N02 rail stations (国土数値情報), counted as qualifying
  --boundary <geojson>    N03 boundary: count each cell by its share of area inside
  --preset rural|urban    rural: bus 500 m / rail 1,000 m (default); urban: 300 m / 500 m
  --bus-radius <m>        override the bus-stop walking radius
  --rail-radius <m>       override the station walking radius
  --min-departures <n>    departures a stop needs to count (default 1)
  --band HH:MM-HH:MM      count only departures in this time band (e.g. 08:00-18:00)
  --date YYYY-MM-DD       service day (default: every trip in the feed, once)
  --json                  print one JSON object (default: a short text summary)
`;

/** The totals and the parameters used, as printed with --json. */
export interface CoverageReport extends CoverageTotals {
  params: CoverageParams & { preset: CoveragePreset; date: string | null; band: string | null };
  inputs: {
    gtfs: { file: string; stops: number; trips: number; warnings: number }[];
    meshCells: number;
    cellsAnalysed: number;
    boundary: string | null;
    busStops: number;
    qualifyingBusStops: number;
    railStations: number;
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const badArgs = (message: string) => new CliError(`${message}\n(run with --help for usage)`, EXIT.badArgs);

function parseMetres(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 100_000)
    throw badArgs(`--${name} must be metres, 0 < m ≤ 100000, got "${v}"`);
  return n;
}

/** The band by the API's own rule (TimeBandSchema), in the engine's seconds. */
function parseBand(v: string | undefined): TimeBand | undefined {
  if (v === undefined) return undefined;
  const checked = TimeBandSchema.safeParse(v);
  if (!checked.success) throw badArgs(`--band ${checked.error.issues[0]?.message}, got "${v}"`);
  return bandSeconds(v);
}

function parseDate(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!isRealDate(v)) throw badArgs(`--date must be a date YYYY-MM-DD, got "${v}"`);
  return v;
}

async function readInput(io: CliIo, option: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (e) {
    const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? "cannot read");
    throw new CliError(`${option} ${path}: ${why}`, EXIT.badInput);
  }
}

function parseJson(option: string, path: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new CliError(`${option} ${path}: not valid JSON (${messageOf(e)})`, EXIT.badInput);
  }
}

/** List problems as `file:line field: message`, at most 20, for stderr. */
function problemLines(
  option: string,
  path: string,
  problems: { file?: string; line?: number; field: string; message: string }[],
) {
  const shown = problems.slice(0, 20).map((p) => {
    const where = [p.file, p.line ? String(p.line) : ""].filter(Boolean).join(":");
    return `  ${where}${where ? " " : ""}${p.field ? `${p.field}: ` : ""}${p.message}`;
  });
  const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : "";
  return `${option} ${path}: ${problems.length} problem(s)\n${shown.join("\n")}${more}`;
}

/** Compute the report; throws CliError for bad arguments (exit 2) or bad files (exit 1). */
export async function computeCoverageReport(argv: string[], io: CliIo): Promise<CoverageReport | "help"> {
  let values: ReturnType<typeof parse>["values"];
  function parse(args: string[]) {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        gtfs: { type: "string", multiple: true },
        mesh: { type: "string" },
        stations: { type: "string" },
        boundary: { type: "string" },
        preset: { type: "string" },
        "bus-radius": { type: "string" },
        "rail-radius": { type: "string" },
        "min-departures": { type: "string" },
        band: { type: "string" },
        date: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  }
  try {
    values = parse(argv).values;
  } catch (e) {
    throw badArgs(messageOf(e));
  }
  if (values.help) return "help";
  if (!values.mesh) throw badArgs("--mesh <zip|txt> is required");
  const preset = values.preset ?? "rural";
  if (preset !== "rural" && preset !== "urban")
    throw badArgs(`--preset must be rural or urban, got "${preset}"`);
  const overrides: Partial<CoverageParams> = {};
  const bus = parseMetres("bus-radius", values["bus-radius"]);
  const rail = parseMetres("rail-radius", values["rail-radius"]);
  if (bus !== undefined) overrides.busRadiusM = bus;
  if (rail !== undefined) overrides.railRadiusM = rail;
  if (values["min-departures"] !== undefined) {
    const n = Number(values["min-departures"]);
    if (!Number.isInteger(n) || n < 0)
      throw badArgs(`--min-departures must be a whole number ≥ 0, got "${values["min-departures"]}"`);
    overrides.minDepartures = n;
  }
  const band = parseBand(values.band);
  const date = parseDate(values.date);

  // Population cells.
  const meshBytes = await readInput(io, "--mesh", values.mesh);
  const mesh = parseEstatMesh(meshBytes, { fileName: values.mesh });
  if (!mesh.ok) throw new CliError(problemLines("--mesh", values.mesh, mesh.problems), EXIT.badInput);
  let cells: CoverageCell[] = distributeConcealed(mesh.rows);
  const meshCells = cells.length;
  if (values.boundary) {
    const json = parseJson("--boundary", values.boundary, await readInput(io, "--boundary", values.boundary));
    const area = parseArea(json, "boundary");
    if (!area.ok)
      throw new CliError(problemLines("--boundary", values.boundary, area.problems), EXIT.badInput);
    // The stored population's rule (domain/onboarding): a cell crossing the boundary counts by its share inside.
    // The census year does not matter here (nothing is stored): 0 when the table does not tell it.
    const weighted = importPopulation(mesh, area.area, { censusYear: mesh.censusYear ?? 0 });
    if (!weighted.ok)
      throw new CliError(problemLines("--mesh", values.mesh, weighted.problems), EXIT.badInput);
    cells = weighted.cells;
  }

  // Bus stops from every feed; ids prefixed by feed number so two operators' "1" stay apart.
  const busStops: CoverageStop[] = [];
  const gtfsInfo: CoverageReport["inputs"]["gtfs"] = [];
  // No feed is a real case too: a village whose only bus publishes no timetable has no qualifying stop.
  for (const [i, path] of (values.gtfs ?? []).entries()) {
    const feed = parseGtfs(await readInput(io, "--gtfs", path));
    if (!feed.ok) throw new CliError(problemLines("--gtfs", path, feed.problems), EXIT.badInput);
    const options = { ...(date !== undefined ? { date } : {}), ...(band ? { band } : {}) };
    for (const s of stopsWithDepartures(feed.feed, options)) busStops.push({ ...s, id: `${i}:${s.id}` });
    gtfsInfo.push({
      file: path,
      stops: feed.feed.stops.length,
      trips: feed.feed.trips.length,
      warnings: feed.warnings.length,
    });
  }

  let railStations: CoverageStop[] = [];
  if (values.stations) {
    const json = parseJson("--stations", values.stations, await readInput(io, "--stations", values.stations));
    const st = parseN02Stations(json);
    if (!st.ok) throw new CliError(problemLines("--stations", values.stations, st.problems), EXIT.badInput);
    railStations = st.stations.map((s) => ({ id: s.id, lat: s.lat, lon: s.lon }));
  }

  const outcome = analyseCoverage({ cells, busStops, railStations, preset, params: overrides });
  if (!outcome.ok) throw new CliError(problemLines("coverage", "", outcome.problems), EXIT.badInput);
  const { totals, params } = outcome.result;
  return {
    ...totals,
    params: { preset, ...params, date: date ?? null, band: values.band ?? null },
    inputs: {
      gtfs: gtfsInfo,
      meshCells,
      cellsAnalysed: cells.length,
      boundary: values.boundary ?? null,
      busStops: busStops.length,
      qualifyingBusStops: outcome.result.qualifyingBusStops,
      railStations: railStations.length,
    },
  };
}

function summary(r: CoverageReport): string {
  const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : "–");
  const p = r.params;
  // Cells crossing the boundary count by their share, so sums are fractions of people: print whole people.
  const n = Math.round;
  return [
    `交通空白 coverage (${p.preset}: bus ${p.busRadiusM} m, rail ${p.railRadiusM} m, ≥ ${p.minDepartures} departures${p.band ? `, ${p.band}` : ""}${p.date ? `, ${p.date}` : ""})`,
    `  cells          ${r.blankCells} blank of ${r.cells}`,
    `  population     ${n(r.blankPopulation)} blank of ${n(r.population)} (${pct(r.blankPopulation, r.population)})`,
    `  aged 65+       ${n(r.blank65plus)} blank of ${n(r.age65plus)} (${pct(r.blank65plus, r.age65plus)})`,
    `  aged 75+       ${n(r.blank75plus)} blank of ${n(r.age75plus)} (${pct(r.blank75plus, r.age75plus)})`,
    `  stops          ${r.inputs.qualifyingBusStops} qualifying of ${r.inputs.busStops} bus stops, ${r.inputs.railStations} stations`,
    "",
  ].join("\n");
}

export const coverageCommand: CliCommand = {
  summary: "交通空白 totals from GTFS-JP + e-Stat mesh (+ N02 stations, N03 boundary)",
  async run(argv, io) {
    const report = await computeCoverageReport(argv, io);
    if (report === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    io.stdout(argv.includes("--json") ? `${JSON.stringify(report)}\n` : summary(report));
    return EXIT.ok;
  },
};
