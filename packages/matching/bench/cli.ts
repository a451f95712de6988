import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Problem, SolveResult } from "../src/model";
import { solve } from "../src/solve";
import type { CheckResult } from "./check";

/** Common command line of the benchmark scripts. */
export interface BenchArgs {
  instances: string[];
  timeLimitS: number;
  objective: "vehicles" | "cost";
  out: string;
  seed: number;
}

/** npm/pnpm run scripts inside the package; resolve user paths against where the user typed. */
const base = () => process.env.INIT_CWD ?? process.cwd();

export function parseBenchArgs(argv: string[], defaultObjective: "vehicles" | "cost"): BenchArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      instances: { type: "string", multiple: true },
      "time-limit": { type: "string", default: "10" },
      objective: { type: "string" },
      out: { type: "string", default: "bench-out" },
      seed: { type: "string", default: "1" },
    },
  });
  const raw = [...(values.instances ?? []), ...positionals];
  if (raw.length === 0) throw new Error("--instances <dir or files> is required");
  const files: string[] = [];
  for (const r of raw) {
    const p = resolve(base(), r);
    if (statSync(p).isDirectory())
      for (const f of readdirSync(p).sort()) {
        if (f.endsWith(".txt")) files.push(join(p, f));
      }
    else files.push(p);
  }
  const objRaw = values.objective ?? (defaultObjective === "cost" ? "distance" : "vehicles");
  if (objRaw !== "vehicles" && objRaw !== "distance" && objRaw !== "cost")
    throw new Error(`--objective must be vehicles or distance, got ${objRaw}`);
  const timeLimitS = Number(values["time-limit"]);
  if (!(timeLimitS > 0)) throw new Error("--time-limit must be a positive number of seconds");
  return {
    instances: files,
    timeLimitS,
    objective: objRaw === "vehicles" ? "vehicles" : "cost",
    out: resolve(base(), values.out ?? "bench-out"),
    seed: Number(values.seed ?? 1),
  };
}

export const instanceName = (file: string) => basename(file).replace(/\.txt$/i, "");

/** Minimal CSV reader for the reference tables (no quoted commas in the fields we read). */
export function readCsvColumns(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const head = (lines[0] ?? "").split(",");
  return lines.slice(1).map((l) => {
    const cells = l.split(",");
    const row: Record<string, string> = {};
    head.forEach((h, i) => {
      row[h] = cells[i] ?? "";
    });
    return row;
  });
}

/**
 * Time left for `solve` so that reading and parsing the instance, solving and writing the
 * plan out stay within the `--time-limit` (the `seconds` column): the limit minus what has
 * already elapsed since `t0` minus a safety margin for turning the plan into routes.
 */
export function solverBudgetMs(timeLimitS: number, t0: number, marginMs = OUTPUT_MARGIN_MS): number {
  return Math.max(1, timeLimitS * 1000 - (performance.now() - t0) - marginMs);
}
const OUTPUT_MARGIN_MS = 100;

/** What the benchmark scripts keep of a solved instance: the plan and the wall time in seconds. */
export type BenchSolved = { res: Exclude<SolveResult, { status: "invalid" }>; seconds: number };

/**
 * Solves one benchmark instance within what is left of `--time-limit` since `t0`. An instance
 * the engine rejects is logged and written to the summary as infeasible; the caller moves on.
 */
export function solveInstance(
  name: string,
  problem: Problem,
  objective: BenchArgs["objective"],
  args: BenchArgs,
  t0: number,
  summary: string[],
): BenchSolved | undefined {
  const res = solve(problem, {
    objective,
    timeLimitMs: solverBudgetMs(args.timeLimitS, t0),
    seed: args.seed,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (res.status === "invalid") {
    console.log(`${name}: invalid input ${JSON.stringify(res.issues.slice(0, 3))}`);
    summary.push(`${name},0,0,${seconds.toFixed(2)},false`);
    return undefined;
  }
  return { res, seconds };
}

/** Adds the checked instance to the summary (and says why when infeasible); returns whether it was feasible. */
export function recordCheck(name: string, check: CheckResult, seconds: number, summary: string[]): boolean {
  if (!check.feasible) console.log(`  ${name} INFEASIBLE: ${check.errors.slice(0, 5).join("; ")}`);
  summary.push(
    `${name},${check.vehicles},${check.distance.toFixed(4)},${seconds.toFixed(2)},${check.feasible}`,
  );
  return check.feasible;
}
