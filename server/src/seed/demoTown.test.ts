import {
  MapLayersSchema,
  OrganisationInputSchema,
  VehicleInputSchema,
  VehicleSchema,
} from "@tsunagu/contract";
import { schema } from "@tsunagu/db";
import { generateDemoTown } from "@tsunagu/demo";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createTestApp, signIn, type TestApp } from "../test/testApp";
import { DEMO_DRIVER_ID, DEMO_PASSWORD, seedDemoTownIfEmpty } from "./demoTown";

const today = "2026-11-23";
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.cleanup());

describe("demo town seed", () => {
  it("seeds every part of the town once, and only into an empty database", async () => {
    const town = generateDemoTown({ today });
    const seeded = await seedDemoTownIfEmpty(t.database.db, { today });
    expect(seeded?.municipalityCode).toBe(town.municipalityCode);
    const db = t.database.db;
    expect(await db.select().from(schema.places)).toHaveLength(town.places.length);
    expect(await db.select().from(schema.vehicles)).toHaveLength(town.vehicles.length);
    expect(await db.select().from(schema.requests)).toHaveLength(town.requests.length);
    expect(await db.select().from(schema.meshCells)).toHaveLength(town.meshCells.length);
    expect(await db.select().from(schema.gtfsStops)).toHaveLength(
      town.busStops.length + town.schoolBus.stops.length,
    );
    // The school bus is a second feed, so the planner can offer its spare seats (混乗).
    const feeds = await db.select().from(schema.gtfsFeeds);
    expect(feeds.map((f) => [f.name, f.service]).sort()).toEqual([
      ["community-bus", "route_bus"],
      ["school-bus", "school_bus"],
    ]);
    const schoolTrips = await db.select().from(schema.gtfsTrips);
    for (const trip of town.schoolBus.trips) {
      const row = schoolTrips.find((r) => r.tripId === trip.id);
      expect(row?.spareSeats, trip.id).toBe(trip.spareSeats);
    }
    // The demo resident account is linked to the town's demo resident, who has this week's bookings.
    const [residentUser] = await db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, "resident@demo.tsunagu.jp"));
    expect(residentUser?.residentId).toBe(town.demoResidentId);
    const theirs = await db
      .select()
      .from(schema.requests)
      .where(eq(schema.requests.residentId, town.demoResidentId));
    expect(theirs.filter((r) => r.date === town.busiestDate).length).toBeGreaterThanOrEqual(2);
    // The demo driver account is linked to a driver who may drive every road vehicle.
    const [driverUser] = await db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, "driver@demo.tsunagu.jp"));
    expect(driverUser?.driverId).toBe(DEMO_DRIVER_ID);
    const mayDrive = await db
      .select()
      .from(schema.driverVehicles)
      .where(eq(schema.driverVehicles.driverId, DEMO_DRIVER_ID));
    expect(mayDrive.map((d) => d.vehicleId).sort()).toEqual(
      town.vehicles
        .filter((v) => v.kind !== "drone")
        .map((v) => v.id)
        .sort(),
    );
    // A second start finds the town and leaves it alone.
    expect(await seedDemoTownIfEmpty(db, { today })).toBeUndefined();
    expect(await db.select().from(schema.requests)).toHaveLength(town.requests.length);
  });

  it("serves the town's map layers: boundary, route lines, stops, places, hub, drone ports", async () => {
    const town = generateDemoTown({ today });
    const response = await t.app.request(`/api/v1/municipalities/${town.municipalityCode}/map-layers`);
    expect(response.status).toBe(200);
    const layers = MapLayersSchema.parse(await response.json());
    expect(layers.municipality.fictional).toBe(true);
    expect(layers.boundary?.geometry.type).toBe("Polygon");
    // Community-bus and school-bus stops and routes (both feeds are public transport on the map).
    expect(layers.stops.features).toHaveLength(town.busStops.length + town.schoolBus.stops.length);
    expect(layers.routes.features).toHaveLength(town.busRoutes.length + 1);
    expect(layers.places.features).toHaveLength(town.places.length);
    expect(layers.hubs.features).toHaveLength(town.hubs.length);
    expect(layers.dronePorts.features).toHaveLength(2);
    expect(layers.droneRoutes.features).toHaveLength(town.droneRoutes.length);
  });

  it("seeds vehicles the registry API accepts back unchanged, so staff can edit them", async () => {
    const town = generateDemoTown({ today });
    const base = `/api/v1/municipalities/${town.municipalityCode}/vehicles`;
    const staff = as(t.app, await signIn(t.app, "staff@demo.tsunagu.jp", DEMO_PASSWORD));
    const { items } = (await (await staff(base)).json()) as { items: unknown[] };
    expect(items).toHaveLength(town.vehicles.length);
    for (const item of items) {
      const vehicle = VehicleSchema.parse(item);
      const parsed = VehicleInputSchema.safeParse(vehicle);
      expect(parsed.error?.issues ?? [], vehicle.id).toEqual([]);
    }
    const drone = items.map((i) => VehicleSchema.parse(i)).find((v) => v.kind === "drone");
    expect(drone?.fuel).toBe("battery");
  });

  it("seeds organisations whose kinds the registry API accepts, so staff can edit them", () => {
    const town = generateDemoTown({ today });
    for (const organisation of town.organisations) {
      const parsed = OrganisationInputSchema.safeParse({ kind: organisation.kind, name: organisation.name });
      expect(parsed.error?.issues ?? [], organisation.id).toEqual([]);
    }
  });

  it("answers 404 for a municipality that does not exist", async () => {
    const response = await t.app.request("/api/v1/municipalities/131016/map-layers");
    expect(response.status).toBe(404);
  });
});
