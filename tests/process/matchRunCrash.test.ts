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
} from "./matchRunProcess";

/**
 * Issue #5/#9, crashes: SIGKILL the real server process while its worker
 * thread is solving a match run, restart it on the same database file, and
 * show that the run is taken up again (lease expired → reclaimed, attempt 2)
 * and finishes with every request of the day in the plan exactly once.
 */

const { start, openReader } = processDatabase("tsunagu-runcrash-", "runs.db");

/** A short lease, so the restarted process takes the dead one's run over quickly. */
const env = { JOB_LEASE_SECONDS: "2" };

describe("SIGKILL during a match run", () => {
  it("resumes the run after a restart and plans every request exactly once", async () => {
    const first = start(env);
    const url = await first.url;
    const reader = await openReader();
    const { code, dates } = await demoDays(reader);
    const date = dates[0] ?? "";
    const auth = await apiSignIn(url, "coordinator");
    const created = await postMatchRun(url, auth, code, date, 6);
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    const requestsBefore = (await planAccounting(reader, code, date, id)).requestIds;

    // Kill the whole process while the worker thread is in the solver's search.
    await untilSolving(reader, id);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const orphan = await runRow(reader, id);
    expect(orphan).toMatchObject({ status: "running", attempts: 1 });
    // Nothing of the killed attempt was stored.
    expect((await planAccounting(reader, code, date, id)).planned).toEqual([]);

    const second = start(env);
    await second.url;
    const done = await untilFinished(reader, id, "the run to finish in the restarted process");
    expect(done.status, done.error ?? "").toBe("done");
    expect(done.attempts).toBe(2);
    const claimedBySecond = second.logs().filter((l) => l.msg === "match run claimed" && l.runId === id);
    expect(claimedBySecond.map((l) => l.attempt)).toEqual([2]);

    const plan = await planAccounting(reader, code, date, id);
    expect(plan.requestIds).toEqual(requestsBefore);
    expect(plan.planned).toEqual(plan.requestIds);
    expect(plan.duplicateLegs).toBe(0);
    expect(plan.servedAlsoUnassigned).toEqual([]);
    expect(plan.legsInOtherLiveRuns).toBe(0);
    expect(plan.wrongStatus).toEqual([]);
    expect(plan.served).toBeGreaterThan(0);
    expect(JSON.parse(done.summary ?? "{}")).toMatchObject({
      served: plan.served,
      unserved: plan.unassigned,
    });

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
