import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "@tsunagu/db";
import { afterAll } from "vitest";
import {
  killAll,
  type ServerProcess,
  startServerProcess as startServerProcessWith,
} from "../helpers/serverProcess";

/**
 * Helpers of the match-run process tests: the server process set up for
 * them, and readers of the stored runs and plans. Not a test file itself.
 */

/** The server process with info logs (the tests read "match run claimed") and a fast queue poll. */
export function startServerProcess(
  databaseUrl: string,
  env: Record<string, string>,
  children: ChildProcess[],
): ServerProcess {
  return startServerProcessWith(databaseUrl, { LOG_LEVEL: "info", JOB_POLL_MS: "200", ...env }, children);
}

/**
 * A database file in a fresh temporary folder for the test file's server processes to share. After
 * the file's tests every child started on it is killed, the reader closed and the folder removed.
 */
export function processDatabase(prefix: string, file: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const databaseUrl = `file:${path.join(dir, file)}`;
  const children: ChildProcess[] = [];
  let reader: Database | undefined;
  afterAll(() => {
    killAll(children);
    reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** The test's own connection to the file, to read what the processes wrote (one per test file). */
  const openReader = async () => {
    reader ??= await openDatabase(databaseUrl);
    return reader;
  };
  /** A server process on the file, killed after the tests. */
  const start = (env: Record<string, string> = {}) => startServerProcess(databaseUrl, env, children);
  return { start, openReader, dir, databaseUrl };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

type Row = Record<string, unknown>;
async function rows(database: Database, query: string, args: (string | number)[] = []): Promise<Row[]> {
  const result = await database.client.execute({ sql: query, args });
  return result.rows as unknown as Row[];
}

/** The seeded demo town's code and its dates with requests, busiest first. */
export async function demoDays(database: Database): Promise<{ code: string; dates: string[] }> {
  const [town] = await rows(database, "SELECT code FROM municipalities LIMIT 1");
  if (!town) throw new Error("no municipality seeded");
  const code = String(town.code);
  const days = await rows(
    database,
    "SELECT date, count(*) AS n FROM requests WHERE municipality_code = ? GROUP BY date ORDER BY n DESC, date",
    [code],
  );
  return { code, dates: days.map((r) => String(r.date)) };
}

/** A match run as stored (the columns the tests read). */
export interface RunRow {
  id: string;
  date: string;
  status: string;
  attempts: number;
  progress: string | null;
  summary: string | null;
  error: string | null;
  leaseOwner: string | null;
}

export async function runRow(database: Database, runId: string): Promise<RunRow | undefined> {
  const [row] = await rows(
    database,
    "SELECT id, date, status, attempts, progress, summary, error, lease_owner FROM match_runs WHERE id = ?",
    [runId],
  );
  if (!row) return undefined;
  return {
    id: String(row.id),
    date: String(row.date),
    status: String(row.status),
    attempts: Number(row.attempts),
    progress: row.progress === null ? null : String(row.progress),
    summary: row.summary === null ? null : String(row.summary),
    error: row.error === null ? null : String(row.error),
    leaseOwner: row.lease_owner === null ? null : String(row.lease_owner),
  };
}

/** Queues a match run of `date` through the API (answers 202 with the run when accepted). */
export function postMatchRun(
  url: string,
  auth: Record<string, string>,
  code: string,
  date: string,
  timeLimitSeconds: number,
): Promise<Response> {
  return fetch(`${url}/api/v1/municipalities/${code}/match-runs`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ date, timeLimitSeconds }),
  });
}

/** Waits until the run's worker is inside the solver's search (its progress names a search phase). */
export function untilSolving(database: Database, runId: string): Promise<RunRow> {
  return waitFor(
    "the solver to report progress",
    async () => {
      const row = await runRow(database, runId);
      const phase = row?.progress ? (JSON.parse(row.progress) as { phase: string }).phase : "";
      return ["construct", "fleet", "improve"].includes(phase) ? row : undefined;
    },
    30_000,
  );
}

/** Waits until the run is neither queued nor running any more. */
export function untilFinished(database: Database, runId: string, what: string): Promise<RunRow> {
  return waitFor(
    what,
    async () => {
      const row = await runRow(database, runId);
      return row && row.status !== "running" && row.status !== "queued" ? row : undefined;
    },
    45_000,
  );
}

/**
 * Checks one done run against its date's requests: each request is in the
 * plan exactly once (one itinerary or one unassigned entry, never both), the
 * summary counts agree, and served requests are planned, the rest submitted.
 * Returns the numbers for the caller's own assertions.
 */
export async function planAccounting(database: Database, code: string, date: string, runId: string) {
  const requests = await rows(
    database,
    "SELECT id, status FROM requests WHERE municipality_code = ? AND date = ? ORDER BY id",
    [code, date],
  );
  const legs = await rows(database, "SELECT request_id, leg_index FROM plan_legs WHERE run_id = ?", [runId]);
  const unassigned = await rows(database, "SELECT request_id FROM plan_unassigned WHERE run_id = ?", [runId]);
  const firstLegs = legs.filter((l) => Number(l.leg_index) === 0).map((l) => String(l.request_id));
  const served = new Set(firstLegs);
  const left = unassigned.map((u) => String(u.request_id));
  // Legs of a request are numbered 0…n-1 once each.
  const legKeys = legs.map((l) => `${l.request_id}:${l.leg_index}`);
  const [elsewhere] = await rows(
    database,
    `SELECT count(*) AS n FROM plan_legs l JOIN match_runs r ON r.id = l.run_id
     WHERE l.run_id <> ? AND r.date = ? AND r.superseded_by IS NULL AND r.status = 'done'`,
    [runId, date],
  );
  return {
    requestIds: requests.map((r) => String(r.id)),
    planned: [...firstLegs, ...left].sort(),
    duplicateLegs: legKeys.length - new Set(legKeys).size,
    servedAlsoUnassigned: left.filter((id) => served.has(id)),
    /** Legs of the same date in other live (done, not superseded) runs. */
    legsInOtherLiveRuns: Number(elsewhere?.n ?? 0),
    wrongStatus: requests
      .filter((r) => String(r.status) !== (served.has(String(r.id)) ? "planned" : "submitted"))
      .map((r) => `${r.id}:${r.status}`),
    served: firstLegs.length,
    unassigned: left.length,
  };
}
