import type { FeatureCollection, MapConfig } from "@tsunagu/contract";
import bbox from "@turf/bbox";
import * as maplibregl from "maplibre-gl";
import { createEffect, createSignal, onCleanup, onMount, Show } from "solid-js";
import { t } from "../i18n";
import { createBaseMap } from "../map/baseMap";
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
  let container!: HTMLElement;
  const [tilesOffline, setTilesOffline] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  let map: maplibregl.Map | undefined;

  onMount(() => {
    const all = [...props.lines.features, ...props.points.features, ...props.hubs.features];
    const [w, s, e, n] = all.length
      ? bbox({ type: "FeatureCollection", features: all } as never)
      : [0, 0, 0, 0];
    const m = createBaseMap({
      container,
      config: props.config,
      centre: { lat: (s + n) / 2, lon: (w + e) / 2 },
      zoom: 12,
      onTilesOffline: () => setTilesOffline(true),
    });
    map = m;
    m.on("load", () => {
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
      m.addLayer({
        id: `${PLAN_LEGS}-bus`,
        type: "line",
        source: PLAN_ROUTES,
        filter: ["==", ["get", "kind"], "bus"],
        paint: { "line-color": ["get", "color"], "line-width": 4, "line-dasharray": [3, 2] },
      });
      m.addLayer({
        id: `${PLAN_LEGS}-drone`,
        type: "line",
        source: PLAN_ROUTES,
        filter: ["==", ["get", "kind"], "drone"],
        paint: { "line-color": ["get", "color"], "line-width": 4, "line-dasharray": [0.5, 1.5] },
        layout: { "line-cap": "round" },
      });
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
      for (const id of [PLAN_STOPS, PLAN_HUBS, `${PLAN_LEGS}-bus`, `${PLAN_LEGS}-drone`])
        m.on("click", id, (event) => {
          const name = event.features?.[0]?.properties?.name;
          if (typeof name === "string")
            new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat).setText(name).addTo(m);
        });
      if (all.length > 0) m.fitBounds([w, s, e, n], { padding: 40, duration: 0, maxZoom: 15 });
      setLoaded(true);
    });
    onCleanup(() => m.remove());
  });

  // New plan data (after a move, approval or rejection): replace the sources, keep the view.
  createEffect(() => {
    const lines = props.lines;
    const points = props.points;
    const hubs = props.hubs;
    if (!loaded() || !map) return;
    (map.getSource(PLAN_ROUTES) as maplibregl.GeoJSONSource).setData(lines as GeoJSON.FeatureCollection);
    (map.getSource(PLAN_STOPS) as maplibregl.GeoJSONSource).setData(points as GeoJSON.FeatureCollection);
    (map.getSource(PLAN_HUBS) as maplibregl.GeoJSONSource).setData(hubs as GeoJSON.FeatureCollection);
    container.dataset.ready = "false";
    map.once("idle", () => {
      container.dataset.ready = "true";
    });
  });

  createEffect(() => {
    const selected = props.selected;
    if (!loaded() || !map) return;
    map.setPaintProperty(PLAN_ROUTES, "line-opacity", emphasis(selected, 1, 0.2));
    map.setPaintProperty(PLAN_ROUTES, "line-width", emphasis(selected, 7, 3));
    map.setPaintProperty(PLAN_STOPS, "circle-opacity", emphasis(selected, 1, 0.25));
    map.setPaintProperty(PLAN_STOPS, "circle-stroke-opacity", emphasis(selected, 1, 0.25));
    container.dataset.selected = selected ?? "";
  });

  return (
    <div class="map-wrap">
      <Show when={tilesOffline()}>
        <p class="notice" role="status">
          {t("map.tilesOffline")}
        </p>
      </Show>
      <section ref={container} class="map plan-map" aria-label={props.label} data-testid="plan-map" />
    </div>
  );
}
