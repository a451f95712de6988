import type { FeatureCollection, LegMode, Plan, PlanRequest, PlanRoute } from "@tsunagu/contract";
import { minutesOfDay, type RequestKind } from "@tsunagu/contract";
import type { MessageId } from "../i18n";

/**
 * Pure helpers of the plan review: which route is which (a vehicle can have
 * several availability windows, so a route is vehicle + shift), its colour,
 * the map's GeoJSON, the timeline's rows, and where requests change vehicle.
 */

/** What is done at a stop: 乗車/降車 for a rider, 集荷/配達 for a parcel, or the route's 出発/帰着. */
export function stopActionId(
  kind: "start" | "pickup" | "dropoff" | "end",
  requestKind: RequestKind | null | undefined,
): MessageId {
  if (kind === "start" || kind === "end" || !requestKind) return `stop.kind.${kind}`;
  if (requestKind === "parcel") return kind === "pickup" ? "sheet.collect" : "sheet.deliver";
  return kind === "pickup" ? "sheet.board" : "sheet.alight";
}

/** A route's key: vehicle id and availability window, e.g. `veh-van-1:0`. */
export const routeKey = (route: { vehicleId: string; shift: number }) => `${route.vehicleId}:${route.shift}`;

/**
 * Route colours: dark enough for 3:1 against the map background and white,
 * and different in lightness as well as hue so neighbours stay apart for
 * colour-blind readers (names and patterns carry the meaning too).
 */
const PALETTE = [
  "#1d4ed8",
  "#b45309",
  "#047857",
  "#be185d",
  "#6d28d9",
  "#0e7490",
  "#4d7c0f",
  "#9f1239",
  "#374151",
  "#a16207",
] as const;

export const routeColour = (index: number): string => PALETTE[index % PALETTE.length] ?? "#1d4ed8";
/** Bus legs (混乗・貨客混載) and drone legs get their own colours, and dashed lines on the map. */
export const BUS_COLOUR = "#15803d";
export const DRONE_COLOUR = "#7e22ce";

export const isTimetabled = (mode: LegMode) => mode === "route_bus" || mode === "school_bus";

/**
 * Whether a stop is a hand-over: the request arrives from an earlier leg
 * (pickup of leg > 0) or continues on a later one (dropoff before its last leg).
 */
export function isHandover(
  stop: { kind: string; legIndex: number | null },
  request: PlanRequest | undefined,
): boolean {
  if (!request || stop.legIndex === null) return false;
  if (stop.kind === "pickup") return stop.legIndex > 0;
  if (stop.kind === "dropoff") return stop.legIndex < request.legs.length - 1;
  return false;
}

export const requestsById = (plan: Plan) => new Map(plan.requests.map((r) => [r.requestId, r]));

/** The requests a route carries, in the order it first meets them. */
export function requestsOnRoute(route: PlanRoute): string[] {
  const seen = new Set<string>();
  for (const stop of route.stops) if (stop.requestId) seen.add(stop.requestId);
  return [...seen];
}

type Feature = FeatureCollection["features"][number];

/**
 * The map's lines and points: each route through its stops in order (coloured
 * by route), bus and drone legs as separate lines (each drawn once even when
 * several requests share the trip or flight), and every stop as a point.
 */
export function planGeoJson(plan: Plan): { lines: FeatureCollection; points: FeatureCollection } {
  const lines: Feature[] = [];
  const points: Feature[] = [];
  plan.routes.forEach((route, index) => {
    const colour = routeColour(index);
    const key = routeKey(route);
    const coordinates = route.stops.map((s) => [s.place.lon, s.place.lat]);
    if (coordinates.length >= 2)
      lines.push({
        type: "Feature",
        geometry: { type: "LineString", coordinates },
        properties: { key, kind: "vehicle", color: colour, name: route.vehicleName },
      });
    for (const stop of route.stops)
      points.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [stop.place.lon, stop.place.lat] },
        properties: {
          key,
          kind: stop.kind,
          color: colour,
          name: `${stop.arrival} ${route.vehicleName}${stop.place.name ? ` · ${stop.place.name}` : ""}`,
        },
      });
  });
  const drawn = new Set<string>();
  for (const request of plan.requests)
    for (const leg of request.legs) {
      if (leg.mode !== "drone" && !isTimetabled(leg.mode)) continue;
      const id = `${leg.tripId ?? leg.droneRouteId ?? leg.label}|${leg.from.lat},${leg.from.lon}|${leg.to.lat},${leg.to.lon}`;
      if (drawn.has(id)) continue;
      drawn.add(id);
      lines.push({
        type: "Feature",
        geometry: {
          type: "LineString",
          coordinates: [
            [leg.from.lon, leg.from.lat],
            [leg.to.lon, leg.to.lat],
          ],
        },
        properties: {
          key: leg.mode === "drone" ? `drone:${leg.droneRouteId ?? ""}` : `trip:${leg.tripId ?? ""}`,
          kind: leg.mode === "drone" ? "drone" : "bus",
          color: leg.mode === "drone" ? DRONE_COLOUR : BUS_COLOUR,
          dashed: true,
          name: `${leg.departure}–${leg.arrival} ${leg.label}`,
        },
      });
    }
  return {
    lines: { type: "FeatureCollection", features: lines },
    points: { type: "FeatureCollection", features: points },
  };
}

/** One mark on a timeline row: a stop of a route, or a request boarding/leaving a bus trip or flight. */
export interface GanttTick {
  id: string;
  minute: number;
  time: string;
  kind: "pickup" | "dropoff";
  requestId: string;
  legIndex: number | null;
  handover: boolean;
}

/** One row of the timeline: a vehicle route, a bus trip used by the plan, or a drone flight. */
export interface GanttRow {
  key: string;
  type: "vehicle" | "bus" | "drone";
  label: string;
  colour: string;
  start: number;
  end: number;
  startTime: string;
  endTime: string;
  ticks: GanttTick[];
  requestIds: string[];
}

/** The timeline's rows and its time axis (whole hours around everything planned). */
export function ganttRows(plan: Plan): { rows: GanttRow[]; from: number; to: number } {
  const byId = requestsById(plan);
  const rows: GanttRow[] = plan.routes
    .filter((route) => route.stops.length > 0)
    .map((route, index) => {
      const first = route.stops[0];
      const last = route.stops[route.stops.length - 1];
      const ticks: GanttTick[] = [];
      for (const stop of route.stops) {
        if (!stop.requestId || (stop.kind !== "pickup" && stop.kind !== "dropoff")) continue;
        ticks.push({
          id: stop.id,
          minute: minutesOfDay(stop.arrival),
          time: stop.arrival,
          kind: stop.kind,
          requestId: stop.requestId,
          legIndex: stop.legIndex,
          handover: isHandover(stop, byId.get(stop.requestId)),
        });
      }
      return {
        key: routeKey(route),
        type: "vehicle" as const,
        label: route.vehicleName,
        colour: routeColour(index),
        start: minutesOfDay(first?.arrival ?? "00:00"),
        end: minutesOfDay(last?.departure ?? last?.arrival ?? "00:00"),
        startTime: first?.arrival ?? "",
        endTime: last?.departure ?? "",
        ticks,
        requestIds: requestsOnRoute(route),
      };
    });
  // Bus trips and drone flights: the bar is the trip's own time; a tick where each request boards or leaves.
  const legTicks = (match: (leg: PlanRequest["legs"][number]) => boolean, requestIds: string[]) => {
    const ticks: GanttTick[] = [];
    for (const requestId of requestIds) {
      const request = byId.get(requestId);
      const leg = request?.legs.find(match);
      if (!request || !leg) continue;
      for (const [kind, time] of [
        ["pickup", leg.departure],
        ["dropoff", leg.arrival],
      ] as const)
        ticks.push({
          id: `${requestId}:${leg.index}:${kind}`,
          minute: minutesOfDay(time),
          time,
          kind,
          requestId,
          legIndex: leg.index,
          // Boarding a bus or a drone is itself a hand-over when another leg came before or follows.
          handover: kind === "pickup" ? leg.index > 0 : leg.index < request.legs.length - 1,
        });
    }
    return ticks.sort((a, b) => a.minute - b.minute);
  };
  for (const trip of plan.trips)
    rows.push({
      key: `trip:${trip.tripId}`,
      type: "bus",
      label: trip.label,
      colour: BUS_COLOUR,
      start: minutesOfDay(trip.departure),
      end: minutesOfDay(trip.arrival),
      startTime: trip.departure,
      endTime: trip.arrival,
      ticks: legTicks((leg) => leg.tripId === trip.tripId, trip.requestIds),
      requestIds: trip.requestIds,
    });
  for (const [i, flight] of plan.droneFlights.entries())
    rows.push({
      key: `drone:${flight.droneRouteId}:${i}`,
      type: "drone",
      label: flight.label,
      colour: DRONE_COLOUR,
      start: minutesOfDay(flight.takeOff),
      end: minutesOfDay(flight.landing),
      startTime: flight.takeOff,
      endTime: flight.landing,
      ticks: legTicks(
        (leg) =>
          leg.mode === "drone" &&
          leg.droneRouteId === flight.droneRouteId &&
          leg.departure === flight.takeOff,
        flight.requestIds,
      ),
      requestIds: flight.requestIds,
    });
  if (rows.length === 0) return { rows, from: 8 * 60, to: 18 * 60 };
  const from = Math.floor(Math.min(...rows.map((r) => r.start)) / 60) * 60;
  const to = Math.max(from + 60, Math.ceil(Math.max(...rows.map((r) => r.end)) / 60) * 60);
  return { rows, from, to };
}

/** The run to show for a date: the newest run that is not superseded, done first. */
export function preferredRun<T extends { id: string; status: string; superseded: boolean }>(
  runs: readonly T[],
): T | undefined {
  return (
    runs.find((r) => r.status === "done" && !r.superseded) ??
    runs.find((r) => r.status === "queued" || r.status === "running") ??
    runs[0]
  );
}
