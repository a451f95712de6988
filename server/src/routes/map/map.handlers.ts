import type { RouteHandler } from "@hono/zod-openapi";
import { mapLayersOf, municipalitiesOnPlatform } from "../../domain/map/map";
import type { AppEnv } from "../../lib/env";
import { answer } from "../answer";
import * as r from "./map.routes";

/** The base map is the server's configuration (tile server and its attribution), not a domain fact. */
export const mapConfigHandler: RouteHandler<typeof r.getMapConfig, AppEnv> = (c) => {
  const { config } = c.get("deps");
  return c.json({ tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION }, 200);
};

export const mapLayersHandler = answer(r.getMapLayers, 200, (ctx, { param }) => mapLayersOf(ctx, param.code));

export const listMunicipalitiesHandler = answer(r.listMunicipalities, 200, (ctx) =>
  municipalitiesOnPlatform(ctx),
);
