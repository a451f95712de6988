import type { CoverageResponse, Feature, MapConfig } from "@tsunagu/contract";
import * as maplibregl from "maplibre-gl";
import { createEffect, createSignal } from "solid-js";
import { t } from "../i18n";
import { addBoundary, markReadyWhenIdle } from "../map/baseMap";
import { MapView } from "../map/MapView";

/** What the choropleth shows. */
export type CoverageMetric = "population" | "share75";

/**
 * Colours: a sequential blue ramp for the choropleth (colour-blind safe), a
 * magenta outline plus black hatching for blank cells (readable on any blue
 * and in greyscale print), green for cells a what-if serves, orange zones.
 */
export const coverageColours = {
  ramp: ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"],
  blank: "#c2185b",
  changed: "#00875a",
  zone: "#e65100",
  stop: "#0b3d91",
  stopIdle: "#6b7280",
  draft: "#7c3aed",
} as const;

/** Class breaks of the choropleth, per metric (people per 500 m cell; share of 75+). */
export const metricBreaks: Record<CoverageMetric, readonly number[]> = {
  population: [0, 10, 50, 150, 400],
  share75: [0, 0.15, 0.25, 0.35, 0.45],
};

const EMPTY: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

/** An 8×8 diagonal hatch, drawn once into an image MapLibre can repeat as a fill pattern. */
function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 8;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x + y) % size < 2) data.set([17, 24, 39, 200], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

function choroplethColour(metric: CoverageMetric): maplibregl.ExpressionSpecification {
  const breaks = metricBreaks[metric];
  const stops = breaks.flatMap((b, i) => [b, coverageColours.ramp[i] as string]);
  return [
    "interpolate",
    ["linear"],
    ["to-number", ["get", metric === "population" ? "population" : "share75"]],
    ...stops,
  ];
}

export interface CoverageMapProps {
  config: MapConfig;
  centre: { lat: number; lon: number };
  boundary: Feature | null;
  result: CoverageResponse | undefined;
  metric: CoverageMetric;
  /** Corners of the zone being drawn, [lon, lat]. */
  draft: readonly [number, number][];
  drawing: boolean;
  onMapClick: (lonLat: [number, number]) => void;
  label: string;
}

/** Areas of `source` (those `filter` keeps) drawn as a fill layer and an outline layer above it. */
function addOutlinedArea(
  m: maplibregl.Map,
  source: string,
  [fillId, lineId]: [string, string],
  style: {
    filter?: maplibregl.FilterSpecification;
    fill: maplibregl.FillLayerSpecification["paint"];
    line: maplibregl.LineLayerSpecification["paint"];
  },
) {
  const filter = style.filter ? { filter: style.filter } : {};
  m.addLayer({ id: fillId, type: "fill", source, ...filter, paint: style.fill });
  m.addLayer({ id: lineId, type: "line", source, ...filter, paint: style.line });
}

/**
 * The 交通空白 map: mesh choropleth, blank cells hatched and outlined, cells a
 * what-if serves, stops sized by departures, what-if zones and the zone being
 * drawn. Without base-map tiles it falls back to a plain background, as the
 * town map does.
 */
export function CoverageMap(props: CoverageMapProps) {
  const [map, setMap] = createSignal<maplibregl.Map>();
  const source = (id: string) => map()?.getSource(id) as maplibregl.GeoJSONSource | undefined;

  function addLayers(m: maplibregl.Map) {
    m.addImage("hatch", hatchImage());
    for (const id of ["cells", "zones", "stops", "draft"]) m.addSource(id, { type: "geojson", data: EMPTY });
    const blank: maplibregl.FilterSpecification = ["==", ["get", "servedAfter"], false];
    const changed: maplibregl.FilterSpecification = ["==", ["get", "changed"], true];
    addOutlinedArea(m, "cells", ["coverage-cells", "coverage-cells-line"], {
      fill: { "fill-color": choroplethColour(props.metric), "fill-opacity": 0.75 },
      line: { "line-color": "#ffffff", "line-width": 0.5, "line-opacity": 0.6 },
    });
    addOutlinedArea(m, "cells", ["coverage-blank-hatch", "coverage-blank-line"], {
      filter: blank,
      fill: { "fill-pattern": "hatch" },
      line: { "line-color": coverageColours.blank, "line-width": 2 },
    });
    addOutlinedArea(m, "cells", ["coverage-changed", "coverage-changed-line"], {
      filter: changed,
      fill: { "fill-color": coverageColours.changed, "fill-opacity": 0.55 },
      line: { "line-color": coverageColours.changed, "line-width": 2.5 },
    });
    if (props.boundary) addBoundary(m, props.boundary as GeoJSON.Feature);
    addOutlinedArea(m, "zones", ["coverage-zones", "coverage-zones-line"], {
      fill: { "fill-color": coverageColours.zone, "fill-opacity": 0.15 },
      line: { "line-color": coverageColours.zone, "line-width": 2.5, "line-dasharray": [2, 1] },
    });
    m.addLayer({
      id: "coverage-stops",
      type: "circle",
      source: "stops",
      paint: {
        "circle-color": [
          "case",
          ["==", ["get", "qualifies"], true],
          coverageColours.stop,
          coverageColours.stopIdle,
        ],
        // Area grows with departures, so a stop with 4× the service looks 4× as big.
        "circle-radius": [
          "interpolate",
          ["linear"],
          ["sqrt", ["to-number", ["get", "departures"]]],
          0,
          3,
          8,
          14,
        ],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    });
    m.addLayer({
      id: "coverage-draft-line",
      type: "line",
      source: "draft",
      paint: { "line-color": coverageColours.draft, "line-width": 3 },
    });
    m.addLayer({
      id: "coverage-draft-points",
      type: "circle",
      source: "draft",
      filter: ["==", ["geometry-type"], "Point"],
      paint: { "circle-color": coverageColours.draft, "circle-radius": 6 },
    });
    m.on("click", "coverage-stops", (event) => {
      if (props.drawing) return;
      const p = event.features?.[0]?.properties;
      if (!p) return;
      new maplibregl.Popup()
        .setLngLat(event.lngLat)
        .setText(t("coverage.stopPopup", { name: String(p.name), departures: String(p.departures) }))
        .addTo(m);
    });
    m.on("click", (event) => {
      if (props.drawing) props.onMapClick([event.lngLat.lng, event.lngLat.lat]);
    });
    setMap(m);
  }

  // Redraw the analysis whenever a new result arrives; "ready" once it is on screen.
  createEffect(() => {
    const result = props.result;
    const m = map();
    if (!m) return;
    source("cells")?.setData((result?.cells ?? EMPTY) as GeoJSON.FeatureCollection);
    source("stops")?.setData((result?.stops ?? EMPTY) as GeoJSON.FeatureCollection);
    source("zones")?.setData((result?.whatIf?.zones ?? EMPTY) as GeoJSON.FeatureCollection);
    if (!result) {
      m.getContainer().dataset.ready = "false";
      return;
    }
    const stamp = `${result.params.date}|${result.totals.blankPopulation}|${result.whatIf?.after.blankPopulation ?? ""}`;
    // The stamp names the result on screen, so a test can wait for this one rather than the one before.
    markReadyWhenIdle(m, () => {
      m.getContainer().dataset.result = stamp;
    });
    m.triggerRepaint();
  });

  createEffect(() => {
    const metric = props.metric;
    const m = map();
    if (m?.getLayer("coverage-cells"))
      m.setPaintProperty("coverage-cells", "fill-color", choroplethColour(metric));
  });

  createEffect(() => {
    const pts = props.draft;
    if (!map()) return;
    const features: GeoJSON.Feature[] = pts.map((p) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [...p] },
      properties: {},
    }));
    if (pts.length >= 2) {
      features.push({
        type: "Feature",
        geometry: {
          type: "LineString",
          coordinates: [...pts, ...(pts.length >= 3 ? [pts[0]] : [])] as number[][],
        },
        properties: {},
      });
    }
    source("draft")?.setData({ type: "FeatureCollection", features });
  });

  createEffect(() => {
    const cursor = props.drawing ? "crosshair" : "";
    const m = map();
    if (m) m.getCanvas().style.cursor = cursor;
  });

  return (
    <MapView
      config={props.config}
      centre={props.centre}
      zoom={10}
      label={props.label}
      testId="coverage-map"
      onLoad={addLayers}
    />
  );
}
