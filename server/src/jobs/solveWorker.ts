/**
 * Worker-thread entry of a match run: solves one regional problem off the
 * API's event loop and reports progress. The runner terminates the thread to
 * cancel; nothing here touches the database.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  buildRegionalTravel,
  OsrmTableProvider,
  type RegionalProblem,
  type RegionalSolveOptions,
  solveRegional,
} from "@tsunagu/matching";
import type { SolverMessage } from "./solverThread";

/** What the runner passes to the thread. */
export interface SolverInput {
  problem: RegionalProblem;
  options: Omit<RegionalSolveOptions, "onProgress" | "now" | "travel" | "provider">;
  /** Road travel times from this OSRM server (`/table`); absent: straight line × circuity per vehicle kind. */
  osrmUrl?: string;
}

/** Progress messages are throttled: the engine may report far more often than anyone can watch. */
const PROGRESS_EVERY_MS = 250;

function post(message: SolverMessage) {
  parentPort?.postMessage(message);
}

async function main(input: SolverInput) {
  let travel: RegionalSolveOptions["travel"];
  if (input.osrmUrl) {
    // The tables are fetched once per run here, in the thread, so the API never waits on OSRM.
    const built = await buildRegionalTravel(
      input.problem,
      new OsrmTableProvider(input.osrmUrl, (url) => fetch(url)),
    );
    if (built.status !== "ok") {
      post({ type: "error", message: `the OSRM server could not give travel times (${built.message})` });
      return;
    }
    travel = built.travel;
  }
  let last = 0;
  const plan = solveRegional(input.problem, {
    ...input.options,
    ...(travel ? { travel } : {}),
    onProgress: (progress) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      post({ type: "progress", progress });
    },
  });
  post({ type: "done", plan });
}

main(workerData as SolverInput).catch((error: unknown) => {
  post({ type: "error", message: error instanceof Error ? error.message : String(error) });
});
