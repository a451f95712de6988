import type { MapConfig, MapLayers } from "@tsunagu/contract";
import type * as maplibregl from "maplibre-gl";
import { addBoundary, BOUNDARY_COLOUR, markReadyWhenIdle, popupNameOnClick } from "./baseMap";
import { MapView } from "./MapView";

/** Colours chosen for contrast on the pale base map and for colour-blind readers. */
export const layerColours = {
  boundary: BOUNDARY_COLOUR,
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
    addBoundary(map, layers.boundary as GeoJSON.Feature);
    // A pale tint inside the boundary, under its line.
    map.addLayer(
      {
        id: "boundary-fill",
        type: "fill",
        source: "boundary",
        paint: { "fill-color": "#fde68a", "fill-opacity": 0.15 },
      },
      "boundary-line",
    );
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
  popupNameOnClick(map, ["stops", "places", "hubs", "drone-ports"]);
}

export interface TownMapProps {
  config: MapConfig;
  layers: MapLayers;
  label: string;
}

/**
 * The town on a MapLibre map, fitted to its boundary. When the base-map tiles
 * cannot load (a closed network, no internet) a plain background remains, so
 * the town's own layers still show.
 */
export function TownMap(props: TownMapProps) {
  return (
    <MapView
      config={props.config}
      centre={props.layers.municipality.centre}
      zoom={10}
      label={props.label}
      testId="town-map"
      onLoad={(map) => {
        addTownLayers(map, props.layers);
        markReadyWhenIdle(map);
      }}
    />
  );
}
