import {
  drivers,
  dronePorts,
  droneRoutes,
  hubs,
  organisations,
  places,
  residents,
  vehicles,
} from "../../domain/registry/registry";
import { createRouter } from "../../lib/router";
import {
  createHandler,
  crudHandlers,
  liftSuspensionHandler,
  listHandler,
  readHandler,
  replaceHandler,
  suspendDroneRouteHandler,
} from "./registry.handlers";
import * as r from "./registry.routes";

const organisationHandlers = crudHandlers(organisations);
const vehicleHandlers = crudHandlers(vehicles);
const driverHandlers = crudHandlers(drivers);

/** Organisations, vehicles, drivers, residents, places, hubs, drone ports and routes. */
export function registryRoutes() {
  return createRouter()
    .openapi(r.organisationRoutes.list, organisationHandlers.list)
    .openapi(r.organisationRoutes.get, organisationHandlers.get)
    .openapi(r.organisationRoutes.create, organisationHandlers.create)
    .openapi(r.organisationRoutes.replace, organisationHandlers.replace)
    .openapi(r.organisationRoutes.remove, organisationHandlers.remove)
    .openapi(r.vehicleRoutes.list, vehicleHandlers.list)
    .openapi(r.vehicleRoutes.get, vehicleHandlers.get)
    .openapi(r.vehicleRoutes.create, vehicleHandlers.create)
    .openapi(r.vehicleRoutes.replace, vehicleHandlers.replace)
    .openapi(r.vehicleRoutes.remove, vehicleHandlers.remove)
    .openapi(r.driverRoutes.list, driverHandlers.list)
    .openapi(r.driverRoutes.get, driverHandlers.get)
    .openapi(r.driverRoutes.create, driverHandlers.create)
    .openapi(r.driverRoutes.replace, driverHandlers.replace)
    .openapi(r.driverRoutes.remove, driverHandlers.remove)
    .openapi(r.residentRoutes.list, listHandler(residents.list))
    .openapi(r.residentRoutes.get, readHandler(residents.read))
    .openapi(r.residentRoutes.create, createHandler(residents.create))
    .openapi(r.residentRoutes.replace, replaceHandler(residents.replace))
    .openapi(r.listPlacesRoute, listHandler(places.list))
    .openapi(r.createPlaceRoute, createHandler(places.create))
    .openapi(r.listHubsRoute, listHandler(hubs.list))
    .openapi(r.createHubRoute, createHandler(hubs.create))
    .openapi(r.replaceHubRoute, replaceHandler(hubs.replace))
    .openapi(r.listDronePortsRoute, listHandler(dronePorts.list))
    .openapi(r.createDronePortRoute, createHandler(dronePorts.create))
    .openapi(r.listDroneRoutesRoute, listHandler(droneRoutes.list))
    .openapi(r.createDroneRouteRoute, createHandler(droneRoutes.create))
    .openapi(r.suspendDroneRouteRoute, suspendDroneRouteHandler)
    .openapi(r.liftSuspensionRoute, liftSuspensionHandler);
}
