/**
 * `tsunagu boundary import` and `tsunagu population import`: a real
 * municipality's public files into the database named by DATABASE_URL, by the
 * same domain verbs the API calls (so the same checks and the same report).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { MunicipalityCodeInputSchema } from "@tsunagu/contract";
import { applyMigrations, type Database, openDatabase } from "@tsunagu/db";
import { parseConfig } from "../config";
import type { DomainContext } from "../domain/context";
import { DomainError } from "../domain/errors";
import { importBoundary } from "../domain/onboarding/boundary";
import { importPopulationFiles } from "../domain/onboarding/population";
import { type CliCommand, CliError, type CliIo, EXIT } from "./io";

/** The database of DATABASE_URL; a relative file URL is relative to server/, where the server runs. */
async function openConfiguredDatabase(io: CliIo): Promise<Database> {
  const config = parseConfig(io.env);
  const url = config.DATABASE_URL.startsWith("file:")
    ? `file:${path.resolve(import.meta.dirname, "../..", config.DATABASE_URL.slice("file:".length))}`
    : config.DATABASE_URL;
  const database = await openDatabase(url, { authToken: config.DATABASE_AUTH_TOKEN });
  await applyMigrations(database);
  return database;
}

interface ImportArgs {
  code: string;
  files: { name: string; bytes: Uint8Array }[];
  json: boolean;
  censusYear: number | undefined;
}

async function parseImportArgs(argv: string[], io: CliIo, usage: string, many: boolean): Promise<ImportArgs> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      municipality: { type: "string" },
      "census-year": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const [verb, ...paths] = positionals;
  if (verb !== "import" || paths.length === 0 || (!many && paths.length > 1) || !values.municipality)
    throw new CliError(usage, EXIT.badArgs);
  const code = MunicipalityCodeInputSchema.safeParse(values.municipality);
  if (!code.success)
    throw new CliError(
      `--municipality ${values.municipality}: ${code.error.issues[0]?.message}`,
      EXIT.badArgs,
    );
  const year = values["census-year"];
  if (year !== undefined && !/^\d{4}$/.test(year))
    throw new CliError(`--census-year must be a year such as 2020, got "${year}"`, EXIT.badArgs);
  const files = [];
  for (const p of paths) {
    try {
      files.push({ name: path.basename(p), bytes: new Uint8Array(await readFile(path.resolve(io.cwd, p))) });
    } catch {
      throw new CliError(`${p}: cannot read the file`, EXIT.badInput);
    }
  }
  return { code: code.data, files, json: values.json ?? false, censusYear: year ? Number(year) : undefined };
}

/** Runs a verb as system work (no caller: the operator at the console), printing its refusal as lines. */
async function runVerb<T>(io: CliIo, work: (ctx: DomainContext) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(io);
  try {
    return await work({
      db: database.db,
      now: new Date(),
      caller: undefined,
      trace: { requestId: null, ip: null },
    });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const errors = (e.details.errors ?? []).slice(0, 20).map((p) => `\n  ${p.path}: ${p.message}`);
    throw new CliError(
      `${e.message}${errors.join("")}`,
      e.code === "not_found" ? EXIT.badArgs : EXIT.badInput,
    );
  } finally {
    database.close();
  }
}

const BOUNDARY_USAGE = `usage: npm run tsunagu -- boundary import --municipality <code> <n03.geojson> [--json]

  Imports the municipality's boundary from an N03 行政区域 GeoJSON file (国土数値情報,
  a whole prefecture or one town, UTF-8 or Shift_JIS) and replaces the stored one.
  <code>: 全国地方公共団体コード, 6 digits or 5.`;

export const boundaryCommand: CliCommand = {
  summary: "import a municipality's N03 boundary (GeoJSON) into the database",
  async run(argv, io) {
    if (argv.includes("--help")) {
      io.stdout(`${BOUNDARY_USAGE}\n`);
      return EXIT.ok;
    }
    const args = await parseImportArgs(argv, io, BOUNDARY_USAGE, false);
    const file = args.files[0] as { bytes: Uint8Array };
    const r = await runVerb(io, (ctx) => importBoundary(ctx, args.code, file.bytes));
    io.stdout(
      args.json
        ? `${JSON.stringify(r)}\n`
        : `${r.fullName} (${args.code}): ${r.polygons} polygon(s), ${r.holes} hole(s), ${r.areaKm2} km², ${r.vertices} vertices (map: ${r.mapVertices})${r.replaced ? ", replaced the earlier boundary" : ""}\n` +
            `e-Stat 1st meshes to download: ${r.firstMeshes.join(", ")}\n` +
            (r.population ? `population re-weighed: ${r.population.people} people\n` : "") +
            r.warnings.map((w) => `warning: ${w.message}\n`).join(""),
    );
    return EXIT.ok;
  },
};

const POPULATION_USAGE = `usage: npm run tsunagu -- population import --municipality <code> <zip|txt> [<zip|txt> …] [--census-year YYYY] [--json]

  Imports e-Stat 地域メッシュ統計 (国勢調査 人口及び世帯, the zips as downloaded, one per
  1st mesh) for the municipality, counted inside its stored boundary (import that first),
  and replaces the stored population.`;

export const populationCommand: CliCommand = {
  summary: "import a municipality's e-Stat mesh population (zips) into the database",
  async run(argv, io) {
    if (argv.includes("--help")) {
      io.stdout(`${POPULATION_USAGE}\n`);
      return EXIT.ok;
    }
    const args = await parseImportArgs(argv, io, POPULATION_USAGE, true);
    const r = await runVerb(io, (ctx) =>
      importPopulationFiles(ctx, args.code, args.files, { censusYear: args.censusYear }),
    );
    io.stdout(
      args.json
        ? `${JSON.stringify(r)}\n`
        : `国勢調査 ${r.censusYear} (${r.level} mesh, 1st mesh ${r.firstMeshes.join(", ")}): ${r.people} people, ${r.age65plus} aged 65+, ${r.age75plus} aged 75+\n` +
            `cells: ${r.cellsRead} read, ${r.cellsInside} inside, ${r.cellsPartlyInside} crossing the boundary (by share), ${r.cellsOutside} outside; ${r.concealedCells} concealed (秘匿, age bands estimated)${r.replaced ? "; replaced the earlier population" : ""}\n` +
            r.warnings.map((w) => `warning: ${w.path} ${w.message}\n`).join(""),
    );
    return EXIT.ok;
  },
};
