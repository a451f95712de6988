import type { RouteHandler } from "@hono/zod-openapi";
import { mapLayersOf, municipalitiesOnPlatform } from "../../domain/map/map";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type { getMapConfig, getMapLayers, listMunicipalities } from "./map.routes";

/** The base map is the server's configuration (tile server and its attribution), not a domain fact. */
export const mapConfigHandler: RouteHandler<typeof getMapConfig, AppEnv> = (c) => {
  const { config } = c.get("deps");
  return c.json({ tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION }, 200);
};

export const mapLayersHandler: RouteHandler<typeof getMapLayers, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await mapLayersOf(domainContext(c), code), 200);
};

export const listMunicipalitiesHandler: RouteHandler<typeof listMunicipalities, AppEnv> = async (c) => {
  return c.json(await municipalitiesOnPlatform(domainContext(c)), 200);
};
