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
  archiveHandlers,
  createHandler,
  crudHandlers,
  liftSuspensionHandler,
  listHandler,
  replaceHandler,
  suspendDroneRouteHandler,
} from "./registry.handlers";
import * as r from "./registry.routes";

const organisationHandlers = crudHandlers(organisations);
const vehicleHandlers = crudHandlers(vehicles);
const driverHandlers = crudHandlers(drivers);
const residentHandlers = crudHandlers(residents);
const hubHandlers = archiveHandlers(hubs);
const dronePortHandlers = archiveHandlers(dronePorts);
const droneRouteHandlers = archiveHandlers(droneRoutes);

/** Organisations, vehicles, drivers, residents, places, hubs, drone ports and routes. */
export function registryRoutes() {
  return createRouter()
    .openapi(r.organisationRoutes.list, organisationHandlers.list)
    .openapi(r.organisationRoutes.get, organisationHandlers.get)
    .openapi(r.organisationRoutes.create, organisationHandlers.create)
    .openapi(r.organisationRoutes.replace, organisationHandlers.replace)
    .openapi(r.organisationRoutes.remove, organisationHandlers.remove)
    .openapi(r.organisationRoutes.restore, organisationHandlers.restore)
    .openapi(r.vehicleRoutes.list, vehicleHandlers.list)
    .openapi(r.vehicleRoutes.get, vehicleHandlers.get)
    .openapi(r.vehicleRoutes.create, vehicleHandlers.create)
    .openapi(r.vehicleRoutes.replace, vehicleHandlers.replace)
    .openapi(r.vehicleRoutes.remove, vehicleHandlers.remove)
    .openapi(r.vehicleRoutes.restore, vehicleHandlers.restore)
    .openapi(r.driverRoutes.list, driverHandlers.list)
    .openapi(r.driverRoutes.get, driverHandlers.get)
    .openapi(r.driverRoutes.create, driverHandlers.create)
    .openapi(r.driverRoutes.replace, driverHandlers.replace)
    .openapi(r.driverRoutes.remove, driverHandlers.remove)
    .openapi(r.driverRoutes.restore, driverHandlers.restore)
    .openapi(r.residentRoutes.list, residentHandlers.list)
    .openapi(r.residentRoutes.get, residentHandlers.get)
    .openapi(r.residentRoutes.create, residentHandlers.create)
    .openapi(r.residentRoutes.replace, residentHandlers.replace)
    .openapi(r.residentRoutes.remove, residentHandlers.remove)
    .openapi(r.residentRoutes.restore, residentHandlers.restore)
    .openapi(r.listPlacesRoute, listHandler(places.list))
    .openapi(r.createPlaceRoute, createHandler(places.create))
    .openapi(r.hubArchiveRoutes.list, hubHandlers.list)
    .openapi(r.createHubRoute, createHandler(hubs.create))
    .openapi(r.replaceHubRoute, replaceHandler(hubs.replace))
    .openapi(r.hubArchiveRoutes.remove, hubHandlers.remove)
    .openapi(r.hubArchiveRoutes.restore, hubHandlers.restore)
    .openapi(r.dronePortArchiveRoutes.list, dronePortHandlers.list)
    .openapi(r.createDronePortRoute, createHandler(dronePorts.create))
    .openapi(r.patchDronePortRoute, replaceHandler(dronePorts.patch))
    .openapi(r.dronePortArchiveRoutes.remove, dronePortHandlers.remove)
    .openapi(r.dronePortArchiveRoutes.restore, dronePortHandlers.restore)
    .openapi(r.droneRouteArchiveRoutes.list, droneRouteHandlers.list)
    .openapi(r.createDroneRouteRoute, createHandler(droneRoutes.create))
    .openapi(r.patchDroneRouteRoute, replaceHandler(droneRoutes.patch))
    .openapi(r.droneRouteArchiveRoutes.remove, droneRouteHandlers.remove)
    .openapi(r.droneRouteArchiveRoutes.restore, droneRouteHandlers.restore)
    .openapi(r.suspendDroneRouteRoute, suspendDroneRouteHandler)
    .openapi(r.liftSuspensionRoute, liftSuspensionHandler);
}
