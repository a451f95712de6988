import { createHash } from "node:crypto";
import type { RouteHandler } from "@hono/zod-openapi";
import {
  canTransition,
  type LiveInsertResult,
  type LocationInput,
  minutesOfDay,
  type RequestCreated,
  RequestCreatedSchema,
  type RequestStatus,
  STATUSES_NEEDING_REASON,
} from "@tsunagu/contract";
import {
  appendAudit,
  createRequest,
  type Db,
  findPlace,
  findRequest,
  findResident,
  listRequestEvents,
  listRequests,
  plannedTimesOf,
  type RequestRow,
  type ResidentRow,
  transitionRequest,
  updateIdempotentResponse,
} from "@tsunagu/db";
import type { Context } from "hono";
import { auditEntry, callerOf, grantOf, requestScopeOf } from "../../lib/auth/caller";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import { planEngine } from "../../matching/engine";
import { secondsToTime } from "../../matching/planView";
import { placeOnApprovedPlan } from "../plans/planEdits.service";
import { invalidField, notFound, requireMunicipality, tokyoNow } from "../registry/tenant";
import { type ResolvedPoint, toRequestDetail, toRequestRow, toTransportRequest } from "./requests.convert";
import type {
  createRequestRoute,
  getRequestRoute,
  listRequestsRoute,
  transitionRequestRoute,
} from "./requests.routes";

/** Furthest ahead a request may be booked; further is a typo in the year. */
const MAX_DAYS_AHEAD = 366;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function resolvePoint(
  db: Db,
  code: string,
  side: "pickup" | "dropoff",
  location: LocationInput,
  resident: ResidentRow | undefined,
): Promise<ResolvedPoint> {
  if (location.placeId !== undefined) {
    const place = await findPlace(db, code, location.placeId);
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

export const createRequestHandler: RouteHandler<typeof createRequestRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const input = c.req.valid("json");
  const idempotencyKey = c.req.valid("header")["idempotency-key"];
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);

  const now = deps.now?.() ?? new Date();
  const today = tokyoNow(now);
  if (input.date < today.date)
    throw invalidField("body.date", `is in the past (today in Japan is ${today.date})`, "date_in_past");
  if (input.date > addDays(today.date, MAX_DAYS_AHEAD))
    throw invalidField("body.date", `is more than ${MAX_DAYS_AHEAD} days ahead`, "date_too_far");
  if (input.date === today.date && minutesOfDay(input.latest) <= today.minutes)
    throw invalidField("body.latest", "has already passed today", "time_in_past");

  // A resident submits for themselves only: the id comes from their account, never the body.
  if (grantOf(c) === "own") {
    const own = callerOf(c).residentId;
    if (!own) throw new ApiProblem(403, "forbidden", "This account is not linked to a resident record.");
    if (input.residentId && input.residentId !== own)
      throw invalidField("body.residentId", "must be your own resident id (or left out)", "not_yours");
    input.residentId = own;
    input.source = "resident";
  }
  let resident: ResidentRow | undefined;
  if (input.residentId) {
    resident = await findResident(db, code, input.residentId);
    if (!resident) throw invalidField("body.residentId", "is not a resident of this municipality");
  }
  const pickup = await resolvePoint(db, code, "pickup", input.pickup, resident);
  const dropoff = await resolvePoint(db, code, "dropoff", input.dropoff, resident);

  const claim = idempotencyKey
    ? {
        key: idempotencyKey,
        operation: "requests.create",
        requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex"),
      }
    : null;
  const result = await createRequest(
    db,
    code,
    toRequestRow(input, pickup, dropoff),
    claim,
    (row) => ({ status: 201, body: JSON.stringify(toTransportRequest(row)) }),
    now,
    (row) =>
      auditEntry(c, {
        action: "create",
        resourceType: "request",
        resourceId: row.id,
        residentId: row.residentId,
        municipalityCode: code,
      }),
  );
  if (result.outcome === "key_mismatch") {
    throw new ApiProblem(
      422,
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
      {
        errors: [
          { path: "header.idempotency-key", message: "was used with a different body", code: "key_reused" },
        ],
      },
    );
  }
  if (result.outcome === "replayed") {
    const replayed = RequestCreatedSchema.parse(JSON.parse(result.body));
    c.header("idempotent-replayed", "true");
    c.header("location", `/api/v1/municipalities/${code}/requests/${replayed.id}`);
    return c.json(replayed, 201);
  }
  const placement = await placeLive(c, code, result.row, now);
  const stored = placement ? await findRequest(db, code, result.row.id) : result.row;
  const body: RequestCreated = {
    ...toTransportRequest(stored ?? result.row),
    ...(placement ? { placement } : {}),
  };
  // A retry with the same key gets this whole answer, placement included.
  if (claim && placement) await updateIdempotentResponse(db, code, claim.key, JSON.stringify(body));
  c.header("location", `/api/v1/municipalities/${code}/requests/${body.id}`);
  return c.json(body, 201);
};

/**
 * Puts a new request into its date's approved plan, if there is one (live
 * requests). The request is stored whatever happens here: an engine fault is
 * logged and the request waits, submitted, for a coordinator.
 */
async function placeLive(
  c: Context<AppEnv>,
  code: string,
  row: RequestRow,
  now: Date,
): Promise<LiveInsertResult | undefined> {
  const deps = c.get("deps");
  try {
    return await placeOnApprovedPlan(deps.database.db, planEngine, code, row, {
      userId: callerOf(c).userId,
      now,
      audit: (changed) =>
        auditEntry(c, {
          action: "update",
          resourceType: "request",
          resourceId: changed.id,
          residentId: changed.residentId,
          municipalityCode: code,
        }),
    });
  } catch (error) {
    deps.logger.error("live placement failed; the request stays submitted", {
      requestId: row.id,
      message: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

export const listRequestsHandler: RouteHandler<typeof listRequestsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const query = c.req.valid("query");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const { rows, total } = await listRequests(db, code, query, requestScopeOf(c));
  await appendAudit(
    db,
    rows
      .filter((r) => r.residentId !== null)
      .map((r) =>
        auditEntry(c, {
          action: "read",
          resourceType: "request",
          resourceId: r.id,
          residentId: r.residentId,
          municipalityCode: code,
        }),
      ),
  );
  const planned = await plannedTimes(db, code, rows);
  return c.json(
    {
      items: rows.map((row) => withPlannedTimes(toTransportRequest(row), planned)),
      total,
      limit: query.limit,
      offset: query.offset,
    },
    200,
  );
};

/** Statuses whose plan is settled enough to tell the resident the times. */
const TIMED_STATUSES: ReadonlySet<string> = new Set(["confirmed", "in_progress", "done"]);

/** The approved plan's start and end of each confirmed (or later) request's journey. */
function plannedTimes(db: Db, code: string, rows: readonly RequestRow[]) {
  return plannedTimesOf(
    db,
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

export const getRequestHandler: RouteHandler<typeof getRequestRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  const row = await findRequest(db, code, id, requestScopeOf(c));
  if (!row) throw notFound("request", id);
  if (row.residentId !== null)
    await appendAudit(db, [
      auditEntry(c, {
        action: "read",
        resourceType: "request",
        resourceId: id,
        residentId: row.residentId,
        municipalityCode: code,
      }),
    ]);
  const detail = toRequestDetail(row, await listRequestEvents(db, code, id));
  return c.json(withPlannedTimes(detail, await plannedTimes(db, code, [row])), 200);
};

export const transitionRequestHandler: RouteHandler<typeof transitionRequestRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const { to, reason } = c.req.valid("json");
  const deps = c.get("deps");
  const { db } = deps.database;
  await requireMunicipality(db, code);
  if (grantOf(c) === "own" && to !== "cancelled")
    throw new ApiProblem(403, "forbidden", "A resident may only cancel their own request.");
  if (STATUSES_NEEDING_REASON.includes(to) && !reason)
    throw invalidField("body.reason", `is required to move a request to ${to}`, "reason_required");
  const result = await transitionRequest(
    db,
    code,
    id,
    to,
    reason ?? null,
    (from, next) => canTransition(from as RequestStatus, next as RequestStatus),
    deps.now?.() ?? new Date(),
    requestScopeOf(c),
    (row) =>
      auditEntry(c, {
        action: "update",
        resourceType: "request",
        resourceId: row.id,
        residentId: row.residentId,
        municipalityCode: code,
      }),
  );
  if (result.outcome === "not_found") throw notFound("request", id);
  if (result.outcome === "illegal")
    throw new ApiProblem(409, "illegal_transition", `A request that is ${result.from} cannot become ${to}.`, {
      from: result.from,
      to,
    });
  return c.json(toRequestDetail(result.row, await listRequestEvents(db, code, id)), 200);
};
