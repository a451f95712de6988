/**
 * Cordeau / Ropke DARP benchmark. Usage (from the repo root):
 *   npm run bench:darp -- --instances <dir or files> --time-limit <s> --out <dir>
 * Writes <out>/<instance>.txt (one `Route k : node ids` line per route, depots omitted) and
 * <out>/summary.csv; prints the gap to the optimal / best-known cost in bks.csv.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkCordeau } from "./check";
import { instanceName, parseBenchArgs, readCsvColumns, recordCheck, solveInstance } from "./cli";
import { cordeauToProblem } from "./cordeau";

const args = parseBenchArgs(process.argv.slice(2), "cost");
mkdirSync(args.out, { recursive: true });
const bksPath = new URL("../../../../shared/bench/cordeau-darp/bks.csv", import.meta.url);
const bks = new Map(
  (existsSync(bksPath) ? readCsvColumns(readFileSync(bksPath, "utf8")) : []).map((r) => [
    r.instance ?? "",
    r,
  ]),
);
const summary = ["instance,vehicles,distance,seconds,feasible"];
const gaps: number[] = [];
let allFeasible = true;
console.log(`time-limit=${args.timeLimitS}s instances=${args.instances.length}`);
console.log("instance  veh  cost       ref        gap%    sec  feasible");
for (const file of args.instances) {
  const name = instanceName(file);
  const t0 = performance.now();
  const text = readFileSync(file, "utf8");
  const isPr = /pr\d+/i.test(name);
  const { problem } = cordeauToProblem(text, name);
  const solved = solveInstance(name, problem, "cost", args, t0, summary);
  if (!solved) {
    allFeasible = false;
    continue;
  }
  const { res, seconds } = solved;
  const routes = res.routes.map((r) => {
    const visits = r.stops.filter((s) => s.kind === "pickup" || s.kind === "delivery");
    return {
      nodes: visits.map((s) => s.location),
      starts: visits.map((s) => s.serviceStart),
      departure: (r.stops[0] as { departure: number }).departure,
      returnAt: (r.stops[r.stops.length - 1] as { arrival: number }).arrival,
    };
  });
  const check = checkCordeau(text, isPr, routes);
  if (res.unassigned.length > 0) check.feasible = false;
  writeFileSync(
    join(args.out, `${name}.txt`),
    `${routes.map((r, i) => `Route ${i + 1} : ${r.nodes.join(" ")}`).join("\n")}\n`,
  );
  if (!recordCheck(name, check, seconds, summary)) allFeasible = false;
  const ref = Number(bks.get(name)?.cost ?? Number.NaN);
  const gap = (100 * (check.distance - ref)) / ref;
  if (Number.isFinite(gap) && check.feasible) gaps.push(gap);
  console.log(
    `${name.padEnd(8)} ${String(check.vehicles).padStart(3)}  ${check.distance.toFixed(2).padStart(9)}  ${ref.toFixed(2).padStart(9)}  ${gap.toFixed(2).padStart(6)}  ${seconds.toFixed(1).padStart(5)}  ${check.feasible}`,
  );
  writeFileSync(join(args.out, "summary.csv"), `${summary.join("\n")}\n`);
}
writeFileSync(join(args.out, "summary.csv"), `${summary.join("\n")}\n`);
const mean = gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : Number.NaN;
console.log(`mean gap: ${mean.toFixed(3)} % over ${gaps.length} feasible instances with a reference`);
console.log(`all feasible: ${allFeasible}`);
process.exitCode = allFeasible ? 0 : 1;
