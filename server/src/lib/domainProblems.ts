import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainErrorCode } from "../domain/errors";

/**
 * THE table from the domain's error codes to HTTP statuses. The code itself
 * becomes the problem's `title`; `onError` (app.ts) uses this for every
 * `DomainError` a verb throws, so no route maps errors by hand.
 */
export const STATUS_OF_DOMAIN_ERROR: Readonly<Record<DomainErrorCode, ContentfulStatusCode>> = {
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 422,
  idempotency_key_reused: 422,
  gtfs_invalid: 422,
  file_invalid: 422,
  invalid_leg: 422,
  illegal_transition: 409,
  email_taken: 409,
  municipality_exists: 409,
  admin_active: 409,
  run_not_done: 409,
  plan_check_failed: 409,
  stop_already_marked: 409,
  stop_not_undoable: 409,
  request_not_active: 409,
  no_approved_plan: 409,
  plan_already_approved: 409,
  plan_not_approved: 409,
  day_already_started: 409,
  duplicate_request: 409,
  run_not_cancellable: 409,
  run_not_retryable: 409,
  run_superseded: 409,
  request_not_movable: 409,
  request_does_not_fit: 409,
  driver_not_possible: 409,
  in_use: 409,
  plan_effects_unavailable: 409,
  boundary_required: 409,
  cost_sharing_busy: 429,
  too_large: 422,
};
