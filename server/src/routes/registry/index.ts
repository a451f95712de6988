import { createRouter } from "../../lib/router";
import * as h from "./registry.handlers";
import * as r from "./registry.routes";

/** Organisations, vehicles, drivers, residents, places, hubs, drone ports and routes. */
export function registryRoutes() {
  return createRouter()
    .openapi(r.organisationRoutes.list, h.listOrganisationsHandler)
    .openapi(r.organisationRoutes.get, h.getOrganisationHandler)
    .openapi(r.organisationRoutes.create, h.createOrganisationHandler)
    .openapi(r.organisationRoutes.replace, h.replaceOrganisationHandler)
    .openapi(r.organisationRoutes.remove, h.removeOrganisationHandler)
    .openapi(r.vehicleRoutes.list, h.listVehiclesHandler)
    .openapi(r.vehicleRoutes.get, h.getVehicleHandler)
    .openapi(r.vehicleRoutes.create, h.createVehicleHandler)
    .openapi(r.vehicleRoutes.replace, h.replaceVehicleHandler)
    .openapi(r.vehicleRoutes.remove, h.removeVehicleHandler)
    .openapi(r.driverRoutes.list, h.listDriversHandler)
    .openapi(r.driverRoutes.get, h.getDriverHandler)
    .openapi(r.driverRoutes.create, h.createDriverHandler)
    .openapi(r.driverRoutes.replace, h.replaceDriverHandler)
    .openapi(r.driverRoutes.remove, h.removeDriverHandler)
    .openapi(r.residentRoutes.list, h.listResidentsHandler)
    .openapi(r.residentRoutes.get, h.getResidentHandler)
    .openapi(r.residentRoutes.create, h.createResidentHandler)
    .openapi(r.residentRoutes.replace, h.replaceResidentHandler)
    .openapi(r.listPlacesRoute, h.listPlacesHandler)
    .openapi(r.listHubsRoute, h.listHubsHandler)
    .openapi(r.createHubRoute, h.createHubHandler)
    .openapi(r.replaceHubRoute, h.replaceHubHandler)
    .openapi(r.listDronePortsRoute, h.listDronePortsHandler)
    .openapi(r.createDronePortRoute, h.createDronePortHandler)
    .openapi(r.listDroneRoutesRoute, h.listDroneRoutesHandler)
    .openapi(r.createDroneRouteRoute, h.createDroneRouteHandler)
    .openapi(r.suspendDroneRouteRoute, h.suspendDroneRouteHandler)
    .openapi(r.liftSuspensionRoute, h.liftSuspensionHandler);
}
