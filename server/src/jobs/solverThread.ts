import type { Worker } from "node:worker_threads";
import type { RegionalPlan, RegionalProgress } from "@tsunagu/matching";
import { startTsWorker } from "../lib/tsWorker";
import type { SolverInput } from "./solveWorker";

/** Messages from the solver thread. */
export type SolverMessage =
  | { type: "progress"; progress: RegionalProgress }
  | { type: "done"; plan: RegionalPlan }
  | { type: "error"; message: string };

/** How a solve ended. */
export type SolverOutcome =
  | { kind: "done"; plan: RegionalPlan }
  /** The engine threw (a bug or an input it could not handle). */
  | { kind: "error"; message: string }
  /** The thread ended without an answer (crashed, out of memory, terminated by someone else). */
  | { kind: "exited"; code: number }
  /** `terminate()` was called by the runner (cancel, shutdown, lease lost). */
  | { kind: "terminated" };

/** A running solve. */
export interface SolverHandle {
  readonly result: Promise<SolverOutcome>;
  /** Stops the thread at once; `result` then settles with `terminated`. */
  terminate(): Promise<void>;
  /** The thread, when the solve runs in one (tests terminate it to simulate a crash). */
  readonly worker?: Worker;
}

export type SpawnSolver = (input: SolverInput, onProgress: (p: RegionalProgress) => void) => SolverHandle;

/** Runs `solveWorker.ts` in a worker thread (see startTsWorker for `loader`). */
export function spawnSolverThread(
  input: SolverInput,
  onProgress: (p: RegionalProgress) => void,
  loader: string | null = "tsx/esm/api",
): SolverHandle {
  const worker = startTsWorker(new URL("./solveWorker.ts", import.meta.url), input, loader);
  let terminating = false;
  let answer: SolverOutcome | undefined;
  const result = new Promise<SolverOutcome>((resolve) => {
    worker.on("message", (message: SolverMessage) => {
      if (message.type === "progress") onProgress(message.progress);
      else if (message.type === "done") answer = { kind: "done", plan: message.plan };
      else answer = { kind: "error", message: message.message };
      if (answer) void worker.terminate();
    });
    worker.on("error", (error) => {
      answer ??= { kind: "error", message: error.message };
    });
    worker.on("exit", (code) => {
      if (answer) resolve(answer);
      else resolve(terminating ? { kind: "terminated" } : { kind: "exited", code });
    });
  });
  return {
    result,
    worker,
    async terminate() {
      terminating = true;
      await worker.terminate();
    },
  };
}
