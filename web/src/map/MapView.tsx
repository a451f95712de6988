import type { MapConfig } from "@tsunagu/contract";
import type * as maplibregl from "maplibre-gl";
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { t } from "../i18n";
import { createBaseMap } from "./baseMap";

export interface MapViewProps {
  config: MapConfig;
  centre: { lat: number; lon: number };
  zoom: number;
  /** The map region's accessible name. */
  label: string;
  testId: string;
  /** Classes beside "map" (a page's own size). */
  class?: string;
  /** A map inside a form, beside the page's main map (see createBaseMap). */
  secondary?: boolean;
  /** Adds the page's sources and layers once the base style has loaded; the map is ready for effects after it. */
  onLoad: (map: maplibregl.Map) => void;
}

/**
 * The frame every Tsunagu map is drawn in: the base map, the notice shown
 * when its tiles cannot load (the page's own layers still draw), and the
 * map's removal when the page goes.
 */
export function MapView(props: MapViewProps) {
  let container!: HTMLElement;
  const [tilesOffline, setTilesOffline] = createSignal(false);
  onMount(() => {
    const map = createBaseMap({
      container,
      config: props.config,
      centre: props.centre,
      zoom: props.zoom,
      onTilesOffline: () => setTilesOffline(true),
      id: props.testId,
      secondary: props.secondary,
    });
    map.on("load", () => props.onLoad(map));
    onCleanup(() => map.remove());
  });
  return (
    <div class="map-wrap">
      <Show when={tilesOffline()}>
        <p class="notice" role="status">
          {t("map.tilesOffline")}
        </p>
      </Show>
      <section
        ref={container}
        class={props.class ? `map ${props.class}` : "map"}
        aria-label={props.label}
        data-testid={props.testId}
      />
    </div>
  );
}
