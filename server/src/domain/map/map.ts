/**
 * The public map: the municipalities on the platform and one municipality's
 * layers (boundary, places, bus stops and lines, drone ports and routes,
 * hubs). Public facts only, never personal data, so no caller is needed.
 */
import type { MapLayers, Municipality } from "@tsunagu/contract";
import { listActiveMunicipalities, loadMapLayerRows } from "@tsunagu/db";
import { requireMunicipality } from "../access";
import type { DomainContext } from "../context";
import { toMapLayers, toMunicipality } from "./convert";

export async function municipalitiesOnPlatform(ctx: DomainContext): Promise<{ items: Municipality[] }> {
  return { items: (await listActiveMunicipalities(ctx.db)).map(toMunicipality) };
}

export async function mapLayersOf(ctx: DomainContext, code: string): Promise<MapLayers> {
  const municipality = await requireMunicipality(ctx.db, code);
  const rows = await loadMapLayerRows(ctx.db, code);
  return toMapLayers(
    toMunicipality(municipality),
    municipality.boundaryMapGeojson ?? municipality.boundaryGeojson,
    rows,
  );
}
