/**
 * Road-engine benchmark: prints one table of import, preparation and query figures for the
 * Monaco extract and a generated map of about 1,000,000 directed edges.
 *
 *   npx tsx packages/roads/bench/roads.ts [--side 341] [--monaco PATH] [--only monaco|big]
 *
 * Every step runs in a fresh child process so its peak memory (maxRSS) is its own; steps hand
 * their results on as blobs in a temporary folder (which is also how a server would store them).
 * Wall time and this process's CPU time (user + system) are both shown: on a shared machine the
 * CPU time is the better guide to an idle one.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  buildRoutingGraph,
  buildSnapIndex,
  DEFAULT_PROFILES,
  decodeGraph,
  decodePreparedProfile,
  dijkstraMatrix,
  encodeGraph,
  encodePreparedProfile,
  importOsm,
  matrix,
  prepareProfile,
  profileHash,
  type RoadGraph,
  route,
  type Snap,
  snap,
} from "../src/index";
import { syntheticPbf } from "./synthetic";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const here = fileURLToPath(new URL(".", import.meta.url));
const MONACO = arg("monaco", join(here, "../../../../shared/data/osm-monaco/monaco.osm.pbf"));
const SIDE = Number(arg("side", "341"));
const DIR = join(tmpdir(), "tsunagu-roads-bench");
const file = (name: string) => join(DIR, name);

interface Row {
  step: string;
  wallS: number;
  cpuS: number;
  peakMiB: number;
  result: string;
}

/** Runs fn, measuring wall and CPU time; the row's peak memory is the process's maxRSS so far. */
async function measure(step: string, fn: () => Promise<string> | string): Promise<Row> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    step,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    result,
  };
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Uint8Array;
}

function loadGraph(name: string): RoadGraph {
  const decoded = decodeGraph(readFileSync(file(name)));
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.graph;
}

function randomSnaps(g: RoadGraph, count: number, seed: number): Snap[] {
  const idx = buildSnapIndex(g);
  let s = seed;
  const rnd = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let n = 0; n < g.nodeCount; n++) {
    west = Math.min(west, (g.nodeLon[n] as number) / 1e7);
    east = Math.max(east, (g.nodeLon[n] as number) / 1e7);
    south = Math.min(south, (g.nodeLat[n] as number) / 1e7);
    north = Math.max(north, (g.nodeLat[n] as number) / 1e7);
  }
  const out: Snap[] = [];
  while (out.length < count) {
    const p = snap(
      g,
      idx,
      DEFAULT_PROFILES.car,
      [west + (east - west) * rnd(), south + (north - south) * rnd()],
      {
        maxDistanceM: 500,
      },
    );
    if (p) out.push(p);
  }
  return out;
}

/** Checks `rows` sources of the hierarchy's matrix against plain Dijkstra; returns a summary. */
function checkAgainstDijkstra(g: RoadGraph, points: Snap[], rows: number, durations: Float64Array): string {
  const routing = buildRoutingGraph(g, DEFAULT_PROFILES.car);
  const ref = dijkstraMatrix(g, routing, points.slice(0, rows), points);
  let equal = 0;
  for (let k = 0; k < rows * points.length; k++) if (ref.durationsS[k] === durations[k]) equal++;
  if (equal !== rows * points.length)
    throw new Error(`hierarchy ≠ Dijkstra on ${rows * points.length - equal} pairs`);
  return `${equal.toLocaleString("en")}/${(rows * points.length).toLocaleString("en")} pairs equal Dijkstra`;
}

function routeTimes(
  g: RoadGraph,
  points: Snap[],
  prepared: ReturnType<typeof prepareProfile>,
  count: number,
) {
  // Wall time per route, and CPU time (which a busy machine does not inflate by waiting).
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = points[i % points.length] as Snap;
    const b = points[(i * 7919 + 13) % points.length] as Snap;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    route(g, prepared, a, b);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const at = (list: number[], q: number) => {
    const sorted = [...list].sort((x, y) => x - y);
    return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(2);
  };
  return `${count} routes (with geometry): wall median ${at(wall, 0.5)} / p99 ${at(wall, 0.99)} / max ${at(wall, 1)} ms; CPU median ${at(cpu, 0.5)} / p99 ${at(cpu, 0.99)} ms`;
}

function prepared(graphName: string, cacheName: string) {
  const g = loadGraph(graphName);
  const decoded = decodePreparedProfile(readFileSync(file(cacheName)), {
    graphHash: (JSON.parse(readFileSync(file(`${graphName}.hash`), "utf8")) as { hash: string }).hash,
    profileHash: profileHash(DEFAULT_PROFILES.car),
  });
  if (!decoded.ok) throw new Error(decoded.message);
  return { g, p: decoded.prepared };
}

async function importStep(name: string, path: string): Promise<Row[]> {
  let edges = 0;
  const row = await measure(`${name}: import (read PBF, build graph)`, async () => {
    const r = await importOsm(fileChunks(path));
    if (!r.ok) throw new Error(r.error.message);
    edges = r.report.edges;
    const blob = encodeGraph(r.graph, r.report);
    writeFileSync(file(`${name}.graph`), blob);
    const decoded = decodeGraph(blob);
    if (!decoded.ok) throw new Error(decoded.message);
    writeFileSync(file(`${name}.graph.hash`), JSON.stringify({ hash: decoded.hash }));
    const rep = r.report;
    return `${rep.ways.toLocaleString("en")} ways, ${rep.nodes.toLocaleString("en")} nodes, ${rep.edges.toLocaleString("en")} edges, car SCC ${(rep.stronglyConnectedShare.car * 100).toFixed(1)} %, blob ${(blob.length / 2 ** 20).toFixed(1)} MiB`;
  });
  const load = await measure(`${name}: load graph blob`, () => {
    const g = loadGraph(`${name}.graph`);
    return `${g.edgeHead.length.toLocaleString("en")} edges`;
  });
  if (edges === 0) throw new Error("no edges");
  return [row, load];
}

async function prepareStep(name: string): Promise<Row[]> {
  const g = loadGraph(`${name}.graph`);
  const hash = (JSON.parse(readFileSync(file(`${name}.graph.hash`), "utf8")) as { hash: string }).hash;
  const row = await measure(`${name}: contraction hierarchy (car)`, () => {
    const p = prepareProfile(g, DEFAULT_PROFILES.car, { graphHash: hash });
    const blob = encodePreparedProfile(p);
    writeFileSync(file(`${name}.car.ch`), blob);
    const h = p.hierarchy;
    return `${(h.upHead.length + h.downTail.length).toLocaleString("en")} hierarchy edges, cache ${(blob.length / 2 ** 20).toFixed(1)} MiB`;
  });
  const load = await measure(`${name}: load hierarchy cache`, () => {
    const r = decodePreparedProfile(readFileSync(file(`${name}.car.ch`)), {
      graphHash: hash,
      profileHash: profileHash(DEFAULT_PROFILES.car),
    });
    if (!r.ok) throw new Error(r.message);
    return "hash-checked against graph and profile";
  });
  return [row, load];
}

async function queryStep(name: string, size: number, checkRows: number): Promise<Row[]> {
  const { g, p } = prepared(`${name}.graph`, `${name}.car.ch`);
  let points: Snap[] = [];
  const snapRow = await measure(`${name}: snap ${size} points (car)`, () => {
    points = randomSnaps(g, size, 42);
    return "index build + nearest usable segment";
  });
  let durations: Float64Array = new Float64Array(0);
  const m = await measure(`${name}: ${size} × ${size} matrix (car, 1 thread)`, () => {
    const r = matrix(g, p, points, points);
    durations = r.durationsS;
    let reachable = 0;
    for (const d of r.durationsS) if (Number.isFinite(d)) reachable++;
    return `${((reachable / r.durationsS.length) * 100).toFixed(1)} % of pairs reachable`;
  });
  const routes = await measure(`${name}: point-to-point routes (car)`, () => routeTimes(g, points, p, 1000));
  const check = await measure(`${name}: check ${checkRows} rows against Dijkstra`, () =>
    checkAgainstDijkstra(g, points, checkRows, durations),
  );
  return [snapRow, m, routes, check];
}

async function workerStep(name: string, size: number, threads: number): Promise<Row[]> {
  const graphBlob = readFileSync(file(`${name}.graph`));
  const cacheBlob = readFileSync(file(`${name}.car.ch`));
  const graphHash = (JSON.parse(readFileSync(file(`${name}.graph.hash`), "utf8")) as { hash: string }).hash;
  const g = loadGraph(`${name}.graph`);
  const points = randomSnaps(g, size, 42).map((s) => ({ edge: s.edge, fraction: s.fraction }));
  let workers: Worker[] = [];
  const start = await measure(`${name}: start ${threads} worker(s), load blobs`, async () => {
    workers = Array.from(
      { length: threads },
      () =>
        // tsx's hooks are per thread: a bootstrap registers them before loading the worker
        // (the pattern of server/src/lib/tsWorker.ts).
        new Worker(
          `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(new URL("./matrixWorker.ts", import.meta.url).href)}); });`,
          {
            eval: true,
            workerData: { graphBlob, cacheBlob, graphHash, profileHash: profileHash(DEFAULT_PROFILES.car) },
          },
        ),
    );
    await Promise.all(workers.map((w) => new Promise((ok) => w.once("message", ok))));
    return "each worker decodes its own copy";
  });
  const run = await measure(
    `${name}: ${size} × ${size} matrix (car, ${threads} worker thread(s))`,
    async () => {
      const per = Math.ceil(size / threads);
      await Promise.all(
        workers.map(
          (w, k) =>
            new Promise((ok) => {
              w.once("message", ok);
              w.postMessage({
                sources: points,
                targets: points,
                from: k * per,
                to: Math.min(size, (k + 1) * per),
              });
            }),
        ),
      );
      return "sources split evenly; every worker computes all target buckets";
    },
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return [start, run];
}

async function step(which: string): Promise<Row[]> {
  mkdirSync(DIR, { recursive: true });
  switch (which) {
    case "monaco-import":
      return importStep("monaco", MONACO);
    case "monaco-prepare":
      return prepareStep("monaco");
    case "monaco-queries":
      return queryStep("monaco", 500, 50);
    case "big-generate":
      return [
        await measure(`generated map: write PBF (side ${SIDE})`, () => {
          const out = syntheticPbf(SIDE);
          writeFileSync(file("big.osm.pbf"), out.bytes);
          return `${out.ways.toLocaleString("en")} ways, ${out.nodes.toLocaleString("en")} nodes, ${(out.bytes.length / 2 ** 20).toFixed(1)} MiB`;
        }),
      ];
    case "big-import":
      return importStep("big", file("big.osm.pbf"));
    case "big-prepare":
      return prepareStep("big");
    case "big-queries":
      return queryStep("big", 2000, 5);
    case "big-workers-1":
      return workerStep("big", 2000, 1);
    case "big-workers-2":
      return workerStep("big", 2000, 2);
    case "monaco-workers-1":
      return workerStep("monaco", 500, 1);
    case "monaco-workers-2":
      return workerStep("monaco", 500, 2);
    default:
      throw new Error(`unknown step ${which}`);
  }
}

const MONACO_STEPS = [
  "monaco-import",
  "monaco-prepare",
  "monaco-queries",
  "monaco-workers-1",
  "monaco-workers-2",
];
const BIG_STEPS = [
  "big-generate",
  "big-import",
  "big-prepare",
  "big-queries",
  "big-workers-1",
  "big-workers-2",
];

async function main() {
  const only = arg("step", "");
  if (only) {
    // Child mode: one step, rows as JSON on the last line.
    console.log(JSON.stringify(await step(only)));
    return;
  }
  const which = arg("only", "all");
  if (which !== "big" && !existsSync(MONACO)) throw new Error(`missing ${MONACO} (pass --monaco PATH)`);
  const steps = [...(which === "big" ? [] : MONACO_STEPS), ...(which === "monaco" ? [] : BIG_STEPS)];
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}, ${new Date().toISOString()}`,
  );
  console.log("| step | wall s | CPU s | peak MiB | result |");
  console.log("| --- | ---: | ---: | ---: | --- |");
  for (const s of steps) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...args, "--step", s],
      {
        encoding: "utf8",
        maxBuffer: 1 << 26,
      },
    );
    if (child.status !== 0) {
      console.error(child.stderr || child.stdout);
      throw new Error(`step ${s} failed`);
    }
    const rows = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "[]") as Row[];
    for (const r of rows)
      console.log(
        `| ${r.step} | ${r.wallS.toFixed(2)} | ${r.cpuS.toFixed(2)} | ${r.peakMiB.toFixed(0)} | ${r.result} |`,
      );
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

await main();
