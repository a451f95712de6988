import { createRoute } from "@hono/zod-openapi";
import {
  MapConfigSchema,
  MapLayersSchema,
  MunicipalityCodeSchema,
  MunicipalitySchema,
} from "@tsunagu/contract";
import { z } from "zod";

export const getMapConfig = createRoute({
  method: "get",
  path: "/api/v1/map-config",
  tags: ["map"],
  summary: "Base-map tile settings",
  responses: {
    200: {
      content: { "application/json": { schema: MapConfigSchema } },
      description: "Tile URL and attribution.",
    },
  },
});

export const getMapLayers = createRoute({
  method: "get",
  path: "/api/v1/municipalities/{code}/map-layers",
  tags: ["map"],
  summary: "A municipality's public map layers",
  description:
    "Boundary, places (clinic, shops, facilities, hub), bus stops and route lines, drone ports and routes. No personal data.",
  request: { params: z.object({ code: MunicipalityCodeSchema }) },
  responses: {
    200: {
      content: { "application/json": { schema: MapLayersSchema } },
      description: "The layers as GeoJSON.",
    },
  },
});

export const listMunicipalities = createRoute({
  method: "get",
  path: "/api/v1/municipalities",
  tags: ["map"],
  summary: "Municipalities on this platform (public facts only)",
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ items: z.array(MunicipalitySchema) }) } },
      description: "Every municipality, by code.",
    },
  },
});
