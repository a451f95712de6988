import { randomUUID } from "node:crypto";
import type { RequestStatus } from "@tsunagu/contract";
import { type Database, type Role, savePlan, schema } from "@tsunagu/db";
import {
  type RegionalProblem,
  type RegionalRouteStop,
  type RegionalSummary,
  solveRegional,
} from "@tsunagu/matching";
import { eq } from "drizzle-orm";
import { planRowsFromEngine, type SolvedRegionalPlan } from "../../domain/plans/engineConvert";
import { makeMunicipality } from "../../test/factories";
import { as, createTestApp, signedInCallers, signInAs } from "../../test/testApp";

/** 2026-06-02 08:00 in Japan: the app's clock on the fixture's default plan day. */
export const PLAN_DAY_NOW = new Date("2026-06-01T23:00:00Z");

/**
 * The route tests' app: a fresh database with municipalities `code` and
 * `other`, its clock at PLAN_DAY_NOW; `call` holds a signed-in caller per name of
 * `callers` (a role, or a role and its municipality), `caller(role, at)` signs in another.
 */
export async function planTestApp<N extends string>(
  code: string,
  other: string,
  callers: Record<N, Role | [Role, string]> = {} as Record<N, Role>,
) {
  const t = await createTestApp({}, { now: () => PLAN_DAY_NOW });
  await makeMunicipality(t.database, code);
  await makeMunicipality(t.database, other);
  const caller = async (role: Role, at = code) => as(t.app, await signInAs(t, role, at));
  return { t, caller, call: await signedInCallers(t, code, callers) };
}

/** The status history of a request, oldest first (the request_events rows). */
export function requestEventsOf(database: Database, requestId: string) {
  return database.db.select().from(schema.requestEvents).where(eq(schema.requestEvents.requestId, requestId));
}

/**
 * A small planned day for route tests, built by hand (the read paths and the
 * review actions need no solver): in municipality `code`, two vans at the
 * town hall; a ride of a resident on van A (clinic visit); a parcel on van B to
 * the hub, then by drone; a third request left unassigned (late by 700 s).
 * Times: seconds on the plan clock.
 */
export interface PlanFixture {
  runId: string;
  date: string;
  vanA: string;
  vanB: string;
  ride: string;
  parcel: string;
  late: string;
  resident: string;
  problem: RegionalProblem;
  plan: SolvedRegionalPlan;
}

const H = 3600;
const hall = { lat: 37.4, lon: 137.2 };
const home = { lat: 37.41, lon: 137.22 };
const clinic = { lat: 37.43, lon: 137.25 };
const shop = { lat: 37.45, lon: 137.27 };
const hub = { lat: 37.42, lon: 137.21 };
const port = { lat: 37.5, lon: 137.3 };
const none = { seats: 0, wheelchairs: 0, cargoKg: 0, cargoLitres: 0 };

function stop(
  kind: RegionalRouteStop["kind"],
  point: { lat: number; lon: number },
  at: number,
  load = none,
  requestId?: string,
  legIndex?: number,
): RegionalRouteStop {
  return {
    kind,
    point,
    arrival: at,
    serviceStart: at,
    departure: kind === "start" || kind === "end" ? at : at + 120,
    load,
    ...(requestId ? { requestId, legIndex } : {}),
  };
}

/** A van's one-request route of the hand-built plan: hall → pick-up at 09:00 → drop-off → hall (25 min driving). */
function hallRoute(
  vehicleId: string,
  distanceMeters: number,
  pickup: { at: { lat: number; lon: number }; load: RegionalRouteStop["load"] },
  dropoff: { at: { lat: number; lon: number }; time: number },
  requestId: string,
  back: number,
) {
  return {
    vehicleId,
    shift: 0,
    distanceMeters,
    drivingSeconds: 1500,
    stops: [
      stop("start", hall, 8.8 * H),
      stop("pickup", pickup.at, 9 * H, pickup.load, requestId, 0),
      stop("dropoff", dropoff.at, dropoff.time, none, requestId, 0),
      stop("end", hall, back),
    ],
  };
}

export async function makePlanFixture(
  database: Database,
  code: string,
  options: {
    date?: string;
    status?: "done" | "running";
    requestStatus?: RequestStatus;
    /** Plan with the real engine (solveRegional) instead of the hand-built plan. */
    solve?: boolean;
  } = {},
): Promise<PlanFixture> {
  const db = database.db;
  const date = options.date ?? "2026-06-02";
  const tag = randomUUID().slice(0, 8);
  const vanA = `van-a-${tag}`;
  const vanB = `van-b-${tag}`;
  const resident = `res-${tag}`;
  await db.insert(schema.residents).values({
    id: resident,
    municipalityCode: code,
    name: "山田 花子",
    phone: "0761-00-0000",
    address: "架空町大字北沢 12-3",
    lat: home.lat,
    lon: home.lon,
  });
  for (const [id, name] of [
    [vanA, "デイサービス送迎車A"],
    [vanB, "配送バンB"],
  ] as const)
    await db.insert(schema.vehicles).values({
      id,
      municipalityCode: code,
      kind: "van",
      name,
      seats: 6,
      cargoKg: 200,
      cargoLitres: 500,
      fuel: "petrol",
    });
  const status = options.requestStatus ?? "planned";
  const base = { municipalityCode: code, date, status, source: "staff" } as const;
  const ride = `req-ride-${tag}`;
  const parcel = `req-parcel-${tag}`;
  const late = `req-late-${tag}`;
  await db.insert(schema.requests).values([
    {
      ...base,
      id: ride,
      kind: "ride",
      residentId: resident,
      earliest: "09:00",
      latest: "10:00",
      pickupLat: home.lat,
      pickupLon: home.lon,
      dropoffLat: clinic.lat,
      dropoffLon: clinic.lon,
      passengers: 1,
      notes: "杖あり",
    },
    {
      ...base,
      id: parcel,
      kind: "parcel",
      earliest: "09:00",
      latest: "12:00",
      pickupLat: shop.lat,
      pickupLon: shop.lon,
      dropoffLat: port.lat,
      dropoffLon: port.lon,
      weightKg: 2,
      parcelDescription: "処方薬",
      parcelSizeClass: "small",
      receiverName: "川上 一郎",
      receiverPhone: "0761-11-2222",
      parcelHandover: "leave_at_door",
    },
    {
      ...base,
      id: late,
      kind: "ride",
      status: "submitted",
      residentId: resident,
      earliest: "09:30",
      latest: "10:30",
      pickupLat: home.lat,
      pickupLon: home.lon,
      dropoffLat: shop.lat,
      dropoffLon: shop.lon,
      passengers: 1,
    },
  ]);

  const vehicle = (id: string, name: string) => ({
    id,
    kind: "van" as const,
    name,
    start: hall,
    availability: [{ start: 8 * H, end: 17 * H }],
    capacity: { seats: 6, wheelchairs: 0, cargoKg: 200, cargoLitres: 500 },
    features: [],
  });
  const problem: RegionalProblem = {
    date,
    vehicles: [vehicle(vanA, "デイサービス送迎車A"), vehicle(vanB, "配送バンB")],
    requests: [
      {
        id: ride,
        kind: "ride",
        pickup: home,
        dropoff: clinic,
        earliest: 9 * H,
        latest: 10 * H,
        passengers: 1,
      },
      {
        id: parcel,
        kind: "parcel",
        pickup: shop,
        dropoff: port,
        earliest: 9 * H,
        latest: 12 * H,
        weightKg: 2,
      },
      {
        id: late,
        kind: "ride",
        pickup: home,
        dropoff: shop,
        earliest: 9.5 * H,
        latest: 10.5 * H,
        passengers: 1,
      },
    ],
    droneRoutes: [
      {
        id: "drone-1",
        fromPortId: "port-hub",
        fromName: "拠点ポート",
        from: hub,
        toPortId: "port-hill",
        toName: "山間ポート",
        to: port,
        maxPayloadKg: 5,
        rangeKm: 20,
        operating: { start: 9 * H, end: 16 * H },
      },
    ],
    transferPoints: [{ id: "hub-1", name: "物流拠点", point: hub, minTransferSeconds: 600 }],
  };
  const rider = { ...none, seats: 1 };
  const box = { ...none, cargoKg: 2 };
  const summary: RegionalSummary = {
    served: 2,
    unserved: 1,
    vehicles: 2,
    drivers: 0,
    distanceMeters: 23_000,
    drivingSeconds: 3000,
    byMode: { vehicle: 2, route_bus: 0, school_bus: 0, drone: 1, walk: 0 },
    transfers: 1,
    droneFlights: 1,
  };
  const handPlan: SolvedRegionalPlan = {
    status: "partial",
    date,
    routes: [
      // Each van: from the hall at 08:48, one request picked up at 09:00, back at the hall after the drop-off.
      hallRoute(vanA, 12_000, { at: home, load: rider }, { at: clinic, time: 9.5 * H }, ride, 9.8 * H),
      hallRoute(vanB, 11_000, { at: shop, load: box }, { at: hub, time: 9.4 * H }, parcel, 9.6 * H),
    ],
    itineraries: [
      {
        requestId: ride,
        legs: [
          {
            mode: "vehicle",
            vehicleId: vanA,
            shift: 0,
            from: { point: home },
            to: { point: clinic, name: "すずらん診療所" },
            departure: 9 * H,
            arrival: 9.5 * H,
          },
        ],
      },
      {
        requestId: parcel,
        legs: [
          {
            mode: "vehicle",
            vehicleId: vanB,
            shift: 0,
            from: { point: shop, name: "スーパー" },
            to: { point: hub, name: "物流拠点", transferPointId: "hub-1" },
            departure: 9 * H,
            arrival: 9.4 * H,
          },
          {
            mode: "drone",
            droneRouteId: "drone-1",
            flight: 0,
            from: { point: hub, name: "拠点ポート", portId: "port-hub" },
            to: { point: port, name: "山間ポート", portId: "port-hill" },
            departure: 10 * H,
            arrival: 10.25 * H,
          },
        ],
      },
    ],
    droneFlights: [
      {
        droneRouteId: "drone-1",
        reverse: false,
        takeOff: 10 * H,
        landing: 10.25 * H,
        payloadKg: 2,
        distanceMeters: 11_000,
        requestIds: [parcel],
      },
    ],
    unassigned: [
      {
        requestId: late,
        code: "TIME_WINDOW_UNREACHABLE",
        details: { lateBySeconds: 700, end: "delivery" },
        relaxation: { kind: "delay_delivery_end", seconds: 700 },
      },
    ],
    summary,
    stats: { elapsedMs: 5, seed: 1, iterations: 0 },
  };

  let plan = handPlan;
  if (options.solve) {
    const solved = solveRegional(problem, { timeLimitMs: 300, seed: 1 });
    if (solved.status === "invalid")
      throw new Error(`fixture problem invalid: ${JSON.stringify(solved.issues)}`);
    plan = solved;
  }
  const runId = `run-${tag}`;
  await db.insert(schema.matchRuns).values({
    id: runId,
    municipalityCode: code,
    date,
    status: options.status ?? "done",
    timeLimitSeconds: 5,
    problemJson: JSON.stringify(problem),
    planJson: JSON.stringify(plan),
  });
  if ((options.status ?? "done") === "done")
    await db.transaction((tx) =>
      savePlan(
        tx,
        runId,
        planRowsFromEngine(runId, code, problem, plan, { depots: { [vanA]: "役場", [vanB]: "役場" } }),
      ),
    );
  return { runId, date, vanA, vanB, ride, parcel, late, resident, problem, plan };
}
