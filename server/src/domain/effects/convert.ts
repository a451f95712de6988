import type { LegIssue, WaitingIssue } from "@tsunagu/effects";
import type { FieldProblem } from "../errors";

/**
 * Engine leg issues → problem+json field problems. The path points into the
 * request body (`body.before.1.tonsPerYear`); the message names the leg by its
 * label so a coordinator can find it in the table.
 */
export function legIssuesToProblems(issues: readonly LegIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const path =
      issue.legIndex < 0 ? `body.${issue.side}` : `body.${issue.side}.${issue.legIndex}.${issue.field}`;
    const leg = issue.label === null ? `leg #${issue.legIndex + 1}` : `leg "${issue.label}"`;
    return {
      path,
      message: issue.legIndex < 0 ? issue.message : `${issue.side} ${leg}: ${issue.field} ${issue.message}`,
      code: "invalid_leg_input",
    };
  });
}

/** Engine waiting-time issues → field problems with body paths. */
export function waitingIssuesToProblems(issues: readonly WaitingIssue[]): FieldProblem[] {
  return issues.map((issue) => ({
    path: `body.${issue.field}`,
    message: issue.message,
    code: "out_of_range",
  }));
}
