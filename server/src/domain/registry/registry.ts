/**
 * The registry of a municipality's transport resources: organisations,
 * vehicles, drivers, residents, places, hubs, drone ports and routes. Each
 * resource is described once (storage, references, wire shape); the shared
 * verbs in ./resource do the rest. Residents are personal data: every read
 * and write of one is audited.
 */
import { type DroneRoute, DroneRouteInputSchema, type DroneRoutePatch } from "@tsunagu/contract";
import {
  type Db,
  type DroneRouteRow,
  deleteDriver,
  deleteDronePort,
  deleteDroneRoute,
  deleteHub,
  deleteOrganisation,
  deleteVehicle,
  findDriver,
  findDronePort,
  findDroneRoute,
  findHub,
  findOrganisation,
  findPlace,
  findResident,
  findVehicle,
  hasRequestsFrom,
  insertDriver,
  insertDronePort,
  insertDroneRoute,
  insertHub,
  insertOrganisation,
  insertPlace,
  insertResident,
  insertVehicle,
  liftDroneSuspension,
  listDrivers,
  listDronePorts,
  listDroneRoutes,
  listHubs,
  listOrganisations,
  listPlaces,
  listResidents,
  listVehicles,
  type ResidentRow,
  suspendDroneRoute,
  updateDriver,
  updateDronePort,
  updateDroneRoute,
  updateHub,
  updateOrganisation,
  updateResident,
  updateVehicle,
  usedByApprovedPlan,
} from "@tsunagu/db";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { invalidFields, notFound } from "../errors";
import {
  type DriverInput,
  type DronePortInput,
  type DroneRouteInput,
  driverValues,
  droneRouteValues,
  type HubInput,
  type OrganisationInput,
  organisationValues,
  type PlaceInput,
  placeValues,
  type ResidentInput,
  residentValues,
  toDriver,
  toDronePort,
  toDroneRoute,
  toHub,
  toOrganisation,
  toPlace,
  toResident,
  toVehicle,
  type VehicleInput,
  vehicleValues,
} from "./convert";
import {
  createVerb,
  crudVerbs,
  listVerb,
  type Reference,
  removableVerbs,
  replaceVerb,
  writableVerbs,
} from "./resource";

/** Kept while an approved plan uses it (vehicles, drivers, drone routes, residents' trips). */
const planned =
  (kind: "vehicle" | "driver" | "droneRoute" | "resident") => async (db: Db, code: string, id: string) =>
    (await usedByApprovedPlan(db, kind, code, id)) ? ("approved_plan" as const) : null;

/** An optional id in the input as a reference to check, or none. */
function optional(id: string | null, reference: Omit<Reference, "id">): Reference[] {
  return id === null ? [] : [{ ...reference, id }];
}

const organisationOf = (id: string | null) =>
  optional(id, { path: "body.organisationId", what: "an organisation", find: findOrganisation });

export const organisations = crudVerbs({
  noun: "organisation",
  kind: "organisation",
  list: listOrganisations,
  find: findOrganisation,
  toWire: toOrganisation,
  insert: (ctx, code, input: OrganisationInput) =>
    insertOrganisation(ctx.db, code, organisationValues(input)),
  update: (ctx, code, id, input) => updateOrganisation(ctx.db, code, id, organisationValues(input)),
  delete: deleteOrganisation,
});

export const vehicles = crudVerbs({
  noun: "vehicle",
  kind: "vehicle",
  keep: planned("vehicle"),
  list: listVehicles,
  find: findVehicle,
  toWire: toVehicle,
  references: (input: VehicleInput) => [
    ...organisationOf(input.organisationId),
    ...optional(input.depotPlaceId, { path: "body.depotPlaceId", what: "a place", find: findPlace }),
  ],
  insert: (ctx, code, input) => insertVehicle(ctx.db, code, vehicleValues(input)),
  update: (ctx, code, id, input) => updateVehicle(ctx.db, code, id, vehicleValues(input)),
  delete: deleteVehicle,
});

export const drivers = crudVerbs({
  noun: "driver",
  kind: "driver",
  keep: planned("driver"),
  list: listDrivers,
  find: findDriver,
  toWire: toDriver,
  references: (input: DriverInput) => [
    ...organisationOf(input.organisationId),
    ...input.vehicleIds.map((id, i) => ({
      path: `body.vehicleIds.${i}`,
      id,
      what: "a vehicle",
      find: findVehicle,
    })),
  ],
  insert: (ctx, code, input) => insertDriver(ctx.db, code, driverValues(input), input.vehicleIds),
  update: (ctx, code, id, input) => updateDriver(ctx.db, code, id, driverValues(input), input.vehicleIds),
  delete: deleteDriver,
});

/**
 * Residents are never deleted here: erasure is the resident's right, with
 * its own rules. Removing one archives it, saying why.
 */
const residentResource = {
  noun: "resident",
  kind: "resident" as const,
  keep: async (db: Db, code: string, id: string, today: string) =>
    (await hasRequestsFrom(db, code, id, today))
      ? ("future_request" as const)
      : planned("resident")(db, code, id),
  auditedAs: "resident" as const,
  list: listResidents,
  find: findResident,
  toWire: toResident,
  insert: (ctx: DomainContext, code: string, input: ResidentInput) =>
    insertResident(ctx.db, code, residentValues(input, ctx.now, null)),
  update: (ctx: DomainContext, code: string, id: string, input: ResidentInput, existing: ResidentRow) =>
    updateResident(ctx.db, code, id, residentValues(input, ctx.now, existing.consentAt)),
};
export const residents = { ...writableVerbs(residentResource), ...removableVerbs(residentResource) };

const placeResource = {
  noun: "place",
  list: listPlaces,
  find: findPlace,
  toWire: toPlace,
  references: (input: PlaceInput) => organisationOf(input.organisationId),
  insert: (ctx: DomainContext, code: string, input: PlaceInput) =>
    insertPlace(ctx.db, code, placeValues(input)),
};
/**
 * Places mostly come with the municipality's facility list; staff add one by
 * hand (a new hub's site, a clinic the list lacks) with a map pin. The API
 * lists them for the request forms.
 */
export const places = {
  list: listVerb(placeResource),
  create: createVerb(placeResource),
};

const hubResource = {
  noun: "hub",
  kind: "hub" as const,
  delete: deleteHub,
  list: listHubs,
  find: findHub,
  toWire: toHub,
  references: (input: HubInput) => [
    { path: "body.placeId", id: input.placeId, what: "a place", find: findPlace },
  ],
  insert: (ctx: DomainContext, code: string, input: HubInput) => insertHub(ctx.db, code, input),
  update: (ctx: DomainContext, code: string, id: string, input: HubInput) =>
    updateHub(ctx.db, code, id, input),
};
export const hubs = {
  list: listVerb(hubResource),
  create: createVerb(hubResource),
  replace: replaceVerb(hubResource),
  ...removableVerbs(hubResource),
};

const dronePortResource = {
  noun: "drone port",
  kind: "dronePort" as const,
  delete: deleteDronePort,
  list: listDronePorts,
  find: findDronePort,
  toWire: toDronePort,
  references: (input: DronePortInput) =>
    optional(input.placeId, { path: "body.placeId", what: "a place", find: findPlace }),
  insert: (ctx: DomainContext, code: string, input: DronePortInput) => insertDronePort(ctx.db, code, input),
};
export const dronePorts = {
  list: listVerb(dronePortResource),
  create: createVerb(dronePortResource),
  /** Changes the fields given; the rest stay as they are. */
  patch: replaceVerb({
    ...dronePortResource,
    references: (input: Partial<DronePortInput>) =>
      optional(input.placeId ?? null, { path: "body.placeId", what: "a place", find: findPlace }),
    update: (ctx: DomainContext, code: string, id: string, input: Partial<DronePortInput>) =>
      updateDronePort(ctx.db, code, id, input),
  }),
  ...removableVerbs(dronePortResource),
};

const droneRouteResource = {
  noun: "drone route",
  kind: "droneRoute" as const,
  keep: planned("droneRoute"),
  delete: deleteDroneRoute,
  list: listDroneRoutes,
  find: findDroneRoute,
  toWire: toDroneRoute,
  references: (input: DroneRouteInput) => [
    { path: "body.fromPortId", id: input.fromPortId, what: "a drone port", find: findDronePort },
    { path: "body.toPortId", id: input.toPortId, what: "a drone port", find: findDronePort },
  ],
  insert: (ctx: DomainContext, code: string, input: DroneRouteInput) =>
    insertDroneRoute(ctx.db, code, droneRouteValues(input)),
};
/** A drone route after a change to its suspensions, or `not_found`. */
async function routeAfter(
  ctx: DomainContext,
  code: string,
  id: string,
  change: (db: Db) => Promise<DroneRouteRow | undefined>,
): Promise<DroneRoute> {
  await requireMunicipality(ctx.db, code);
  const row = await change(ctx.db);
  if (!row) throw notFound("drone route", id);
  return toDroneRoute(row);
}

/**
 * The route a PATCH makes: the stored one with the fields given, checked
 * whole against the contract, so a change of one field cannot break a rule
 * between two (an end time before the start kept, a port equal to the other).
 */
function patchedRoute(existing: DroneRouteRow, patch: DroneRoutePatch): DroneRouteInput {
  const {
    id: _id,
    municipalityCode: _code,
    archived: _archived,
    suspensions: _days,
    ...stored
  } = toDroneRoute(existing);
  const merged = DroneRouteInputSchema.safeParse({ ...stored, ...patch });
  if (!merged.success) throw invalidFields("body", merged.error.issues);
  return merged.data;
}

export const droneRoutes = {
  list: listVerb(droneRouteResource),
  create: createVerb(droneRouteResource),
  /** Changes the fields given; the rest stay as they are, and the route they make is checked whole. */
  patch: replaceVerb({
    ...droneRouteResource,
    references: (patch: DroneRoutePatch) =>
      (["fromPortId", "toPortId"] as const).flatMap((field) => {
        const id = patch[field];
        return id === undefined
          ? []
          : [{ path: `body.${field}`, id, what: "a drone port", find: findDronePort }];
      }),
    update: (ctx: DomainContext, code: string, id: string, patch: DroneRoutePatch, existing: DroneRouteRow) =>
      updateDroneRoute(ctx.db, code, id, droneRouteValues(patchedRoute(existing, patch))),
  }),
  ...removableVerbs(droneRouteResource),
  /** Grounds the route for one day (weather, a no-fly notice), replacing an earlier reason for that day. */
  suspend: (ctx: DomainContext, code: string, id: string, date: string, reason: string) =>
    routeAfter(ctx, code, id, (db) => suspendDroneRoute(db, code, id, date, reason)),
  liftSuspension: (ctx: DomainContext, code: string, id: string, date: string) =>
    routeAfter(ctx, code, id, (db) => liftDroneSuspension(db, code, id, date)),
};
