import FlatQueue from "flatqueue";
import { graphContentHash, nodeLonLat, type RoadGraph } from "../graph";
import { profileHash, type SpeedProfile } from "../profiles";
import { buildHierarchy, type Hierarchy, type HierarchyOptions, unpackEdge } from "./ch";
import { buildRoutingGraph } from "./routingGraph";
import {
  type Access,
  directLeg,
  type Endpoint,
  segmentKey,
  sourceEndpoint,
  targetEndpoint,
  type Waypoint,
} from "./waypoint";

/** A profile made ready for queries on one graph: its access tables and its hierarchy. */
export interface PreparedProfile {
  readonly profileId: string;
  readonly profileHash: string;
  readonly graphHash: string;
  readonly access: Access;
  readonly hierarchy: Hierarchy;
}

/** Builds the routing graph and the contraction hierarchy of a profile (seconds on a town's graph). */
export function prepareProfile(
  graph: RoadGraph,
  profile: SpeedProfile,
  options: HierarchyOptions & { readonly graphHash?: string } = {},
): PreparedProfile {
  const routing = buildRoutingGraph(graph, profile);
  const hierarchy = buildHierarchy(routing, options);
  return {
    profileId: profile.id,
    profileHash: profileHash(profile),
    graphHash: options.graphHash ?? graphContentHash(graph),
    access: {
      edgeTimeMs: routing.edgeTimeMs,
      headOf: routing.headOf,
      tailsFirst: routing.tailsFirst,
      tails: routing.tails,
    },
    hierarchy,
  };
}

/** A route between two waypoints. */
export interface Route {
  readonly durationS: number;
  readonly distanceM: number;
  /** [lon, lat] from the start waypoint along the roads to the end waypoint. */
  readonly geometry: [number, number][];
  /** Road-graph edges driven, in order (the first and last only in part). */
  readonly edges: number[];
}

/**
 * Travel times (s) and distances (m) from every source to every target, row-major
 * (`durationsS[i * targets + j]`). Unreachable pairs are `Infinity`. The distance is that of
 * the fastest route; when several routes are equally fast, of one of them.
 */
export interface TravelMatrix {
  readonly sources: number;
  readonly targets: number;
  readonly durationsS: Float64Array;
  readonly distancesM: Float64Array;
}

/** Per-hierarchy search state, reused between queries (stamps avoid clearing arrays). */
class Search {
  readonly time: Float64Array;
  readonly dist: Float64Array;
  readonly stamp: Uint32Array;
  /** The hierarchy edge a node was reached by, -1 at a start node. */
  readonly parentEdge: Int32Array;
  readonly parentNode: Int32Array;
  /** The road edge driven from or to the waypoint, for start nodes. */
  readonly startEdge: Int32Array;
  current = 0;
  readonly queue = new FlatQueue<number>();
  constructor(n: number) {
    this.time = new Float64Array(n);
    this.dist = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    this.parentEdge = new Int32Array(n);
    this.parentNode = new Int32Array(n);
    this.startEdge = new Int32Array(n);
  }
  reset(end: Endpoint): void {
    this.current++;
    this.queue.clear();
    for (let i = 0; i < end.nodes.length; i++) {
      const x = end.nodes[i] as number;
      const t = end.timeMs[i] as number;
      if (this.stamp[x] === this.current && (this.time[x] as number) <= t) continue;
      this.stamp[x] = this.current;
      this.time[x] = t;
      this.dist[x] = end.distCm[i] as number;
      this.parentEdge[x] = -1;
      this.parentNode[x] = -1;
      this.startEdge[x] = end.viaEdge[i] as number;
      this.queue.push(x, t);
    }
  }
  reached(x: number): boolean {
    return this.stamp[x] === this.current;
  }
}

const searches = new WeakMap<Hierarchy, [Search, Search]>();
function searchesFor(h: Hierarchy): [Search, Search] {
  let s = searches.get(h);
  if (!s) {
    s = [new Search(h.nodeCount), new Search(h.nodeCount)];
    searches.set(h, s);
  }
  return s;
}

/**
 * Settles the next node of an upward search; returns it, or -1 when the popped entry was stale
 * or the node is stalled (a higher node already reaches it faster, so its label is not on any
 * shortest up–down path and its edges need not be relaxed).
 */
/** One direction of the hierarchy's edges: node x's run is first[x]..first[x+1]-1, each to `other`. */
interface Side {
  readonly first: Uint32Array;
  readonly other: Uint32Array;
  readonly time: Uint32Array;
  readonly dist: Uint32Array;
  readonly edge: Uint32Array;
}
const sideCache = new WeakMap<Hierarchy, { up: Side; down: Side }>();
/** The hierarchy's two sides, made once per hierarchy (settle runs for every node a query reaches). */
function sidesOf(h: Hierarchy): { up: Side; down: Side } {
  let sides = sideCache.get(h);
  if (!sides) {
    sides = {
      up: { first: h.upFirst, other: h.upHead, time: h.upTime, dist: h.upDist, edge: h.upEdge },
      down: { first: h.downFirst, other: h.downTail, time: h.downTime, dist: h.downDist, edge: h.downEdge },
    };
    sideCache.set(h, sides);
  }
  return sides;
}

function settle(h: Hierarchy, s: Search, forward: boolean): number {
  const d = s.queue.peekValue() as number;
  const x = s.queue.pop() as number;
  if (d > (s.time[x] as number)) return -1;
  // Stall-on-demand: an edge from a higher node y into x (forward) or out of x (backward);
  // then relax the edges the search follows (up edges forward, down edges backward).
  const { up, down } = sidesOf(h);
  const stall = forward ? down : up;
  const relax = forward ? up : down;
  for (let i = stall.first[x] as number; i < (stall.first[x + 1] as number); i++) {
    const y = stall.other[i] as number;
    if (s.reached(y) && (s.time[y] as number) + (stall.time[i] as number) < d) return -1;
  }
  for (let i = relax.first[x] as number; i < (relax.first[x + 1] as number); i++) {
    const y = relax.other[i] as number;
    const nt = d + (relax.time[i] as number);
    if (!s.reached(y) || nt < (s.time[y] as number)) {
      s.stamp[y] = s.current;
      s.time[y] = nt;
      s.dist[y] = (s.dist[x] as number) + (relax.dist[i] as number);
      s.parentEdge[y] = relax.edge[i] as number;
      s.parentNode[y] = x;
      s.queue.push(y, nt);
    }
  }
  return x;
}

/** The fastest route between two waypoints, or undefined when the profile cannot get there. */
export function route(graph: RoadGraph, p: PreparedProfile, from: Waypoint, to: Waypoint): Route | undefined {
  const h = p.hierarchy;
  const [fw, bw] = searchesFor(h);
  fw.reset(sourceEndpoint(graph, p.access, from));
  bw.reset(targetEndpoint(graph, p.access, to));
  let best = Number.POSITIVE_INFINITY;
  let meet = -1;
  const consider = (x: number) => {
    if (!fw.reached(x) || !bw.reached(x)) return;
    const t = (fw.time[x] as number) + (bw.time[x] as number);
    if (t < best) {
      best = t;
      meet = x;
    }
  };
  for (const x of [...fw.queue.ids.slice(0, fw.queue.length)]) consider(x);
  while (fw.queue.length > 0 || bw.queue.length > 0) {
    const fMin = fw.queue.length > 0 ? (fw.queue.peekValue() as number) : Number.POSITIVE_INFINITY;
    const bMin = bw.queue.length > 0 ? (bw.queue.peekValue() as number) : Number.POSITIVE_INFINITY;
    if (Math.min(fMin, bMin) >= best) break;
    const forward = fMin <= bMin;
    const x = settle(h, forward ? fw : bw, forward);
    if (x >= 0) consider(x);
  }
  const direct = directLeg(graph, p.access, from, to);
  if (direct && direct.timeMs <= best)
    return {
      durationS: direct.timeMs / 1000,
      distanceM: direct.distCm / 100,
      geometry: [pointOn(graph, from), pointOn(graph, to)],
      edges: [direct.edge],
    };
  if (meet < 0) return undefined;

  const up: number[] = [];
  for (let x = meet; fw.parentNode[x] !== -1; x = fw.parentNode[x] as number)
    up.push(fw.parentEdge[x] as number);
  let first = meet;
  while (fw.parentNode[first] !== -1) first = fw.parentNode[first] as number;
  const down: number[] = [];
  let last = meet;
  for (; bw.parentNode[last] !== -1; last = bw.parentNode[last] as number)
    down.push(bw.parentEdge[last] as number);
  const edges: number[] = [fw.startEdge[first] as number];
  for (let i = up.length - 1; i >= 0; i--) unpackEdge(h, up[i] as number, edges);
  for (const e of down) unpackEdge(h, e, edges);
  edges.push(bw.startEdge[last] as number);

  const geometry: [number, number][] = [pointOn(graph, from)];
  for (let i = 0; i < edges.length - 1; i++)
    geometry.push(nodeLonLat(graph, graph.edgeHead[edges[i] as number] as number));
  geometry.push(pointOn(graph, to));
  return {
    durationS: best / 1000,
    distanceM: ((fw.dist[meet] as number) + (bw.dist[meet] as number)) / 100,
    geometry,
    edges,
  };
}

/** The waypoint's position: along its segment, by fraction of the straight tail–head line. */
export function pointOn(graph: RoadGraph, w: Waypoint): [number, number] {
  const [x0, y0] = nodeLonLat(graph, graph.edgeHead[graph.edgeTwin[w.edge] as number] as number);
  const [x1, y1] = nodeLonLat(graph, graph.edgeHead[w.edge] as number);
  return [x0 + (x1 - x0) * w.fraction, y0 + (y1 - y0) * w.fraction];
}

/**
 * Many-to-many travel times with buckets (Knopp et al. 2007): one backward upward search per
 * target leaves (target, time) in a bucket at each node it settles; one forward upward search
 * per source then reads the buckets of the nodes it settles. Work grows with sources + targets,
 * not with their product, apart from the cheap bucket scans. `sourceRange` computes only some
 * rows (to split a big matrix over worker threads); rows outside it stay `Infinity`.
 */
export function matrix(
  graph: RoadGraph,
  p: PreparedProfile,
  sources: readonly Waypoint[],
  targets: readonly Waypoint[],
  options: { readonly sourceRange?: readonly [number, number] } = {},
): TravelMatrix {
  const h = p.hierarchy;
  const [fw, bw] = searchesFor(h);
  const rows = sources.length;
  const cols = targets.length;
  const durations = new Float64Array(rows * cols).fill(Number.POSITIVE_INFINITY);
  const distances = new Float64Array(rows * cols).fill(Number.POSITIVE_INFINITY);

  // Buckets: (node, target, time, dist) collected per target, then grouped by node.
  let bNode = new Uint32Array(1024);
  let bTarget = new Uint32Array(1024);
  let bTime = new Float64Array(1024);
  let bDist = new Float64Array(1024);
  let count = 0;
  for (let j = 0; j < cols; j++) {
    bw.reset(targetEndpoint(graph, p.access, targets[j] as Waypoint));
    while (bw.queue.length > 0) {
      const x = settle(h, bw, false);
      if (x < 0) continue;
      if (count === bNode.length) {
        const grow = <T extends Uint32Array | Float64Array>(a: T): T => {
          const b = new (a.constructor as new (n: number) => T)(a.length * 2);
          b.set(a);
          return b;
        };
        bNode = grow(bNode);
        bTarget = grow(bTarget);
        bTime = grow(bTime);
        bDist = grow(bDist);
      }
      bNode[count] = x;
      bTarget[count] = j;
      bTime[count] = bw.time[x] as number;
      bDist[count] = bw.dist[x] as number;
      count++;
    }
  }
  const first = new Uint32Array(h.nodeCount + 1);
  for (let i = 0; i < count; i++) (first[(bNode[i] as number) + 1] as number)++;
  // biome-ignore lint/style/noNonNullAssertion: in range by construction
  for (let x = 0; x < h.nodeCount; x++) first[x + 1]! += first[x] as number;
  const fill = first.slice(0, h.nodeCount);
  const entryTarget = new Uint32Array(count);
  const entryTime = new Float64Array(count);
  const entryDist = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // biome-ignore lint/style/noNonNullAssertion: in range by construction
    const slot = fill[bNode[i]!]!++;
    entryTarget[slot] = bTarget[i] as number;
    entryTime[slot] = bTime[i] as number;
    entryDist[slot] = bDist[i] as number;
  }

  // Targets sharing a source's segment may be reached along it without entering the network.
  const targetsBySegment = new Map<number, number[]>();
  targets.forEach((t, j) => {
    const key = segmentKey(graph, t.edge);
    const list = targetsBySegment.get(key);
    if (list) list.push(j);
    else targetsBySegment.set(key, [j]);
  });

  const [from, to] = options.sourceRange ?? [0, rows];
  for (let i = from; i < to; i++) {
    const source = sources[i] as Waypoint;
    fw.reset(sourceEndpoint(graph, p.access, source));
    const row = i * cols;
    while (fw.queue.length > 0) {
      const x = settle(h, fw, true);
      if (x < 0) continue;
      const t0 = fw.time[x] as number;
      const d0 = fw.dist[x] as number;
      for (let k = first[x] as number; k < (first[x + 1] as number); k++) {
        const cell = row + (entryTarget[k] as number);
        const t = t0 + (entryTime[k] as number);
        if (t < (durations[cell] as number)) {
          durations[cell] = t;
          distances[cell] = d0 + (entryDist[k] as number);
        }
      }
    }
    for (const j of targetsBySegment.get(segmentKey(graph, source.edge)) ?? []) {
      const direct = directLeg(graph, p.access, source, targets[j] as Waypoint);
      const cell = row + j;
      if (direct && direct.timeMs <= (durations[cell] as number)) {
        durations[cell] = direct.timeMs;
        distances[cell] = direct.distCm;
      }
    }
    for (let j = 0; j < cols; j++) {
      durations[row + j] = (durations[row + j] as number) / 1000;
      distances[row + j] = (distances[row + j] as number) / 100;
    }
  }
  return { sources: rows, targets: cols, durationsS: durations, distancesM: distances };
}
