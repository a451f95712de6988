import { randomUUID } from "node:crypto";
import { and, asc, eq, exists, gte, inArray, isNotNull, ne, type SQL } from "drizzle-orm";
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
  planLegs,
  planRoutes,
  planStops,
  requests,
  residents,
  vehicles,
} from "../schema";
import { type ListOptions, stored, type TenantValues, tenantTable } from "./tenantTable";
import { withWriteLock } from "./writeLock";

/**
 * Transport-resource registry queries. Every function takes the municipality
 * code and filters by it (through tenantTable), so an id that belongs to
 * another municipality reads as "not found" rather than leaking across tenants.
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

/** SQLite reports a foreign-key refusal with this text; the server maps it to 409. */
export function isForeignKeyViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
  return /FOREIGN KEY constraint failed/i.test(text);
}

const organisationTable = tenantTable(organisations, [asc(organisations.name)]);
const placeTable = tenantTable(places, [asc(places.kind), asc(places.name)]);
const vehicleTable = tenantTable(vehicles, [asc(vehicles.name)]);
const driverTable = tenantTable(drivers, [asc(drivers.name)]);
const dronePortTable = tenantTable(dronePorts, [asc(dronePorts.name)]);
const droneRouteTable = tenantTable(droneRoutes, []);
const hubTable = tenantTable(hubs, []);
const residentTable = tenantTable(residents, [asc(residents.nameKana), asc(residents.id)]);

// ——— organisations, places, vehicles, residents: rows as stored ———

export const listOrganisations = (db: Db, code: string, options?: ListOptions) =>
  organisationTable.list(db, code, options);
export const findOrganisation = (db: Db, code: string, id: string) => organisationTable.find(db, code, id);
export const insertOrganisation = (db: Db, code: string, values: TenantValues<typeof organisations>) =>
  organisationTable.insert(db, code, values);
export const updateOrganisation = (
  db: Db,
  code: string,
  id: string,
  values: TenantValues<typeof organisations>,
) => organisationTable.update(db, code, id, values);
export const deleteOrganisation = (db: Db, code: string, id: string) =>
  organisationTable.remove(db, code, id);

export const listPlaces = (db: Db, code: string, options?: ListOptions) => placeTable.list(db, code, options);
export const findPlace = (db: Db, code: string, id: string) => placeTable.find(db, code, id);

export const listVehicles = (db: Db, code: string, options?: ListOptions) =>
  vehicleTable.list(db, code, options);
export const findVehicle = (db: Db, code: string, id: string) => vehicleTable.find(db, code, id);
export const insertVehicle = (db: Db, code: string, values: TenantValues<typeof vehicles>) =>
  vehicleTable.insert(db, code, values);
export const updateVehicle = (db: Db, code: string, id: string, values: TenantValues<typeof vehicles>) =>
  vehicleTable.update(db, code, id, values);
/** Deletes a vehicle and the links saying who may drive it. */
export const deleteVehicle = (db: Db, code: string, id: string) =>
  vehicleTable.remove(db, code, id, (tx) =>
    tx.delete(driverVehicles).where(eq(driverVehicles.vehicleId, id)),
  );

/** A place registered by hand (a form with a map pin), beside those its facility list imports. */
export const insertPlace = (db: Db, code: string, values: TenantValues<typeof places>) =>
  placeTable.insert(db, code, values);

export const listResidents = (db: Db, code: string, options?: ListOptions) =>
  residentTable.list(db, code, options);
export const findResident = (db: Db, code: string, id: string) => residentTable.find(db, code, id);
export const insertResident = (db: Db, code: string, values: TenantValues<typeof residents>) =>
  residentTable.insert(db, code, values);
export const updateResident = (db: Db, code: string, id: string, values: TenantValues<typeof residents>) =>
  residentTable.update(db, code, id, values);

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
export async function listDrivers(db: Db, code: string, options?: ListOptions): Promise<DriverRow[]> {
  return withVehicleIds(db, await driverTable.list(db, code, options));
}
export async function findDriver(db: Db, code: string, id: string): Promise<DriverRow | undefined> {
  const found = await driverTable.find(db, code, id);
  const [row] = await withVehicleIds(db, found ? [found] : []);
  return row;
}
/** Registers a driver with the vehicles they may drive, atomically. */
export async function insertDriver(
  db: Db,
  code: string,
  values: TenantValues<typeof drivers>,
  vehicleIds: string[],
): Promise<DriverRow> {
  const id = randomUUID();
  await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await driverTable.insertIn(tx, code, values, id);
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
  values: TenantValues<typeof drivers>,
  vehicleIds: string[],
): Promise<DriverRow | undefined> {
  const updated = await withWriteLock(db, () =>
    db.transaction(async (tx) => {
      const rows = await tx
        .update(drivers)
        .set(values)
        .where(driverTable.one(code, id))
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
/** Deletes a driver and the links saying which vehicles they may drive. */
export const deleteDriver = (db: Db, code: string, id: string) =>
  driverTable.remove(db, code, id, (tx) => tx.delete(driverVehicles).where(eq(driverVehicles.driverId, id)));

// ——— drone ports and routes ———

export const listDronePorts = (db: Db, code: string, options?: ListOptions) =>
  dronePortTable.list(db, code, options);
export const findDronePort = (db: Db, code: string, id: string) => dronePortTable.find(db, code, id);
export const insertDronePort = (db: Db, code: string, values: TenantValues<typeof dronePorts>) =>
  dronePortTable.insert(db, code, values);

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
export async function listDroneRoutes(db: Db, code: string, options?: ListOptions): Promise<DroneRouteRow[]> {
  return withSuspensions(db, await droneRouteTable.list(db, code, options));
}
export async function findDroneRoute(db: Db, code: string, id: string): Promise<DroneRouteRow | undefined> {
  const found = await droneRouteTable.find(db, code, id);
  const [row] = await withSuspensions(db, found ? [found] : []);
  return row;
}
export async function insertDroneRoute(db: Db, code: string, values: TenantValues<typeof droneRoutes>) {
  const { id } = await droneRouteTable.insert(db, code, values);
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
  archivedAt: hubs.archivedAt,
  archivedReason: hubs.archivedReason,
  name: places.name,
  lat: places.lat,
  lon: places.lon,
};
export async function listHubs(db: Db, code: string, options: ListOptions = {}): Promise<HubRow[]> {
  return db
    .select(hubColumns)
    .from(hubs)
    .innerJoin(places, eq(places.id, hubs.placeId))
    .where(and(hubTable.inTown(code), hubTable.shown(options)))
    .orderBy(asc(places.name));
}
export async function findHub(db: Db, code: string, id: string): Promise<HubRow | undefined> {
  const [row] = await db
    .select(hubColumns)
    .from(hubs)
    .innerJoin(places, eq(places.id, hubs.placeId))
    .where(hubTable.one(code, id));
  return row;
}
export async function insertHub(db: Db, code: string, values: TenantValues<typeof hubs>) {
  const { id } = await hubTable.insert(db, code, values);
  return stored(findHub(db, code, id));
}
export async function updateHub(db: Db, code: string, id: string, values: TenantValues<typeof hubs>) {
  const updated = await hubTable.update(db, code, id, values);
  return updated ? findHub(db, code, id) : undefined;
}

// ——— archive: what is still in use is kept, hidden, and can be restored ———

/** The registry tables whose rows are archived rather than deleted while in use. */
const archivableTables = {
  organisation: organisationTable,
  vehicle: vehicleTable,
  driver: driverTable,
  resident: residentTable,
  hub: hubTable,
  dronePort: dronePortTable,
  droneRoute: droneRouteTable,
};
export type ArchivableKind = keyof typeof archivableTables;

/** Archives (reason: a code) or, with null, restores a row; false when it is not this municipality's. */
export const setArchived = (
  db: Db,
  kind: ArchivableKind,
  code: string,
  id: string,
  archived: { at: string; reason: string } | null,
) => archivableTables[kind].setArchived(db, code, id, archived);

/** An approved route of the same run (and, given a vehicle and shift, the same route). */
function approvedRoute(runId: AnySQLiteColumn, route?: SQL) {
  return and(eq(planRoutes.runId, runId), isNotNull(planRoutes.approvedAt), route);
}

/**
 * Whether an approved plan (of any date: reports and run sheets read it)
 * still uses the record: a route it drives (vehicle, driver), a leg it flies
 * (drone route), a stop of the resident's on an approved route.
 */
export async function usedByApprovedPlan(
  db: Db,
  kind: "vehicle" | "driver" | "droneRoute" | "resident",
  code: string,
  id: string,
): Promise<boolean> {
  const inTown = eq(planRoutes.municipalityCode, code);
  const query = {
    vehicle: () =>
      db
        .select({ one: planRoutes.runId })
        .from(planRoutes)
        .where(and(inTown, eq(planRoutes.vehicleId, id), approvedRoute(planRoutes.runId))),
    driver: () =>
      db
        .select({ one: planRoutes.runId })
        .from(planRoutes)
        .where(and(inTown, eq(planRoutes.driverId, id), approvedRoute(planRoutes.runId))),
    droneRoute: () =>
      db
        .select({ one: planLegs.runId })
        .from(planLegs)
        .where(
          and(
            eq(planLegs.municipalityCode, code),
            eq(planLegs.droneRouteId, id),
            exists(
              db.select({ one: planRoutes.runId }).from(planRoutes).where(approvedRoute(planLegs.runId)),
            ),
          ),
        ),
    resident: () =>
      db
        .select({ one: planStops.id })
        .from(planStops)
        .innerJoin(requests, eq(requests.id, planStops.requestId))
        .where(
          and(
            eq(planStops.municipalityCode, code),
            eq(requests.residentId, id),
            exists(
              db
                .select({ one: planRoutes.runId })
                .from(planRoutes)
                .where(
                  approvedRoute(
                    planStops.runId,
                    and(eq(planRoutes.vehicleId, planStops.vehicleId), eq(planRoutes.shift, planStops.shift)),
                  ),
                ),
            ),
          ),
        ),
  }[kind];
  const rows = await query().limit(1);
  return rows.length > 0;
}

/** Whether the resident has a request on or after `today` that is not cancelled. */
export async function hasRequestsFrom(
  db: Db,
  code: string,
  residentId: string,
  today: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        eq(requests.municipalityCode, code),
        eq(requests.residentId, residentId),
        gte(requests.date, today),
        ne(requests.status, "cancelled"),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

// ——— drone port and route updates ———

export const updateDronePort = (
  db: Db,
  code: string,
  id: string,
  values: Partial<TenantValues<typeof dronePorts>>,
) => dronePortTable.update(db, code, id, values);

/** The route after the change (with its days of suspension), or undefined when it is not this municipality's. */
export async function updateDroneRoute(
  db: Db,
  code: string,
  id: string,
  values: Partial<TenantValues<typeof droneRoutes>>,
): Promise<DroneRouteRow | undefined> {
  return (await droneRouteTable.update(db, code, id, values)) ? findDroneRoute(db, code, id) : undefined;
}

export const deleteHub = (db: Db, code: string, id: string) => hubTable.remove(db, code, id);
export const deleteDronePort = (db: Db, code: string, id: string) => dronePortTable.remove(db, code, id);
/** Deletes a drone route and its days of suspension. */
export const deleteDroneRoute = (db: Db, code: string, id: string) =>
  droneRouteTable.remove(db, code, id, (tx) =>
    tx.delete(droneRouteSuspensions).where(eq(droneRouteSuspensions.routeId, id)),
  );
