import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Database, openDatabase } from "@tsunagu/db";
import { describe, expect, it } from "vitest";
import { apiSignIn } from "../helpers/signIn";
import {
  demoDays,
  planAccounting,
  postMatchRun,
  processDatabase,
  runRow,
  untilFinished,
  untilSolving,
  waitFor,
} from "./matchRunProcess";

/**
 * Issue #20 item 6, crash safety proven on the real server process and one
 * database file: SIGKILL in the middle of a burst of booking posts (every
 * acknowledged request stored exactly once, the unacknowledged ones stored once
 * by their retry), SIGKILL during a match run (the run failed and retryable,
 * never stuck 'running', and its retry plans the day), and an online backup
 * taken while the server takes writes, restored onto a new machine.
 *
 * The server runs with its defaults (DATABASE_SYNCHRONOUS=normal: a commit
 * survives the death of the process). Every wait is on a condition.
 */

const { start, openReader, dir, databaseUrl } = processDatabase("tsunagu-crashsafety-", "crash.db");
/** One account posts every booking (a phone desk); the default burst is sized for a person. */
const env = { REQUEST_CREATE_BURST: "100000", REQUEST_CREATE_PER_MINUTE: "600000" };
const serverDir = path.resolve(import.meta.dirname, "../../server");
const NOTES = "crash-safety ";

type Headers = Record<string, string>;

/** A town's booking desk: posts ride requests with Idempotency-Keys and remembers what was acknowledged. */
async function bookingDesk(url: string) {
  const auth = await apiSignIn(url, "municipal_staff");
  const code = ((await (await fetch(`${url}/api/v1/municipalities`)).json()) as { items: { code: string }[] })
    .items[0]?.code;
  if (!code) throw new Error("the demo town was not seeded");
  const base = `/api/v1/municipalities/${code}`;
  const places = (
    (await (await fetch(`${url}${base}/places`, { headers: auth })).json()) as {
      items: { id: string }[];
    }
  ).items.map((p) => p.id);
  const date = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  return { auth, code, base, places, date };
}
type Desk = Awaited<ReturnType<typeof bookingDesk>>;

function bookingBody(desk: Desk, key: string, i: number): string {
  const from = desk.places[i % desk.places.length];
  const to = desk.places[(i + 1) % desk.places.length];
  return JSON.stringify({
    kind: "ride",
    date: desk.date,
    earliest: "09:00",
    latest: "10:30",
    pickup: { placeId: from },
    dropoff: { placeId: to },
    purpose: "clinic",
    source: "phone",
    notes: `${NOTES}${key}`,
  });
}

/** Sends one booking; the id of its 201, or undefined when the answer never came (the process died). */
async function post(url: string, desk: Desk, auth: Headers, key: string, body: string) {
  try {
    const response = await fetch(`${url}${desk.base}/requests`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", "idempotency-key": key },
      body,
    });
    if (response.status !== 201) throw new Error(`POST ${key}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  } catch (error) {
    if (error instanceof TypeError) return undefined; // fetch failed: connection reset by the kill
    throw error;
  }
}

/** The stored bookings of this test, per key, and whether each has its idempotency record. */
async function storedBookings(database: Database) {
  const rows = await database.client.execute({
    sql: `SELECT r.id, r.notes, k.response_body FROM requests r
          LEFT JOIN idempotency_keys k ON k.key = substr(r.notes, ?) WHERE r.notes LIKE ?`,
    args: [NOTES.length + 1, `${NOTES}%`],
  });
  const byKey = new Map<string, string[]>();
  let withoutKeyRecord = 0;
  for (const row of rows.rows) {
    const key = String(row.notes).slice(NOTES.length);
    byKey.set(key, [...(byKey.get(key) ?? []), String(row.id)]);
    const recorded =
      row.response_body === null ? undefined : (JSON.parse(String(row.response_body)) as { id?: string });
    if (recorded?.id !== String(row.id)) withoutKeyRecord++;
  }
  return { byKey, withoutKeyRecord };
}

async function integrity(database: Database): Promise<string> {
  const result = await database.client.execute("PRAGMA integrity_check");
  return String(result.rows[0]?.[0]);
}

/** `npm run tsunagu -- <args>` on a database, as an operator runs it; resolves with the exit code and output. */
function cli(databaseUrl: string, args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, output })),
  );
}

describe("SIGKILL and backups on the real server process", () => {
  it("kill -9 during a match run: the run is failed and retryable after the restart, and its retry plans the day", async () => {
    // One start only: a run interrupted by a crash is failed at once instead of resumed.
    const runEnv = { ...env, JOB_LEASE_SECONDS: "2", JOB_MAX_ATTEMPTS: "1" };
    const first = start(runEnv);
    const url = await first.url;
    const reader = await openReader();
    const { code, dates } = await demoDays(reader);
    const date = dates[0] ?? "";
    const auth = await apiSignIn(url, "coordinator");
    const runs = `${url}/api/v1/municipalities/${code}/match-runs`;
    const created = await postMatchRun(url, auth, code, date, 4);
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await untilSolving(reader, id);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    expect(await runRow(reader, id)).toMatchObject({ status: "running", attempts: 1 });

    const second = start(runEnv);
    const url2 = await second.url;
    const failed = await waitFor(
      "the restarted process to settle the abandoned run",
      async () => {
        const row = await runRow(reader, id);
        return row?.status === "running" ? undefined : row;
      },
      30_000,
    );
    expect(failed).toMatchObject({ status: "failed", leaseOwner: null });
    expect(failed.error).toMatch(/Retry it/);
    expect((await planAccounting(reader, code, date, id)).planned).toEqual([]);

    const auth2 = await apiSignIn(url2, "coordinator");
    const retried = await fetch(`${runs.replace(url, url2)}/${id}/retry`, { method: "POST", headers: auth2 });
    expect(retried.status).toBe(202);
    const done = await untilFinished(reader, id, "the retried run to finish");
    expect(done.status, done.error ?? "").toBe("done");
    const plan = await planAccounting(reader, code, date, id);
    expect(plan.planned).toEqual(plan.requestIds);
    expect(plan.duplicateLegs).toBe(0);
    expect(plan.wrongStatus).toEqual([]);
    expect(await integrity(reader)).toBe("ok");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("kill -9 in the middle of a burst of bookings: every acknowledged one is stored exactly once", async () => {
    const first = start(env);
    const url = await first.url;
    const desk = await bookingDesk(url);
    const sent = new Map<string, string>();
    const acknowledged = new Map<string, string>();
    // 8 clients keep posting new bookings until the process dies under them.
    let killed = false;
    let i = 0;
    const client = async () => {
      while (!killed) {
        const key = `cs-${randomUUID()}`;
        const body = bookingBody(desk, key, i++);
        sent.set(key, body);
        const id = await post(url, desk, desk.auth, key, body);
        if (id) acknowledged.set(key, id);
        else return;
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await waitFor(
      "40 bookings acknowledged",
      async () => (acknowledged.size >= 40 ? true : undefined),
      30_000,
    );
    killed = true;
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    await Promise.all(clients);
    const unacknowledged = [...sent.keys()].filter((key) => !acknowledged.has(key));

    const reader = await openReader();
    expect(await integrity(reader)).toBe("ok");
    const afterCrash = await storedBookings(reader);
    for (const [key, id] of acknowledged) expect(afterCrash.byKey.get(key), key).toEqual([id]);
    expect(afterCrash.withoutKeyRecord).toBe(0);
    // An unacknowledged booking is stored at most once (its commit may have beaten the kill).
    for (const key of unacknowledged) expect(afterCrash.byKey.get(key)?.length ?? 0).toBeLessThanOrEqual(1);

    // The clients retry what they never heard back about, with the same key and body.
    const second = start(env);
    const url2 = await second.url;
    const auth2 = await apiSignIn(url2, "municipal_staff");
    for (const key of unacknowledged) {
      const id = await post(url2, desk, auth2, key, sent.get(key) ?? "");
      expect(id, key).toBeDefined();
      acknowledged.set(key, id ?? "");
    }
    const afterRetry = await storedBookings(reader);
    expect(afterRetry.byKey.size).toBe(sent.size);
    for (const [key, id] of acknowledged) expect(afterRetry.byKey.get(key), key).toEqual([id]);
    expect(afterRetry.withoutKeyRecord).toBe(0);
    expect(await integrity(reader)).toBe("ok");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("an online backup taken while bookings are written restores onto a new machine with every one acknowledged before it", async () => {
    const server = start(env);
    const url = await server.url;
    const desk = await bookingDesk(url);
    const acknowledged = new Map<string, string>();
    const acknowledgedAt = new Map<string, number>();
    let writing = true;
    let i = 0;
    const writer = async () => {
      while (writing) {
        const key = `bk-${randomUUID()}`;
        const id = await post(url, desk, desk.auth, key, bookingBody(desk, key, i++));
        if (!id) throw new Error(`no answer for ${key}`);
        acknowledged.set(key, id);
        acknowledgedAt.set(key, Date.now());
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await waitFor(
      "20 bookings acknowledged",
      async () => (acknowledged.size >= 20 ? true : undefined),
      30_000,
    );

    const backupFile = path.join(dir, "backup.db");
    const before = new Map(acknowledged);
    const backupStarted = Date.now();
    const backup = await cli(databaseUrl, ["backup", backupFile]);
    const backupEnded = Date.now();
    // The server kept taking bookings while the command ran; stop only after one more arrives.
    const whileBackup = acknowledged.size;
    await waitFor(
      "a booking after the backup",
      async () => (acknowledged.size > whileBackup ? true : undefined),
      30_000,
    );
    writing = false;
    await Promise.all(writers);
    expect(backup.code, backup.output).toBe(0);
    const during = [...acknowledgedAt.values()].filter((t) => t > backupStarted && t < backupEnded).length;
    expect(during, "bookings acknowledged while the backup ran").toBeGreaterThan(0);

    // Restore on a new machine: no database file there yet.
    mkdirSync(path.join(dir, "new-machine"));
    const restoredUrl = `file:${path.join(dir, "new-machine", "restored.db")}`;
    expect(existsSync(restoredUrl.slice("file:".length))).toBe(false);
    const restore = await cli(restoredUrl, ["restore", backupFile]);
    expect(restore.code, restore.output).toBe(0);

    for (const fileUrl of [`file:${backupFile}`, restoredUrl]) {
      const copy = await openDatabase(fileUrl);
      try {
        expect(await integrity(copy), fileUrl).toBe("ok");
        const stored = await storedBookings(copy);
        // A single point in time: every booking in it has its key record, none twice.
        expect(stored.withoutKeyRecord, fileUrl).toBe(0);
        for (const [key, ids] of stored.byKey) expect(ids, key).toHaveLength(1);
        for (const [key, id] of before) expect(stored.byKey.get(key), `${fileUrl} ${key}`).toEqual([id]);
      } finally {
        copy.close();
      }
    }
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
