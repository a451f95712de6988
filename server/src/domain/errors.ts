/**
 * The domain's one error type. A verb that refuses throws a `DomainError`
 * with a stable code; the HTTP layer maps each code to a status in one table
 * (lib/domainProblems.ts) and the code becomes the problem's `title`. The
 * code list is closed, so the compiler insists that table covers a new one.
 */

/** One failing input field: a dotted path in the caller's input and the rule it broke. */
export interface FieldProblem {
  /** Dotted path of the failing field, e.g. "body.pickup.placeId". */
  path: string;
  message: string;
  /** The contract's rule code (the web shows a Japanese sentence for it). */
  code?: string;
}

export const DOMAIN_ERROR_CODES = [
  // The caller
  "unauthenticated",
  "invalid_credentials",
  "forbidden",
  // Existence and input
  "not_found",
  "validation_failed",
  "idempotency_key_reused",
  "gtfs_invalid",
  "file_invalid",
  "invalid_leg",
  // State: what is asked clashes with what already is
  "illegal_transition",
  "email_taken",
  "municipality_exists",
  "admin_active",
  "run_not_done",
  "plan_check_failed",
  "stop_already_marked",
  "stop_not_undoable",
  "request_not_active",
  "no_approved_plan",
  "plan_already_approved",
  "plan_not_approved",
  "day_already_started",
  "duplicate_request",
  "run_not_cancellable",
  "run_not_retryable",
  "run_superseded",
  "request_not_movable",
  "request_does_not_fit",
  "driver_not_possible",
  "in_use",
  "plan_effects_unavailable",
  "boundary_required",
  // Capacity
  "cost_sharing_busy",
  "too_large",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorDetails {
  /** The fields at fault, for `validation_failed` and kin. */
  errors?: FieldProblem[];
  /** Further facts a client can act on (e.g. `from`/`to` of an illegal transition). */
  [extension: string]: unknown;
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    /** One English sentence for developers and logs (the web shows its own words for the code). */
    detail: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(detail);
  }
}

/** Not there, or not the caller's to see: the two are one answer, so another tenant's ids reveal nothing. */
export function notFound(what: string, id: string): DomainError {
  return new DomainError("not_found", `No ${what} ${id} in this municipality.`);
}

/** One field refused by a check that needs the database (an unknown place id, a date in the past …). */
export function invalidField(path: string, message: string, rule = "invalid_reference"): DomainError {
  return new DomainError("validation_failed", "The request has invalid fields.", {
    errors: [{ path, message, code: rule }],
  });
}

export function forbidden(detail: string): DomainError {
  return new DomainError("forbidden", detail);
}

/** Turns zod issues into field problems with paths prefixed by where the data came from. */
export function fieldProblems(
  source: string,
  issues: ReadonlyArray<{
    path: ReadonlyArray<PropertyKey>;
    message: string;
    code?: string;
    params?: Record<string, unknown>;
  }>,
): FieldProblem[] {
  return issues.map((issue) => {
    // Contract refinements name their rule in params.code (zod's own code is just "custom"),
    // so the web can show a Japanese message for it instead of the English detail.
    const code = typeof issue.params?.code === "string" ? issue.params.code : issue.code;
    return {
      path: [source, ...issue.path.map(String)].join("."),
      message: issue.message,
      ...(code ? { code } : {}),
    };
  });
}

/**
 * A record that broke the contract's rules once a partial change was merged
 * into it (a PATCH): refused like an invalid body, naming the fields at fault.
 */
export function invalidFields(source: string, issues: Parameters<typeof fieldProblems>[1]): DomainError {
  return new DomainError("validation_failed", "The request has invalid fields.", {
    errors: fieldProblems(source, issues),
  });
}
