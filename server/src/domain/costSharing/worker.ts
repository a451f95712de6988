/**
 * Worker-thread entry of the cost-sharing computation: plays the cost game (a
 * matching per coalition and day) off the API's event loop and reports
 * progress. Nothing here touches the database; the verb terminates the
 * thread when its caller stops it.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CostSharingGame } from "./game";
import { playCostSharing } from "./play";
import type { CostSharingMessage } from "./thread";

/** Progress messages are throttled: a coalition-day matching can take a millisecond. */
const PROGRESS_EVERY_MS = 250;

function post(message: CostSharingMessage) {
  parentPort?.postMessage(message);
}

const game = workerData as CostSharingGame;
let last = 0;
try {
  const played = playCostSharing(game, (done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    post({ type: "progress", done, total });
  });
  post(
    played.status === "done"
      ? { type: "done", result: played.result }
      : { type: "invalid", errors: played.errors },
  );
} catch (error) {
  post({ type: "error", message: error instanceof Error ? error.message : String(error) });
}
