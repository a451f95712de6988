import { randomUUID } from "node:crypto";
import { canTransition, canUndo, type RequestStatus } from "@tsunagu/contract";
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import {
  auditLog,
  driverVehicles,
  idempotencyKeys,
  matchRuns,
  planRoutes,
  planStops,
  requestEvents,
  requests,
} from "../schema";
import type { AuditEntry } from "./audit";
import { withWriteLock } from "./writeLock";

export type RequestRow = typeof requests.$inferSelect;
export type NewRequestRow = Omit<typeof requests.$inferInsert, "id" | "municipalityCode" | "status">;
export type RequestEventRow = typeof requestEvents.$inferSelect;

/** How long a stored Idempotency-Key answers retries; after that the key may be used afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Which of a municipality's requests the caller may see (object-level
 * authorisation, ASVS 8.2.2). Every read of requests takes one.
 * - `all`: staff and coordinators of the municipality.
 * - `resident`: only the requests of that resident.
 * - `run_sheet`: only requests on the driver's run sheets (see `runSheetRequestIds`).
 */
export type RequestScope =
  | { kind: "all" }
  | { kind: "resident"; residentId: string }
  | { kind: "run_sheet"; driverId: string | null };

/**
 * The hook for drivers: the ids of the requests on the driver's run sheets —
 * the approved routes (of runs that are done) of the vehicles the driver may
 * drive (driver_vehicles). A driver account without a driver row sees none.
 */
export async function runSheetRequestIds(
  db: DbOrTx,
  municipalityCode: string,
  driverId: string | null,
): Promise<string[]> {
  if (driverId === null) return [];
  const rows = await db
    .selectDistinct({ requestId: planStops.requestId })
    .from(planStops)
    .innerJoin(
      planRoutes,
      and(
        eq(planRoutes.runId, planStops.runId),
        eq(planRoutes.vehicleId, planStops.vehicleId),
        eq(planRoutes.shift, planStops.shift),
      ),
    )
    .innerJoin(matchRuns, eq(matchRuns.id, planStops.runId))
    .innerJoin(driverVehicles, eq(driverVehicles.vehicleId, planStops.vehicleId))
    .where(
      and(
        eq(planStops.municipalityCode, municipalityCode),
        eq(matchRuns.municipalityCode, municipalityCode),
        eq(matchRuns.status, "done"),
        isNotNull(planRoutes.approvedAt),
        isNotNull(planStops.requestId),
        eq(driverVehicles.driverId, driverId),
      ),
    );
  return rows.flatMap((r) => (r.requestId === null ? [] : [r.requestId]));
}

async function scopeCondition(
  db: DbOrTx,
  municipalityCode: string,
  scope: RequestScope,
): Promise<SQL | undefined> {
  if (scope.kind === "all") return undefined;
  if (scope.kind === "resident") return eq(requests.residentId, scope.residentId);
  const ids = await runSheetRequestIds(db, municipalityCode, scope.driverId);
  return ids.length > 0 ? inArray(requests.id, ids) : sql`0`;
}

export interface IdempotencyClaim {
  key: string;
  /** The operation the key belongs to, e.g. "requests.create". */
  operation: string;
  /** Hash of the canonical request body. */
  requestHash: string;
}

export type CreateRequestResult =
  | { outcome: "created"; row: RequestRow; status: number; body: string }
  /** A retry with the same key and body: the first response, nothing new stored. */
  | { outcome: "replayed"; status: number; body: string }
  /** The key was used before with another body or operation. */
  | { outcome: "key_mismatch" };

/**
 * Inserts a request (status "submitted") and its first history event. With an
 * idempotency claim, the key row is written in the same transaction: libSQL
 * transactions here are BEGIN IMMEDIATE, so two concurrent retries run one
 * after the other and the second finds the first one's stored response.
 * `respond` renders the response stored for replays.
 */
export async function createRequest(
  db: Db,
  municipalityCode: string,
  input: NewRequestRow,
  claim: IdempotencyClaim | null,
  respond: (row: RequestRow) => { status: number; body: string },
  now: Date = new Date(),
  audit?: (row: RequestRow) => AuditEntry,
): Promise<CreateRequestResult> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      if (claim) {
        const [existing] = await tx
          .select()
          .from(idempotencyKeys)
          .where(
            and(eq(idempotencyKeys.municipalityCode, municipalityCode), eq(idempotencyKeys.key, claim.key)),
          );
        if (existing) {
          const expired = now.getTime() - Date.parse(existing.createdAt) > IDEMPOTENCY_TTL_MS;
          if (!expired) {
            if (existing.operation !== claim.operation || existing.requestHash !== claim.requestHash)
              return { outcome: "key_mismatch" as const };
            return {
              outcome: "replayed" as const,
              status: existing.responseStatus,
              body: existing.responseBody,
            };
          }
          await tx
            .delete(idempotencyKeys)
            .where(
              and(eq(idempotencyKeys.municipalityCode, municipalityCode), eq(idempotencyKeys.key, claim.key)),
            );
        }
      }
      const id = randomUUID();
      const [row] = await tx
        .insert(requests)
        .values({ ...input, id, municipalityCode, status: "submitted" })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await tx
        .insert(requestEvents)
        .values({ municipalityCode, requestId: id, fromStatus: null, toStatus: "submitted" });
      const response = respond(row);
      if (audit) await tx.insert(auditLog).values(audit(row));
      if (claim) {
        await tx.insert(idempotencyKeys).values({
          municipalityCode,
          key: claim.key,
          operation: claim.operation,
          requestHash: claim.requestHash,
          responseStatus: response.status,
          responseBody: response.body,
          createdAt: now.toISOString(),
        });
      }
      return { outcome: "created" as const, row, ...response };
    }),
  );
}

/**
 * Replaces the response stored for an idempotency key, when a request's
 * answer grew after its creation (its live placement in the day's plan):
 * a retry then gets the whole first answer.
 */
export async function updateIdempotentResponse(
  db: DbOrTx,
  municipalityCode: string,
  key: string,
  body: string,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseBody: body })
    .where(and(eq(idempotencyKeys.municipalityCode, municipalityCode), eq(idempotencyKeys.key, key)));
}

/**
 * Whether `key` already answered `operation` in the municipality (and has not
 * expired): a retry of it gets the stored answer and spends no rate limit.
 */
export async function hasStoredIdempotentAnswer(
  db: DbOrTx,
  municipalityCode: string,
  key: string,
  operation: string,
  now: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ operation: idempotencyKeys.operation, createdAt: idempotencyKeys.createdAt })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.municipalityCode, municipalityCode), eq(idempotencyKeys.key, key)));
  return (
    row !== undefined &&
    row.operation === operation &&
    now.getTime() - Date.parse(row.createdAt) <= IDEMPOTENCY_TTL_MS
  );
}

/** Every request of a municipality's date in one status, earliest first (a day's call list). */
export async function requestsOfDateInStatus(
  db: DbOrTx,
  municipalityCode: string,
  date: string,
  status: RequestStatus,
): Promise<RequestRow[]> {
  return requestsOfDateWhere(db, municipalityCode, date, eq(requests.status, status)).orderBy(
    asc(requests.earliest),
    asc(requests.id),
  );
}

/** The requests of a municipality's date that meet `condition` (e.g. a set of statuses), unordered. */
export function requestsOfDateWhere(db: DbOrTx, municipalityCode: string, date: string, condition: SQL) {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.municipalityCode, municipalityCode), eq(requests.date, date), condition));
}

/** One request the caller may see; another municipality's or another resident's answers undefined. */
export async function findRequest(
  db: Db,
  municipalityCode: string,
  id: string,
  scope: RequestScope = { kind: "all" },
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.municipalityCode, municipalityCode),
        eq(requests.id, id),
        await scopeCondition(db, municipalityCode, scope),
      ),
    );
  return row;
}

/** The same end: the same place, both the home, or (neither) the same point. */
function sameEnd(
  side: "pickup" | "dropoff",
  end: { lat: number; lon: number; placeId: string | null | undefined; home: boolean | undefined },
): SQL | undefined {
  const col =
    side === "pickup"
      ? {
          lat: requests.pickupLat,
          lon: requests.pickupLon,
          placeId: requests.pickupPlaceId,
          home: requests.pickupHome,
        }
      : {
          lat: requests.dropoffLat,
          lon: requests.dropoffLon,
          placeId: requests.dropoffPlaceId,
          home: requests.dropoffHome,
        };
  if (end.placeId) return eq(col.placeId, end.placeId);
  if (end.home) return eq(col.home, true);
  return and(isNull(col.placeId), eq(col.home, false), eq(col.lat, end.lat), eq(col.lon, end.lon));
}

/**
 * An active request (`statuses`) of the same resident and kind on the same date between the
 * same two ends whose window overlaps the new one's: the same trip booked a second time.
 */
export async function findTwinRequest(
  db: DbOrTx,
  municipalityCode: string,
  row: NewRequestRow,
  statuses: readonly RequestStatus[],
): Promise<RequestRow | undefined> {
  if (!row.residentId) return undefined;
  const [twin] = await requestsOfDateWhere(
    db,
    municipalityCode,
    row.date,
    and(
      eq(requests.residentId, row.residentId),
      eq(requests.kind, row.kind),
      inArray(requests.status, [...statuses]),
      // Two windows overlap when each starts before the other ends ("HH:MM" sorts as text).
      lt(requests.earliest, row.latest),
      gt(requests.latest, row.earliest),
      sameEnd("pickup", {
        lat: row.pickupLat,
        lon: row.pickupLon,
        placeId: row.pickupPlaceId,
        home: row.pickupHome,
      }),
      sameEnd("dropoff", {
        lat: row.dropoffLat,
        lon: row.dropoffLon,
        placeId: row.dropoffPlaceId,
        home: row.dropoffHome,
      }),
    ) ?? sql`1`,
  )
    .orderBy(asc(requests.createdAt), asc(requests.id))
    .limit(1);
  return twin;
}

export async function listRequestEvents(db: Db, municipalityCode: string, requestId: string) {
  return db
    .select()
    .from(requestEvents)
    .where(and(eq(requestEvents.municipalityCode, municipalityCode), eq(requestEvents.requestId, requestId)))
    .orderBy(asc(requestEvents.id));
}

export interface RequestFilters {
  status?: RequestStatus;
  kind?: "ride" | "parcel";
  date?: string;
  dateFrom?: string;
  dateTo?: string;
  residentId?: string;
  /** Pick-up or drop-off inside this box. */
  area?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  limit: number;
  offset: number;
}

/** One page of a municipality's requests, newest service date first, with the total for paging. */
export async function listRequests(
  db: Db,
  municipalityCode: string,
  filters: RequestFilters,
  scope: RequestScope = { kind: "all" },
): Promise<{ rows: RequestRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(requests.municipalityCode, municipalityCode),
    await scopeCondition(db, municipalityCode, scope),
  ];
  if (filters.status) conditions.push(eq(requests.status, filters.status));
  if (filters.kind) conditions.push(eq(requests.kind, filters.kind));
  if (filters.date) conditions.push(eq(requests.date, filters.date));
  if (filters.dateFrom) conditions.push(gte(requests.date, filters.dateFrom));
  if (filters.dateTo) conditions.push(lte(requests.date, filters.dateTo));
  if (filters.residentId) conditions.push(eq(requests.residentId, filters.residentId));
  if (filters.area) {
    const a = filters.area;
    conditions.push(
      or(
        and(
          gte(requests.pickupLat, a.minLat),
          lte(requests.pickupLat, a.maxLat),
          gte(requests.pickupLon, a.minLon),
          lte(requests.pickupLon, a.maxLon),
        ),
        and(
          gte(requests.dropoffLat, a.minLat),
          lte(requests.dropoffLat, a.maxLat),
          gte(requests.dropoffLon, a.minLon),
          lte(requests.dropoffLon, a.maxLon),
        ),
      ),
    );
  }
  const where = and(...conditions);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(requests)
      .where(where)
      .orderBy(desc(requests.date), asc(requests.earliest), asc(requests.id))
      .limit(filters.limit)
      .offset(filters.offset),
    db.select({ n: count() }).from(requests).where(where),
  ]);
  return { rows, total: totalRow?.n ?? 0 };
}

export type TransitionResult =
  | { outcome: "done"; row: RequestRow }
  | { outcome: "not_found" }
  | { outcome: "illegal"; from: RequestStatus };

/**
 * Moves a request to `to` when the contract's state machine allows it from
 * the request's current status (`canTransition`), recording the event, in one
 * transaction so two coordinators pressing buttons at once cannot both move
 * it from the same state.
 */
export async function transitionRequest(
  db: Db,
  municipalityCode: string,
  id: string,
  to: RequestStatus,
  reason: string | null,
  now: Date,
  scope: RequestScope = { kind: "all" },
  audit?: (row: RequestRow) => AuditEntry,
): Promise<TransitionResult> {
  const visible = await scopeCondition(db, municipalityCode, scope);
  return withWriteLock(db, () =>
    db.transaction((tx) => transitionRequestInTx(tx, municipalityCode, id, to, reason, now, visible, audit)),
  );
}

/**
 * The same move inside a transaction the caller already holds (under the
 * write lock), for work that changes a plan and its requests together
 * (approving a plan, a live insertion, a driver marking a stop). `visible`
 * narrows which requests may be moved (see RequestScope); default all.
 */
export async function transitionRequestInTx(
  tx: DbOrTx,
  municipalityCode: string,
  id: string,
  to: RequestStatus,
  reason: string | null,
  now: Date,
  visible?: SQL,
  audit?: (row: RequestRow) => AuditEntry,
  /** A driver's mark undone: the step back REQUEST_UNDOS allows, instead of a forward move. */
  undo = false,
): Promise<TransitionResult> {
  const [current] = await tx
    .select()
    .from(requests)
    .where(and(eq(requests.municipalityCode, municipalityCode), eq(requests.id, id), visible));
  if (!current) return { outcome: "not_found" as const };
  const allowed = undo ? canUndo(current.status, to) : canTransition(current.status, to);
  if (!allowed) return { outcome: "illegal" as const, from: current.status };
  const [row] = await tx
    .update(requests)
    .set({ status: to, statusReason: reason, updatedAt: now.toISOString() })
    .where(and(eq(requests.id, id), eq(requests.status, current.status)))
    .returning();
  if (!row) return { outcome: "illegal" as const, from: current.status };
  await tx.insert(requestEvents).values({
    municipalityCode,
    requestId: id,
    fromStatus: current.status,
    toStatus: to,
    reason,
    at: now.toISOString(),
  });
  if (audit) await tx.insert(auditLog).values(audit(row));
  return { outcome: "done" as const, row };
}

/**
 * Moves many requests of one status to another in bulk, through the same
 * state machine (a move it does not allow is a programming error and
 * throws), guarded by the `from` status so a request another transaction
 * moved meanwhile is left alone. Records one event per request moved and
 * returns the ids moved. For system work inside a transaction the caller
 * holds (a match run completing or being replaced).
 */
export async function moveRequestsInTx(
  tx: DbOrTx,
  municipalityCode: string,
  ids: readonly string[],
  move: { from: RequestStatus; to: RequestStatus; reason: string | null },
  now: Date,
): Promise<string[]> {
  if (!canTransition(move.from, move.to))
    throw new Error(`the request state machine does not allow ${move.from} → ${move.to}`);
  const at = now.toISOString();
  const moved: string[] = [];
  // SQLite caps bound parameters; 500 ids a statement stays well inside it.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .update(requests)
      .set({ status: move.to, statusReason: null, updatedAt: at })
      .where(
        and(
          eq(requests.municipalityCode, municipalityCode),
          eq(requests.status, move.from),
          inArray(requests.id, ids.slice(i, i + 500)),
        ),
      )
      .returning({ id: requests.id });
    if (rows.length === 0) continue;
    await tx.insert(requestEvents).values(
      rows.map((r) => ({
        municipalityCode,
        requestId: r.id,
        fromStatus: move.from,
        toStatus: move.to,
        reason: move.reason,
        at,
      })),
    );
    moved.push(...rows.map((r) => r.id));
  }
  return moved;
}
