import {
  createMatchRun,
  getMatchRun,
  type MatchRunRecord,
  requestCancel,
  retryRun,
  schema,
} from "@tsunagu/db";
import { generateDemoTown } from "@tsunagu/demo";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMetrics } from "../lib/metrics";
import { seedDemoTownIfEmpty } from "../seed/demoTown";
import { clearRuns } from "../test/factories";
import { createTestApp, type TestApp } from "../test/testApp";
import { createJobRunner, type JobRunner, type JobRunnerOptions } from "./jobRunner";
import { type SolverHandle, spawnSolverThread } from "./solverThread";

const today = "2026-11-23";
const town = generateDemoTown({ today });
const code = town.municipalityCode;
/** Wednesday of the demo week. */
const DATE = town.weekDates[2] ?? "";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
/** Bounds that only catch hangs: on a loaded 2-core machine seeding and solving may be slow, never stuck. */
const SEED_BOUND_MS = 60_000;
const SETTLE_BOUND_MS = 20_000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: "silent" });
  await seedDemoTownIfEmpty(t.database.db, { today });
}, SEED_BOUND_MS);
afterAll(() => t.cleanup());
beforeEach(() => clearRuns(t.database, code));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function queue(timeLimitSeconds: number): Promise<MatchRunRecord> {
  const result = await createMatchRun(t.database.db, {
    municipalityCode: code,
    date: DATE,
    timeLimitSeconds,
    createdBy: null,
  });
  if (result.outcome !== "created") throw new Error("not queued");
  return result.run;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = SETTLE_BOUND_MS,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Resolves when `jobs` has settled the run; fails (naming the run) if that takes longer than `ms`. */
async function settledWithin(jobs: JobRunner, runId: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`run ${runId} was not settled within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([jobs.settled(runId), hang]);
  } finally {
    clearTimeout(timer);
  }
}

const runner = (extra: Partial<JobRunnerOptions> = {}) =>
  createJobRunner({
    database: t.database,
    logger: quiet,
    leaseMs: 5_000,
    pollMs: 50,
    metrics: createMetrics({ processMetrics: false }),
    ...extra,
  });

/** The day's requests, their statuses, and in how many plan parts (legs, unassigned) of live runs they are. */
async function dayState() {
  const db = t.database.db;
  const requests = await db
    .select()
    .from(schema.requests)
    .where(and(eq(schema.requests.municipalityCode, code), eq(schema.requests.date, DATE)));
  const legs = await db.select().from(schema.planLegs);
  const unassigned = await db.select().from(schema.planUnassigned);
  const firstLegs = legs.filter((l) => l.legIndex === 0);
  return { requests, firstLegs, unassigned };
}

/** Every request of the day is in the finished plan exactly once: served (one itinerary) or unassigned. */
async function expectEachRequestOnce(runId: string) {
  const { requests, firstLegs, unassigned } = await dayState();
  const served = firstLegs.filter((l) => l.runId === runId).map((l) => l.requestId);
  const left = unassigned.filter((u) => u.runId === runId).map((u) => u.requestId);
  expect(new Set(served).size).toBe(served.length);
  expect(new Set(left).size).toBe(left.length);
  expect([...served, ...left].sort()).toEqual(requests.map((r) => r.id).sort());
  for (const r of requests) expect(r.status, r.id).toBe(served.includes(r.id) ? "planned" : "submitted");
  return { served: served.length, unassigned: left.length };
}

describe("job runner", () => {
  it("fails a run whose worker thread dies; a retry completes it with every request once", async () => {
    const handles: SolverHandle[] = [];
    let killed = false;
    const jobs = runner({
      spawnSolver: (input, onProgress) => {
        const handle = spawnSolverThread(input, (p) => {
          onProgress(p);
          // The first progress proves the solve is under way: kill the thread as a crash would.
          if (!killed) {
            killed = true;
            void handle.worker?.terminate();
          }
        });
        handles.push(handle);
        return handle;
      },
    });
    const run = await queue(2);
    await jobs.tick();
    await jobs.settled(run.id);
    const failed = await getMatchRun(t.database.db, code, run.id);
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toMatch(/worker thread stopped unexpectedly/);
    expect(failed?.leaseOwner).toBeNull();
    // Nothing of the crashed attempt is stored, and no request moved.
    const before = await dayState();
    expect(before.firstLegs).toEqual([]);
    expect(before.unassigned).toEqual([]);
    expect(before.requests.every((r) => r.status === "submitted")).toBe(true);

    expect((await retryRun(t.database.db, code, run.id)).outcome).toBe("queued");
    await jobs.tick();
    await jobs.settled(run.id);
    const done = await getMatchRun(t.database.db, code, run.id);
    expect(done?.status, done?.error ?? "").toBe("done");
    expect(done?.attempts).toBe(1);
    expect(handles).toHaveLength(2);
    const counts = await expectEachRequestOnce(run.id);
    expect(counts.served).toBeGreaterThan(0);
    await jobs.stop();
  }, 60_000);

  it("cancels a running solve at its next heartbeat, leaving the requests untouched", async () => {
    const jobs = runner();
    // A budget far beyond the bound below: only the cancel can end this solve in time.
    const run = await queue(120);
    await jobs.tick();
    await waitFor("progress", async () => {
      const row = await getMatchRun(t.database.db, code, run.id);
      return row?.progress && JSON.parse(row.progress).phase !== "loading" ? row : undefined;
    });
    expect((await requestCancel(t.database.db, code, run.id)).outcome).toBe("cancel_requested");
    // The runner settles the run once its heartbeat sees the flag and the thread is terminated.
    await settledWithin(jobs, run.id, SETTLE_BOUND_MS);
    expect(jobs.active()).toEqual([]);
    const row = await getMatchRun(t.database.db, code, run.id);
    expect(row).toMatchObject({ status: "cancelled", leaseOwner: null });
    const state = await dayState();
    expect(state.firstLegs).toEqual([]);
    expect(state.requests.every((r) => r.status === "submitted")).toBe(true);
    await jobs.stop();
  }, 60_000);

  it("hands a running run back to the queue on stop, and another runner finishes it", async () => {
    const first = runner({ owner: "first" });
    const run = await queue(30);
    await first.tick();
    expect(first.active()).toEqual([run.id]);
    await waitFor("running", async () => {
      const row = await getMatchRun(t.database.db, code, run.id);
      return row?.progress ? row : undefined;
    });
    await first.stop();
    const released = await getMatchRun(t.database.db, code, run.id);
    expect(released).toMatchObject({ status: "queued", attempts: 0, leaseOwner: null });
    // A stopped runner claims nothing more.
    await first.tick();
    expect(first.active()).toEqual([]);

    await t.database.db
      .update(schema.matchRuns)
      .set({ timeLimitSeconds: 1 })
      .where(eq(schema.matchRuns.id, run.id));
    const second = runner({ owner: "second" });
    await second.tick();
    await second.settled(run.id);
    const done = await getMatchRun(t.database.db, code, run.id);
    expect(done).toMatchObject({ status: "done", attempts: 1 });
    await expectEachRequestOnce(run.id);
    await second.stop();
  }, 60_000);

  it("stops a solve whose lease another process took over, writing nothing", async () => {
    const jobs = runner({ owner: "slow" });
    // As for the cancel: only noticing the lost lease can end this solve within the bound.
    const run = await queue(120);
    await jobs.tick();
    await waitFor("running", async () => {
      const row = await getMatchRun(t.database.db, code, run.id);
      return row?.progress ? row : undefined;
    });
    // Another process reclaimed it (as after an expired lease).
    await t.database.db
      .update(schema.matchRuns)
      .set({ leaseOwner: "thief", attempts: 2 })
      .where(eq(schema.matchRuns.id, run.id));
    await settledWithin(jobs, run.id, SETTLE_BOUND_MS);
    const row = await getMatchRun(t.database.db, code, run.id);
    expect(row).toMatchObject({ status: "running", leaseOwner: "thief", attempts: 2 });
    expect((await dayState()).firstLegs).toEqual([]);
    await jobs.stop();
  }, 60_000);
});
