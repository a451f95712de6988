import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { MatchRunProgress } from "@tsunagu/contract";
import {
  claimNextRun,
  countQueuedRuns,
  type Database,
  endRun,
  hasClaimableRuns,
  type LeaseState,
  MAX_RUN_ATTEMPTS,
  type MatchRunRecord,
  releaseLease,
  renewLease,
  settleAbandonedRuns,
  updateRunProgress,
} from "@tsunagu/db";
import type { RegionalProgress } from "@tsunagu/matching";
import type { DomainContext } from "../domain/context";
import { planSummary } from "../domain/plans/engineConvert";
import { refusedInputError, runInput, storeRunPlan } from "../domain/runs/execution";
import type { Logger } from "../lib/logger";
import { metrics as processMetrics, type TsunaguMetrics } from "../lib/metrics";
import { type SolverHandle, type SpawnSolver, spawnSolverThread } from "./solverThread";

/**
 * The match-run worker of one server process. It polls the queue, claims a
 * run atomically (several processes may share one database), builds the
 * problem from the database, solves it in a worker thread so the API keeps
 * answering, heartbeats the lease while streaming progress into the row, and
 * finishes the run in one transaction. A process that dies stops renewing its
 * lease and another process takes the run over.
 */
export interface JobRunnerOptions {
  database: Database;
  logger: Logger;
  /** How long a claim lasts without a heartbeat, ms. */
  leaseMs: number;
  /** How often an idle runner looks for work, ms. */
  pollMs: number;
  /** Runs solved at once by this process. Default 1 (each solve takes a core). */
  concurrency?: number;
  /** Starts after which an abandoned run is failed. Default MAX_RUN_ATTEMPTS (3). */
  maxAttempts?: number;
  /** This process's lease owner id. Default `host:pid:random`. */
  owner?: string;
  /** Default: the process-wide metrics. */
  metrics?: Pick<TsunaguMetrics, "jobQueueDepth" | "matchRunSeconds">;
  /** How a solve is run. Default: a worker thread (`spawnSolverThread`). */
  spawnSolver?: SpawnSolver;
  /** Solver seed (deterministic searches). Default 1. */
  seed?: number;
  /** OSRM server for road travel times (config OSRM_URL). Default: straight line × circuity per vehicle kind. */
  osrmUrl?: string;
  now?: () => Date;
}

export interface JobRunner {
  readonly owner: string;
  /** Starts polling. */
  start(): void;
  /** One poll: settle abandoned runs, claim what capacity allows. Resolves once the claims are made. */
  tick(): Promise<void>;
  /**
   * Graceful stop: no more claims; running solves are terminated and their
   * runs handed back to the queue (another process continues them).
   */
  stop(): Promise<void>;
  /** Ids of the runs this process is working on. */
  active(): string[];
  /** Resolves when the run (if this runner holds it) has been settled. */
  settled(runId: string): Promise<void>;
}

/** How often progress is written to the row at most. */
const PROGRESS_WRITE_MS = 500;
/** A solve that overruns its budget by this much is stopped (the engine should never need it). */
const WATCHDOG_GRACE_MS = 60_000;

type StopReason = "shutdown" | "lease_lost" | "cancel" | "timeout";

interface ActiveRun {
  run: MatchRunRecord;
  handle?: SolverHandle;
  stop?: StopReason;
  done: Promise<void>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { database, logger, leaseMs } = options;
  const db = database.db;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxAttempts = options.maxAttempts ?? MAX_RUN_ATTEMPTS;
  const metrics = options.metrics ?? processMetrics;
  const spawnSolver = options.spawnSolver ?? ((input, onProgress) => spawnSolverThread(input, onProgress));
  const now = options.now ?? (() => new Date());
  const heartbeatMs = Math.max(50, Math.min(1000, Math.floor(leaseMs / 3)));
  // The runner works on nobody's behalf: no caller, no request to trace.
  const system = (): DomainContext => ({
    db,
    now: now(),
    caller: undefined,
    trace: { requestId: null, ip: null },
  });
  const running = new Map<string, ActiveRun>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  async function work(active: ActiveRun): Promise<void> {
    const { run } = active;
    const started = performance.now();
    let progress: MatchRunProgress = { phase: "loading", percent: 0, served: 0, unserved: 0, vehicles: 0 };
    let unsaved = true;
    let lastWrite = 0;
    let beating = false;

    const onLease = (lease: LeaseState) => {
      if (!lease.held) active.stop ??= "lease_lost";
      else if (lease.cancelRequested) active.stop ??= "cancel";
      if (active.stop) void active.handle?.terminate();
    };
    const beat = async () => {
      if (beating) return;
      beating = true;
      try {
        const at = now();
        if (unsaved && at.getTime() - lastWrite >= PROGRESS_WRITE_MS) {
          unsaved = false;
          lastWrite = at.getTime();
          onLease(await updateRunProgress(db, run.id, owner, progress, leaseMs, at));
        } else onLease(await renewLease(db, run.id, owner, leaseMs, at));
        if (performance.now() - started > run.timeLimitSeconds * 1000 * 2 + WATCHDOG_GRACE_MS) {
          active.stop ??= "timeout";
          void active.handle?.terminate();
        }
      } catch (error) {
        // A busy database for a moment is not fatal: the lease has slack; the next beat retries.
        logger.warn("match run heartbeat failed", { runId: run.id, message: errorText(error) });
      } finally {
        beating = false;
      }
    };
    const heartbeat = setInterval(() => void beat(), heartbeatMs);
    try {
      await beat();
      const { problem, names, notes } = await runInput(system(), run);
      if (notes.vehiclesWithoutDepot.length > 0)
        logger.warn("vehicles without a depot left out of the match run", {
          runId: run.id,
          vehicleIds: notes.vehiclesWithoutDepot,
        });
      if (active.stop) return await settleStopped(active);
      // Counted in requests from the start: none served yet, every request of the day still to place.
      progress = {
        ...progress,
        phase: "itineraries",
        percent: 1,
        served: 0,
        unserved: problem.requests.length,
      };
      unsaved = true;
      const onProgress = (p: RegionalProgress) => {
        progress = {
          phase: p.phase,
          percent: Math.max(0, Math.min(100, Math.round(p.percent))),
          served: p.served,
          unserved: p.unserved,
          vehicles: p.vehicles,
        };
        unsaved = true;
      };
      active.handle = spawnSolver(
        {
          problem,
          options: { timeLimitMs: run.timeLimitSeconds * 1000, seed: options.seed ?? 1 },
          ...(options.osrmUrl ? { osrmUrl: options.osrmUrl } : {}),
        },
        onProgress,
      );
      // A stop requested while the thread was starting.
      if (active.stop) void active.handle.terminate();
      const outcome = await active.handle.result;
      if (outcome.kind !== "done") {
        if (active.stop) return await settleStopped(active);
        const error =
          outcome.kind === "error"
            ? `The planner stopped with an error: ${outcome.message}`
            : `The planner's worker thread stopped unexpectedly (exit code ${outcome.kind === "exited" ? outcome.code : "?"}). Retry the run.`;
        logger.error("match run failed", { runId: run.id, error });
        await endRun(db, run.id, owner, { status: "failed", error }, now());
        return;
      }
      const plan = outcome.plan;
      if (plan.status === "invalid") {
        await endRun(db, run.id, owner, { status: "failed", error: refusedInputError(plan) }, now());
        return;
      }
      // The last progress says what the plan says: the same counts as its summary.
      const { served, unserved, routes } = planSummary(problem, plan);
      progress = { phase: "saving", percent: 100, served, unserved, vehicles: routes };
      unsaved = true;
      await beat();
      const result = await storeRunPlan(system(), run, owner, { problem, plan, names });
      if (result.outcome === "done") metrics.matchRunSeconds.observe((performance.now() - started) / 1000);
      logger.info("match run finished", {
        runId: run.id,
        outcome: result.outcome,
        served: plan.summary.served,
        unserved: plan.summary.unserved,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      logger.error("match run failed", { runId: run.id, message: errorText(error) });
      try {
        await endRun(
          db,
          run.id,
          owner,
          {
            status: "failed",
            error: "The run failed on the server. Retry it; if it fails again, tell an administrator.",
          },
          now(),
        );
      } catch (inner) {
        // The lease will expire and another process (or this one) settles the run.
        logger.error("could not mark the match run failed", { runId: run.id, message: errorText(inner) });
      }
    } finally {
      clearInterval(heartbeat);
      await active.handle?.terminate().catch(() => undefined);
    }
  }

  async function settleStopped(active: ActiveRun): Promise<void> {
    const { run } = active;
    switch (active.stop) {
      case "shutdown":
        await releaseLease(db, run.id, owner, now());
        logger.info("match run handed back to the queue", { runId: run.id });
        return;
      case "cancel":
        await endRun(db, run.id, owner, { status: "cancelled" }, now());
        logger.info("match run cancelled", { runId: run.id });
        return;
      case "timeout":
        await endRun(
          db,
          run.id,
          owner,
          { status: "failed", error: "The planner did not finish in time and was stopped. Retry the run." },
          now(),
        );
        return;
      default:
        // Another process holds the run now; it must not be touched.
        logger.warn("match run lease lost; left to its new owner", { runId: run.id });
    }
  }

  async function claimAll(): Promise<void> {
    metrics.jobQueueDepth.set(await countQueuedRuns(db));
    if (running.size >= concurrency || !(await hasClaimableRuns(db, now()))) return;
    await settleAbandonedRuns(db, now(), maxAttempts);
    while (!stopping && running.size < concurrency) {
      const run = await claimNextRun(db, owner, leaseMs, now(), maxAttempts);
      if (!run) break;
      logger.info("match run claimed", { runId: run.id, attempt: run.attempts });
      const active: ActiveRun = { run, done: Promise.resolve() };
      active.done = work(active).finally(() => running.delete(run.id));
      running.set(run.id, active);
    }
    metrics.jobQueueDepth.set(await countQueuedRuns(db));
  }

  function tick(): Promise<void> {
    if (stopping) return Promise.resolve();
    ticking ??= claimAll()
      .catch((error) => logger.warn("match-run queue poll failed", { message: errorText(error) }))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  }

  return {
    owner,
    start() {
      if (timer || stopping) return;
      timer = setInterval(() => void tick(), options.pollMs);
      timer.unref();
      void tick();
    },
    tick,
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await ticking;
      const all = [...running.values()];
      for (const active of all) {
        active.stop ??= "shutdown";
        void active.handle?.terminate();
      }
      await Promise.all(all.map((a) => a.done));
    },
    active: () => [...running.keys()],
    settled: (runId) => running.get(runId)?.done ?? Promise.resolve(),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
