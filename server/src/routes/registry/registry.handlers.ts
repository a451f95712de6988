import type { RouteHandler } from "@hono/zod-openapi";
import {
  appendAudit,
  type Db,
  deleteDriver,
  deleteOrganisation,
  deleteVehicle,
  existingVehicleIds,
  findDriver,
  findDronePort,
  findOrganisation,
  findPlace,
  findResident,
  findVehicle,
  insertDronePort,
  insertDroneRoute,
  insertHub,
  insertOrganisation,
  insertResident,
  insertVehicle,
  isForeignKeyViolation,
  liftDroneSuspension,
  listDrivers,
  listDronePorts,
  listDroneRoutes,
  listHubs,
  listOrganisations,
  listPlaces,
  listResidents,
  listVehicles,
  saveDriver,
  suspendDroneRoute,
  updateHub,
  updateOrganisation,
  updateResident,
  updateVehicle,
} from "@tsunagu/db";
import { requireMunicipality } from "../../domain/access";
import { invalidField, notFound } from "../../domain/errors";
import { auditEntry } from "../../lib/auth/caller";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import {
  driverValues,
  residentValues,
  toDriver,
  toDronePort,
  toDroneRoute,
  toHub,
  toOrganisation,
  toPlace,
  toResident,
  toVehicle,
  vehicleValues,
} from "./registry.convert";
import type {
  createDronePortRoute,
  createDroneRouteRoute,
  createHubRoute,
  driverRoutes,
  liftSuspensionRoute,
  listDronePortsRoute,
  listDroneRoutesRoute,
  listHubsRoute,
  listPlacesRoute,
  organisationRoutes,
  replaceHubRoute,
  residentRoutes,
  suspendDroneRouteRoute,
  vehicleRoutes,
} from "./registry.routes";

/** The database after checking the municipality exists (404 otherwise). */
async function tenantDb(c: { get(k: "deps"): AppEnv["Variables"]["deps"] }, code: string): Promise<Db> {
  const { db } = c.get("deps").database;
  await requireMunicipality(db, code);
  return db;
}

async function checkRef(exists: Promise<unknown>, path: string, what: string): Promise<void> {
  if (!(await exists)) throw invalidField(path, `is not ${what} of this municipality`);
}

/** A delete refused because something still points at the row → 409, not 500. */
async function removing(work: Promise<boolean>, what: string, id: string): Promise<void> {
  try {
    if (!(await work)) throw notFound(what, id);
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new ApiProblem(
        409,
        "in_use",
        `The ${what} ${id} is still used by other records; remove those first.`,
      );
    throw error;
  }
}

// ——— organisations ———
type OrgR = typeof organisationRoutes;
export const listOrganisationsHandler: RouteHandler<OrgR["list"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listOrganisations(await tenantDb(c, code), code)).map(toOrganisation) }, 200);
};
export const getOrganisationHandler: RouteHandler<OrgR["get"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const row = await findOrganisation(await tenantDb(c, code), code, id);
  if (!row) throw notFound("organisation", id);
  return c.json(toOrganisation(row), 200);
};
export const createOrganisationHandler: RouteHandler<OrgR["create"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const row = await insertOrganisation(await tenantDb(c, code), code, { ...v, nameKana: v.nameKana ?? null });
  return c.json(toOrganisation(row), 201);
};
export const replaceOrganisationHandler: RouteHandler<OrgR["replace"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const v = c.req.valid("json");
  const row = await updateOrganisation(await tenantDb(c, code), code, id, {
    ...v,
    nameKana: v.nameKana ?? null,
  });
  if (!row) throw notFound("organisation", id);
  return c.json(toOrganisation(row), 200);
};
export const removeOrganisationHandler: RouteHandler<OrgR["remove"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  await removing(deleteOrganisation(await tenantDb(c, code), code, id), "organisation", id);
  return c.body(null, 204);
};

// ——— vehicles ———
type VehR = typeof vehicleRoutes;
async function checkVehicleRefs(
  db: Db,
  code: string,
  v: { organisationId: string | null; depotPlaceId: string | null },
) {
  if (v.organisationId)
    await checkRef(findOrganisation(db, code, v.organisationId), "body.organisationId", "an organisation");
  if (v.depotPlaceId) await checkRef(findPlace(db, code, v.depotPlaceId), "body.depotPlaceId", "a place");
}
export const listVehiclesHandler: RouteHandler<VehR["list"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listVehicles(await tenantDb(c, code), code)).map(toVehicle) }, 200);
};
export const getVehicleHandler: RouteHandler<VehR["get"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const row = await findVehicle(await tenantDb(c, code), code, id);
  if (!row) throw notFound("vehicle", id);
  return c.json(toVehicle(row), 200);
};
export const createVehicleHandler: RouteHandler<VehR["create"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  await checkVehicleRefs(db, code, v);
  return c.json(toVehicle(await insertVehicle(db, code, vehicleValues(v))), 201);
};
export const replaceVehicleHandler: RouteHandler<VehR["replace"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  if (!(await findVehicle(db, code, id))) throw notFound("vehicle", id);
  await checkVehicleRefs(db, code, v);
  const row = await updateVehicle(db, code, id, vehicleValues(v));
  if (!row) throw notFound("vehicle", id);
  return c.json(toVehicle(row), 200);
};
export const removeVehicleHandler: RouteHandler<VehR["remove"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  await removing(deleteVehicle(await tenantDb(c, code), code, id), "vehicle", id);
  return c.body(null, 204);
};

// ——— drivers ———
type DrvR = typeof driverRoutes;
async function checkDriverRefs(
  db: Db,
  code: string,
  v: { organisationId: string | null; vehicleIds: string[] },
) {
  if (v.organisationId)
    await checkRef(findOrganisation(db, code, v.organisationId), "body.organisationId", "an organisation");
  const known = await existingVehicleIds(db, code, v.vehicleIds);
  const index = v.vehicleIds.findIndex((id) => !known.has(id));
  if (index >= 0) throw invalidField(`body.vehicleIds.${index}`, "is not a vehicle of this municipality");
}
export const listDriversHandler: RouteHandler<DrvR["list"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listDrivers(await tenantDb(c, code), code)).map(toDriver) }, 200);
};
export const getDriverHandler: RouteHandler<DrvR["get"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const row = await findDriver(await tenantDb(c, code), code, id);
  if (!row) throw notFound("driver", id);
  return c.json(toDriver(row), 200);
};
export const createDriverHandler: RouteHandler<DrvR["create"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  await checkDriverRefs(db, code, v);
  const row = await saveDriver(db, code, undefined, driverValues(v), v.vehicleIds);
  if (!row) throw new Error("a created driver could not be read back");
  return c.json(toDriver(row), 201);
};
export const replaceDriverHandler: RouteHandler<DrvR["replace"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  if (!(await findDriver(db, code, id))) throw notFound("driver", id);
  await checkDriverRefs(db, code, v);
  const row = await saveDriver(db, code, id, driverValues(v), v.vehicleIds);
  if (!row) throw notFound("driver", id);
  return c.json(toDriver(row), 200);
};
export const removeDriverHandler: RouteHandler<DrvR["remove"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  await removing(deleteDriver(await tenantDb(c, code), code, id), "driver", id);
  return c.body(null, 204);
};

// ——— residents (personal data: never logged) ———
type ResR = typeof residentRoutes;
/** One audit entry per resident whose personal data this request read or changed (ids only). */
const residentAudit = (c: Parameters<typeof auditEntry>[0], code: string, action: string, ids: string[]) =>
  appendAudit(
    c.get("deps").database.db,
    ids.map((id) =>
      auditEntry(c, {
        action,
        resourceType: "resident",
        resourceId: id,
        residentId: id,
        municipalityCode: code,
      }),
    ),
  );
export const listResidentsHandler: RouteHandler<ResR["list"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const rows = await listResidents(await tenantDb(c, code), code);
  await residentAudit(
    c,
    code,
    "read",
    rows.map((r) => r.id),
  );
  return c.json({ items: rows.map(toResident) }, 200);
};
export const getResidentHandler: RouteHandler<ResR["get"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const row = await findResident(await tenantDb(c, code), code, id);
  if (!row) throw notFound("resident", id);
  await residentAudit(c, code, "read", [id]);
  return c.json(toResident(row), 200);
};
export const createResidentHandler: RouteHandler<ResR["create"], AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const now = c.get("deps").now?.() ?? new Date();
  const row = await insertResident(await tenantDb(c, code), code, residentValues(v, now, null));
  await residentAudit(c, code, "create", [row.id]);
  return c.json(toResident(row), 201);
};
export const replaceResidentHandler: RouteHandler<ResR["replace"], AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  const existing = await findResident(db, code, id);
  if (!existing) throw notFound("resident", id);
  const now = c.get("deps").now?.() ?? new Date();
  const row = await updateResident(db, code, id, residentValues(v, now, existing.consentAt));
  if (!row) throw notFound("resident", id);
  await residentAudit(c, code, "update", [id]);
  return c.json(toResident(row), 200);
};
// ——— places, hubs, drones ———
export const listPlacesHandler: RouteHandler<typeof listPlacesRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listPlaces(await tenantDb(c, code), code)).map(toPlace) }, 200);
};
export const listHubsHandler: RouteHandler<typeof listHubsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listHubs(await tenantDb(c, code), code)).map(toHub) }, 200);
};
export const createHubHandler: RouteHandler<typeof createHubRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  await checkRef(findPlace(db, code, v.placeId), "body.placeId", "a place");
  return c.json(toHub(await insertHub(db, code, v)), 201);
};
export const replaceHubHandler: RouteHandler<typeof replaceHubRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  await checkRef(findPlace(db, code, v.placeId), "body.placeId", "a place");
  const row = await updateHub(db, code, id, v);
  if (!row) throw notFound("hub", id);
  return c.json(toHub(row), 200);
};
export const listDronePortsHandler: RouteHandler<typeof listDronePortsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listDronePorts(await tenantDb(c, code), code)).map(toDronePort) }, 200);
};
export const createDronePortHandler: RouteHandler<typeof createDronePortRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  if (v.placeId) await checkRef(findPlace(db, code, v.placeId), "body.placeId", "a place");
  return c.json(toDronePort(await insertDronePort(db, code, v)), 201);
};
export const listDroneRoutesHandler: RouteHandler<typeof listDroneRoutesRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json({ items: (await listDroneRoutes(await tenantDb(c, code), code)).map(toDroneRoute) }, 200);
};
export const createDroneRouteHandler: RouteHandler<typeof createDroneRouteRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const v = c.req.valid("json");
  const db = await tenantDb(c, code);
  await checkRef(findDronePort(db, code, v.fromPortId), "body.fromPortId", "a drone port");
  await checkRef(findDronePort(db, code, v.toPortId), "body.toPortId", "a drone port");
  const row = await insertDroneRoute(db, code, { ...v, days: JSON.stringify(v.days) });
  return c.json(toDroneRoute(row), 201);
};
export const suspendDroneRouteHandler: RouteHandler<typeof suspendDroneRouteRoute, AppEnv> = async (c) => {
  const { code, id, date } = c.req.valid("param");
  const { reason } = c.req.valid("json");
  const row = await suspendDroneRoute(await tenantDb(c, code), code, id, date, reason);
  if (!row) throw notFound("drone route", id);
  return c.json(toDroneRoute(row), 200);
};
export const liftSuspensionHandler: RouteHandler<typeof liftSuspensionRoute, AppEnv> = async (c) => {
  const { code, id, date } = c.req.valid("param");
  const row = await liftDroneSuspension(await tenantDb(c, code), code, id, date);
  if (!row) throw notFound("drone route", id);
  return c.json(toDroneRoute(row), 200);
};
