/**
 * The regional engine as the server sees it: one place to import it from, and
 * the functions plan edits (move, reject, live insertion) use.
 */
import { checkRegionalPlan, insertIntoPlan, removeFromPlan } from "@tsunagu/matching";

export type * from "@tsunagu/matching";
export { insertIntoPlan, removeFromPlan };

/** The engine functions plan edits use; routes get it injected so tests can see exactly which. */
export const planEngine = { insertIntoPlan, removeFromPlan, checkRegionalPlan };
