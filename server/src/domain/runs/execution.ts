/**
 * What solving a match run means for the data, for the job runner
 * (server/src/jobs) that claims, heartbeats and solves it: the run's input
 * as the registry and the requests stand now, and storing the plan it found.
 * The queue's lease mechanics stay with the runner.
 */
import { type CompleteRunResult, completeRun, type MatchRunRecord, savePlan } from "@tsunagu/db";
import type { RegionalPlan, RegionalProblem } from "@tsunagu/matching";
import type { DomainContext } from "../context";
import {
  type PlanRowNames,
  type ProblemNotes,
  planRowsFromEngine,
  planSummary,
  problemFromDb,
  type SolvedRegionalPlan,
} from "../plans/engineConvert";

/** A claimed run's input: its municipality's day as the database has it now. */
export function runInput(
  ctx: DomainContext,
  run: MatchRunRecord,
): Promise<{ problem: RegionalProblem; names: PlanRowNames; notes: ProblemNotes }> {
  return problemFromDb(ctx.db, run.municipalityCode, run.date);
}

/** Why a run failed when the planner refused its input (for people: the first few issues). */
export function refusedInputError(plan: Extract<RegionalPlan, { status: "invalid" }>): string {
  const issues = plan.issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.code}`)
    .join("; ");
  return `The planner refused the day's data (${plan.issues.length} problem(s)): ${issues}`;
}

/**
 * Stores the plan a run found, in one transaction (packages/db completeRun):
 * the plan rows, the engine's input and output, the summary; the served
 * requests submitted → planned and earlier unapproved plans of the date
 * superseded. Nothing is written when `owner` lost the lease, the run was
 * cancelled meanwhile or a plan of the date was approved meanwhile.
 */
export function storeRunPlan(
  ctx: DomainContext,
  run: MatchRunRecord,
  owner: string,
  solved: { problem: RegionalProblem; plan: SolvedRegionalPlan; names: PlanRowNames },
): Promise<CompleteRunResult> {
  const { problem, plan, names } = solved;
  const rows = planRowsFromEngine(run.id, run.municipalityCode, problem, plan, names);
  return completeRun(ctx.db, {
    runId: run.id,
    owner,
    servedRequestIds: plan.itineraries.map((i) => i.requestId),
    summary: planSummary(problem, plan),
    problemJson: JSON.stringify(problem),
    planJson: JSON.stringify(plan),
    writePlan: (tx) => savePlan(tx, run.id, rows),
    now: ctx.now,
  });
}
