import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db, DbTransaction } from "../client";
import {
  drivers,
  driverVehicles,
  dronePorts,
  droneRouteSuspensions,
  droneRoutes,
  hubs,
  organisations,
  places,
  residents,
  vehicles,
} from "../schema";
import { withWriteLock } from "./writeLock";

/**
 * Transport-resource registry queries. Every function takes the municipality
 * code and filters by it, so an id that belongs to another municipality reads
 * as "not found" rather than leaking across tenants.
 */

export type OrganisationRow = typeof organisations.$inferSelect;
export type PlaceRow = typeof places.$inferSelect;
export type VehicleRow = typeof vehicles.$inferSelect;
export type DriverRow = typeof drivers.$inferSelect & { vehicleIds: string[] };
export type DronePortRow = typeof dronePorts.$inferSelect;
export type DroneRouteRow = typeof droneRoutes.$inferSelect & {
  suspensions: { date: string; reason: string }[];
};
export type HubRow = typeof hubs.$inferSelect & { name: string; lat: number; lon: number };
export type ResidentRow = typeof residents.$inferSelect;

type Values<T extends { $inferInsert: unknown }> = Omit<
  T["$inferInsert"],
  "id" | "municipalityCode" | "createdAt"
>;

/** Row `id` of municipality `code`: every lookup by id is scoped by the tenant through this. */
function tenantRow(
  table: { municipalityCode: AnySQLiteColumn; id: AnySQLiteColumn },
  code: string,
  id: string,
) {
  return and(eq(table.municipalityCode, code), eq(table.id, id));
}

/** SQLite reports a foreign-key refusal with this text; the server maps it to 409. */
export function isForeignKeyViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
  return /FOREIGN KEY constraint failed/i.test(text);
}

/** The row a write just stored, read back; its absence is a bug, not a caller's mistake. */
async function stored<T>(row: Promise<T | undefined> | T | undefined): Promise<T> {
  const found = await row;
  if (found === undefined) throw new Error("a row just written could not be read back");
  return found;
}

// ——— organisations ———

export async function listOrganisations(db: Db, code: string): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(eq(organisations.municipalityCode, code))
    .orderBy(asc(organisations.name));
}
export async function findOrganisation(
  db: Db,
  code: string,
  id: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(tenantRow(organisations, code, id));
  return row;
}
export async function insertOrganisation(db: Db, code: string, values: Values<typeof organisations>) {
  const [row] = await withWriteLock(db, () =>
    db
      .insert(organisations)
      .values({ ...values, id: randomUUID(), municipalityCode: code })
      .returning(),
  );
  return stored(row);
}
export async function updateOrganisation(
  db: Db,
  code: string,
  id: string,
  values: Values<typeof organisations>,
) {
  const [row] = await withWriteLock(db, () =>
    db
      .update(organisations)
      .set(values)
      .where(tenantRow(organisations, code, id))
      .returning(),
  );
  return row;
}
export async function deleteOrganisation(db: Db, code: string, id: string): Promise<boolean> {
  const rows = await withWriteLock(db, () =>
    db
      .delete(organisations)
      .where(tenantRow(organisations, code, id))
      .returning({ id: organisations.id }),
  );
  return rows.length > 0;
}

// ——— places ———

export async function listPlaces(db: Db, code: string): Promise<PlaceRow[]> {
  return db
    .select()
    .from(places)
    .where(eq(places.municipalityCode, code))
    .orderBy(asc(places.kind), asc(places.name));
}
export async function findPlace(db: Db, code: string, id: string): Promise<PlaceRow | undefined> {
  const [row] = await db
    .select()
    .from(places)
    .where(tenantRow(places, code, id));
  return row;
}

/** A place registered by hand (a form with a map pin), beside those its facility list imports. */
export async function insertPlace(db: Db, code: string, values: Values<typeof places>) {
  const [row] = await withWriteLock(db, () =>
    db
      .insert(places)
      .values({ ...values, id: randomUUID(), municipalityCode: code })
      .returning(),
  );
  return stored(row);
}

// ——— vehicles ———

export async function listVehicles(db: Db, code: string): Promise<VehicleRow[]> {
  return db.select().from(vehicles).where(eq(vehicles.municipalityCode, code)).orderBy(asc(vehicles.name));
}
export async function findVehicle(db: Db, code: string, id: string): Promise<VehicleRow | undefined> {
  const [row] = await db
    .select()
    .from(vehicles)
    .where(tenantRow(vehicles, code, id));
  return row;
}
export async function insertVehicle(
  db: Db,
  code: string,
  values: Values<typeof vehicles>,
): Promise<VehicleRow> {
  const [row] = await withWriteLock(db, () =>
    db
      .insert(vehicles)
      .values({ ...values, id: randomUUID(), municipalityCode: code })
      .returning(),
  );
  return stored(row);
}
export async function updateVehicle(db: Db, code: string, id: string, values: Values<typeof vehicles>) {
  const [row] = await withWriteLock(db, () =>
    db
      .update(vehicles)
      .set(values)
      .where(tenantRow(vehicles, code, id))
      .returning(),
  );
  return row;
}
export async function deleteVehicle(db: Db, code: string, id: string): Promise<boolean> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const [found] = await tx
        .select({ id: vehicles.id })
        .from(vehicles)
        .where(tenantRow(vehicles, code, id));
      if (!found) return false;
      // Explicit, because SQLite's ON DELETE CASCADE depends on a per-connection pragma.
      await tx.delete(driverVehicles).where(eq(driverVehicles.vehicleId, id));
      await tx.delete(vehicles).where(eq(vehicles.id, id));
      return true;
    }),
  );
}
// ——— drivers ———

async function withVehicleIds(db: Db, rows: (typeof drivers.$inferSelect)[]): Promise<DriverRow[]> {
  if (rows.length === 0) return [];
  const links = await db
    .select()
    .from(driverVehicles)
    .where(
      inArray(
        driverVehicles.driverId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(driverVehicles.vehicleId));
  return rows.map((r) => ({
    ...r,
    vehicleIds: links.filter((l) => l.driverId === r.id).map((l) => l.vehicleId),
  }));
}
export async function listDrivers(db: Db, code: string): Promise<DriverRow[]> {
  const rows = await db
    .select()
    .from(drivers)
    .where(eq(drivers.municipalityCode, code))
    .orderBy(asc(drivers.name));
  return withVehicleIds(db, rows);
}
export async function findDriver(db: Db, code: string, id: string): Promise<DriverRow | undefined> {
  const rows = await db
    .select()
    .from(drivers)
    .where(tenantRow(drivers, code, id));
  const [row] = await withVehicleIds(db, rows);
  return row;
}
/** Registers a driver with the vehicles they may drive, atomically. */
export async function insertDriver(
  db: Db,
  code: string,
  values: Values<typeof drivers>,
  vehicleIds: string[],
): Promise<DriverRow> {
  const id = randomUUID();
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await tx.insert(drivers).values({ ...values, id, municipalityCode: code });
      await linkVehicles(tx, id, vehicleIds);
    }),
  );
  return stored(findDriver(db, code, id));
}
/** Replaces a driver and the vehicles they may drive, atomically; undefined when not this municipality's. */
export async function updateDriver(
  db: Db,
  code: string,
  id: string,
  values: Values<typeof drivers>,
  vehicleIds: string[],
): Promise<DriverRow | undefined> {
  const updated = await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const rows = await tx
        .update(drivers)
        .set(values)
        .where(tenantRow(drivers, code, id))
        .returning({ id: drivers.id });
      if (rows.length === 0) return false;
      await tx.delete(driverVehicles).where(eq(driverVehicles.driverId, id));
      await linkVehicles(tx, id, vehicleIds);
      return true;
    }),
  );
  return updated ? findDriver(db, code, id) : undefined;
}
async function linkVehicles(tx: DbTransaction, driverId: string, vehicleIds: string[]) {
  if (vehicleIds.length > 0)
    await tx.insert(driverVehicles).values(vehicleIds.map((vehicleId) => ({ driverId, vehicleId })));
}
export async function deleteDriver(db: Db, code: string, id: string): Promise<boolean> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const [found] = await tx
        .select({ id: drivers.id })
        .from(drivers)
        .where(tenantRow(drivers, code, id));
      if (!found) return false;
      await tx.delete(driverVehicles).where(eq(driverVehicles.driverId, id));
      await tx.delete(drivers).where(eq(drivers.id, id));
      return true;
    }),
  );
}

// ——— drone ports and routes ———

export async function listDronePorts(db: Db, code: string): Promise<DronePortRow[]> {
  return db
    .select()
    .from(dronePorts)
    .where(eq(dronePorts.municipalityCode, code))
    .orderBy(asc(dronePorts.name));
}
export async function findDronePort(db: Db, code: string, id: string): Promise<DronePortRow | undefined> {
  const [row] = await db
    .select()
    .from(dronePorts)
    .where(tenantRow(dronePorts, code, id));
  return row;
}
export async function insertDronePort(db: Db, code: string, values: Omit<Values<typeof dronePorts>, never>) {
  const [row] = await withWriteLock(db, () =>
    db
      .insert(dronePorts)
      .values({ ...values, id: randomUUID(), municipalityCode: code })
      .returning(),
  );
  return stored(row);
}

async function withSuspensions(db: Db, rows: (typeof droneRoutes.$inferSelect)[]): Promise<DroneRouteRow[]> {
  if (rows.length === 0) return [];
  const suspended = await db
    .select()
    .from(droneRouteSuspensions)
    .where(
      inArray(
        droneRouteSuspensions.routeId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(droneRouteSuspensions.date));
  return rows.map((r) => ({
    ...r,
    suspensions: suspended.filter((s) => s.routeId === r.id).map((s) => ({ date: s.date, reason: s.reason })),
  }));
}
export async function listDroneRoutes(db: Db, code: string): Promise<DroneRouteRow[]> {
  const rows = await db.select().from(droneRoutes).where(eq(droneRoutes.municipalityCode, code));
  return withSuspensions(db, rows);
}
export async function findDroneRoute(db: Db, code: string, id: string): Promise<DroneRouteRow | undefined> {
  const rows = await db
    .select()
    .from(droneRoutes)
    .where(tenantRow(droneRoutes, code, id));
  const [row] = await withSuspensions(db, rows);
  return row;
}
export async function insertDroneRoute(db: Db, code: string, values: Values<typeof droneRoutes>) {
  const id = randomUUID();
  await withWriteLock(db, () => db.insert(droneRoutes).values({ ...values, id, municipalityCode: code }));
  return stored(findDroneRoute(db, code, id));
}
/** Marks a route as not flying on `date` (replacing an earlier reason for that day). */
export async function suspendDroneRoute(db: Db, code: string, routeId: string, date: string, reason: string) {
  const route = await findDroneRoute(db, code, routeId);
  if (!route) return undefined;
  await withWriteLock(db, () =>
    db
      .insert(droneRouteSuspensions)
      .values({ municipalityCode: code, routeId, date, reason })
      .onConflictDoUpdate({
        target: [droneRouteSuspensions.routeId, droneRouteSuspensions.date],
        set: { reason },
      }),
  );
  return findDroneRoute(db, code, routeId);
}
export async function liftDroneSuspension(db: Db, code: string, routeId: string, date: string) {
  const route = await findDroneRoute(db, code, routeId);
  if (!route) return undefined;
  await withWriteLock(db, () =>
    db
      .delete(droneRouteSuspensions)
      .where(
        and(
          eq(droneRouteSuspensions.municipalityCode, code),
          eq(droneRouteSuspensions.routeId, routeId),
          eq(droneRouteSuspensions.date, date),
        ),
      ),
  );
  return findDroneRoute(db, code, routeId);
}

// ——— hubs ———

const hubColumns = {
  id: hubs.id,
  municipalityCode: hubs.municipalityCode,
  placeId: hubs.placeId,
  opensAt: hubs.opensAt,
  closesAt: hubs.closesAt,
  minTransferMinutes: hubs.minTransferMinutes,
  name: places.name,
  lat: places.lat,
  lon: places.lon,
};
export async function listHubs(db: Db, code: string): Promise<HubRow[]> {
  return db
    .select(hubColumns)
    .from(hubs)
    .innerJoin(places, eq(places.id, hubs.placeId))
    .where(eq(hubs.municipalityCode, code))
    .orderBy(asc(places.name));
}
export async function findHub(db: Db, code: string, id: string): Promise<HubRow | undefined> {
  const [row] = await db
    .select(hubColumns)
    .from(hubs)
    .innerJoin(places, eq(places.id, hubs.placeId))
    .where(tenantRow(hubs, code, id));
  return row;
}
export async function insertHub(db: Db, code: string, values: Values<typeof hubs>) {
  const id = randomUUID();
  await withWriteLock(db, () => db.insert(hubs).values({ ...values, id, municipalityCode: code }));
  return stored(findHub(db, code, id));
}
export async function updateHub(db: Db, code: string, id: string, values: Values<typeof hubs>) {
  const updated = await withWriteLock(db, () =>
    db
      .update(hubs)
      .set(values)
      .where(tenantRow(hubs, code, id))
      .returning({ id: hubs.id }),
  );
  return updated.length ? findHub(db, code, id) : undefined;
}

// ——— residents ———

export async function listResidents(db: Db, code: string): Promise<ResidentRow[]> {
  return db
    .select()
    .from(residents)
    .where(eq(residents.municipalityCode, code))
    .orderBy(asc(residents.nameKana), asc(residents.id));
}
export async function findResident(db: Db, code: string, id: string): Promise<ResidentRow | undefined> {
  const [row] = await db
    .select()
    .from(residents)
    .where(tenantRow(residents, code, id));
  return row;
}
export async function insertResident(db: Db, code: string, values: Values<typeof residents>) {
  const [row] = await withWriteLock(db, () =>
    db
      .insert(residents)
      .values({ ...values, id: randomUUID(), municipalityCode: code })
      .returning(),
  );
  return stored(row);
}
export async function updateResident(db: Db, code: string, id: string, values: Values<typeof residents>) {
  const [row] = await withWriteLock(db, () =>
    db
      .update(residents)
      .set(values)
      .where(tenantRow(residents, code, id))
      .returning(),
  );
  return row;
}
