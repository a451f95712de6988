import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RequestStatus } from "@tsunagu/contract";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./client";
import { applyMigrations } from "./migrate";
import {
  claimNextRun,
  completeRun,
  createMatchRun,
  endRun,
  getMatchRun,
  hasClaimableRuns,
  listMatchRuns,
  releaseLease,
  renewLease,
  requestCancel,
  retryRun,
  settleAbandonedRuns,
  updateRunProgress,
} from "./queries/matchRuns";
import { savePlan } from "./queries/plans";
import { matchRuns, municipalities, planRoutes, requestEvents, requests } from "./schema";

const CODE = "991007";
const DATE = "2026-12-01";
let dir: string;
let file: string;
let database: Database;
const extra: Database[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tsunagu-runs-"));
  file = `file:${path.join(dir, "t.db")}`;
  database = await openDatabase(file);
  await applyMigrations(database);
  await database.db.insert(municipalities).values([
    { code: CODE, name: "テスト町", prefecture: "テスト県", centreLat: 36, centreLon: 138 },
    { code: "991015", name: "別町", prefecture: "テスト県", centreLat: 36, centreLon: 138 },
  ]);
});
afterEach(() => {
  for (const d of extra.splice(0)) d.close();
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function queue(n: number, date = DATE, at = Date.parse("2026-11-30T00:00:00Z")) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const result = await createMatchRun(
      database.db,
      { municipalityCode: CODE, date, timeLimitSeconds: 5, createdBy: null },
      new Date(at + i),
    );
    if (result.outcome !== "created") throw new Error("not created");
    ids.push(result.run.id);
  }
  return ids;
}

async function addRequests(n: number, status: RequestStatus = "submitted") {
  const ids = Array.from({ length: n }, (_, i) => `req-${status}-${i}`);
  await database.db.insert(requests).values(
    ids.map((id) => ({
      id,
      municipalityCode: CODE,
      kind: "parcel" as const,
      status,
      date: DATE,
      pickupLat: 36,
      pickupLon: 138,
      dropoffLat: 36.01,
      dropoffLon: 138.01,
      earliest: "09:00",
      latest: "12:00",
    })),
  );
  return ids;
}

const T0 = new Date("2026-11-30T01:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describe("match-run queue", () => {
  it("hands each queued run to exactly one of several concurrent claimers (separate connections)", async () => {
    const ids = await queue(12);
    const handles = await Promise.all(Array.from({ length: 4 }, () => openDatabase(file)));
    extra.push(...handles);
    const claimed = new Map<string, string[]>();
    await Promise.all(
      handles.map(async (h, k) => {
        for (;;) {
          const run = await claimNextRun(h.db, `worker-${k}`, 60_000, T0);
          if (!run) return;
          claimed.set(run.id, [...(claimed.get(run.id) ?? []), `worker-${k}`]);
        }
      }),
    );
    expect([...claimed.keys()].sort()).toEqual([...ids].sort());
    for (const owners of claimed.values()) expect(owners).toHaveLength(1);
    const rows = await database.db.select().from(matchRuns);
    for (const row of rows) {
      expect(row.status).toBe("running");
      expect(row.attempts).toBe(1);
      expect(row.leaseOwner).toBe(claimed.get(row.id)?.[0]);
    }
  });

  it("claims the oldest first, and a live lease is never taken over", async () => {
    expect(await hasClaimableRuns(database.db, T0)).toBe(false);
    const [first, second] = await queue(2);
    expect(await hasClaimableRuns(database.db, T0)).toBe(true);
    expect((await claimNextRun(database.db, "a", 10_000, T0))?.id).toBe(first);
    expect((await claimNextRun(database.db, "b", 10_000, later(5_000)))?.id).toBe(second);
    expect(await hasClaimableRuns(database.db, later(9_999))).toBe(false);
    expect(await claimNextRun(database.db, "c", 10_000, later(9_999))).toBeUndefined();
    // Once the first lease runs out, its run is claimable again.
    expect(await hasClaimableRuns(database.db, later(10_001))).toBe(true);
  });

  it("reclaims a run whose lease expired, counting the attempt; the old owner can no longer write", async () => {
    const [id = ""] = await queue(1);
    await claimNextRun(database.db, "dead", 1_000, T0);
    const again = await claimNextRun(database.db, "alive", 1_000, later(1_001));
    expect(again?.id).toBe(id);
    expect(again?.attempts).toBe(2);
    expect(again?.leaseOwner).toBe("alive");
    const progress = { phase: "improve", percent: 50, served: 1, unserved: 0, vehicles: 1 };
    expect(await updateRunProgress(database.db, id, "dead", progress, 1_000, later(1_100))).toEqual({
      held: false,
    });
    expect(await renewLease(database.db, id, "dead", 1_000, later(1_100))).toEqual({ held: false });
    expect(await endRun(database.db, id, "dead", { status: "failed", error: "x" })).toBe(false);
    expect(await updateRunProgress(database.db, id, "alive", progress, 1_000, later(1_100))).toEqual({
      held: true,
      cancelRequested: false,
    });
    const row = await getMatchRun(database.db, CODE, id);
    expect(JSON.parse(row?.progress ?? "null")).toEqual(progress);
    expect(row?.leaseExpiresAt).toBe(later(2_100).getTime());
  });

  it("fails a run abandoned three times instead of starting it a fourth time", async () => {
    const [id = ""] = await queue(1);
    for (let i = 0; i < 3; i++) {
      const run = await claimNextRun(database.db, `w${i}`, 1_000, later(i * 2_000));
      expect(run?.attempts).toBe(i + 1);
    }
    expect(await claimNextRun(database.db, "w3", 1_000, later(7_000))).toBeUndefined();
    expect(await settleAbandonedRuns(database.db, later(7_000))).toEqual({ cancelled: 0, failed: 1 });
    const row = await getMatchRun(database.db, CODE, id);
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatch(/3 times/);
    // Retryable by hand, attempts from zero.
    const retried = await retryRun(database.db, CODE, id);
    expect(retried.outcome).toBe("queued");
    expect((await claimNextRun(database.db, "w4", 1_000, later(8_000)))?.attempts).toBe(1);
  });

  it("releases a lease on shutdown: queued again, the start not counted", async () => {
    const [id = ""] = await queue(1);
    await claimNextRun(database.db, "a", 60_000, T0);
    expect(await releaseLease(database.db, id, "b")).toBe(false);
    expect(await releaseLease(database.db, id, "a")).toBe(true);
    const row = await getMatchRun(database.db, CODE, id);
    expect(row).toMatchObject({ status: "queued", attempts: 0, leaseOwner: null });
    expect((await claimNextRun(database.db, "b", 60_000, T0))?.attempts).toBe(1);
  });

  it("cancels a queued run at once and flags a running one for its worker", async () => {
    const [queued = "", running = ""] = await queue(2);
    await database.db.update(matchRuns).set({ createdAt: "2000-01-01" }).where(eq(matchRuns.id, running));
    await claimNextRun(database.db, "a", 60_000, T0);
    expect((await requestCancel(database.db, CODE, queued)).outcome).toBe("cancelled");
    expect((await requestCancel(database.db, CODE, running)).outcome).toBe("cancel_requested");
    expect(await renewLease(database.db, running, "a", 60_000, T0)).toEqual({
      held: true,
      cancelRequested: true,
    });
    expect((await requestCancel(database.db, "991015", running)).outcome).toBe("not_found");
    // A worker that died with a cancel pending is settled as cancelled, not restarted.
    expect(await claimNextRun(database.db, "b", 60_000, later(61_000))).toBeUndefined();
    expect(await settleAbandonedRuns(database.db, later(61_000))).toEqual({ cancelled: 1, failed: 0 });
    expect((await getMatchRun(database.db, CODE, running))?.status).toBe("cancelled");
  });

  it("completes a run in one transaction: plan rows, requests planned, older run superseded", async () => {
    const served = await addRequests(3);
    const [older = "", newer = ""] = await queue(2);
    await claimNextRun(database.db, "a", 60_000, T0);
    const first = await completeRun(database.db, {
      runId: older,
      owner: "a",
      servedRequestIds: served,
      summary: { served: 3 },
      problemJson: "{}",
      planJson: "{}",
      writePlan: (tx) =>
        savePlan(tx, older, {
          routes: [{ runId: older, municipalityCode: CODE, vehicleId: "v1", shift: 0, distanceM: 1000 }],
          stops: [],
          legs: [],
          unassigned: [],
        }),
    });
    expect(first).toEqual({ outcome: "done", planned: 3, returned: 0, superseded: [] });
    // Completing again (a stale worker) writes nothing.
    expect(
      (
        await completeRun(database.db, {
          runId: older,
          owner: "a",
          servedRequestIds: served,
          summary: {},
          problemJson: "{}",
          planJson: "{}",
          writePlan: async () => {
            throw new Error("must not be called");
          },
        })
      ).outcome,
    ).toBe("lease_lost");

    await claimNextRun(database.db, "b", 60_000, T0);
    const second = await completeRun(database.db, {
      runId: newer,
      owner: "b",
      servedRequestIds: [served[0] ?? ""],
      summary: { served: 1 },
      problemJson: "{}",
      planJson: "{}",
      writePlan: async () => undefined,
    });
    expect(second).toEqual({ outcome: "done", planned: 0, returned: 2, superseded: [older] });
    const rows = await database.db.select().from(requests);
    expect(rows.map((r) => [r.id, r.status]).sort()).toEqual([
      [served[0], "planned"],
      [served[1], "submitted"],
      [served[2], "submitted"],
    ]);
    const events = await database.db.select().from(requestEvents);
    expect(events.filter((e) => e.toStatus === "planned")).toHaveLength(3);
    expect(events.filter((e) => e.fromStatus === "planned" && e.toStatus === "submitted")).toHaveLength(2);
    const list = await listMatchRuns(database.db, CODE, { date: DATE });
    expect(list.map((r) => [r.id, r.status, r.supersededBy])).toEqual([
      [newer, "done", null],
      [older, "done", newer],
    ]);
  });

  it("refuses a new run, a retry and a completion once a plan of the date is approved", async () => {
    await addRequests(1);
    const [approvedRun = "", pending = ""] = await queue(2);
    await database.db.insert(planRoutes).values({
      runId: approvedRun,
      municipalityCode: CODE,
      vehicleId: "v1",
      shift: 0,
      distanceM: 1,
      approvedAt: T0.toISOString(),
    });
    expect(
      (
        await createMatchRun(database.db, {
          municipalityCode: CODE,
          date: DATE,
          timeLimitSeconds: 5,
          createdBy: null,
        })
      ).outcome,
    ).toBe("plan_already_approved");
    await database.db.update(matchRuns).set({ createdAt: "2000-01-01" }).where(eq(matchRuns.id, pending));
    await claimNextRun(database.db, "a", 60_000, T0);
    const result = await completeRun(database.db, {
      runId: pending,
      owner: "a",
      servedRequestIds: ["req-submitted-0"],
      summary: {},
      problemJson: "{}",
      planJson: "{}",
      writePlan: async () => {
        throw new Error("must not be called");
      },
    });
    expect(result.outcome).toBe("plan_already_approved");
    expect((await getMatchRun(database.db, CODE, pending))?.status).toBe("failed");
    expect((await retryRun(database.db, CODE, pending)).outcome).toBe("plan_already_approved");
    expect((await getMatchRun(database.db, CODE, approvedRun))?.approved).toBe(true);
    const [request] = await database.db.select().from(requests);
    expect(request?.status).toBe("submitted");
  });
});
