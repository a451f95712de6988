import type { Plan, PlanLeg, PlanRoute, PlanStop } from "@tsunagu/contract";
import { PlanSchema } from "@tsunagu/contract";
import { describe, expect, it } from "vitest";
import { ganttRows, isHandover, planGeoJson, preferredRun, routeKey } from "./model";

const place = (lat: number, lon: number, name: string | null = null) => ({ lat, lon, name, address: null });
const load = { seats: 0, wheelchairs: 0, cargoKg: 0, cargoLitres: 0 };
let stopIds = 0;
const stop = (p: Partial<PlanStop> & Pick<PlanStop, "kind" | "arrival">): PlanStop => ({
  id: `s${++stopIds}`,
  seq: 0,
  requestId: null,
  legIndex: null,
  place: place(36.1, 139.1),
  departure: p.arrival,
  status: "pending",
  load,
  ...p,
});
const leg = (p: Partial<PlanLeg> & Pick<PlanLeg, "index" | "mode" | "departure" | "arrival">): PlanLeg => ({
  vehicleId: null,
  tripId: null,
  droneRouteId: null,
  label: "",
  from: place(36.1, 139.1),
  to: place(36.2, 139.2),
  ...p,
});

/**
 * A parcel goes shop → van → hub → drone → port → van (two road legs around a
 * flight), and a ride goes by van then the community bus; a second van is idle.
 */
function plan(): Plan {
  const van: PlanRoute = {
    vehicleId: "veh-van",
    vehicleName: "ひまわり号",
    vehicleKind: "van",
    shift: 0,
    approved: false,
    distanceKm: 12.5,
    driverId: null,
    driverName: null,
    stops: [
      stop({ kind: "start", arrival: "08:50" }),
      stop({ kind: "pickup", arrival: "09:05", requestId: "p1", legIndex: 0 }),
      stop({ kind: "pickup", arrival: "09:10", requestId: "r1", legIndex: 0 }),
      stop({
        kind: "dropoff",
        arrival: "09:20",
        requestId: "p1",
        legIndex: 0,
        place: place(36.15, 139.15, "拠点"),
      }),
      stop({
        kind: "dropoff",
        arrival: "09:30",
        requestId: "r1",
        legIndex: 0,
        place: place(36.16, 139.16, "役場前"),
      }),
      stop({
        kind: "pickup",
        arrival: "10:40",
        requestId: "p1",
        legIndex: 2,
        place: place(36.3, 139.3, "ポート"),
      }),
      stop({ kind: "dropoff", arrival: "10:55", requestId: "p1", legIndex: 2 }),
      stop({ kind: "end", arrival: "11:10" }),
    ],
  };
  const value: Plan = {
    runId: "run-1",
    date: "2026-12-01",
    summary: {
      requests: 3,
      served: 2,
      unserved: 1,
      vehicles: 1,
      routes: 1,
      distanceKm: 12.5,
      byMode: { vehicle: 2, route_bus: 1, school_bus: 0, drone: 1, walk: 0 },
      transfers: 2,
      droneFlights: 1,
    },
    routes: [van, { ...van, vehicleId: "veh-car", vehicleName: "空き車", stops: [] }],
    vehicles: [],
    drivers: [],
    requests: [
      {
        requestId: "p1",
        kind: "parcel",
        status: "planned",
        earliest: "09:00",
        latest: "11:30",
        person: null,
        from: place(36.4, 138.3),
        to: place(36.4, 138.3),
        parcel: null,
        legs: [
          leg({ index: 0, mode: "vehicle", vehicleId: "veh-van", departure: "09:05", arrival: "09:20" }),
          leg({
            index: 1,
            mode: "drone",
            droneRouteId: "dr-1",
            label: "拠点→ポート",
            departure: "10:00",
            arrival: "10:20",
            from: place(36.15, 139.15, "拠点"),
            to: place(36.3, 139.3, "ポート"),
          }),
          leg({ index: 2, mode: "vehicle", vehicleId: "veh-van", departure: "10:40", arrival: "10:55" }),
        ],
      },
      {
        requestId: "r1",
        kind: "ride",
        status: "planned",
        earliest: "09:00",
        latest: "10:30",
        person: null,
        from: place(36.4, 138.3),
        to: place(36.4, 138.3),
        parcel: null,
        legs: [
          leg({ index: 0, mode: "vehicle", vehicleId: "veh-van", departure: "09:10", arrival: "09:30" }),
          leg({
            index: 1,
            mode: "route_bus",
            tripId: "t-1",
            label: "町営バス 駅行",
            departure: "09:45",
            arrival: "10:05",
            from: place(36.16, 139.16, "役場前"),
            to: place(36.4, 139.4, "駅"),
          }),
        ],
      },
    ],
    trips: [
      {
        tripId: "t-1",
        service: "route_bus",
        label: "町営バス 駅行",
        departure: "09:40",
        arrival: "10:10",
        requestIds: ["r1"],
      },
    ],
    droneFlights: [
      {
        droneRouteId: "dr-1",
        label: "拠点→ポート",
        takeOff: "10:00",
        landing: "10:20",
        payloadKg: 2,
        requestIds: ["p1"],
      },
    ],
    unassigned: [],
  };
  return PlanSchema.parse(value);
}

describe("plan review model", () => {
  it("marks hand-overs where a request leaves or joins a vehicle between legs", () => {
    const p = plan();
    const parcel = p.requests[0];
    const stops = p.routes[0]?.stops ?? [];
    expect(stops.map((s) => isHandover(s, s.requestId === "p1" ? parcel : p.requests[1]))).toEqual([
      false, // start
      false, // parcel collected at the shop: its first leg
      false, // rider picked up at home
      true, // parcel handed to the drone at the hub
      true, // rider leaves the van for the bus
      true, // parcel taken over from the drone at the port
      false, // parcel delivered: its last leg
      false, // end
    ]);
  });

  it("lays out one timeline row per route, bus trip and flight, on whole hours", () => {
    const { rows, from, to } = ganttRows(plan());
    expect(rows.map((r) => [r.type, r.label, r.startTime, r.endTime])).toEqual([
      ["vehicle", "ひまわり号", "08:50", "11:10"],
      ["bus", "町営バス 駅行", "09:40", "10:10"],
      ["drone", "拠点→ポート", "10:00", "10:20"],
    ]);
    expect([from, to]).toEqual([8 * 60, 12 * 60]);
    const van = rows[0];
    expect(
      van?.ticks.map(
        (tick) => `${tick.time}${tick.kind === "pickup" ? "↑" : "↓"}${tick.handover ? "◆" : ""}`,
      ),
    ).toEqual(["09:05↑", "09:10↑", "09:20↓◆", "09:30↓◆", "10:40↑◆", "10:55↓"]);
    // The bus and the drone: boarding is a hand-over (a leg came before), the ride's bus leg is its last.
    expect(rows[1]?.ticks.map((tick) => [tick.time, tick.handover])).toEqual([
      ["09:45", true],
      ["10:05", false],
    ]);
    expect(rows[2]?.ticks.map((tick) => [tick.time, tick.handover])).toEqual([
      ["10:00", true],
      ["10:20", true],
    ]);
  });

  it("draws each route through its stops in order, and bus and drone legs once each, dashed", () => {
    const p = plan();
    // A second request on the same flight must not draw the flight twice.
    const second = structuredClone(p.requests[0]);
    if (second) p.requests.push({ ...second, requestId: "p2" });
    const { lines, points } = planGeoJson(p);
    const vehicle = lines.features.filter((f) => f.properties.kind === "vehicle");
    expect(vehicle).toHaveLength(1);
    expect(vehicle[0]?.geometry.coordinates).toHaveLength(8);
    expect(vehicle[0]?.properties.key).toBe(routeKey({ vehicleId: "veh-van", shift: 0 }));
    const legs = lines.features.filter((f) => f.properties.kind !== "vehicle");
    expect(legs.map((f) => [f.properties.kind, f.properties.dashed])).toEqual([
      ["drone", true],
      ["bus", true],
    ]);
    expect(points.features).toHaveLength(8);
  });

  it("opens the newest plan that is not superseded, else the one still running", () => {
    const run = (id: string, status: string, superseded = false) => ({ id, status, superseded });
    expect(preferredRun([run("c", "running"), run("b", "done", true), run("a", "done")])?.id).toBe("a");
    expect(preferredRun([run("c", "failed"), run("b", "queued")])?.id).toBe("b");
    expect(preferredRun([run("c", "failed")])?.id).toBe("c");
    expect(preferredRun([])).toBeUndefined();
  });
});
