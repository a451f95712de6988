import {
  MapConfigSchema,
  MapLayersSchema,
  MunicipalityCodeSchema,
  MunicipalitySchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { itemsOf, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("map");

export const getMapConfig = route("get", "/api/v1/map-config", {
  summary: "Base-map tile settings",
  responses: { 200: jsonResponse(MapConfigSchema, "Tile URL and attribution.") },
});

export const getMapLayers = route("get", "/api/v1/municipalities/{code}/map-layers", {
  summary: "A municipality's public map layers",
  description:
    "Boundary, places (clinic, shops, facilities, hub), bus stops and route lines, drone ports and routes. No personal data.",
  request: { params: z.object({ code: MunicipalityCodeSchema }) },
  responses: { 200: jsonResponse(MapLayersSchema, "The layers as GeoJSON.") },
});

export const listMunicipalities = route("get", "/api/v1/municipalities", {
  summary: "Municipalities on this platform (public facts only)",
  responses: { 200: jsonResponse(itemsOf(MunicipalitySchema), "Every municipality, by code.") },
});
