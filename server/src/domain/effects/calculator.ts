/**
 * The public CO₂ / 省力化 calculator: the effects engine's answers for what
 * the caller types in, as JSON or as the application's table. Pure: no
 * database, no caller and no clock, so these take no DomainContext.
 */
import type {
  EffectsExportFormat,
  EffectsLegsRequest,
  EffectsLegsResponse,
  EffectsWaitingRequest,
  EffectsWaitingResponse,
  EffectsWorkedExampleResponse,
} from "@tsunagu/contract";
import { evaluateLegs, MLIT_WORKED_EXAMPLE, WAITING_EXAMPLE, waitingTime } from "@tsunagu/effects";
import { DomainError } from "../errors";
import { legIssuesToProblems, waitingIssuesToProblems } from "./convert";
import { effectsCsv, effectsXlsx } from "./export";

/** Before, after and reduction, leg by leg; `invalid_leg` naming every leg input its method lacks. */
export function calculateLegs(input: EffectsLegsRequest): EffectsLegsResponse {
  const result = evaluateLegs(input);
  if (result.status === "invalid") {
    const errors = legIssuesToProblems(result.errors);
    const first = errors[0]?.message ?? "A leg is invalid.";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new DomainError("invalid_leg", `${first}${more}`, { errors });
  }
  return result.report;
}

/** The same answer as the application's CO₂ table: CSV text or XLSX bytes. */
export async function legsReportFile(
  input: EffectsLegsRequest,
  format: EffectsExportFormat,
): Promise<string | Uint8Array<ArrayBuffer>> {
  const report = calculateLegs(input);
  return format === "csv" ? effectsCsv(report) : effectsXlsx(report);
}

/** Yearly truck waiting hours and their target; `validation_failed` naming the fields out of range. */
export function calculateWaiting(input: EffectsWaitingRequest): EffectsWaitingResponse {
  const result = waitingTime(input);
  if (result.status === "invalid") {
    throw new DomainError("validation_failed", "The request has invalid fields.", {
      errors: waitingIssuesToProblems(result.errors),
    });
  }
  return result.report;
}

/** The engine's published worked examples, as calculator inputs. */
export function workedExamples(): EffectsWorkedExampleResponse {
  // The engine keeps its examples readonly; the wire type is a plain array.
  return { legs: MLIT_WORKED_EXAMPLE, waiting: { ...WAITING_EXAMPLE, before: [...WAITING_EXAMPLE.before] } };
}
