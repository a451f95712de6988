import type { MapConfig, MapLayers } from "@tsunagu/contract";
import bbox from "@turf/bbox";
import type { StyleSpecification } from "maplibre-gl";
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
// MapLibre 6 ships its tile worker as a separate module; Vite bundles it and gives us its URL.
import maplibreWorkerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url";
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { t } from "../i18n";

/** Colours chosen for contrast on the pale base map and for colour-blind readers. */
export const layerColours = {
  boundary: "#1f2937",
  route: "#0b5fff",
  stop: "#0b3d91",
  place: "#b45309",
  hub: "#7c3aed",
  dronePort: "#047857",
  droneRoute: "#047857",
} as const;

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

/** Adds the town's own GeoJSON layers; they do not depend on the base map. */
function addTownLayers(map: maplibregl.Map, layers: MapLayers) {
  const add = (id: string, data: GeoJSON.GeoJSON) => map.addSource(id, { type: "geojson", data });
  if (layers.boundary) {
    add("boundary", layers.boundary as GeoJSON.Feature);
    map.addLayer({
      id: "boundary-fill",
      type: "fill",
      source: "boundary",
      paint: { "fill-color": "#fde68a", "fill-opacity": 0.15 },
    });
    map.addLayer({
      id: "boundary-line",
      type: "line",
      source: "boundary",
      paint: { "line-color": layerColours.boundary, "line-width": 2.5, "line-dasharray": [3, 2] },
    });
  }
  add("routes", layers.routes as GeoJSON.FeatureCollection);
  map.addLayer({
    id: "routes",
    type: "line",
    source: "routes",
    layout: { "line-cap": "round", "line-join": "round" },
    paint: { "line-color": ["coalesce", ["get", "color"], layerColours.route], "line-width": 4 },
  });
  add("drone-routes", layers.droneRoutes as GeoJSON.FeatureCollection);
  map.addLayer({
    id: "drone-routes",
    type: "line",
    source: "drone-routes",
    paint: { "line-color": layerColours.droneRoute, "line-width": 3, "line-dasharray": [1, 1.5] },
  });
  const circles = (id: string, data: GeoJSON.FeatureCollection, colour: string, radius: number) => {
    add(id, data);
    map.addLayer({
      id,
      type: "circle",
      source: id,
      paint: {
        "circle-color": colour,
        "circle-radius": radius,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
  };
  circles("stops", layers.stops as GeoJSON.FeatureCollection, layerColours.stop, 5);
  circles("places", layers.places as GeoJSON.FeatureCollection, layerColours.place, 8);
  circles("hubs", layers.hubs as GeoJSON.FeatureCollection, layerColours.hub, 11);
  circles("drone-ports", layers.dronePorts as GeoJSON.FeatureCollection, layerColours.dronePort, 9);

  for (const id of ["stops", "places", "hubs", "drone-ports"]) {
    map.on("click", id, (event) => {
      const feature = event.features?.[0];
      const name = feature?.properties?.name;
      if (!feature || typeof name !== "string") return;
      new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat).setText(name).addTo(map);
    });
  }
}

export interface TownMapProps {
  config: MapConfig;
  layers: MapLayers;
  label: string;
}

/**
 * The town on a MapLibre map. When the base-map tiles cannot load (a closed
 * network, no internet) the raster layer is hidden and a plain background
 * remains, so the town's own layers still show.
 */
export function TownMap(props: TownMapProps) {
  let container!: HTMLElement;
  const [tilesOffline, setTilesOffline] = createSignal(false);
  onMount(() => {
    const map = new maplibregl.Map({
      container,
      style: baseStyle(props.config),
      center: [props.layers.municipality.centre.lon, props.layers.municipality.centre.lat],
      zoom: 10,
      attributionControl: { compact: false },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    map.on("error", (event) => {
      if ((event as { sourceId?: string }).sourceId === "basemap" && !tilesOffline()) {
        setTilesOffline(true);
        // Drop the raster source entirely so MapLibre stops retrying tiles and can settle.
        if (map.getLayer("basemap")) map.removeLayer("basemap");
        if (map.getSource("basemap")) map.removeSource("basemap");
      }
    });
    map.on("load", () => {
      addTownLayers(map, props.layers);
      if (props.layers.boundary) {
        const [w, s, e, n] = bbox(props.layers.boundary as GeoJSON.Feature);
        map.fitBounds([w, s, e, n], { padding: 24, duration: 0 });
      }
      // "ready" once the town's layers have been drawn (tests and screen readers' live counts rely on it).
      map.once("idle", () => {
        container.dataset.ready = "true";
      });
    });
    // Exposed for the browser tests and for support staff debugging a report in the console.
    (window as unknown as { tsunaguMap?: maplibregl.Map }).tsunaguMap = map;
    onCleanup(() => map.remove());
  });
  return (
    <div class="map-wrap">
      <Show when={tilesOffline()}>
        <p class="notice" role="status">
          {t("map.tilesOffline")}
        </p>
      </Show>
      <section ref={container} class="map" aria-label={props.label} data-testid="town-map" />
    </div>
  );
}
