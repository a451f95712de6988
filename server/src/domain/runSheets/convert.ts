import type { RunSheet, RunSheetStop } from "@tsunagu/contract";
import type { PlanLegRow, PlanStopRow, RequestRow } from "@tsunagu/db";
import { legModeOf, legsByRequest, secondsToTime, stopKindOf } from "../plans/convert";
import { type PlaceBook, personOf, placeOfPoint } from "../plans/stopPlaces";

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
      let handover: RunSheetStop["handover"] = null;
      if (kind === "pickup") {
        const previous = itinerary.find((l) => l.legIndex === legIndex - 1);
        const mode = previous && legModeOf(previous);
        if (previous && mode && mode !== "walk")
          handover = {
            mode,
            label: previous.label,
            time: secondsToTime(previous.arrivalSec),
            direction: "from",
          };
      } else if (kind === "dropoff") {
        const next = itinerary.find((l) => l.legIndex === legIndex + 1);
        const mode = next && legModeOf(next);
        if (next && mode && mode !== "walk")
          handover = {
            mode,
            label: next.label,
            time: secondsToTime(next.departureSec),
            direction: "to",
          };
      }
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
        handover,
        notes: request?.notes ?? null,
        status: stop.status,
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
