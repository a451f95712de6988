import { type MatchRun, MatchRunSchema, type Plan, PlanSchema } from "@tsunagu/contract";
import { expect } from "vitest";
import { createJobRunner } from "../jobs/jobRunner";
import type { as, TestApp } from "./testApp";

/** Queues a match run of `date` as `coordinator`, runs it in a job runner and answers its plan. */
export async function planDayThroughApi(
  t: TestApp,
  coordinator: ReturnType<typeof as>,
  code: string,
  date: string,
): Promise<Plan> {
  const m = `/api/v1/municipalities/${code}`;
  const queued = await coordinator(`${m}/match-runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ date, timeLimitSeconds: 1 }),
  });
  expect(queued.status).toBe(202);
  const run = MatchRunSchema.parse(await queued.json());
  const runner = createJobRunner({
    database: t.database,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    leaseMs: 10_000,
    pollMs: 50,
  });
  runner.start();
  try {
    let now: MatchRun = run;
    for (let i = 0; i < 600 && (now.status === "queued" || now.status === "running"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = MatchRunSchema.parse(await (await coordinator(`${m}/match-runs/${run.id}`)).json());
    }
    expect(now.status, now.error ?? "").toBe("done");
  } finally {
    await runner.stop();
  }
  const response = await coordinator(`${m}/match-runs/${run.id}/plan`);
  expect(response.status).toBe(200);
  return PlanSchema.parse(await response.json());
}
