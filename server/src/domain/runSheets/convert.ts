import { type RunSheet, type RunSheetStop, STOP_UNDO_MINUTES } from "@tsunagu/contract";
import type { PlanLegRow, PlanStopRow, RequestRow } from "@tsunagu/db";
import { legModeOf, legsByRequest, secondsToTime, stopKindOf } from "../plans/convert";
import { type PlaceBook, personOf, placeOfPoint } from "../plans/stopPlaces";
import { parcelDetailsOf } from "../requests/convert";

export interface RunSheetInput {
  readonly runId: string;
  readonly date: string;
  readonly vehicleId: string;
  readonly vehicleName: string;
  readonly shift: number;
  /** The route's stops. */
  readonly stops: readonly PlanStopRow[];
  /** Every leg of the requests on the route. */
  readonly legs: readonly PlanLegRow[];
  readonly requests: ReadonlyMap<string, RequestRow>;
  /** Places, and the residents of the requests. */
  readonly book: PlaceBook;
}

/** A request's stops in the order they happen: by leg, the pick-up before the drop-off. */
export function stopOrder(stop: Pick<PlanStopRow, "legIndex" | "kind">): number {
  return (stop.legIndex ?? 0) * 2 + (stop.kind === "dropoff" ? 1 : 0);
}

/** Until when a marked stop may be undone (ISO), or null: not marked, or marked too long ago to matter. */
export function undoDeadline(stop: Pick<PlanStopRow, "status" | "statusAt">): string | null {
  if ((stop.status !== "done" && stop.status !== "no_show") || !stop.statusAt) return null;
  return new Date(Date.parse(stop.statusAt) + STOP_UNDO_MINUTES * 60_000).toISOString();
}

/** A later stop of the same request is marked (done or no-show): undoing this one would contradict it. */
export function laterStopMarked(stop: PlanStopRow, others: readonly PlanStopRow[]): boolean {
  return others.some(
    (o) =>
      o.id !== stop.id &&
      o.requestId === stop.requestId &&
      stopOrder(o) > stopOrder(stop) &&
      (o.status === "done" || o.status === "no_show"),
  );
}

/**
 * The hand-over at a stop: the itinerary's leg `legIndex` the rider or parcel
 * comes `from` (it arrives then) or goes on `to` (it departs then); none when
 * there is no such leg or it is a walk.
 */
function handoverOf(
  itinerary: RunSheetInput["legs"],
  legIndex: number,
  direction: "from" | "to",
): RunSheetStop["handover"] {
  const leg = itinerary.find((l) => l.legIndex === legIndex);
  const mode = leg && legModeOf(leg);
  if (!leg || !mode || mode === "walk") return null;
  return {
    mode,
    label: leg.label,
    time: secondsToTime(direction === "from" ? leg.arrivalSec : leg.departureSec),
    direction,
  };
}

/**
 * One route → the driver's run sheet: who or what at each stop, and where a
 * rider or parcel comes from / goes on to when the stop is a hand-over (the
 * neighbouring leg of its itinerary, unless that leg is a walk).
 */
export function toRunSheet(input: RunSheetInput): RunSheet {
  const legs = legsByRequest(input.legs);
  const stops: RunSheetStop[] = [...input.stops]
    .sort((a, b) => a.seq - b.seq)
    .map((stop) => {
      const kind = stopKindOf(stop);
      const request = stop.requestId ? input.requests.get(stop.requestId) : undefined;
      const person = personOf(request, input.book);
      const itinerary = stop.requestId ? (legs.get(stop.requestId) ?? []) : [];
      const legIndex = stop.legIndex ?? 0;
      const handover =
        kind === "pickup"
          ? handoverOf(itinerary, legIndex - 1, "from")
          : kind === "dropoff"
            ? handoverOf(itinerary, legIndex + 1, "to")
            : null;
      return {
        id: stop.id,
        seq: stop.seq,
        // Stored arrivals are service starts; a route's start is when the vehicle leaves the depot.
        time: secondsToTime(kind === "start" ? stop.departureSec : stop.arrivalSec),
        kind,
        place: placeOfPoint({ lat: stop.lat, lon: stop.lon, name: stop.name }, request, input.book),
        requestId: stop.requestId,
        requestKind: request?.kind ?? null,
        residentName: person?.name ?? null,
        phone: person?.phone ?? null,
        passengers: request?.passengers ?? 0,
        wheelchair: (request?.wheelchair ?? false) || (person?.wheelchair ?? false),
        escort: (request?.escort ?? false) || (person?.escort ?? false),
        weightKg: request?.weightKg ?? 0,
        cold: request?.cold ?? false,
        parcel: request ? parcelDetailsOf(request) : null,
        handover,
        notes: request?.notes ?? null,
        status: stop.status,
        markedAt: stop.status === "pending" ? null : stop.statusAt,
        undoableUntil: laterStopMarked(stop, input.stops) ? null : undoDeadline(stop),
      };
    });
  return {
    runId: input.runId,
    date: input.date,
    vehicleId: input.vehicleId,
    vehicleName: input.vehicleName,
    shift: input.shift,
    stops,
  };
}
