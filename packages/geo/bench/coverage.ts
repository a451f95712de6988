/**
 * Coverage benchmark. Run: `npx tsx packages/geo/bench/coverage.ts` (from the repo root).
 *
 * 1. National scale: 1,500,000 1-km cells × 250,000 bus stops with the spatial index.
 * 2. Small region: 2,000 cells × 300 stops, naive turf (buffer every stop, union the
 *    buffers, point-in-polygon per cell) against the index — same blank set asserted.
 *
 * Data are synthetic and seeded (reproducible): stops cluster around "towns" the
 * way real stops follow settlements (80 % within a few km of 3,000 centres, 20 %
 * scattered), cells are a contiguous block of the JIS grid.
 */
import { strict as assert } from "node:assert";
import os from "node:os";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { buffer } from "@turf/buffer";
import { featureCollection, point } from "@turf/helpers";
import { union } from "@turf/union";
import { analyseCoverage, type CoverageCell, type CoverageStop } from "../src/coverage";
import { meshCentre, toMeshCode } from "../src/mesh";
import { haversineM } from "../src/stations";

let seed = 20240601;
/** Park–Miller LCG: deterministic, good enough for placing points. */
const rnd = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());

/** A block of `rows × cols` 3rd-level mesh cells starting at (lat0, lon0). */
function gridCells(lat0: number, lon0: number, rows: number, cols: number): CoverageCell[] {
  const cells: CoverageCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const code = toMeshCode(lat0 + (r + 0.5) * (30 / 3600), lon0 + (c + 0.5) * (45 / 3600), "3rd");
      const population = Math.floor(rnd() * 200);
      const a65 = Math.floor(population * 0.3);
      cells.push({ code, population, age65plus: a65, age75plus: Math.floor(a65 * 0.5) });
    }
  }
  return cells;
}

function clusteredStops(
  n: number,
  lat0: number,
  lon0: number,
  dLat: number,
  dLon: number,
  towns: number,
): CoverageStop[] {
  const centres = Array.from({ length: towns }, () => [lat0 + rnd() * dLat, lon0 + rnd() * dLon] as const);
  const stops: CoverageStop[] = [];
  for (let i = 0; i < n; i++) {
    let lat: number;
    let lon: number;
    if (rnd() < 0.8) {
      const [cLat, cLon] = centres[Math.floor(rnd() * towns)] as readonly [number, number];
      lat = cLat + gauss() * 0.03;
      lon = cLon + gauss() * 0.037;
    } else {
      lat = lat0 + rnd() * dLat;
      lon = lon0 + rnd() * dLon;
    }
    stops.push({ id: `s${i}`, lat, lon, departures: Math.floor(rnd() * 30) });
  }
  return stops;
}

const ms = (t0: number) => performance.now() - t0;
/** CPU seconds (user + system) of this process since `c0`: less sensitive to other users of a shared machine than wall time. */
const cpuS = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return `${((d.user + d.system) / 1e6).toFixed(2)} s CPU`;
};
const rows: [string, string, string][] = [];

// ---- 1. national scale ------------------------------------------------------
{
  // 1,000 × 1,500 cells = 8.3° × 18.75° (30°N–38.3°N, 130°E–148.75°E).
  let t0 = performance.now();
  const cells = gridCells(30, 130, 1000, 1500);
  const stops = clusteredStops(250_000, 30, 130, 1000 * (30 / 3600), 1500 * (45 / 3600), 3000);
  const rail = clusteredStops(9_000, 30, 130, 1000 * (30 / 3600), 1500 * (45 / 3600), 3000).map(
    ({ departures: _d, ...s }) => s,
  );
  rows.push(["national: generate 1.5 M cells + 259 k stops", `${(ms(t0) / 1000).toFixed(2)} s`, ""]);
  t0 = performance.now();
  let c0 = process.cpuUsage();
  const r = analyseCoverage({ cells, busStops: stops, railStations: rail, params: { minDepartures: 3 } });
  const t = ms(t0);
  const cpu1 = cpuS(c0);
  assert(r.ok);
  const tt = r.result.totals;
  rows.push([
    "national: analyseCoverage 1,500,000 cells × 250,000 bus + 9,000 rail (index build + queries + nearest ≤ 5 km)",
    `${(t / 1000).toFixed(2)} s`,
    `${cpu1}; ${tt.blankCells} blank cells; ${((t * 1000) / cells.length).toFixed(2)} µs/cell`,
  ]);
  t0 = performance.now();
  c0 = process.cpuUsage();
  const r2 = analyseCoverage({
    cells,
    busStops: stops,
    railStations: rail,
    params: { minDepartures: 3, nearestSearchM: 1000 },
  });
  const t2 = ms(t0);
  const cpu2 = cpuS(c0);
  assert(r2.ok);
  assert.equal(r2.result.totals.blankCells, tt.blankCells);
  rows.push(["national: same, nearest-stop search capped at 1 km", `${(t2 / 1000).toFixed(2)} s`, cpu2]);
}

// ---- 2. small region: naive turf vs index --------------------------------------
{
  const radius = 500;
  // 40 × 50 = 2,000 cells around 35.4°N 138.9°E (≈ 37 km × 56 km).
  const cells = gridCells(35.4, 138.9, 40, 50);
  const centres = cells.map((c) => meshCentre(c.code));
  const stops: CoverageStop[] = [];
  // 300 stops; a stop whose distance to some cell centre is within ±2 % of the radius is redrawn,
  // because the buffer polygon (64 segments) only approximates the circle there.
  while (stops.length < 300) {
    const [s] = clusteredStops(1, 35.4, 138.9, 40 * (30 / 3600), 50 * (45 / 3600), 1);
    const stop = { ...(s as CoverageStop), id: `s${stops.length}`, departures: 5 };
    const ambiguous = centres.some(
      (c) => Math.abs(haversineM(c.lat, c.lon, stop.lat, stop.lon) - radius) < radius * 0.02,
    );
    if (!ambiguous) stops.push(stop);
  }

  let t0 = performance.now();
  const buffers = stops.map((s) =>
    buffer(point([s.lon, s.lat]), radius / 1000, { units: "kilometers", steps: 16 }),
  );
  const merged = union(featureCollection(buffers.filter((b) => b !== undefined)));
  assert(merged);
  const naiveBlank = new Set<string>();
  cells.forEach((c, i) => {
    const p = centres[i] as { lat: number; lon: number };
    if (!booleanPointInPolygon([p.lon, p.lat], merged)) naiveBlank.add(c.code);
  });
  const tNaive = ms(t0);

  t0 = performance.now();
  const r = analyseCoverage({
    cells,
    busStops: stops,
    params: { busRadiusM: radius, nearestSearchM: radius },
  });
  const tIndex = ms(t0);
  assert(r.ok);
  const indexBlank = new Set(cells.filter((_, i) => r.result.served[i] === 0).map((c) => c.code));
  assert.deepEqual([...indexBlank].sort(), [...naiveBlank].sort(), "naive and indexed blank sets differ");
  rows.push([
    "region: naive turf buffer + union + point-in-polygon, 2,000 cells × 300 stops",
    `${tNaive.toFixed(1)} ms`,
    `${naiveBlank.size} blank cells`,
  ]);
  rows.push([
    "region: spatial index, same input",
    `${tIndex.toFixed(1)} ms`,
    `${indexBlank.size} blank cells (identical set)`,
  ]);
  rows.push(["region: speed-up", `${(tNaive / tIndex).toFixed(0)}×`, ""]);
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(
  `\nCoverage benchmark — Node ${process.version}, ${os.cpus().length} × ${cpu}, load avg ${os.loadavg()[0]?.toFixed(2)} (shared machine)\n`,
);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`| ${"step".padEnd(w0)} | ${"time".padStart(w1)} | result |`);
console.log(`| ${"-".repeat(w0)} | ${"-".repeat(w1)} | ------ |`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w0)} | ${b.padStart(w1)} | ${c} |`);
