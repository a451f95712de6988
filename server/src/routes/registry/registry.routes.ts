import { createRoute } from "@hono/zod-openapi";
import {
  DriverInputSchema,
  DriverSchema,
  DronePortInputSchema,
  DronePortSchema,
  DroneRouteInputSchema,
  DroneRouteSchema,
  DroneSuspensionInputSchema,
  HubInputSchema,
  HubSchema,
  IsoDateSchema,
  OrganisationInputSchema,
  OrganisationSchema,
  PlaceSchema,
  ResidentInputSchema,
  ResidentSchema,
  VehicleInputSchema,
  VehicleSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantItemParams, TenantParams } from "../../lib/params";

/**
 * The registry of a municipality's transport resources. Every path is under
 * /municipalities/{code}; an id of another municipality answers 404.
 */
const m = "/api/v1/municipalities/{code}";
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });

function crud<I extends z.ZodType, O extends z.ZodType>(tag: string, path: string, input: I, output: O) {
  return {
    list: createRoute({
      method: "get",
      path: `${m}/${path}`,
      tags: [tag],
      summary: `List ${tag}`,
      request: { params: TenantParams },
      responses: { 200: json(items(output), "All of them.") },
    }),
    get: createRoute({
      method: "get",
      path: `${m}/${path}/{id}`,
      tags: [tag],
      summary: `One of ${tag}`,
      request: { params: TenantItemParams },
      responses: { 200: json(output, "Found.") },
    }),
    create: createRoute({
      method: "post",
      path: `${m}/${path}`,
      tags: [tag],
      summary: `Register one of ${tag}`,
      request: { params: TenantParams, body: body(input) },
      responses: { 201: json(output, "Created.") },
    }),
    replace: createRoute({
      method: "put",
      path: `${m}/${path}/{id}`,
      tags: [tag],
      summary: `Replace one of ${tag}`,
      request: { params: TenantItemParams, body: body(input) },
      responses: { 200: json(output, "Saved.") },
    }),
    remove: createRoute({
      method: "delete",
      path: `${m}/${path}/{id}`,
      tags: [tag],
      summary: `Remove one of ${tag}`,
      request: { params: TenantItemParams },
      responses: { 204: { description: "Removed." }, ...problemResponses(409) },
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

export const listPlacesRoute = createRoute({
  method: "get",
  path: `${m}/places`,
  tags: ["places"],
  summary: "Places (clinic, supermarket, town hall …) residents travel to",
  request: { params: TenantParams },
  responses: { 200: json(items(PlaceSchema), "Places.") },
});

export const listHubsRoute = createRoute({
  method: "get",
  path: `${m}/hubs`,
  tags: ["hubs"],
  summary: "Hubs (hand-over points) with opening hours",
  request: { params: TenantParams },
  responses: { 200: json(items(HubSchema), "Hubs.") },
});
export const createHubRoute = createRoute({
  method: "post",
  path: `${m}/hubs`,
  tags: ["hubs"],
  summary: "Register a hub at a place",
  request: { params: TenantParams, body: body(HubInputSchema) },
  responses: { 201: json(HubSchema, "Created.") },
});
export const replaceHubRoute = createRoute({
  method: "put",
  path: `${m}/hubs/{id}`,
  tags: ["hubs"],
  summary: "Change a hub's hours",
  request: { params: TenantItemParams, body: body(HubInputSchema) },
  responses: { 200: json(HubSchema, "Saved.") },
});

export const listDronePortsRoute = createRoute({
  method: "get",
  path: `${m}/drone-ports`,
  tags: ["drones"],
  summary: "Drone ports (ドローンスタンド)",
  request: { params: TenantParams },
  responses: { 200: json(items(DronePortSchema), "Ports.") },
});
export const createDronePortRoute = createRoute({
  method: "post",
  path: `${m}/drone-ports`,
  tags: ["drones"],
  summary: "Register a drone port",
  request: { params: TenantParams, body: body(DronePortInputSchema) },
  responses: { 201: json(DronePortSchema, "Created.") },
});
export const listDroneRoutesRoute = createRoute({
  method: "get",
  path: `${m}/drone-routes`,
  tags: ["drones"],
  summary: "Drone routes with payload, range, hours and weather suspensions",
  request: { params: TenantParams },
  responses: { 200: json(items(DroneRouteSchema), "Routes.") },
});
export const createDroneRouteRoute = createRoute({
  method: "post",
  path: `${m}/drone-routes`,
  tags: ["drones"],
  summary: "Register a drone route between two ports",
  request: { params: TenantParams, body: body(DroneRouteInputSchema) },
  responses: { 201: json(DroneRouteSchema, "Created.") },
});
const SuspensionParams = TenantItemParams.extend({ date: IsoDateSchema });
export const suspendDroneRouteRoute = createRoute({
  method: "put",
  path: `${m}/drone-routes/{id}/suspensions/{date}`,
  tags: ["drones"],
  summary: "Suspend a drone route for one day (weather, no-fly notice)",
  request: { params: SuspensionParams, body: body(DroneSuspensionInputSchema) },
  responses: { 200: json(DroneRouteSchema, "Suspended.") },
});
export const liftSuspensionRoute = createRoute({
  method: "delete",
  path: `${m}/drone-routes/{id}/suspensions/{date}`,
  tags: ["drones"],
  summary: "Lift a day's suspension",
  request: { params: SuspensionParams },
  responses: { 200: json(DroneRouteSchema, "Lifted.") },
});
