import type { CostSharingResponse } from "@tsunagu/contract";
import { startTsWorker } from "../../lib/tsWorker";
import type { FieldProblem } from "../errors";
import type { CostSharingGame } from "./game";

/** Messages from the cost-sharing thread (worker.ts). */
export type CostSharingMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; result: CostSharingResponse }
  /** The game had nothing to share (e.g. serving the period costs nothing). */
  | { type: "invalid"; errors: FieldProblem[] }
  | { type: "error"; message: string };

export type CostSharingOutcome =
  | { kind: "done"; result: CostSharingResponse }
  | { kind: "invalid"; errors: FieldProblem[] }
  | { kind: "error"; message: string }
  | { kind: "terminated" };

/**
 * Computations one server process runs at once: each takes a CPU core for up
 * to minutes, so a second one waits its turn (429 with Retry-After) rather
 * than slowing everyone's API.
 */
export const MAX_CONCURRENT_COST_SHARING = 1;
let running = 0;

/** Whether a computation may start now; when true, the caller must start one (it counts). */
export function reserveCostSharingSlot(): boolean {
  if (running >= MAX_CONCURRENT_COST_SHARING) return false;
  running++;
  return true;
}

/**
 * Plays the cost game in a worker thread (in a slot from reserveCostSharingSlot,
 * which it gives back when the thread ends). `terminate()` stops it at once
 * (the client went away, the server shuts down); `result` then settles with
 * `terminated`.
 */
export function runCostSharingThread(
  game: CostSharingGame,
  onProgress: (done: number, total: number) => void,
): { result: Promise<CostSharingOutcome>; terminate(): Promise<void> } {
  const worker = startTsWorker(new URL("./worker.ts", import.meta.url), game);
  let answer: CostSharingOutcome | undefined;
  const result = new Promise<CostSharingOutcome>((resolve) => {
    worker.on("message", (message: CostSharingMessage) => {
      if (message.type === "progress") return onProgress(message.done, message.total);
      answer =
        message.type === "done"
          ? { kind: "done", result: message.result }
          : message.type === "invalid"
            ? { kind: "invalid", errors: message.errors }
            : { kind: "error", message: message.message };
      void worker.terminate();
    });
    worker.on("error", (error) => {
      answer ??= { kind: "error", message: error.message };
    });
    worker.on("exit", (code) => {
      running--;
      resolve(answer ?? { kind: "error", message: `the cost-sharing thread exited (code ${code})` });
    });
  });
  return {
    result,
    async terminate() {
      answer ??= { kind: "terminated" };
      await worker.terminate();
    },
  };
}
