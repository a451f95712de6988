/**
 * Drivers' run sheets: the day's approved routes, one vehicle's stops in
 * order with who or what is at each, and marking a stop done or no-show
 * (which moves the request along its lifecycle). A driver reaches only the
 * routes assigned to him (in a plan made without drivers: the routes of the
 * vehicles he may drive). Sheets show residents' names and phones: every
 * answer that does is written to the audit log in the same call.
 */
import {
  type RequestStatus,
  type RunSheet,
  type RunSheetStop,
  type RunSheetSummary,
  STOP_UNDO_MINUTES,
} from "@tsunagu/contract";
import {
  appendAudit,
  type Db,
  type DbOrTx,
  driverVehicleIds,
  findMatchRun,
  findPlanRoute,
  findPlanStop,
  listApprovedRoutes,
  markPlanStop,
  type PlanRouteRow,
  type PlanStopRow,
  planLegsOfRequests,
  planStopsOfRequest,
  planStopsOfRoute,
  type RequestRow,
  requestsByIds,
  setPendingStopsOfRequest,
  transitionRequestInTx,
  unmarkPlanStop,
  vehicleLabels,
  withWriteLock,
} from "@tsunagu/db";
import { callerOf, requireMunicipality } from "../access";
import { residentReads } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, forbidden, notFound } from "../errors";
import { secondsToTime } from "../plans/convert";
import { requestUpdateAudit } from "../plans/plans";
import { loadPlaceBook } from "../plans/stopPlaces";
import { laterStopMarked, stopOrder, toRunSheet, undoDeadline } from "./convert";

/** Japanese reason recorded when a driver reports a no-show without a note. */
export const NO_SHOW_REASON = "不在";

/** A route as far as who may see its run sheet is concerned. */
type RouteOwner = Pick<PlanRouteRow, "vehicleId" | "driverId">;

/**
 * Which routes the caller may see run sheets of: with the `run_sheet` grant
 * (drivers) the routes assigned to his linked driver row — or, on a route
 * without a driver (a plan made before drivers), one of the vehicles he may
 * drive; nothing without a linked row. With the municipality's grant every route.
 */
async function visibleRoutes(ctx: DomainContext, code: string): Promise<(route: RouteOwner) => boolean> {
  const caller = callerOf(ctx);
  if (caller.grant === "municipality") return () => true;
  if (caller.grant !== "run_sheet") throw forbidden(`A ${caller.role} account may not see run sheets.`);
  const driverId = caller.driverId;
  const vehicles = new Set(await driverVehicleIds(ctx.db, code, driverId));
  return (route) =>
    driverId !== null &&
    (route.driverId === driverId || (route.driverId === null && vehicles.has(route.vehicleId)));
}

/** Names and phones were shown: one `read` per resident, as for the registry's resident reads. */
async function auditResidentsShown(
  ctx: DomainContext,
  code: string,
  stops: readonly RunSheetStop[],
  requests: ReadonlyMap<string, RequestRow>,
) {
  const ids = new Set<string>();
  for (const stop of stops) {
    if (stop.residentName === null && stop.phone === null) continue;
    const residentId = stop.requestId ? requests.get(stop.requestId)?.residentId : null;
    if (residentId) ids.add(residentId);
  }
  await appendAudit(ctx.db, residentReads(ctx, code, ids));
}

/** The approved routes of `date` the caller may see. */
export async function listRunSheets(
  ctx: DomainContext,
  code: string,
  date: string,
): Promise<{ items: RunSheetSummary[] }> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  const visible = await visibleRoutes(ctx, code);
  const routes = (await listApprovedRoutes(db, code, date)).filter(visible);
  const labels = await vehicleLabels(db, code);
  const items: RunSheetSummary[] = [];
  for (const route of routes) {
    const stops = await planStopsOfRoute(db, route.runId, route.vehicleId, route.shift);
    items.push({
      runId: route.runId,
      vehicleId: route.vehicleId,
      vehicleName: labels.get(route.vehicleId)?.name ?? route.vehicleId,
      shift: route.shift,
      stops: stops.length,
      firstTime: secondsToTime(stops[0]?.departureSec ?? 0),
      lastTime: secondsToTime(stops.at(-1)?.arrivalSec ?? 0),
    });
  }
  return { items };
}

async function sheetOf(db: Db, code: string, runId: string, date: string, stops: PlanStopRow[]) {
  const first = stops[0];
  const requestIds = [...new Set(stops.flatMap((s) => (s.requestId ? [s.requestId] : [])))];
  const [requests, legs, labels] = await Promise.all([
    requestsByIds(db, code, requestIds),
    planLegsOfRequests(db, runId, requestIds),
    vehicleLabels(db, code),
  ]);
  const book = await loadPlaceBook(db, code, requests.values());
  const vehicleId = first?.vehicleId ?? "";
  const sheet = toRunSheet({
    runId,
    date,
    vehicleId,
    vehicleName: labels.get(vehicleId)?.name ?? vehicleId,
    shift: first?.shift ?? 0,
    stops,
    legs,
    requests,
    book,
  });
  return { sheet, requests };
}

/** One approved route's run sheet (`not_found` for a route not approved, or a vehicle the driver may not drive). */
export async function readRunSheet(
  ctx: DomainContext,
  code: string,
  key: { runId: string; vehicleId: string; shift: number },
): Promise<RunSheet> {
  const { db } = ctx;
  await requireMunicipality(db, code);
  const visible = await visibleRoutes(ctx, code);
  const missing = () => notFound("run sheet", `${key.runId}/${key.vehicleId}/${key.shift}`);
  const route = await findPlanRoute(db, code, key.runId, key.vehicleId, key.shift);
  const run = await findMatchRun(db, code, key.runId);
  if (!route || !visible(route) || route.approvedAt === null || !run || run.status !== "done")
    throw missing();
  const stops = await planStopsOfRoute(db, key.runId, key.vehicleId, key.shift);
  const { sheet, requests } = await sheetOf(db, code, run.id, run.date, stops);
  await auditResidentsShown(ctx, code, sheet.stops, requests);
  return sheet;
}

/** A stop of an approved route the caller may drive (`not_found` otherwise). */
async function approvedStop(
  tx: DbOrTx,
  code: string,
  stopId: string,
  visible: (route: RouteOwner) => boolean,
) {
  const stop = await findPlanStop(tx, code, stopId);
  if (!stop) throw notFound("plan stop", stopId);
  const route = await findPlanRoute(tx, code, stop.runId, stop.vehicleId, stop.shift);
  if (!route || !visible(route) || route.approvedAt === null) throw notFound("plan stop", stopId);
  return stop;
}

/**
 * A driver marks a stop. In one transaction under the write lock: the stop
 * (only while pending) and, through the request state machine, the request —
 * pick-up done on the first leg → in_progress; drop-off done on the last leg →
 * done (via in_progress when the pick-up was never marked); no-show at the
 * first pick-up → no_show, and the request's other pending stops (its
 * drop-off) → cancelled: nobody is left to carry. Other stops only record.
 * Any mark can be taken back for STOP_UNDO_MINUTES (`undoStop`).
 */
export async function markStop(
  ctx: DomainContext,
  code: string,
  stopId: string,
  input: { status: "done" | "no_show"; note?: string | undefined },
): Promise<RunSheetStop> {
  const { db, now } = ctx;
  await requireMunicipality(db, code);
  const userId = callerOf(ctx).userId;
  const visible = await visibleRoutes(ctx, code);
  const audit = requestUpdateAudit(ctx, code);
  const runId = await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const stop = await approvedStop(tx, code, stopId, visible);
      let cancelRest: string | undefined;
      if (stop.status !== "pending")
        throw new DomainError("stop_already_marked", `The stop is already marked ${stop.status}.`, {
          stopStatus: stop.status,
        });
      if (stop.requestId) {
        const request = (await requestsByIds(tx, code, [stop.requestId])).get(stop.requestId);
        if (!request || (request.status !== "confirmed" && request.status !== "in_progress"))
          throw new DomainError(
            "request_not_active",
            `The request is ${request?.status ?? "gone"}; only confirmed or in-progress requests are served.`,
            { requestStatus: request?.status ?? null },
          );
        const legs = await planLegsOfRequests(tx, stop.runId, [stop.requestId]);
        const lastLeg = Math.max(...legs.map((l) => l.legIndex));
        const firstPickup = stop.kind === "pickup" && stop.legIndex === 0;
        const lastDropoff = stop.kind === "dropoff" && stop.legIndex === lastLeg;
        const move = (to: RequestStatus, reason: string | null) =>
          transitionRequestInTx(tx, code, request.id, to, reason, now, undefined, audit);
        if (input.status === "no_show" && firstPickup) {
          if (request.status !== "confirmed")
            throw new DomainError("request_not_active", "Only a confirmed request can be a no-show.", {
              requestStatus: request.status,
            });
          await move("no_show", input.note || NO_SHOW_REASON);
          cancelRest = request.id;
        } else if (input.status === "done" && (firstPickup || lastDropoff)) {
          if (request.status === "confirmed") await move("in_progress", null);
          if (lastDropoff) await move("done", null);
        }
      }
      const marked = await markPlanStop(tx, stopId, input.status, userId, now.toISOString());
      if (!marked) throw new DomainError("stop_already_marked", "The stop is already marked.");
      // Nobody to carry: the request's other stops (the drop-off, any later legs) are off.
      if (cancelRest)
        await setPendingStopsOfRequest(tx, stop.runId, cancelRest, "cancel", userId, now.toISOString());
      return stop.runId;
    }),
  );
  return stopAsMarked(ctx, code, runId, stopId);
}

/** One stop as its run sheet shows it now (audited like the sheet). */
async function stopAsMarked(
  ctx: DomainContext,
  code: string,
  runId: string,
  stopId: string,
): Promise<RunSheetStop> {
  const { db } = ctx;
  const run = await findMatchRun(db, code, runId);
  const stop = await findPlanStop(db, code, stopId);
  if (!run || !stop) throw notFound("plan stop", stopId);
  // The request's other stops decide whether this one may still be undone.
  const siblings = stop.requestId ? await planStopsOfRequest(db, runId, stop.requestId) : [stop];
  const { sheet, requests } = await sheetOf(db, code, run.id, run.date, [stop]);
  const shown = sheet.stops[0];
  if (!shown) throw notFound("plan stop", stopId);
  await auditResidentsShown(ctx, code, [shown], requests);
  return { ...shown, undoableUntil: laterStopMarked(stop, siblings) ? null : undoDeadline(stop) };
}

/**
 * A driver takes back a mark (不在 or 乗車済み tapped by mistake) within
 * STOP_UNDO_MINUTES of making it, by the server's clock: the stop is pending
 * again and the request steps back (REQUEST_UNDOS) — an undone no-show gets
 * its cancelled drop-off back. Refused (`stop_not_undoable`) when the stop is
 * not marked, the window has passed, or a later stop of the request is marked.
 */
export async function undoStop(ctx: DomainContext, code: string, stopId: string): Promise<RunSheetStop> {
  const { db, now } = ctx;
  await requireMunicipality(db, code);
  const visible = await visibleRoutes(ctx, code);
  const audit = requestUpdateAudit(ctx, code);
  const runId = await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const stop = await approvedStop(tx, code, stopId, visible);
      const markedAs = stop.status;
      if (markedAs !== "done" && markedAs !== "no_show")
        throw new DomainError(
          "stop_not_undoable",
          `The stop is ${markedAs}; only a marked stop can be undone.`,
          {
            stopStatus: markedAs,
          },
        );
      const deadline = undoDeadline(stop);
      if (!deadline || now.toISOString() > deadline)
        throw new DomainError(
          "stop_not_undoable",
          `A mark can be undone for ${STOP_UNDO_MINUTES} minutes; this one was made at ${stop.statusAt}.`,
          { stopStatus: markedAs, undoableUntil: deadline },
        );
      const siblings = stop.requestId ? await planStopsOfRequest(tx, stop.runId, stop.requestId) : [];
      if (laterStopMarked(stop, siblings))
        throw new DomainError("stop_not_undoable", "A later stop of the same request is already marked.", {
          stopStatus: markedAs,
        });
      if (!(await unmarkPlanStop(tx, stopId, markedAs)))
        throw new DomainError("stop_not_undoable", "The stop changed meanwhile.", { stopStatus: markedAs });
      if (stop.requestId) {
        const request = (await requestsByIds(tx, code, [stop.requestId])).get(stop.requestId);
        const lastOrder = Math.max(...siblings.map(stopOrder));
        const first = stopOrder(stop) === 0;
        const last = stopOrder(stop) === lastOrder;
        const back = async (from: RequestStatus, to: RequestStatus) => {
          if (request?.status === from)
            await transitionRequestInTx(tx, code, request.id, to, null, now, undefined, audit, true);
        };
        if (markedAs === "no_show" && first) {
          await back("no_show", "confirmed");
          await setPendingStopsOfRequest(tx, stop.runId, stop.requestId, "restore", null, now.toISOString());
        } else if (markedAs === "done" && last) {
          await back("done", "in_progress");
          // A one-stop-marked request (drop-off marked without the pick-up) goes back to where it was.
          if (!siblings.some((s) => s.id !== stop.id && s.status === "done"))
            await back("in_progress", "confirmed");
        } else if (markedAs === "done" && first) {
          await back("in_progress", "confirmed");
        }
      }
      return stop.runId;
    }),
  );
  return stopAsMarked(ctx, code, runId, stopId);
}
