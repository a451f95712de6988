/**
 * Onboarding imports benchmark: time and peak memory of reading a town's
 * public files from bytes, as the server will on upload. Run from the repo
 * root: `npx tsx packages/geo/bench/onboard.ts` (real files from ../shared/data).
 *
 * Each case runs in a process of its own, so its peak resident set
 * (`process.resourceUsage().maxRSS`, the kernel's high-water mark, which sees
 * the peak even inside synchronous work that a sampling timer cannot
 * interrupt) is that case's alone; the process's RSS before the case is shown
 * beside it. Times: the first (cold) run, then the median of the next runs,
 * wall and CPU.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArea } from "../src/area";
import { parseEstatMeshFiles } from "../src/estat";
import { readN03Boundary } from "../src/n03";
import { importPopulation } from "../src/population";

const DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const RUNS = 7;

const file = (relative: string) => {
  const path = `${DATA}${relative}`;
  if (!existsSync(path)) throw new Error(`missing real data file ${path}`);
  return new Uint8Array(readFileSync(path));
};

const boundaryArea = (bytes: Uint8Array, code: string) => {
  const b = readN03Boundary(bytes, code);
  if (!b.ok) throw new Error(JSON.stringify(b.problems));
  const a = parseArea(b.boundary.geometry);
  if (!a.ok) throw new Error(JSON.stringify(a.problems));
  return a.area;
};

/** The e-Stat zip 5338 imported into the boundary in `boundaryFile`: its setup, the timed step returned. */
const estatImport = (boundaryFile: string, code: string) => {
  const zip = file("yamanashi-kosuge/pop_2020_5338.zip");
  const area = boundaryArea(file(boundaryFile), code);
  return () => {
    const parsed = parseEstatMeshFiles([{ name: "pop_2020_5338.zip", bytes: zip }]);
    if (!parsed.ok) throw new Error("refused");
    const r = importPopulation(parsed, area);
    if (!r.ok) throw new Error("refused");
    return `${r.report.people} people in ${r.report.cellsInside} + ${r.report.cellsPartlyInside} partial cells`;
  };
};

interface Case {
  what: string;
  /** Prepares inputs (not timed) and returns the timed step, which returns a one-line result. */
  setup: () => () => string;
}

const CASES: Record<string, Case> = {
  "n03-suzu": {
    what: "N03 boundary 珠洲市 (806,847 B, 432 polygons): decode, validate, simplify, area",
    setup: () => {
      const bytes = file("ishikawa-suzu/boundary_n03_17205_suzu.geojson");
      return () => {
        const r = readN03Boundary(bytes, "17205");
        if (!r.ok) throw new Error("refused");
        return `${r.boundary.vertices} → ${r.boundary.simplifiedVertices} vertices, ${r.boundary.areaKm2.toFixed(2)} km²`;
      };
    },
  },
  "estat-kosuge": {
    what: "e-Stat zip 5338 (102,412 B, 2,050 cells) × 小菅村: unzip, parse, concealment, share weighting",
    setup: () => estatImport("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson", "19442"),
  },
  "estat-hokuto": {
    what: "e-Stat zip 5338 × 北杜市 (a larger boundary: 274 cells kept, 38 crossing it)",
    setup: () => estatImport("yamanashi-hokuto/boundary_n03_19209_hokuto.geojson", "19209"),
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function runCase(name: string): void {
  const c = CASES[name];
  if (!c) throw new Error(`unknown case ${name}`);
  const step = c.setup();
  const rssBefore = process.memoryUsage().rss;
  const f0 = performance.now();
  let result = step(); // the first run, cold, is what one upload to a fresh server costs
  const firstMs = performance.now() - f0;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = step();
    wall.push(performance.now() - t0);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }
  // maxRSS is in kibibytes.
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ name, firstMs, wallMs: median(wall), cpuMs: median(cpu), rssBefore, peak, result })}\n`,
  );
}

const MiB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

const caseArg = process.argv.indexOf("--case");
if (caseArg >= 0) runCase(process.argv[caseArg + 1] as string);
else {
  const rows: string[] = [];
  for (const name of Object.keys(CASES)) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--case", name],
      {
        encoding: "utf8",
      },
    );
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split("\n").pop() as string) as {
      firstMs: number;
      wallMs: number;
      cpuMs: number;
      rssBefore: number;
      peak: number;
      result: string;
    };
    rows.push(
      `| ${CASES[name]?.what} | ${r.firstMs.toFixed(0)} ms | ${r.wallMs.toFixed(1)} ms | ${r.cpuMs.toFixed(1)} ms | ${MiB(r.peak)} (${MiB(r.rssBefore)} before) | ${r.result} |`,
    );
  }
  const load = os.loadavg()[0]?.toFixed(1);
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${load}`);
  console.log(`first (cold) run, then the median of ${RUNS} more; each case in its own process\n`);
  console.log("| import | first run | wall (median) | CPU (median) | peak RSS | result |");
  console.log("| --- | ---: | ---: | ---: | ---: | --- |");
  for (const r of rows) console.log(r);
}
