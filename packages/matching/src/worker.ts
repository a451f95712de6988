import { parentPort } from "node:worker_threads";
import type { Problem, SolveOptions } from "./model";
import { solve } from "./solve";

// Worker side of `solveParallel`: one independent solve per message.
parentPort?.on("message", (msg: { problem: Problem; options: Omit<SolveOptions, "now"> }) => {
  parentPort?.postMessage(solve(msg.problem, msg.options));
});
