import {
  ArchivedQuerySchema,
  DriverInputSchema,
  DriverSchema,
  DronePortInputSchema,
  DronePortSchema,
  DroneRouteInputSchema,
  DroneRoutePatchSchema,
  DroneRouteSchema,
  DroneSuspensionInputSchema,
  HubInputSchema,
  HubSchema,
  IsoDateSchema,
  OrganisationInputSchema,
  OrganisationSchema,
  PlaceInputSchema,
  PlaceSchema,
  RegistryArchivedSchema,
  ResidentInputSchema,
  ResidentSchema,
  VehicleInputSchema,
  VehicleSchema,
} from "@tsunagu/contract";
import type { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantItemParams, TenantParams } from "../../lib/params";
import { itemsOf, jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const dronesRoute = taggedRoutes("drones");
const hubsRoute = taggedRoutes("hubs");
const placesRoute = taggedRoutes("places");

/**
 * The registry of a municipality's transport resources. Every path is under
 * /municipalities/{code}; an id of another municipality answers 404.
 */
const m = "/api/v1/municipalities/{code}";

/** List (archived ones only with `?archived=true`), remove (delete, or archive while in use) and restore. */
function archiveRoutes<O extends z.ZodType>(tag: string, path: string, output: O) {
  const route = taggedRoutes(tag);
  return {
    list: route("get", `${m}/${path}`, {
      summary: `List ${tag}`,
      request: { params: TenantParams, query: ArchivedQuerySchema },
      responses: { 200: jsonResponse(itemsOf(output), "All of them (archived ones when asked).") },
    }),
    remove: route("delete", `${m}/${path}/{id}`, {
      summary: `Remove one of ${tag}: deleted, or archived while an approved plan or a future request uses it`,
      request: { params: TenantItemParams },
      responses: {
        200: jsonResponse(RegistryArchivedSchema, "Archived instead, with the reason."),
        204: { description: "Deleted." },
        ...problemResponses(409),
      },
    }),
    restore: route("post", `${m}/${path}/{id}/restore`, {
      summary: `Bring an archived one of ${tag} back`,
      request: { params: TenantItemParams },
      responses: { 200: jsonResponse(output, "Restored.") },
    }),
  };
}

function crud<I extends z.ZodType, O extends z.ZodType>(tag: string, path: string, input: I, output: O) {
  const route = taggedRoutes(tag);
  return {
    ...archiveRoutes(tag, path, output),
    get: route("get", `${m}/${path}/{id}`, {
      summary: `One of ${tag}`,
      request: { params: TenantItemParams },
      responses: { 200: jsonResponse(output, "Found.") },
    }),
    create: route("post", `${m}/${path}`, {
      summary: `Register one of ${tag}`,
      request: { params: TenantParams, body: jsonBody(input) },
      responses: { 201: jsonResponse(output, "Created.") },
    }),
    replace: route("put", `${m}/${path}/{id}`, {
      summary: `Replace one of ${tag}`,
      request: { params: TenantItemParams, body: jsonBody(input) },
      responses: { 200: jsonResponse(output, "Saved.") },
    }),
  };
}

export const organisationRoutes = crud(
  "organisations",
  "organisations",
  OrganisationInputSchema,
  OrganisationSchema,
);
export const vehicleRoutes = crud("vehicles", "vehicles", VehicleInputSchema, VehicleSchema);
export const driverRoutes = crud("drivers", "drivers", DriverInputSchema, DriverSchema);
export const residentRoutes = crud("residents", "residents", ResidentInputSchema, ResidentSchema);

export const listPlacesRoute = placesRoute("get", `${m}/places`, {
  summary: "Places (clinic, supermarket, town hall …) residents travel to",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(itemsOf(PlaceSchema), "Places.") },
});

export const createPlaceRoute = placesRoute("post", `${m}/places`, {
  summary: "Register a place by hand (name, kind and its map pin)",
  request: { params: TenantParams, body: jsonBody(PlaceInputSchema) },
  responses: { 201: jsonResponse(PlaceSchema, "Created.") },
});

export const hubArchiveRoutes = archiveRoutes("hubs", "hubs", HubSchema);
export const createHubRoute = hubsRoute("post", `${m}/hubs`, {
  summary: "Register a hub at a place",
  request: { params: TenantParams, body: jsonBody(HubInputSchema) },
  responses: { 201: jsonResponse(HubSchema, "Created.") },
});
export const replaceHubRoute = hubsRoute("put", `${m}/hubs/{id}`, {
  summary: "Change a hub's hours",
  request: { params: TenantItemParams, body: jsonBody(HubInputSchema) },
  responses: { 200: jsonResponse(HubSchema, "Saved.") },
});

export const dronePortArchiveRoutes = archiveRoutes("drones", "drone-ports", DronePortSchema);
export const createDronePortRoute = dronesRoute("post", `${m}/drone-ports`, {
  summary: "Register a drone port",
  request: { params: TenantParams, body: jsonBody(DronePortInputSchema) },
  responses: { 201: jsonResponse(DronePortSchema, "Created.") },
});
export const droneRouteArchiveRoutes = archiveRoutes("drones", "drone-routes", DroneRouteSchema);
export const createDroneRouteRoute = dronesRoute("post", `${m}/drone-routes`, {
  summary: "Register a drone route between two ports",
  request: { params: TenantParams, body: jsonBody(DroneRouteInputSchema) },
  responses: { 201: jsonResponse(DroneRouteSchema, "Created.") },
});
const SuspensionParams = TenantItemParams.extend({ date: IsoDateSchema });
export const suspendDroneRouteRoute = dronesRoute("put", `${m}/drone-routes/{id}/suspensions/{date}`, {
  summary: "Suspend a drone route for one day (weather, no-fly notice)",
  request: { params: SuspensionParams, body: jsonBody(DroneSuspensionInputSchema) },
  responses: { 200: jsonResponse(DroneRouteSchema, "Suspended.") },
});
export const liftSuspensionRoute = dronesRoute("delete", `${m}/drone-routes/{id}/suspensions/{date}`, {
  summary: "Lift a day's suspension",
  request: { params: SuspensionParams },
  responses: { 200: jsonResponse(DroneRouteSchema, "Lifted.") },
});

export const patchDroneRouteRoute = dronesRoute("patch", `${m}/drone-routes/{id}`, {
  summary: "Change a drone route (only the fields given; the route they make is checked whole)",
  request: { params: TenantItemParams, body: jsonBody(DroneRoutePatchSchema) },
  responses: { 200: jsonResponse(DroneRouteSchema, "Saved.") },
});
export const patchDronePortRoute = dronesRoute("patch", `${m}/drone-ports/{id}`, {
  summary: "Change a drone port (only the fields given)",
  request: { params: TenantItemParams, body: jsonBody(DronePortInputSchema.partial()) },
  responses: { 200: jsonResponse(DronePortSchema, "Saved.") },
});
