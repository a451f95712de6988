import { Worker } from "node:worker_threads";
import type { Problem, SolveOptions, SolveResult } from "./model";
import { solve } from "./solve";
import { validateProblem } from "./validate";

/** Options of `solveParallel` on top of `SolveOptions`. */
export interface ParallelOptions {
  /** Seeds to run, one independent search each. Default `[seed, seed+1, …]` for `workers` runs. */
  readonly seeds?: readonly number[];
  /** Number of worker threads. Default 2 (the target machine has 2 cores). */
  readonly workers?: number;
  /**
   * Module that lets workers load TypeScript sources: its `register()` is called first in each
   * worker. Default `"tsx/esm/api"` (the project runs TypeScript through tsx); `null` when the
   * worker file is already JavaScript.
   */
  readonly loader?: string | null;
}

type Solved = Extract<SolveResult, { status: "solved" | "partial" }>;

/** Starts one worker; the tiny bootstrap registers the TypeScript loader, then loads worker.ts. */
function spawn(loader: string | null): Worker {
  const entry = new URL("./worker.ts", import.meta.url).href;
  const code = loader
    ? `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`
    : `import(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true });
}

/** Orders results: more served priority, then (vehicles objective) fewer vehicles, then lower cost. */
export function betterResult(a: Solved, b: Solved, objective: SolveOptions["objective"]): boolean {
  const eps = 1e-9;
  if (Math.abs(a.summary.servedPriority - b.summary.servedPriority) > eps)
    return a.summary.servedPriority > b.summary.servedPriority;
  if (objective === "vehicles" && a.summary.vehicles !== b.summary.vehicles)
    return a.summary.vehicles < b.summary.vehicles;
  if (Math.abs(a.summary.cost - b.summary.cost) > eps) return a.summary.cost < b.summary.cost;
  return a.stats.seed < b.stats.seed;
}

/**
 * Portfolio search: independent seeds in worker threads, best result returned. Each search is
 * the deterministic single-threaded `solve`, so with `maxIterations` set the result depends only
 * on the seeds, not on thread timing. With one worker it runs in this thread.
 */
export async function solveParallel(
  problem: Problem,
  options: SolveOptions = {},
  parallel: ParallelOptions = {},
): Promise<SolveResult> {
  const issues = validateProblem(problem);
  if (issues.length > 0) return { status: "invalid", issues };
  const workers = Math.max(1, Math.floor(parallel.workers ?? 2));
  const base = options.seed ?? 1;
  const seeds = parallel.seeds ?? Array.from({ length: workers }, (_, i) => base + i);
  const { now: _now, ...plain } = options;
  let results: SolveResult[];
  if (workers === 1) results = seeds.map((seed) => solve(problem, { ...options, seed }));
  else {
    const pool = Array.from({ length: Math.min(workers, seeds.length) }, () =>
      spawn(parallel.loader === undefined ? "tsx/esm/api" : parallel.loader),
    );
    try {
      const queue = seeds.map((seed, i) => ({ seed, i }));
      results = new Array<SolveResult>(seeds.length);
      await Promise.all(
        pool.map(async (w) => {
          for (let job = queue.shift(); job; job = queue.shift()) {
            const { seed, i } = job;
            results[i] = await new Promise<SolveResult>((resolve, reject) => {
              w.once("message", resolve);
              w.once("error", reject);
              w.postMessage({ problem, options: { ...plain, seed } });
            });
            w.removeAllListeners("error");
          }
        }),
      );
    } finally {
      await Promise.all(pool.map((w) => w.terminate()));
    }
  }
  let best: Solved | undefined;
  for (const r of results) {
    if (r.status === "invalid") return r;
    if (!best || betterResult(r, best, options.objective)) best = r;
  }
  if (!best)
    return { status: "invalid", issues: [{ path: "seeds", code: "empty", message: "no seeds to run" }] };
  return best;
}
