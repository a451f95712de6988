import { createRouter } from "../../lib/router";
import { listMunicipalitiesHandler, mapConfigHandler, mapLayersHandler } from "./map.handlers";
import { getMapConfig, getMapLayers, listMunicipalities } from "./map.routes";

export function mapRoutes() {
  return createRouter()
    .openapi(getMapConfig, mapConfigHandler)
    .openapi(listMunicipalities, listMunicipalitiesHandler)
    .openapi(getMapLayers, mapLayersHandler);
}
