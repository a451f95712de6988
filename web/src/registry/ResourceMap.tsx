import type { FeatureCollection, MapConfig } from "@tsunagu/contract";
import type * as maplibregl from "maplibre-gl";
import { createEffect, createSignal } from "solid-js";
import { fitTo, markReadyWhenIdle, popupNameOnClick } from "../map/baseMap";
import { MapView } from "../map/MapView";

/** Layer ids, also used by the browser tests' queryRenderedFeatures. */
export const RESOURCE_LINES = "resource-lines";
export const RESOURCE_POINTS = "resource-points";

export interface ResourceMapProps {
  config: MapConfig;
  /** Where to look when there is nothing to fit yet. */
  centre: { lat: number; lon: number };
  /** Lines (a bus route, drone routes); property `color` overrides the default, `dashed` draws a dashed line. */
  lines: FeatureCollection;
  /** Points (stops, ports), with a `name` shown on click. */
  points: FeatureCollection;
  label: string;
  /** Called with the clicked position, when the page lets staff place something by clicking. */
  onPick?: (lat: number, lon: number) => void;
}

/**
 * A small MapLibre map for one registry screen: a set of lines and a set of
 * points, refitted whenever they change. Like the town map, it drops the
 * base-map tiles when they cannot load and keeps drawing its own layers.
 */
export function ResourceMap(props: ResourceMapProps) {
  const [map, setMap] = createSignal<maplibregl.Map>();

  function addLayers(m: maplibregl.Map) {
    m.addSource(RESOURCE_LINES, { type: "geojson", data: props.lines as GeoJSON.FeatureCollection });
    m.addSource(RESOURCE_POINTS, { type: "geojson", data: props.points as GeoJSON.FeatureCollection });
    m.addLayer({
      id: RESOURCE_LINES,
      type: "line",
      source: RESOURCE_LINES,
      filter: ["!=", ["get", "dashed"], true],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": ["coalesce", ["get", "color"], "#0b5fff"], "line-width": 5 },
    });
    m.addLayer({
      id: `${RESOURCE_LINES}-dashed`,
      type: "line",
      source: RESOURCE_LINES,
      filter: ["==", ["get", "dashed"], true],
      paint: {
        "line-color": ["coalesce", ["get", "color"], "#047857"],
        "line-width": 4,
        "line-dasharray": [1, 1.5],
      },
    });
    m.addLayer({
      id: RESOURCE_POINTS,
      type: "circle",
      source: RESOURCE_POINTS,
      paint: {
        "circle-color": ["coalesce", ["get", "color"], "#0b3d91"],
        "circle-radius": 7,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
    popupNameOnClick(m, [RESOURCE_POINTS]);
    m.on("click", (event) => props.onPick?.(event.lngLat.lat, event.lngLat.lng));
    setMap(m);
  }

  // Redraw and refit when the page gives new lines or points (another route chosen, a port added).
  createEffect(() => {
    const lines = props.lines;
    const points = props.points;
    const m = map();
    if (!m) return;
    (m.getSource(RESOURCE_LINES) as maplibregl.GeoJSONSource).setData(lines as GeoJSON.FeatureCollection);
    (m.getSource(RESOURCE_POINTS) as maplibregl.GeoJSONSource).setData(points as GeoJSON.FeatureCollection);
    fitTo(
      m,
      {
        type: "FeatureCollection",
        features: [...lines.features, ...points.features],
      } as GeoJSON.FeatureCollection,
      {
        padding: 40,
        maxZoom: 15,
      },
    );
    markReadyWhenIdle(m);
  });

  return (
    <MapView
      config={props.config}
      centre={props.centre}
      zoom={12}
      label={props.label}
      testId="resource-map"
      class="resource-map"
      onLoad={addLayers}
    />
  );
}
