import type { MapConfig } from "@tsunagu/contract";
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
  (window as unknown as { tsunaguMap?: maplibregl.Map }).tsunaguMap = map;
  return map;
}
