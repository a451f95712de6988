import type { RouteHandler } from "@hono/zod-openapi";
import { findMunicipality, listMunicipalities as listMunicipalityRows, loadMapLayerRows } from "@tsunagu/db";
import type { AppEnv } from "../../lib/env";
import { ApiProblem } from "../../lib/problem";
import { toMapLayers, toMunicipality } from "./map.convert";
import type { getMapConfig, getMapLayers, listMunicipalities } from "./map.routes";

export const mapConfigHandler: RouteHandler<typeof getMapConfig, AppEnv> = (c) => {
  const { config } = c.get("deps");
  return c.json({ tileUrl: config.TILE_URL, tileAttribution: config.TILE_ATTRIBUTION }, 200);
};

export const mapLayersHandler: RouteHandler<typeof getMapLayers, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { db } = c.get("deps").database;
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new ApiProblem(404, "not_found", `No municipality ${code}.`);
  const rows = await loadMapLayerRows(db, code);
  return c.json(toMapLayers(toMunicipality(municipality), municipality.boundaryGeojson, rows), 200);
};

export const listMunicipalitiesHandler: RouteHandler<typeof listMunicipalities, AppEnv> = async (c) => {
  const rows = await listMunicipalityRows(c.get("deps").database.db);
  return c.json({ items: rows.map(toMunicipality) }, 200);
};
