import type { MapConfig } from "@tsunagu/contract";
import bbox from "@turf/bbox";
import type { StyleSpecification } from "maplibre-gl";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
// MapLibre 6 ships its tile worker as a separate module; Vite bundles it and gives us its URL.
import maplibreWorkerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url";

maplibregl.setWorkerUrl(maplibreWorkerUrl);

/** The base map: a raster tile source over a plain background (the offline fallback keeps the background). */
export function baseStyle(config: MapConfig): StyleSpecification {
  return {
    version: 8,
    sources: {
      basemap: {
        type: "raster",
        tiles: [config.tileUrl],
        tileSize: 256,
        attribution: config.tileAttribution,
        maxzoom: 18,
      },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#f4f1ea" } },
      { id: "basemap", type: "raster", source: "basemap" },
    ],
  };
}

export interface BaseMapOptions {
  container: HTMLElement;
  config: MapConfig;
  centre: { lat: number; lon: number };
  zoom: number;
  /** Called once when the base-map tiles cannot load; the page says so, the map keeps its own layers. */
  onTilesOffline: () => void;
  /** The map element's test id: the map is also kept as `window.tsunaguMaps[id]`. */
  id: string;
  /**
   * A small map inside a form (a location picker): it does not take
   * `window.tsunaguMap` from the page's main map.
   */
  secondary?: boolean;
}

/**
 * Every Tsunagu map starts here: base map, zoom buttons, and the offline
 * fallback. When tiles fail (a closed municipal network, no internet) the
 * raster source is removed entirely, so MapLibre stops retrying and settles
 * with the plain background and the page's own GeoJSON layers.
 */
export function createBaseMap(options: BaseMapOptions): maplibregl.Map {
  const map = new maplibregl.Map({
    container: options.container,
    style: baseStyle(options.config),
    center: [options.centre.lon, options.centre.lat],
    zoom: options.zoom,
    attributionControl: { compact: false },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  let offline = false;
  map.on("error", (event) => {
    if ((event as { sourceId?: string }).sourceId !== "basemap" || offline) return;
    offline = true;
    if (map.getLayer("basemap")) map.removeLayer("basemap");
    if (map.getSource("basemap")) map.removeSource("basemap");
    options.onTilesOffline();
  });
  // Exposed for the browser tests and for support staff debugging a report in the console.
  const exposed = window as unknown as {
    tsunaguMap?: maplibregl.Map;
    tsunaguMaps?: Record<string, maplibregl.Map>;
  };
  if (!options.secondary) exposed.tsunaguMap = map;
  exposed.tsunaguMaps = { ...exposed.tsunaguMaps, [options.id]: map };
  return map;
}

/** The municipality's boundary, dark and dashed on every map (readable on the pale base map and in greyscale). */
export const BOUNDARY_COLOUR = "#1f2937";

/** Draws the municipality's boundary as a dashed line (source and layer "boundary", "boundary-line") and fits the view to it. */
export function addBoundary(map: maplibregl.Map, boundary: GeoJSON.Feature): void {
  map.addSource("boundary", { type: "geojson", data: boundary });
  map.addLayer({
    id: "boundary-line",
    type: "line",
    source: "boundary",
    paint: { "line-color": BOUNDARY_COLOUR, "line-width": 2.5, "line-dasharray": [3, 2] },
  });
  fitTo(map, boundary, { padding: 24 });
}

/** Moves the view, at once, to show all of `data` (nothing when it has no geometry). */
export function fitTo(
  map: maplibregl.Map,
  data: GeoJSON.GeoJSON,
  options: { padding: number; maxZoom?: number },
) {
  const [w, s, e, n] = bbox(data);
  if ([w, s, e, n].every(Number.isFinite)) map.fitBounds([w, s, e, n], { ...options, duration: 0 });
}

/** On a click on a feature of these layers, a popup with its `name` property. */
export function popupNameOnClick(map: maplibregl.Map, layerIds: readonly string[]): void {
  for (const id of layerIds)
    map.on("click", id, (event) => {
      const name = event.features?.[0]?.properties?.name;
      if (typeof name === "string")
        new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat).setText(name).addTo(map);
    });
}

/**
 * Marks the map's element `data-ready="true"` once what was just drawn is on
 * screen ("false" until then): the browser tests and a screen reader's live
 * counts wait for it.
 */
export function markReadyWhenIdle(map: maplibregl.Map, then?: () => void): void {
  const container = map.getContainer();
  container.dataset.ready = "false";
  map.once("idle", () => {
    container.dataset.ready = "true";
    then?.();
  });
}
