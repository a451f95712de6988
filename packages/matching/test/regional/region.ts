/** Small hand-made regions for the regional planner tests (km offsets around a centre). */
import { expect } from "vitest";
import {
  checkRegionalPlan,
  type DroneRoute,
  type GeoPoint,
  type RegionalPlan,
  type RegionalProblem,
  type RegionalRequest,
  type RoadVehicle,
  solveRegional,
  type TimetabledTrip,
  type TransferPoint,
} from "../../src/index";

const C = { lat: 35.77, lon: 137.8 };
/** A point `x` km east and `y` km north of the centre. */
export const pt = (x: number, y: number): GeoPoint => ({
  lat: +(C.lat + y / 111.32).toFixed(6),
  lon: +(C.lon + x / (111.32 * Math.cos((C.lat * Math.PI) / 180))).toFixed(6),
});
export const h = (hh: number, mm = 0) => hh * 3600 + mm * 60;

export const vehicle = (id: string, at: GeoPoint, over: Partial<RoadVehicle> = {}): RoadVehicle => ({
  id,
  kind: "van",
  name: id,
  start: at,
  availability: [{ start: h(8), end: h(18) }],
  capacity: { seats: 4, wheelchairs: 0, cargoKg: 100, cargoLitres: 400 },
  features: [],
  ...over,
});

export const HUB = pt(0, 0);
export const FAR_PORT = pt(0, 15);

export const hub: TransferPoint = {
  id: "hub",
  name: "Hub",
  point: HUB,
  open: { start: h(8), end: h(18) },
  minTransferSeconds: 900,
  servesPortIds: ["port-hub"],
  servesStopIds: ["B1"],
};

export const drone: DroneRoute = {
  id: "drone-out",
  fromPortId: "port-hub",
  fromName: "Hub port",
  from: HUB,
  toPortId: "port-far",
  toName: "Far port",
  to: FAR_PORT,
  maxPayloadKg: 5,
  rangeKm: 40,
  operating: { start: h(9), end: h(16) },
  cruiseKmh: 50,
  bidirectional: false,
};

/** A bus from the hub (B1) north to B3 at 10 km, leaving 09:00. */
export const bus = (over: Partial<TimetabledTrip> = {}): TimetabledTrip => ({
  id: "bus-1",
  service: "route_bus",
  label: "Line 1",
  stops: [
    { stopId: "B1", name: "Hub", point: HUB, arrival: h(9), departure: h(9) },
    { stopId: "B2", name: "Mid", point: pt(0, 5), arrival: h(9, 12), departure: h(9, 12) },
    { stopId: "B3", name: "North", point: pt(0, 10), arrival: h(9, 25), departure: h(9, 25) },
  ],
  spare: { seats: 5, wheelchairs: 0, cargoKg: 30, cargoLitres: 100 },
  features: ["ramp"],
  ...over,
});

/** A request of one kind: `defaults` fill what the test does not say in `over`. */
const requestOf =
  (
    kind: RegionalRequest["kind"],
    defaults: Pick<RegionalRequest, "earliest" | "latest"> & Partial<RegionalRequest>,
  ) =>
  (id: string, from: GeoPoint, to: GeoPoint, over: Partial<RegionalRequest> = {}): RegionalRequest => ({
    id,
    kind,
    pickup: from,
    dropoff: to,
    ...defaults,
    ...over,
  });

export const parcel = requestOf("parcel", { earliest: h(8), latest: h(17), weightKg: 2, sizeLitres: 8 });

export const ride = requestOf("ride", { earliest: h(8), latest: h(10), passengers: 1, maxWalkMeters: 500 });

export const problemOf = (p: Partial<RegionalProblem>): RegionalProblem => ({
  date: "2026-11-23",
  vehicles: [],
  requests: [],
  trips: [],
  droneRoutes: [],
  transferPoints: [hub],
  ...p,
});

/** What every plan must be: clean for the independent checker, and every request in it exactly once (served or not). */
export function expectSoundPlan(
  problem: RegionalProblem,
  plan: Exclude<RegionalPlan, { status: "invalid" }>,
): void {
  expect(checkRegionalPlan(problem, plan)).toEqual([]);
  const ids = [
    ...plan.itineraries.map((i) => i.requestId),
    ...plan.unassigned.map((u) => u.requestId),
  ].sort();
  expect(ids).toEqual(problem.requests.map((r) => r.id).sort());
}

/**
 * Most routes of a plan on the road at one moment (from leaving the depot in time for the first
 * stop — a route may list an earlier departure — to coming back), and when.
 */
export function mostAtOnce(plan: RegionalPlan): { most: number; at: number } {
  if (plan.status === "invalid") return { most: 0, at: 0 };
  const edges: [number, number][] = plan.routes.flatMap((r): [number, number][] => {
    const [s0, s1] = r.stops;
    const a = s0 && s1 ? s1.serviceStart - (s1.arrival - s0.departure) : 0;
    return [
      [a, 1],
      [r.stops[r.stops.length - 1]?.arrival ?? 0, -1],
    ];
  });
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let most = 0;
  let at = 0;
  for (const [t, d] of edges) {
    now += d;
    if (now > most) {
      most = now;
      at = t;
    }
  }
  return { most, at };
}

export type Solved = Extract<RegionalPlan, { status: "solved" | "partial" }>;

/** Solves a crafted problem briefly and asserts the independent checker finds nothing. */
export const run = (p: RegionalProblem, seed = 1): Solved => {
  const plan = solveRegional(p, { timeLimitMs: 300, maxIterations: 300, seed });
  if (plan.status === "invalid") throw new Error(JSON.stringify(plan.issues));
  expect(checkRegionalPlan(p, plan)).toEqual([]);
  return plan;
};

/** A parcel van → hub → drone → far port → volunteer car → door (or, without the drone, by road). */
export const droneProblem = (withDrone = true) =>
  problemOf({
    vehicles: [
      vehicle("van", pt(1, 0), { availability: [{ start: h(8), end: h(10, 30) }] }),
      vehicle("volunteer", pt(0.5, 15.5), { kind: "car", availability: [{ start: h(10), end: h(18) }] }),
    ],
    requests: [parcel("p1", pt(1, 0), pt(0.5, 15.8))],
    droneRoutes: withDrone ? [drone] : [],
  });
