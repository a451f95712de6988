/**
 * Li & Lim PDPTW benchmark. Usage (from the repo root):
 *   npm run bench:pdptw -- --instances <dir or files> --time-limit <s> --objective vehicles|distance --out <dir>
 * Writes <out>/<instance>.txt (SINTEF route text) and <out>/summary.csv, and prints the gap
 * to the reference (distance-only PyVRP values for --objective distance, SINTEF BKS otherwise).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkLiLim } from "./check";
import { instanceName, parseBenchArgs, readCsvColumns, recordCheck, solveInstance } from "./cli";
import { lilimToProblem } from "./lilim";

const args = parseBenchArgs(process.argv.slice(2), "vehicles");
mkdirSync(args.out, { recursive: true });
const refDir = new URL("../../../../shared/bench/li-lim-pdptw/", import.meta.url);
const readRef = (name: string) => {
  const p = new URL(name, refDir);
  return existsSync(p) ? readCsvColumns(readFileSync(p, "utf8")) : [];
};
const bks = new Map(readRef("bks.csv").map((r) => [(r.instance ?? "").toLowerCase(), r]));
const pyvrp = new Map(
  readRef("distance_only_reference_pyvrp_li100.csv").map((r) => [(r.instance ?? "").toLowerCase(), r]),
);

const summary = ["instance,vehicles,distance,seconds,feasible"];
const gaps: number[] = [];
let bksVehicleHits = 0;
const gapsOnHits: number[] = [];
let allFeasible = true;
console.log(`objective=${args.objective} time-limit=${args.timeLimitS}s instances=${args.instances.length}`);
console.log("instance    veh  distance     ref_veh ref_dist     gap%    sec  feasible");
for (const file of args.instances) {
  const name = instanceName(file);
  const t0 = performance.now();
  const text = readFileSync(file, "utf8");
  const problem = lilimToProblem(text);
  const solved = solveInstance(name, problem, args.objective, args, t0, summary);
  if (!solved) {
    allFeasible = false;
    continue;
  }
  const { res, seconds } = solved;
  const routes = res.routes.map((r) =>
    r.stops.filter((s) => s.kind === "pickup" || s.kind === "delivery").map((s) => s.location),
  );
  const check = checkLiLim(text, routes);
  const sintef = [
    `Instance name : ${name}`,
    "Authors       : Tsunagu matching engine",
    `Date          : ${new Date().toISOString().slice(0, 10)}`,
    `Reference     : SISR-style LNS, objective ${args.objective}, ${args.timeLimitS}s`,
    "Solution",
    ...routes.map((r, i) => `Route ${i + 1} : ${r.join(" ")}`),
    "",
  ].join("\n");
  writeFileSync(join(args.out, `${name}.txt`), sintef);
  if (!recordCheck(name, check, seconds, summary)) allFeasible = false;
  const key = name.toLowerCase();
  const b = bks.get(key);
  const py = pyvrp.get(key);
  let refVeh = Number.NaN;
  let refDist = Number.NaN;
  if (args.objective === "cost" && py) {
    refVeh = Number(py.routes);
    refDist = Number(py.recomputed_euclid_distance);
  } else if (b) {
    refVeh = Number(b.vehicles);
    refDist = Number(b.distance);
  }
  let gap = Number.NaN;
  if (Number.isFinite(refDist)) {
    gap = (100 * (check.distance - refDist)) / refDist;
    if (args.objective === "cost") gaps.push(gap);
    else if (check.vehicles === refVeh) {
      bksVehicleHits++;
      gapsOnHits.push(gap);
    }
  }
  console.log(
    `${name.padEnd(11)} ${String(check.vehicles).padStart(3)}  ${check.distance.toFixed(2).padStart(10)}  ${String(refVeh).padStart(4)}  ${refDist.toFixed(2).padStart(10)}  ${gap.toFixed(2).padStart(7)}  ${seconds.toFixed(1).padStart(5)}  ${check.feasible}`,
  );
  writeFileSync(join(args.out, "summary.csv"), `${summary.join("\n")}\n`);
}
writeFileSync(join(args.out, "summary.csv"), `${summary.join("\n")}\n`);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
if (args.objective === "cost")
  console.log(`mean gap to reference: ${mean(gaps).toFixed(3)} % over ${gaps.length}`);
else
  console.log(
    `BKS vehicle count matched on ${bksVehicleHits}/${args.instances.length}; mean distance gap on those ${mean(gapsOnHits).toFixed(3)} %`,
  );
console.log(`all feasible: ${allFeasible}`);
process.exitCode = allFeasible ? 0 : 1;
