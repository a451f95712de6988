/**
 * Ride and parcel requests: submit (with live placement on an approved plan),
 * list, read and move through the lifecycle. Every read of a request that
 * belongs to a resident is written to the audit log in the same call.
 */
import { createHash } from "node:crypto";
import {
  ACTIVE_REQUEST_STATUSES,
  bookingDateIssue,
  isWithdrawalMove,
  type LiveInsertResult,
  type LocationInput,
  type ParsedRequestInput,
  type RequestCreated,
  RequestCreatedSchema,
  type RequestListQuery,
  type RequestStatus,
  STATUSES_NEEDING_REASON,
  type TransportRequestDetail,
} from "@tsunagu/contract";
import {
  appendAudit,
  createRequest,
  findPlace,
  findRequest,
  findResident,
  findTwinRequest,
  hasStoredIdempotentAnswer,
  listRequestEvents,
  listRequests,
  type NewRequestRow,
  plannedTimesOf,
  type RequestRow,
  type ResidentRow,
  transitionRequest,
  updateIdempotentResponse,
} from "@tsunagu/db";
import { callerOf, requestScopeOf, requireMunicipality } from "../access";
import { auditEntry, requestAudit, requestReads } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, forbidden, invalidField, notFound } from "../errors";
import { secondsToTime } from "../plans/convert";
import { placeOnApprovedPlan } from "../plans/edits";
import { type ResolvedPoint, toRequestDetail, toRequestRow, toTransportRequest } from "./convert";

export interface SubmitOptions {
  /** Makes the submission safe to retry (draft-ietf-httpapi-idempotency-key-header). */
  idempotencyKey?: string | undefined;
  /** Told when placing the new request on an approved plan failed; the request is stored all the same. */
  onPlacementFailure?: (requestId: string, error: unknown) => void;
}

export interface Submitted {
  request: RequestCreated;
  /** True when an Idempotency-Key retry got the first answer back and nothing new was stored. */
  replayed: boolean;
}

/** The Idempotency-Key operation name of submitting a request. */
const CREATE_REQUEST_OPERATION = "requests.create";

/**
 * Whether `key` already answered a submission in the municipality: its retry
 * gets the stored answer (submitRequest replays it, checking the body), so it
 * does not count against the account's rate limit.
 */
export function isAnsweredRetry(ctx: DomainContext, code: string, key: string): Promise<boolean> {
  return hasStoredIdempotentAnswer(ctx.db, code, key, CREATE_REQUEST_OPERATION, ctx.now);
}

/**
 * Stores a new request as `submitted` after checking its date, its resident
 * and its places; on a date with an approved plan it is placed on that plan
 * at once (live request). A resident submits for themselves only.
 */
export async function submitRequest(
  ctx: DomainContext,
  code: string,
  input: ParsedRequestInput,
  options: SubmitOptions = {},
): Promise<Submitted> {
  const { db, now } = ctx;
  await requireMunicipality(db, code);
  const dateIssue = bookingDateIssue(input.date, input.latest, now);
  if (dateIssue) throw invalidField(`body.${dateIssue.field}`, dateIssue.message, dateIssue.code);

  // A resident submits for themselves only: the id comes from their account, never the body.
  const caller = callerOf(ctx);
  if (caller.grant === "own") {
    if (!caller.residentId) throw forbidden("This account is not linked to a resident record.");
    if (input.residentId && input.residentId !== caller.residentId)
      throw invalidField("body.residentId", "must be your own resident id (or left out)", "not_yours");
    input.residentId = caller.residentId;
    input.source = "resident";
  }
  let resident: ResidentRow | undefined;
  if (input.residentId) {
    resident = await findResident(db, code, input.residentId);
    if (!resident) throw invalidField("body.residentId", "is not a resident of this municipality");
  }
  const pickup = await resolvePoint(ctx, code, "pickup", input.pickup, resident);
  const dropoff = await resolvePoint(ctx, code, "dropoff", input.dropoff, resident);

  const newRow = toRequestRow(input, pickup, dropoff);
  await refuseDuplicate(ctx, code, newRow, input.confirmDuplicate, options.idempotencyKey);

  const claim = options.idempotencyKey
    ? {
        key: options.idempotencyKey,
        operation: CREATE_REQUEST_OPERATION,
        requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex"),
      }
    : null;
  const result = await createRequest(
    db,
    code,
    newRow,
    claim,
    (row) => ({ status: 201, body: JSON.stringify(toTransportRequest(row)) }),
    now,
    (row) =>
      auditEntry(ctx, {
        action: "create",
        resourceType: "request",
        resourceId: row.id,
        residentId: row.residentId,
        municipalityCode: code,
      }),
  );
  if (result.outcome === "key_mismatch") {
    throw new DomainError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
      {
        errors: [
          { path: "header.idempotency-key", message: "was used with a different body", code: "key_reused" },
        ],
      },
    );
  }
  if (result.outcome === "replayed")
    return { request: RequestCreatedSchema.parse(JSON.parse(result.body)), replayed: true };

  const placement = await placeLive(ctx, code, result.row, options.onPlacementFailure);
  const stored = placement ? await findRequest(db, code, result.row.id) : result.row;
  const request: RequestCreated = {
    ...toTransportRequest(stored ?? result.row),
    ...(placement ? { placement } : {}),
  };
  // A retry with the same key gets this whole answer, placement included.
  if (claim && placement) await updateIdempotentResponse(db, code, claim.key, JSON.stringify(request));
  return { request, replayed: false };
}

/**
 * Refuses the same trip booked a second time (same resident, kind, date and ends, an
 * overlapping window, the first still active) unless the caller confirms it. A retry of an
 * answered Idempotency-Key is not a second booking: it goes on to get its stored answer.
 */
async function refuseDuplicate(
  ctx: DomainContext,
  code: string,
  row: NewRequestRow,
  confirmed: boolean,
  idempotencyKey: string | undefined,
): Promise<void> {
  if (confirmed) return;
  if (idempotencyKey !== undefined && (await isAnsweredRetry(ctx, code, idempotencyKey))) return;
  const twin = await findTwinRequest(ctx.db, code, row, ACTIVE_REQUEST_STATUSES);
  if (!twin) return;
  throw new DomainError(
    "duplicate_request",
    `The same trip is already booked as request ${twin.id}. Send confirmDuplicate: true to book it once more.`,
    {
      existingRequestId: twin.id,
      errors: [
        {
          path: "body.confirmDuplicate",
          message: `the same trip is already booked (request ${twin.id})`,
          code: "duplicate_request",
        },
      ],
    },
  );
}

async function resolvePoint(
  ctx: DomainContext,
  code: string,
  side: "pickup" | "dropoff",
  location: LocationInput,
  resident: ResidentRow | undefined,
): Promise<ResolvedPoint> {
  if (location.placeId !== undefined) {
    const place = await findPlace(ctx.db, code, location.placeId);
    if (!place) throw invalidField(`body.${side}.placeId`, "is not a place of this municipality");
    return { lat: place.lat, lon: place.lon, placeId: place.id, home: false };
  }
  if (location.home) {
    if (!resident || resident.lat === null || resident.lon === null)
      throw invalidField(
        `body.${side}.home`,
        "the resident has no home address point on file",
        "no_home_point",
      );
    return { lat: resident.lat, lon: resident.lon, placeId: null, home: true };
  }
  // The schema guarantees lat and lon here.
  return { lat: location.lat ?? 0, lon: location.lon ?? 0, placeId: null, home: false };
}

/**
 * Puts a new request into its date's approved plan, if there is one (live
 * requests). The request is stored whatever happens here: an engine fault is
 * reported and the request waits, submitted, for a coordinator.
 */
async function placeLive(
  ctx: DomainContext,
  code: string,
  row: RequestRow,
  onFailure: SubmitOptions["onPlacementFailure"],
): Promise<LiveInsertResult | undefined> {
  try {
    return await placeOnApprovedPlan(ctx, code, row);
  } catch (error) {
    onFailure?.(row.id, error);
    return undefined;
  }
}

/** One page of the municipality's requests the caller may see, each read audited. */
export async function listRequestPage(ctx: DomainContext, code: string, query: RequestListQuery) {
  const { db } = ctx;
  await requireMunicipality(db, code);
  const { rows, total } = await listRequests(db, code, query, requestScopeOf(ctx));
  await appendAudit(db, requestReads(ctx, code, rows));
  const planned = await plannedTimes(ctx, code, rows);
  return {
    items: rows.map((row) => withPlannedTimes(toTransportRequest(row), planned)),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

/** One request with its history, if the caller may see it (audited). */
export async function readRequest(
  ctx: DomainContext,
  code: string,
  id: string,
): Promise<TransportRequestDetail & { planned?: { pickup: string; arrival: string } }> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  const row = await findRequest(db, code, id, requestScopeOf(ctx));
  if (!row) throw notFound("request", id);
  if (row.residentId !== null)
    await appendAudit(db, [
      auditEntry(ctx, {
        action: "read",
        resourceType: "request",
        resourceId: id,
        residentId: row.residentId,
        municipalityCode: code,
      }),
    ]);
  const detail = toRequestDetail(row, await listRequestEvents(db, code, id));
  return withPlannedTimes(detail, await plannedTimes(ctx, code, [row]));
}

/**
 * Moves a request along its lifecycle (REQUEST_TRANSITIONS). A resident may
 * only cancel their own; cancelled, no-show and unserved need a reason.
 */
export async function changeRequestStatus(
  ctx: DomainContext,
  code: string,
  id: string,
  change: { to: RequestStatus; reason?: string | undefined },
): Promise<TransportRequestDetail> {
  const { db } = ctx;
  const { to, reason } = change;
  await requireMunicipality(db, code);
  if (callerOf(ctx).grant === "own" && to !== "cancelled")
    throw forbidden("A resident may only cancel their own request.");
  if (STATUSES_NEEDING_REASON.includes(to) && !reason)
    throw invalidField("body.reason", `is required to move a request to ${to}`, "reason_required");
  const current = await findRequest(db, code, id, requestScopeOf(ctx));
  if (current && isWithdrawalMove(current.status, to))
    throw new DomainError(
      "illegal_transition",
      `Only withdrawing the day's approval moves a request ${current.status} → ${to}.`,
      { from: current.status, to },
    );
  const result = await transitionRequest(
    db,
    code,
    id,
    to,
    reason ?? null,
    ctx.now,
    requestScopeOf(ctx),
    requestAudit(ctx, code, "update"),
  );
  if (result.outcome === "not_found") throw notFound("request", id);
  if (result.outcome === "illegal")
    throw new DomainError("illegal_transition", `A request that is ${result.from} cannot become ${to}.`, {
      from: result.from,
      to,
    });
  return toRequestDetail(result.row, await listRequestEvents(db, code, id));
}

/** Statuses whose plan is settled enough to tell the resident the times. */
const TIMED_STATUSES: ReadonlySet<string> = new Set(["confirmed", "in_progress", "done"]);

/** The approved plan's start and end of each confirmed (or later) request's journey. */
function plannedTimes(ctx: DomainContext, code: string, rows: readonly RequestRow[]) {
  return plannedTimesOf(
    ctx.db,
    code,
    rows.filter((r) => TIMED_STATUSES.has(r.status)).map((r) => r.id),
  );
}

function withPlannedTimes<T extends { id: string }>(
  request: T,
  planned: ReadonlyMap<string, { departureSec: number; arrivalSec: number }>,
): T & { planned?: { pickup: string; arrival: string } } {
  const times = planned.get(request.id);
  return times
    ? {
        ...request,
        planned: { pickup: secondsToTime(times.departureSec), arrival: secondsToTime(times.arrivalSec) },
      }
    : request;
}
