/**
 * Stored plan rows (plus the vehicle and request rows they point at) → the
 * contract's Plan, and the engine's reasons → the contract's UnassignedReason
 * with its hint. Columns the database keeps as text (stop kind, leg mode,
 * reason code, JSON load and details) are parsed with the contract's schemas.
 */
import {
  clockOfSeconds,
  type LegMode,
  LegModeSchema,
  type Plan,
  type PlanLeg,
  type PlanPerson,
  type PlanRequest,
  type PlanRoute,
  type PlanStop,
  PlanStopSchema,
  type PlanSummary,
  secondsOfDay,
  type UnassignedReason,
  UnassignedReasonSchema,
} from "@tsunagu/contract";
import type { PlanLegRow, PlanStopRow, PlanUnassignedRow, RequestRow, StoredPlan } from "@tsunagu/db";
import type { RegionalUnassigned, Relaxation } from "@tsunagu/matching";
import { z } from "zod";
import { groupBy, parseJsonOr } from "../collections";
import { parcelDetailsOf } from "../requests/convert";
import { type PlanCounts, planCounts } from "./counts";
import { type PlaceBook, personOf, placeOfPoint, requestEnd } from "./stopPlaces";

const DAY = 24 * 3600;

/** The counts of a stored plan (THE count function over its rows). */
export function storedPlanCounts(stored: StoredPlan): PlanCounts {
  return planCounts({
    served: stored.legs.map((l) => l.requestId),
    unserved: stored.unassigned.map((u) => u.requestId),
    routes: stored.routes,
  });
}

/** Seconds on the plan clock → "HH:MM" (floored; clamped into the day, as a plan never crosses midnight). */
export function secondsToTime(seconds: number): string {
  return clockOfSeconds(Math.min(Math.max(seconds, 0), DAY - 60));
}

/** A stored leg's mode. */
export function legModeOf(row: Pick<PlanLegRow, "mode">): LegMode {
  return LegModeSchema.parse(row.mode);
}

/** A stored stop's kind (start, pickup, dropoff, end). */
export function stopKindOf(row: Pick<PlanStopRow, "kind">): PlanStop["kind"] {
  return PlanStopSchema.shape.kind.parse(row.kind);
}

/** The engine's relaxations as stored in plan_unassigned.relaxation. */
const RelaxationSchema: z.ZodType<Relaxation> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("delay_delivery_end"), seconds: z.number() }),
  z.object({ kind: z.literal("delay_pickup_end"), seconds: z.number() }),
  z.object({ kind: z.literal("increase_max_ride"), seconds: z.number() }),
  z.object({ kind: z.literal("increase_capacity"), dimension: z.number(), amount: z.number() }),
  z.object({ kind: z.literal("add_vehicle") }),
]);

type Details = UnassignedReason["details"];

function numberDetail(details: Details, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const v = details[key];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return undefined;
}

/**
 * Engine reason → contract reason. A relaxation becomes a hint a sentence can
 * use: delays carry whole minutes (rounded up: 61 s late needs 2 more minutes)
 * and the relaxed time itself (`latest + minutes`); for a pick-up delay the
 * engine's latest pick-up is used when its details name it. Capacity and
 * vehicle hints carry neither (the amount is in `details`).
 */
export function reasonFromEngine(
  unassigned: Pick<RegionalUnassigned, "code" | "details" | "relaxation">,
  requestLatestSeconds: number,
): UnassignedReason {
  const details: Details = {};
  for (const [key, value] of Object.entries(unassigned.details))
    details[key] = typeof value === "number" || typeof value === "string" ? value : [...value];
  return {
    code: unassigned.code,
    details,
    hint: hintOf(unassigned.relaxation, details, requestLatestSeconds),
  };
}

function hintOf(
  relaxation: Relaxation | undefined,
  details: Details,
  latest: number,
): UnassignedReason["hint"] {
  if (!relaxation) return null;
  switch (relaxation.kind) {
    case "delay_delivery_end":
    case "delay_pickup_end": {
      const base =
        relaxation.kind === "delay_pickup_end"
          ? (numberDetail(details, "latestPickup", "pickupLatest") ?? latest)
          : (numberDetail(details, "latestDelivery", "latest") ?? latest);
      const minutes = Math.ceil(relaxation.seconds / 60);
      // Whole minutes both ways, so "12 分遅らせれば" and "10:42 まで" agree.
      return { kind: relaxation.kind, minutes, until: secondsToTime(base + minutes * 60) };
    }
    case "increase_max_ride":
      return { kind: "increase_max_ride", minutes: Math.ceil(relaxation.seconds / 60), until: null };
    case "increase_capacity":
      return { kind: "increase_capacity", minutes: null, until: null };
    case "add_vehicle":
      return { kind: "add_vehicle", minutes: null, until: null };
  }
}

/**
 * A stored plan_unassigned row → contract reason (the request's latest gives
 * the hint's time). Details or a relaxation that do not read as the schema
 * says cost the sentence its numbers or hint, never the whole plan.
 */
export function reasonFromRow(row: PlanUnassignedRow, request: RequestRow | undefined): UnassignedReason {
  const details = UnassignedReasonSchema.shape.details.safeParse(parseJsonOr(row.details, null));
  const relaxation = RelaxationSchema.safeParse(parseJsonOr(row.relaxation, null));
  return reasonFromEngine(
    {
      code: UnassignedReasonSchema.shape.code.parse(row.code),
      details: details.success ? details.data : {},
      relaxation: relaxation.success ? relaxation.data : undefined,
    },
    request ? secondsOfDay(request.latest) : 0,
  );
}

function toPlanLeg(row: PlanLegRow, request: RequestRow | undefined, book: PlaceBook): PlanLeg {
  return {
    index: row.legIndex,
    mode: legModeOf(row),
    vehicleId: row.vehicleId,
    tripId: row.tripId,
    droneRouteId: row.droneRouteId,
    label: row.label,
    from: placeOfPoint({ lat: row.fromLat, lon: row.fromLon, name: row.fromName }, request, book),
    to: placeOfPoint({ lat: row.toLat, lon: row.toLon, name: row.toName }, request, book),
    departure: secondsToTime(row.departureSec),
    arrival: secondsToTime(row.arrivalSec),
  };
}

/** The resident of a request for the plan's readers (null without one). */
export function planPersonOf(request: RequestRow | undefined, book: PlaceBook): PlanPerson {
  const person = personOf(request, book);
  if (!request?.residentId || !person) return null;
  return {
    residentId: request.residentId,
    name: person.name,
    phone: person.phone,
    wheelchair: request.wheelchair || person.wheelchair,
    escort: request.escort || person.escort,
  };
}

/** A request's own ends, named (a request the plan lost reads as unnamed points of the leg ends). */
function requestEnds(request: RequestRow | undefined, book: PlaceBook) {
  if (!request) return undefined;
  return { from: requestEnd(request, "pickup", book), to: requestEnd(request, "dropoff", book) };
}

function toPlanStop(row: PlanStopRow, request: RequestRow | undefined, book: PlaceBook): PlanStop {
  return {
    id: row.id,
    seq: row.seq,
    kind: stopKindOf(row),
    requestId: row.requestId,
    legIndex: row.legIndex,
    place: placeOfPoint({ lat: row.lat, lon: row.lon, name: row.name }, request, book),
    arrival: secondsToTime(row.arrivalSec),
    departure: secondsToTime(row.departureSec),
    status: row.status,
    load: PlanStopSchema.shape.load.parse(JSON.parse(row.load)),
  };
}

/** The legs of each request, in leg order. */
export function legsByRequest(legs: readonly PlanLegRow[]): Map<string, PlanLegRow[]> {
  const byRequest = groupBy(legs, (leg) => leg.requestId);
  for (const list of byRequest.values()) list.sort((a, b) => a.legIndex - b.legIndex);
  return byRequest;
}

export interface VehicleLabel {
  readonly name: string;
  readonly kind: string;
}

export interface PlanViewInput {
  readonly runId: string;
  readonly date: string;
  readonly stored: StoredPlan;
  /** Registry vehicles by id (a vehicle deleted since the run shows its id). */
  readonly vehicles: ReadonlyMap<string, VehicleLabel>;
  /** The requests the plan mentions, by id. */
  readonly requests: ReadonlyMap<string, RequestRow>;
  /** The run's road vehicles and their windows that day (the engine input). */
  readonly dayVehicles: readonly { id: string; availability: readonly { start: number; end: number }[] }[];
  /** Names and addresses of the requests' places and residents. */
  readonly book: PlaceBook;
  /** The run's drivers that day (the engine input; none for a run made before drivers). */
  readonly dayDrivers: readonly {
    id: string;
    name: string;
    vehicleIds: readonly string[];
    availability: readonly { start: number; end: number }[];
  }[];
}

/**
 * Stored rows → the contract's Plan. Timetabled trips list the part of each
 * trip the plan uses (first boarding to last alighting); drone flights are
 * the plan's drone legs grouped by route and times, with their parcels' weight.
 */
export function toPlanView(input: PlanViewInput): Plan {
  const { stored, vehicles, requests, book } = input;
  const requestOf = (id: string | null) => (id ? requests.get(id) : undefined);
  const dayVehicles = input.dayVehicles.map((v) => ({
    vehicleId: v.id,
    vehicleName: vehicles.get(v.id)?.name ?? v.id,
    windows: v.availability.map((w, shift) => ({
      shift,
      from: secondsToTime(w.start),
      to: secondsToTime(w.end),
    })),
  }));
  const drivers = input.dayDrivers.map((d) => ({
    driverId: d.id,
    name: d.name,
    vehicleIds: [...d.vehicleIds],
    windows: d.availability.map((w) => ({ from: secondsToTime(w.start), to: secondsToTime(w.end) })),
  }));
  const driverNames = new Map(drivers.map((d) => [d.driverId, d.name]));
  const stopsByRoute = new Map<string, PlanStopRow[]>();
  for (const stop of stored.stops) {
    const key = `${stop.vehicleId}:${stop.shift}`;
    const list = stopsByRoute.get(key) ?? [];
    list.push(stop);
    stopsByRoute.set(key, list);
  }
  const routes: PlanRoute[] = stored.routes.map((r) => ({
    vehicleId: r.vehicleId,
    vehicleName: vehicles.get(r.vehicleId)?.name ?? r.vehicleId,
    vehicleKind: vehicles.get(r.vehicleId)?.kind ?? "unknown",
    shift: r.shift,
    approved: r.approvedAt !== null,
    distanceKm: Math.round(r.distanceM) / 1000,
    driverId: r.driverId,
    driverName: r.driverId === null ? null : (driverNames.get(r.driverId) ?? null),
    stops: (stopsByRoute.get(`${r.vehicleId}:${r.shift}`) ?? [])
      .sort((a, b) => a.seq - b.seq)
      .map((stop) => toPlanStop(stop, requestOf(stop.requestId), book)),
  }));

  const legs = legsByRequest(stored.legs);
  const planRequests: PlanRequest[] = [];
  for (const [requestId, list] of legs) {
    const request = requests.get(requestId);
    const legViews = list.map((leg) => toPlanLeg(leg, request, book));
    const unnamed = { lat: 0, lon: 0, name: null, address: null };
    planRequests.push({
      requestId,
      kind: request?.kind ?? "ride",
      status: request?.status ?? "planned",
      earliest: request?.earliest ?? secondsToTime(list[0]?.departureSec ?? 0),
      latest: request?.latest ?? secondsToTime(list.at(-1)?.arrivalSec ?? 0),
      person: planPersonOf(request, book),
      ...(requestEnds(request, book) ?? {
        from: legViews[0]?.from ?? unnamed,
        to: legViews.at(-1)?.to ?? unnamed,
      }),
      parcel: request ? parcelDetailsOf(request) : null,
      legs: legViews,
    });
  }
  planRequests.sort((a, b) => a.earliest.localeCompare(b.earliest) || a.requestId.localeCompare(b.requestId));

  const trips = new Map<
    string,
    { service: "route_bus" | "school_bus"; label: string; dep: number; arr: number; ids: Set<string> }
  >();
  const flights = new Map<
    string,
    { droneRouteId: string; label: string; dep: number; arr: number; kg: number; ids: Set<string> }
  >();
  for (const leg of stored.legs) {
    const mode = legModeOf(leg);
    if ((mode === "route_bus" || mode === "school_bus") && leg.tripId) {
      const t = trips.get(leg.tripId) ?? {
        service: mode,
        label: leg.label,
        dep: leg.departureSec,
        arr: leg.arrivalSec,
        ids: new Set<string>(),
      };
      t.dep = Math.min(t.dep, leg.departureSec);
      t.arr = Math.max(t.arr, leg.arrivalSec);
      t.ids.add(leg.requestId);
      trips.set(leg.tripId, t);
    } else if (mode === "drone" && leg.droneRouteId) {
      const key = `${leg.droneRouteId}:${leg.departureSec}:${leg.arrivalSec}`;
      const f = flights.get(key) ?? {
        droneRouteId: leg.droneRouteId,
        label: leg.label,
        dep: leg.departureSec,
        arr: leg.arrivalSec,
        kg: 0,
        ids: new Set<string>(),
      };
      if (!f.ids.has(leg.requestId)) f.kg += requests.get(leg.requestId)?.weightKg ?? 0;
      f.ids.add(leg.requestId);
      flights.set(key, f);
    }
  }

  const unassigned = stored.unassigned.map((u) => {
    const request = requests.get(u.requestId);
    const unnamed = { lat: 0, lon: 0, name: null, address: null };
    return {
      requestId: u.requestId,
      kind: request?.kind ?? "ride",
      earliest: request?.earliest ?? "00:00",
      latest: request?.latest ?? "00:00",
      person: planPersonOf(request, book),
      ...(requestEnds(request, book) ?? { from: unnamed, to: unnamed }),
      parcel: request ? parcelDetailsOf(request) : null,
      reason: reasonFromRow(u, request),
    };
  });

  return {
    runId: input.runId,
    date: input.date,
    summary: summarise(stored, legs, flights.size),
    routes,
    drivers,
    vehicles: dayVehicles,
    requests: planRequests,
    trips: [...trips].map(([tripId, t]) => ({
      tripId,
      service: t.service,
      label: t.label,
      departure: secondsToTime(t.dep),
      arrival: secondsToTime(t.arr),
      requestIds: [...t.ids].sort(),
    })),
    droneFlights: [...flights.values()]
      .sort((a, b) => a.dep - b.dep)
      .map((f) => ({
        droneRouteId: f.droneRouteId,
        label: f.label,
        takeOff: secondsToTime(f.dep),
        landing: secondsToTime(f.arr),
        payloadKg: Math.round(f.kg * 1000) / 1000,
        requestIds: [...f.ids].sort(),
      })),
    unassigned,
  };
}

function summarise(stored: StoredPlan, legs: Map<string, PlanLegRow[]>, droneFlights: number): PlanSummary {
  const byMode = { vehicle: 0, route_bus: 0, school_bus: 0, drone: 0, walk: 0 };
  let transfers = 0;
  for (const list of legs.values()) {
    const modes = new Set(list.map(legModeOf));
    for (const mode of modes) byMode[mode] += 1;
    // A transfer = the request changes vehicle: two or more legs that are not walks.
    if (list.filter((l) => l.mode !== "walk").length >= 2) transfers += 1;
  }
  const distanceM = stored.routes.reduce((sum, r) => sum + r.distanceM, 0);
  return {
    ...storedPlanCounts(stored),
    distanceKm: Math.round(distanceM) / 1000,
    byMode,
    transfers,
    droneFlights,
  };
}
