/**
 * Cost sharing: who pays what of a year's transport cost, by usage and by the
 * Shapley value of re-running the matching per coalition. The input is read
 * and checked here (game.ts), the long computation runs in a worker thread
 * (thread.ts → worker.ts → play.ts), and the caller gets its progress and
 * answer as the lines of a stream.
 */
import type { CostSharingRequest, CostSharingStreamLine } from "@tsunagu/contract";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import { prepareCostSharing } from "./game";
import { type CostSharingOutcome, reserveCostSharingSlot, runCostSharingThread } from "./thread";

/** When a busy server suggests trying again (`retryAfterSeconds` of the `cost_sharing_busy` error). */
const RETRY_AFTER_SECONDS = 60;

export interface CostSharingRun {
  /** Progress lines (the first says 0 of the planned matchings), then one result or error line. */
  readonly lines: AsyncIterable<CostSharingStreamLine>;
  /** Stops the computation at once (the client went away, the server shuts down); `lines` then ends. */
  stop(): void;
}

export interface CostSharingOptions {
  /** Told why a computation failed; the stream then ends with an `internal_error` line. */
  onFailure?: (message: string) => void;
}

/**
 * Checks the input (`validation_failed` naming the fields, before anything
 * runs) and starts the computation, one at a time per server process: while
 * one runs, another is refused with `cost_sharing_busy`.
 */
export async function startCostSharing(
  ctx: DomainContext,
  code: string,
  body: CostSharingRequest,
  options: CostSharingOptions = {},
): Promise<CostSharingRun> {
  await requireMunicipality(ctx.db, code);
  const game = await prepareCostSharing(ctx.db, code, body);
  if (!reserveCostSharingSlot())
    throw new DomainError(
      "cost_sharing_busy",
      "Another cost-sharing computation is running on this server; try again in a minute.",
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  const lines = new LineQueue();
  lines.push({ type: "progress", done: 0, total: game.plannedSolves });
  // The thread gives the reserved slot back when it ends, however it ends.
  const thread = runCostSharingThread(game, (done, total) => lines.push({ type: "progress", done, total }));
  void thread.result.then((outcome) => {
    const last = lastLine(outcome, options);
    if (last) lines.push(last);
    lines.end();
  });
  return {
    lines,
    stop: () => void thread.terminate(),
  };
}

/** The line that ends the stream; none when the caller stopped it. */
function lastLine(
  outcome: CostSharingOutcome,
  options: CostSharingOptions,
): CostSharingStreamLine | undefined {
  switch (outcome.kind) {
    case "done":
      return { type: "result", result: outcome.result };
    case "invalid":
      return {
        type: "error",
        title: "nothing_to_share",
        detail: outcome.errors.map((e) => `${e.path}: ${e.message}`).join("; "),
      };
    case "error":
      options.onFailure?.(outcome.message);
      return { type: "error", title: "internal_error", detail: "The computation failed; please try again." };
    case "terminated":
      return undefined;
  }
}

/**
 * The stream's lines in the order the thread reports them, for one reader:
 * lines pushed before the reader asks wait for it, a reader that asks before
 * a line is there waits for the next one.
 */
class LineQueue implements AsyncIterable<CostSharingStreamLine> {
  private readonly waiting: CostSharingStreamLine[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(line: CostSharingStreamLine): void {
    this.waiting.push(line);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CostSharingStreamLine> {
    for (;;) {
      const next = this.waiting.shift();
      if (next) yield next;
      else if (this.ended) return;
      else
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
    }
  }
}
