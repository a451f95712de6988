import type { MapConfig, MapLayers } from "@tsunagu/contract";
import bbox from "@turf/bbox";
import * as maplibregl from "maplibre-gl";
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { t } from "../i18n";
import { createBaseMap } from "./baseMap";

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
    const map = createBaseMap({
      container,
      config: props.config,
      centre: props.layers.municipality.centre,
      zoom: 10,
      onTilesOffline: () => setTilesOffline(true),
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
