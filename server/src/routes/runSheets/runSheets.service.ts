import type { RequestStatus, RunSheet, RunSheetStop } from "@tsunagu/contract";
import {
  type AuditEntry,
  type Db,
  type DbOrTx,
  driverVehicleIds,
  findMatchRun,
  findPlanRoute,
  findPlanStop,
  listApprovedRoutes,
  markPlanStop,
  type PlanStopRow,
  planLegsOfRequests,
  planStopsOfRoute,
  type RequestRow,
  requestsByIds,
  residentsByIds,
  transitionRequestInTx,
  vehicleLabels,
  withWriteLock,
} from "@tsunagu/db";
import { notFound } from "../../domain/errors";
import { ApiProblem } from "../../lib/problem";
import { type RunSheetPerson, secondsToTime, toRunSheet } from "../../matching/planView";

/**
 * Which vehicles the caller may see run sheets of: a driver only those he may
 * drive (driver_vehicles of his linked driver row; none without one); other
 * roles with access every vehicle (undefined).
 */
export async function visibleVehicles(
  db: DbOrTx,
  code: string,
  caller: { role: string; driverId: string | null },
): Promise<string[] | undefined> {
  if (caller.role !== "driver") return undefined;
  return driverVehicleIds(db, code, caller.driverId);
}

export async function listRunSheets(db: Db, code: string, date: string, vehicles: string[] | undefined) {
  const routes = await listApprovedRoutes(db, code, date, vehicles);
  const labels = await vehicleLabels(db, code);
  const items = [];
  for (const route of routes) {
    const stops = await planStopsOfRoute(db, route.runId, route.vehicleId, route.shift);
    const first = stops[0];
    const last = stops.at(-1);
    items.push({
      runId: route.runId,
      vehicleId: route.vehicleId,
      vehicleName: labels.get(route.vehicleId)?.name ?? route.vehicleId,
      shift: route.shift,
      stops: stops.length,
      firstTime: secondsToTime(first?.departureSec ?? 0),
      lastTime: secondsToTime(last?.arrivalSec ?? 0),
    });
  }
  return items;
}

/** The residents on some stops, with erased ones blanked (their row stays, their name does not). */
async function peopleOf(db: DbOrTx, code: string, requests: Map<string, RequestRow>) {
  const ids = [...new Set([...requests.values()].flatMap((r) => (r.residentId ? [r.residentId] : [])))];
  const rows = await residentsByIds(db, code, ids);
  const people = new Map<string, RunSheetPerson>();
  for (const [id, r] of rows)
    people.set(id, r.erasedAt ? { name: null, phone: null } : { name: r.name, phone: r.phone });
  return people;
}

/** Who is on a run sheet: the residents whose names or phones it shows (for audit entries). */
export function residentsShown(sheet: { stops: readonly RunSheetStop[] }, requests: Map<string, RequestRow>) {
  const ids = new Set<string>();
  for (const stop of sheet.stops) {
    if (stop.residentName === null && stop.phone === null) continue;
    const residentId = stop.requestId ? requests.get(stop.requestId)?.residentId : null;
    if (residentId) ids.add(residentId);
  }
  return [...ids];
}

async function sheetOf(db: DbOrTx, code: string, runId: string, date: string, stops: PlanStopRow[]) {
  const first = stops[0];
  const requestIds = [...new Set(stops.flatMap((s) => (s.requestId ? [s.requestId] : [])))];
  const [requests, legs, labels] = await Promise.all([
    requestsByIds(db, code, requestIds),
    planLegsOfRequests(db, runId, requestIds),
    vehicleLabels(db, code),
  ]);
  const residents = await peopleOf(db, code, requests);
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
    residents,
  });
  return { sheet, requests };
}

/** One approved route's run sheet (404 for a route not approved, or a vehicle the driver may not drive). */
export async function getRunSheet(
  db: Db,
  code: string,
  key: { runId: string; vehicleId: string; shift: number },
  vehicles: string[] | undefined,
): Promise<{ sheet: RunSheet; requests: Map<string, RequestRow> }> {
  const missing = () => notFound("run sheet", `${key.runId}/${key.vehicleId}/${key.shift}`);
  if (vehicles && !vehicles.includes(key.vehicleId)) throw missing();
  const route = await findPlanRoute(db, code, key.runId, key.vehicleId, key.shift);
  const run = await findMatchRun(db, code, key.runId);
  if (!route || route.approvedAt === null || !run || run.status !== "done") throw missing();
  const stops = await planStopsOfRoute(db, key.runId, key.vehicleId, key.shift);
  return sheetOf(db, code, run.id, run.date, stops);
}

/** Japanese reason recorded when a driver reports a no-show without a note. */
export const NO_SHOW_REASON = "不在";

/**
 * A driver marks a stop. In one transaction under the write lock: the stop
 * (only while pending) and, through the request state machine, the request —
 * pick-up done on the first leg → in_progress; drop-off done on the last leg →
 * done (via in_progress when the pick-up was never marked); no-show at the
 * first pick-up → no_show. Other stops only record.
 */
export async function markStop(
  db: Db,
  code: string,
  stopId: string,
  input: { status: "done" | "no_show"; note?: string | undefined },
  by: { userId: string; now: Date; vehicles: string[] | undefined; audit: (row: RequestRow) => AuditEntry },
): Promise<{ stop: RunSheetStop; requests: Map<string, RequestRow> }> {
  const runId = await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const stop = await findPlanStop(tx, code, stopId);
      if (!stop || (by.vehicles && !by.vehicles.includes(stop.vehicleId)))
        throw notFound("plan stop", stopId);
      const route = await findPlanRoute(tx, code, stop.runId, stop.vehicleId, stop.shift);
      if (!route || route.approvedAt === null) throw notFound("plan stop", stopId);
      if (stop.status !== "pending")
        throw new ApiProblem(409, "stop_already_marked", `The stop is already marked ${stop.status}.`, {
          stopStatus: stop.status,
        });
      if (stop.requestId) {
        const request = (await requestsByIds(tx, code, [stop.requestId])).get(stop.requestId);
        if (!request || (request.status !== "confirmed" && request.status !== "in_progress"))
          throw new ApiProblem(
            409,
            "request_not_active",
            `The request is ${request?.status ?? "gone"}; only confirmed or in-progress requests are served.`,
            { requestStatus: request?.status ?? null },
          );
        const legs = await planLegsOfRequests(tx, stop.runId, [stop.requestId]);
        const lastLeg = Math.max(...legs.map((l) => l.legIndex));
        const firstPickup = stop.kind === "pickup" && stop.legIndex === 0;
        const lastDropoff = stop.kind === "dropoff" && stop.legIndex === lastLeg;
        const move = (to: RequestStatus, reason: string | null) =>
          transitionRequestInTx(tx, code, request.id, to, reason, by.now, undefined, by.audit);
        if (input.status === "no_show" && firstPickup) {
          if (request.status !== "confirmed")
            throw new ApiProblem(409, "request_not_active", "Only a confirmed request can be a no-show.", {
              requestStatus: request.status,
            });
          await move("no_show", input.note || NO_SHOW_REASON);
        } else if (input.status === "done" && (firstPickup || lastDropoff)) {
          if (request.status === "confirmed") await move("in_progress", null);
          if (lastDropoff) await move("done", null);
        }
      }
      const marked = await markPlanStop(tx, stopId, input.status, by.userId, by.now.toISOString());
      if (!marked) throw new ApiProblem(409, "stop_already_marked", "The stop is already marked.");
      return stop.runId;
    }),
  );
  const run = await findMatchRun(db, code, runId);
  const stop = await findPlanStop(db, code, stopId);
  if (!run || !stop) throw notFound("plan stop", stopId);
  const { sheet, requests } = await sheetOf(db, code, run.id, run.date, [stop]);
  const marked = sheet.stops[0];
  if (!marked) throw notFound("plan stop", stopId);
  return { stop: marked, requests };
}
