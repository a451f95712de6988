import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lilimToProblem } from "../bench/lilim";
import { betterResult, solve, solveParallel } from "../src/index";
import { benchFile } from "./benchData";

describe("solveParallel (worker-thread portfolio)", () => {
  const file = benchFile("li-lim-pdptw/instances/100/lrc104.txt");
  it.skipIf(!file)("returns the best of the seeds, identical to running them one by one", async () => {
    const problem = lilimToProblem(readFileSync(file as string, "utf8"));
    const opts = { maxIterations: 150, timeLimitMs: 60_000, objective: "vehicles" as const };
    const par = await solveParallel(problem, opts, { seeds: [3, 4, 5], workers: 2 });
    const seq = [3, 4, 5].map((seed) => solve(problem, { ...opts, seed }));
    let best = seq[0];
    for (const r of seq)
      if (r.status !== "invalid" && best?.status !== "invalid" && best && betterResult(r, best, "vehicles"))
        best = r;
    if (par.status === "invalid" || !best || best.status === "invalid") throw new Error("invalid");
    expect(par.stats.seed).toBe(best.stats.seed);
    expect(JSON.stringify(par.routes)).toBe(JSON.stringify(best.routes));
  });
});
