import { isoWeekday, secondsOfDay } from "@tsunagu/contract";
import { schema, suspendDroneRoute } from "@tsunagu/db";
import { type DemoTown, generateDemoTown } from "@tsunagu/demo";
import { haversineMeters, type RegionalProblem, solveRegional } from "@tsunagu/matching";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoTownIfEmpty } from "../../seed/demoTown";
import { createTestApp, type TestApp } from "../../test/testApp";
import {
  availabilityOn,
  HUB_SERVES_WITHIN_M,
  problemFromDb,
  storedEngineStateOf,
  storedProblemOf,
} from "./engineConvert";

const today = "2026-11-23";
let t: TestApp;
let town: DemoTown;
let code: string;
// Seeding the demo town may be slow on a loaded machine; the bound only catches a hang.
beforeAll(async () => {
  t = await createTestApp();
  town = generateDemoTown({ today });
  await seedDemoTownIfEmpty(t.database.db, { today });
  code = town.municipalityCode;
}, 60_000);
afterAll(() => t.cleanup());

/** A date of the demo week by ISO weekday (1 = Monday). */
const dayOf = (weekday: number) => {
  const date = town.weekDates.find((d) => isoWeekday(d) === weekday);
  if (!date) throw new Error(`no weekday ${weekday}`);
  return date;
};

describe("availabilityOn", () => {
  const row = (weekly: unknown[], exceptions: unknown[] = []) => ({
    availability: JSON.stringify(weekly),
    availabilityExceptions: JSON.stringify(exceptions),
  });
  it("takes the weekday's windows, merged and sorted", () => {
    const r = row([
      { days: [2], from: "13:00", to: "15:00" },
      { days: [2, 3], from: "09:00", to: "13:30" },
      { days: [3], from: "06:00", to: "07:00" },
    ]);
    expect(availabilityOn(r, "2026-12-01")).toEqual([{ start: 9 * 3600, end: 15 * 3600 }]);
  });
  it("lets a dated exception replace the week (an empty one = not available)", () => {
    const weekly = [{ days: [2], from: "09:00", to: "12:00" }];
    expect(availabilityOn(row(weekly, [{ date: "2026-12-01", windows: [] }]), "2026-12-01")).toEqual([]);
    expect(
      availabilityOn(
        row(weekly, [{ date: "2026-12-01", windows: [{ from: "14:00", to: "16:00" }] }]),
        "2026-12-01",
      ),
    ).toEqual([{ start: 14 * 3600, end: 16 * 3600 }]);
    expect(availabilityOn(row(weekly, [{ date: "2026-12-02", windows: [] }]), "2026-12-01")).toHaveLength(1);
  });
});

describe("problemFromDb on the demo town", () => {
  it("builds a weekday's problem from every kind of resource", async () => {
    const date = dayOf(2);
    const { problem, names, notes } = await problemFromDb(t.database.db, code, date);
    expect(problem.date).toBe(date);
    expect(notes.vehiclesWithoutDepot).toEqual([]);

    // Road vehicles available on Tuesday, starting at their depot; never drones, and never a
    // route bus (it keeps to its timetable; its trips carry what it can take).
    const expectedVehicles = town.vehicles.filter(
      (v) => v.kind !== "drone" && v.kind !== "route_bus" && v.availability.some((w) => w.days.includes(2)),
    );
    expect(expectedVehicles.some((v) => v.kind === "school_bus")).toBe(true);
    expect(problem.vehicles.map((v) => v.id).sort()).toEqual(expectedVehicles.map((v) => v.id).sort());
    for (const v of problem.vehicles) {
      const source = town.vehicles.find((x) => x.id === v.id);
      const depot = town.places.find((p) => p.id === source?.depotPlaceId);
      expect(v.start).toEqual({ lat: depot?.lat, lon: depot?.lon });
      expect(names.depots?.[v.id]).toBe(depot?.name);
      expect(v.availability.length).toBeGreaterThan(0);
      for (const w of v.availability) expect(w.end).toBeGreaterThan(w.start);
    }

    // Every request of the date (all are submitted in the seed), with its attributes.
    const dayRequests = town.requests.filter((r) => r.date === date);
    expect(problem.requests).toHaveLength(dayRequests.length);
    for (const q of dayRequests) {
      const got = problem.requests.find((r) => r.id === q.id);
      expect(got, q.id).toBeDefined();
      expect(got?.earliest).toBe(secondsOfDay(q.earliest));
      expect(got?.latest).toBe(secondsOfDay(q.latest));
      expect(got?.priority).toBe(1 + q.priority);
      if (q.kind === "ride") {
        const resident = town.residents.find((r) => r.id === q.residentId);
        expect(got?.passengers).toBe(q.passengers);
        expect(got?.maxWalkMeters).toBe(q.wheelchair ? 0 : resident?.mobility.maxWalkM);
      } else {
        expect(got?.weightKg).toBe(q.weightKg);
        expect(got?.cold).toBe(q.cold);
      }
    }

    // Community-bus trips with room, and the school bus's runs (混乗) from the second feed.
    const trips = problem.trips ?? [];
    const schoolTrips = trips.filter((trip) => trip.service === "school_bus");
    expect(schoolTrips.map((trip) => trip.id.split(":").at(-1)).sort()).toEqual(
      town.schoolBus.trips.map((trip) => trip.id).sort(),
    );
    const routeTrips = trips.filter((trip) => trip.service === "route_bus");
    expect(routeTrips.length).toBeGreaterThan(0);
    for (const trip of trips) {
      expect(trip.stops.length).toBeGreaterThanOrEqual(2);
      expect(trip.spare.seats + trip.spare.cargoKg + trip.spare.cargoLitres).toBeGreaterThan(0);
      for (let i = 1; i < trip.stops.length; i++)
        expect(trip.stops[i]?.arrival).toBeGreaterThanOrEqual(trip.stops[i - 1]?.departure ?? 0);
    }
    const firstSchoolRun = town.schoolBus.trips[0];
    const stored = schoolTrips.find((trip) => trip.id.endsWith(`:${firstSchoolRun?.id}`));
    expect(stored?.spare.seats).toBe(firstSchoolRun?.spareSeats);
    expect(stored?.stops[0]?.departure).toBe(secondsOfDay(firstSchoolRun?.stopTimes[0]?.time ?? ""));

    // Drone routes of the weekday, each one direction.
    const drones = problem.droneRoutes ?? [];
    expect(drones.map((d) => d.id).sort()).toEqual(
      town.droneRoutes
        .filter((r) => r.days.includes(2))
        .map((r) => r.id)
        .sort(),
    );
    for (const d of drones) expect(d.bidirectional).toBe(false);

    // Hubs with the ports and stops within a short walk.
    const points = problem.transferPoints ?? [];
    expect(points).toHaveLength(town.hubs.length);
    for (const hub of points) {
      const near = town.dronePorts.filter((p) => haversineMeters(hub.point, p) <= HUB_SERVES_WITHIN_M);
      expect([...(hub.servesPortIds ?? [])].sort()).toEqual(near.map((p) => p.id).sort());
      const source = town.hubs.find((h) => h.id === hub.id);
      expect(hub.minTransferSeconds).toBe((source?.minTransferMinutes ?? 0) * 60);
      for (const stopId of hub.servesStopIds ?? []) {
        const stop = trips.flatMap((trip) => trip.stops).find((s) => s.stopId === stopId);
        expect(haversineMeters(hub.point, stop?.point ?? { lat: 0, lon: 0 })).toBeLessThanOrEqual(
          HUB_SERVES_WITHIN_M,
        );
      }
    }
    expect(points.some((h) => (h.servesPortIds ?? []).length > 0)).toBe(true);
  });

  it("runs no school bus on Sunday", async () => {
    const { problem } = await problemFromDb(t.database.db, code, dayOf(7));
    expect((problem.trips ?? []).filter((trip) => trip.service === "school_bus")).toEqual([]);
  });

  it("leaves out approved requests, vehicles off that day and suspended drone routes", async () => {
    const date = dayOf(3);
    const before = await problemFromDb(t.database.db, code, date);
    const request = before.problem.requests[0];
    const vehicle = before.problem.vehicles[0];
    const drone = before.problem.droneRoutes?.[0];
    if (!request || !vehicle || !drone) throw new Error("the demo day lacks a request, vehicle or drone");
    const db = t.database.db;
    await db.update(schema.requests).set({ status: "confirmed" }).where(eq(schema.requests.id, request.id));
    await db
      .update(schema.vehicles)
      .set({ availabilityExceptions: JSON.stringify([{ date, windows: [] }]) })
      .where(eq(schema.vehicles.id, vehicle.id));
    await suspendDroneRoute(db, code, drone.id, date, "強風");

    const after = await problemFromDb(db, code, date);
    expect(after.problem.requests.map((r) => r.id)).not.toContain(request.id);
    expect(after.problem.requests).toHaveLength(before.problem.requests.length - 1);
    expect(after.problem.vehicles.map((v) => v.id)).not.toContain(vehicle.id);
    expect(after.problem.droneRoutes?.map((d) => d.id)).not.toContain(drone.id);
    expect(after.notes.suspendedDroneRoutes).toEqual([drone.id]);
    // Another municipality's data never leaks in.
    const other = await problemFromDb(db, "999997", date);
    expect(other.problem).toMatchObject({ vehicles: [], requests: [], trips: [], droneRoutes: [] });
  });
});

describe("the run's stored engine JSON", () => {
  const H = 3600;
  const problem: RegionalProblem = {
    date: "2026-12-01",
    vehicles: [
      {
        id: "van",
        kind: "van",
        name: "送迎車",
        start: { lat: 37.4, lon: 137.2 },
        availability: [{ start: 8 * H, end: 17 * H }],
        capacity: { seats: 4, wheelchairs: 0, cargoKg: 50, cargoLitres: 100 },
        features: [],
      },
    ],
    requests: [
      {
        id: "ride",
        kind: "ride",
        pickup: { lat: 37.41, lon: 137.22 },
        dropoff: { lat: 37.43, lon: 137.25 },
        earliest: 9 * H,
        latest: 10 * H,
        passengers: 1,
      },
    ],
  };
  const plan = solveRegional(problem, { timeLimitMs: 200, seed: 1 });
  const run = (problemJson: unknown, planJson: unknown) => ({
    problemJson: problemJson === null ? null : JSON.stringify(problemJson),
    planJson: planJson === null ? null : JSON.stringify(planJson),
  });

  it("reads back the input and the solved plan a run stored", () => {
    expect(plan.status).not.toBe("invalid");
    const state = storedEngineStateOf(run(problem, plan));
    expect(state?.problem).toEqual(problem);
    expect(state?.plan).toEqual(plan);
  });

  it("has none while the run has no plan, or when what is stored is not what the engine wrote", () => {
    expect(storedEngineStateOf(run(null, null))).toBeUndefined();
    expect(storedEngineStateOf(run(problem, { status: "invalid", issues: [] }))).toBeUndefined();
    expect(storedEngineStateOf(run(problem, { ...plan, routes: "none" }))).toBeUndefined();
    // A problem the engine refuses (a window that ends before it starts) is not a problem.
    const refused = { ...problem, requests: [{ ...problem.requests[0], latest: 8 * H }] };
    expect(storedProblemOf(run(refused, null))).toBeUndefined();
    expect(storedEngineStateOf(run(refused, plan))).toBeUndefined();
    expect(storedProblemOf({ problemJson: "{not json" })).toBeUndefined();
    expect(storedProblemOf(run(problem, null))).toEqual(problem);
  });
});
