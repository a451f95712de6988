import CheapRuler from "cheap-ruler";
import Flatbush from "flatbush";
import { nodeLonLat, type RoadGraph } from "./graph";
import { HIGHWAY_CLASSES, type HighwayClass } from "./osm/tags";
import { canUse, type SpeedProfile } from "./profiles";
import type { Waypoint } from "./routing/waypoint";

/**
 * A static R-tree (Flatbush) over the bounding boxes of the graph's segments. Boxes live in a
 * local plane (longitude scaled by the cosine of the graph's middle latitude) so box distances
 * are proportional to metres; the exact distance to each candidate segment is then measured
 * with cheap-ruler.
 */
export interface SnapIndex {
  readonly index: Flatbush;
  /** The forward edge of each indexed segment. */
  readonly segmentEdge: Uint32Array;
  /** Scale of longitude in the index plane. */
  readonly lonScale: number;
  /** Metres per index unit (a degree of latitude) at the graph's middle latitude. */
  readonly metresPerUnit: number;
}

export function buildSnapIndex(graph: RoadGraph): SnapIndex {
  const edges: number[] = [];
  for (let e = 0; e < graph.edgeHead.length; e++) if (e < (graph.edgeTwin[e] as number)) edges.push(e);
  let south = Infinity;
  let north = -Infinity;
  for (let n = 0; n < graph.nodeCount; n++) {
    const lat = (graph.nodeLat[n] as number) / 1e7;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  const middle = Number.isFinite(south) ? (south + north) / 2 : 0;
  const ruler = new CheapRuler(middle, "meters");
  const lonScale = ruler.kx / ruler.ky;
  const index = new Flatbush(Math.max(1, edges.length));
  for (const e of edges) {
    const [x0, y0] = nodeLonLat(graph, graph.edgeHead[graph.edgeTwin[e] as number] as number);
    const [x1, y1] = nodeLonLat(graph, graph.edgeHead[e] as number);
    index.add(Math.min(x0, x1) * lonScale, Math.min(y0, y1), Math.max(x0, x1) * lonScale, Math.max(y0, y1));
  }
  if (edges.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { index, segmentEdge: Uint32Array.from(edges), lonScale, metresPerUnit: ruler.ky };
}

/** Where a point meets the network. */
export interface Snap extends Waypoint {
  /** Straight-line distance in metres from the point to the network. */
  readonly distanceM: number;
  /** The nearest point on the segment, [lon, lat]. */
  readonly point: [number, number];
}

export interface SnapOptions {
  /** Farther than this (metres), the point does not snap. Default 1,000. */
  readonly maxDistanceM?: number;
}

/**
 * The nearest segment the profile can use in at least one direction and may stop on (not an
 * expressway for a pick-up), or undefined when none is within `maxDistanceM`.
 */
export function snap(
  graph: RoadGraph,
  idx: SnapIndex,
  profile: SpeedProfile,
  lonLat: readonly [number, number],
  options: SnapOptions = {},
): Snap | undefined {
  const maxM = options.maxDistanceM ?? 1000;
  const [lon, lat] = lonLat;
  const ruler = new CheapRuler(lat, "meters");
  const usable = (item: number): boolean => {
    const e = idx.segmentEdge[item] as number;
    const cls = HIGHWAY_CLASSES[graph.wayClass[graph.edgeWay[e] as number] as number] as HighwayClass;
    if (profile.noSnapClasses.includes(cls)) return false;
    return canUse(graph, profile, e) || canUse(graph, profile, graph.edgeTwin[e] as number);
  };
  const measure = (item: number) => {
    const e = idx.segmentEdge[item] as number;
    const a = nodeLonLat(graph, graph.edgeHead[graph.edgeTwin[e] as number] as number);
    const b = nodeLonLat(graph, graph.edgeHead[e] as number);
    const on = ruler.pointOnLine([a, b], [lon, lat]);
    return {
      edge: e,
      fraction: Math.min(1, Math.max(0, on.t)),
      point: on.point,
      distanceM: ruler.distance(on.point, [lon, lat]),
    };
  };
  const x = lon * idx.lonScale;
  const nearestBox = idx.index.neighbors(x, lat, 1, maxM / idx.metresPerUnit, usable)[0];
  if (nearestBox === undefined) return undefined;
  // The nearest box is not always the nearest segment: every segment closer than this one's
  // exact distance has a box within that distance, so check them all (10 % for the plane's skew).
  let best = measure(nearestBox);
  const radius = (Math.min(best.distanceM, maxM) * 1.1) / idx.metresPerUnit;
  for (const item of idx.index.neighbors(x, lat, Number.POSITIVE_INFINITY, radius, usable)) {
    const m = measure(item);
    if (m.distanceM < best.distanceM) best = m;
  }
  if (best.distanceM > maxM) return undefined;
  return best;
}
