import {
  type Feature,
  type FeatureCollection,
  FeatureSchema,
  type MapLayers,
  type Municipality,
} from "@tsunagu/contract";
import type { MapLayerRows, MunicipalityRow } from "@tsunagu/db";

const point = (lon: number, lat: number) => ({ type: "Point", coordinates: [lon, lat] });
const collection = (features: Feature[]): FeatureCollection => ({ type: "FeatureCollection", features });

export function toMunicipality(row: MunicipalityRow): Municipality {
  return {
    code: row.code,
    name: row.name,
    nameKana: row.nameKana,
    nameEn: row.nameEn,
    prefecture: row.prefecture,
    fictional: row.fictional,
    centre: { lat: row.centreLat, lon: row.centreLon },
  };
}

/** Database rows → the GeoJSON layers the map page draws. */
export function toMapLayers(
  municipality: Municipality,
  boundaryGeojson: string | null,
  rows: MapLayerRows,
): MapLayers {
  const stopsByKey = new Map(rows.stopRows.map((s) => [`${s.feedId}\u0000${s.stopId}`, s]));
  const placesById = new Map(rows.placeRows.map((p) => [p.id, p]));
  const portsById = new Map(rows.portRows.map((p) => [p.id, p]));
  const routeLines: Feature[] = [];
  for (const route of rows.routeRows) {
    const sequence = rows.routeStopSequences.get(`${route.feedId}\u0000${route.routeId}`);
    const coordinates = (sequence?.stopIds ?? [])
      .map((id) => stopsByKey.get(`${route.feedId}\u0000${id}`))
      .filter((s) => s !== undefined)
      .map((s) => [s.lon, s.lat]);
    if (coordinates.length < 2) continue;
    routeLines.push({
      type: "Feature",
      id: `${route.feedId}:${route.routeId}`,
      geometry: { type: "LineString", coordinates },
      properties: {
        routeId: route.routeId,
        name: route.longName || route.shortName || route.routeId,
        color: route.color ? `#${route.color}` : null,
      },
    });
  }
  return {
    municipality,
    boundary: boundaryGeojson ? FeatureSchema.parse(JSON.parse(boundaryGeojson)) : null,
    places: collection(
      rows.placeRows.map((p) => ({
        type: "Feature",
        id: p.id,
        geometry: point(p.lon, p.lat),
        properties: { id: p.id, kind: p.kind, name: p.name, nameEn: p.nameEn },
      })),
    ),
    stops: collection(
      rows.stopRows
        .filter((s) => s.locationType === 0)
        .map((s) => ({
          type: "Feature",
          id: `${s.feedId}:${s.stopId}`,
          geometry: point(s.lon, s.lat),
          properties: { stopId: s.stopId, name: s.name },
        })),
    ),
    routes: collection(routeLines),
    dronePorts: collection(
      rows.portRows.map((p) => ({
        type: "Feature",
        id: p.id,
        geometry: point(p.lon, p.lat),
        properties: { id: p.id, name: p.name },
      })),
    ),
    droneRoutes: collection(
      rows.droneRouteRows.flatMap((r) => {
        const from = portsById.get(r.fromPortId);
        const to = portsById.get(r.toPortId);
        if (!from || !to) return [];
        return [
          {
            type: "Feature" as const,
            id: r.id,
            geometry: {
              type: "LineString",
              coordinates: [
                [from.lon, from.lat],
                [to.lon, to.lat],
              ],
            },
            properties: { id: r.id, maxPayloadKg: r.maxPayloadKg, from: from.name, to: to.name },
          },
        ];
      }),
    ),
    hubs: collection(
      rows.hubRows.flatMap((h) => {
        const place = placesById.get(h.placeId);
        if (!place) return [];
        return [
          {
            type: "Feature" as const,
            id: h.id,
            geometry: point(place.lon, place.lat),
            properties: { id: h.id, name: place.name, opensAt: h.opensAt, closesAt: h.closesAt },
          },
        ];
      }),
    ),
  };
}
