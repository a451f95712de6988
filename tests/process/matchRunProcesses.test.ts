import { describe, expect, it } from "vitest";
import { apiSignIn } from "../helpers/signIn";
import { demoDays, planAccounting, postMatchRun, processDatabase, runRow, waitFor } from "./matchRunProcess";

/**
 * Issue #9, several processes: three server processes on one database file
 * (WAL) share the match-run queue. Every run is claimed by exactly one of
 * them, once, and each day's plan holds each request exactly once.
 */

const { start, openReader } = processDatabase("tsunagu-runs3-", "shared.db");

describe("three server processes on one database", () => {
  it("process each queued run exactly once between them", async () => {
    // The first process migrates and seeds; the others find the database ready.
    const first = start();
    const url = await first.url;
    const others = [start(), start()];
    await Promise.all(others.map((p) => p.url));
    const servers = [first, ...others];
    const reader = await openReader();
    const { code, dates } = await demoDays(reader);
    expect(dates.length).toBeGreaterThanOrEqual(6);

    // Six runs of one second each, one per day, queued through whichever process.
    const auth = await apiSignIn(url, "coordinator");
    const ids: string[] = [];
    for (const date of dates.slice(0, 6)) {
      const response = await postMatchRun(url, auth, code, date, 1);
      const errors = () =>
        JSON.stringify(servers.flatMap((s) => s.logs().filter((l) => l.level === "error")));
      expect(response.status, errors()).toBe(202);
      ids.push(((await response.json()) as { id: string }).id);
    }

    const finished = await waitFor(
      "all six runs to finish",
      async () => {
        const rows = await Promise.all(ids.map((id) => runRow(reader, id)));
        return rows.every((r) => r && (r.status === "done" || r.status === "failed")) ? rows : undefined;
      },
      60_000,
    );
    for (const row of finished) {
      expect(row?.status, row?.error ?? "").toBe("done");
      expect(row?.attempts).toBe(1);
      expect(row?.leaseOwner).toBeNull();
    }

    // Who claimed what, from each process's own log: one claim per run, in one process.
    const claims = servers.map((s) =>
      s
        .logs()
        .filter((l) => l.msg === "match run claimed")
        .map((l) => String(l.runId)),
    );
    const all = claims.flat();
    expect(all.sort()).toEqual([...ids].sort());
    // The queue was shared, not drained by one process.
    expect(claims.filter((c) => c.length > 0).length).toBeGreaterThanOrEqual(2);

    for (const row of finished) {
      if (!row) continue;
      const plan = await planAccounting(reader, code, row.date, row.id);
      expect(plan.planned, row.date).toEqual(plan.requestIds);
      expect(plan.duplicateLegs).toBe(0);
      expect(plan.servedAlsoUnassigned).toEqual([]);
      expect(plan.legsInOtherLiveRuns).toBe(0);
      expect(plan.wrongStatus).toEqual([]);
    }

    for (const s of servers) s.child.kill("SIGTERM");
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual([0, 0, 0]);
  });
});
