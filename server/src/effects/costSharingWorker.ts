/**
 * Worker-thread entry of POST /cost-sharing: plays the cost game (a matching
 * per coalition and day) off the API's event loop and reports progress.
 * Nothing here touches the database; the handler terminates the thread when
 * the client goes away.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CostSharingGame, CostSharingInputError, playCostSharing } from "./costSharing";
import type { CostSharingMessage } from "./costSharingThread";

/** Progress messages are throttled: a coalition-day matching can take a millisecond. */
const PROGRESS_EVERY_MS = 250;

function post(message: CostSharingMessage) {
  parentPort?.postMessage(message);
}

const game = workerData as CostSharingGame;
let last = 0;
try {
  const result = playCostSharing(game, (done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    post({ type: "progress", done, total });
  });
  post({ type: "done", result });
} catch (error) {
  if (error instanceof CostSharingInputError) post({ type: "invalid", errors: error.errors });
  else post({ type: "error", message: error instanceof Error ? error.message : String(error) });
}
