import type { FeatureCollection, MapConfig } from "@tsunagu/contract";
import bbox from "@turf/bbox";
import type * as maplibregl from "maplibre-gl";
import { createEffect, createSignal } from "solid-js";
import { fitTo, markReadyWhenIdle, popupNameOnClick } from "../map/baseMap";
import { MapView } from "../map/MapView";
import { layerColours } from "../map/TownMap";

/** Layer ids, also used by the browser test's queryRenderedFeatures. */
export const PLAN_ROUTES = "plan-routes";
export const PLAN_LEGS = "plan-legs";
export const PLAN_STOPS = "plan-stops";
export const PLAN_HUBS = "plan-hubs";

export interface PlanMapProps {
  config: MapConfig;
  /** Vehicle routes, and bus/drone legs (property `kind` = vehicle | bus | drone, `key`, `color`). */
  lines: FeatureCollection;
  /** Route stops (property `key` of their route, `color`, `name`). */
  points: FeatureCollection;
  hubs: FeatureCollection;
  /** The highlighted route's key, or null for all alike. */
  selected: string | null;
  onSelect: (key: string) => void;
  label: string;
}

/** An expression that keeps the selected route strong and fades the others (all strong when none is). */
const emphasis = (
  selected: string | null,
  strong: number,
  faint: number,
): maplibregl.ExpressionSpecification =>
  selected === null ? ["literal", strong] : ["case", ["==", ["get", "key"], selected], strong, faint];

/**
 * The plan on a map: each vehicle's route as a coloured line through its
 * stops in order, bus legs dashed green, drone legs dotted purple, hubs as
 * large dark-ringed points. Clicking a route or a stop highlights that
 * vehicle; the page offers the same choice as buttons for keyboard users.
 */
export function PlanMap(props: PlanMapProps) {
  const [map, setMap] = createSignal<maplibregl.Map>();
  // The first plan's extent, fixed: later changes (a move, an approval) keep the view the coordinator has.
  const all: GeoJSON.FeatureCollection = {
    type: "FeatureCollection",
    features: [
      ...props.lines.features,
      ...props.points.features,
      ...props.hubs.features,
    ] as GeoJSON.Feature[],
  };
  const [w, s, e, n] = all.features.length ? bbox(all) : [0, 0, 0, 0];

  function addLayers(m: maplibregl.Map) {
    const source = (id: string, data: FeatureCollection) =>
      m.addSource(id, { type: "geojson", data: data as GeoJSON.FeatureCollection });
    source(PLAN_ROUTES, props.lines);
    source(PLAN_STOPS, props.points);
    source(PLAN_HUBS, props.hubs);
    m.addLayer({
      id: PLAN_ROUTES,
      type: "line",
      source: PLAN_ROUTES,
      filter: ["==", ["get", "kind"], "vehicle"],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": ["get", "color"], "line-width": 4 },
    });
    // Legs nobody of the municipality drives: a bus dashed, a drone flight dotted.
    for (const [kind, dashes, cap] of [
      ["bus", [3, 2], "butt"],
      ["drone", [0.5, 1.5], "round"],
    ] as const) {
      m.addLayer({
        id: `${PLAN_LEGS}-${kind}`,
        type: "line",
        source: PLAN_ROUTES,
        filter: ["==", ["get", "kind"], kind],
        paint: { "line-color": ["get", "color"], "line-width": 4, "line-dasharray": [...dashes] },
        layout: { "line-cap": cap },
      });
    }
    m.addLayer({
      id: PLAN_STOPS,
      type: "circle",
      source: PLAN_STOPS,
      paint: {
        "circle-color": ["get", "color"],
        "circle-radius": 5,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    });
    m.addLayer({
      id: PLAN_HUBS,
      type: "circle",
      source: PLAN_HUBS,
      paint: {
        "circle-color": layerColours.hub,
        "circle-radius": 11,
        "circle-stroke-color": "#111827",
        "circle-stroke-width": 3,
      },
    });
    for (const id of [PLAN_ROUTES, PLAN_STOPS]) {
      m.on("click", id, (event) => {
        const key = event.features?.[0]?.properties?.key;
        if (typeof key === "string") props.onSelect(key);
      });
      m.on("mouseenter", id, () => {
        m.getCanvas().style.cursor = "pointer";
      });
      m.on("mouseleave", id, () => {
        m.getCanvas().style.cursor = "";
      });
    }
    popupNameOnClick(m, [PLAN_STOPS, PLAN_HUBS, `${PLAN_LEGS}-bus`, `${PLAN_LEGS}-drone`]);
    fitTo(m, all, { padding: 40, maxZoom: 15 });
    setMap(m);
  }

  // New plan data (after a move, approval or rejection): replace the sources, keep the view.
  createEffect(() => {
    const lines = props.lines;
    const points = props.points;
    const hubs = props.hubs;
    const m = map();
    if (!m) return;
    (m.getSource(PLAN_ROUTES) as maplibregl.GeoJSONSource).setData(lines as GeoJSON.FeatureCollection);
    (m.getSource(PLAN_STOPS) as maplibregl.GeoJSONSource).setData(points as GeoJSON.FeatureCollection);
    (m.getSource(PLAN_HUBS) as maplibregl.GeoJSONSource).setData(hubs as GeoJSON.FeatureCollection);
    markReadyWhenIdle(m);
  });

  createEffect(() => {
    const selected = props.selected;
    const m = map();
    if (!m) return;
    m.setPaintProperty(PLAN_ROUTES, "line-opacity", emphasis(selected, 1, 0.2));
    m.setPaintProperty(PLAN_ROUTES, "line-width", emphasis(selected, 7, 3));
    m.setPaintProperty(PLAN_STOPS, "circle-opacity", emphasis(selected, 1, 0.25));
    m.setPaintProperty(PLAN_STOPS, "circle-stroke-opacity", emphasis(selected, 1, 0.25));
    m.getContainer().dataset.selected = selected ?? "";
  });

  return (
    <MapView
      config={props.config}
      centre={{ lat: (s + n) / 2, lon: (w + e) / 2 }}
      zoom={12}
      label={props.label}
      testId="plan-map"
      class="plan-map"
      onLoad={addLayers}
    />
  );
}
