import FlatQueue from "flatqueue";
import type { RoadGraph } from "../graph";
import type { RoutingGraph } from "./routingGraph";
import { directLeg, segmentKey, sourceEndpoint, targetEndpoint, type Waypoint } from "./waypoint";

/** For one origin: the nearest destination by travel time, or none within the limit. */
export interface Nearest {
  /** Index into `destinations`, -1 when none is reachable within `maxTimeS`. */
  readonly index: number;
  readonly durationS: number;
  readonly distanceM: number;
}

/**
 * The fastest-reached destination from each origin (e.g. the nearest bus stop on foot from
 * every populated cell of the 交通空白 analysis). One Dijkstra search backwards from all
 * destinations at once, so the work is that of a single search however many origins and
 * destinations there are; `maxTimeS` stops it early (e.g. a 15-minute walk).
 */
export function nearestByNetwork(
  graph: RoadGraph,
  routing: RoutingGraph,
  origins: readonly Waypoint[],
  destinations: readonly Waypoint[],
  options: { readonly maxTimeS?: number } = {},
): Nearest[] {
  const n = routing.nodeCount;
  const limitMs = (options.maxTimeS ?? Number.POSITIVE_INFINITY) * 1000;
  // Incoming edges per node (the routing graph stores outgoing ones).
  const firstIn = new Uint32Array(n + 1);
  for (let e = 0; e < routing.head.length; e++) (firstIn[(routing.head[e] as number) + 1] as number)++;
  // biome-ignore lint/style/noNonNullAssertion: in range by construction
  for (let x = 0; x < n; x++) firstIn[x + 1]! += firstIn[x] as number;
  const fill = firstIn.slice(0, n);
  const inTail = new Uint32Array(routing.head.length);
  const inEdge = new Uint32Array(routing.head.length);
  for (let u = 0; u < n; u++)
    for (let e = routing.firstOut[u] as number; e < (routing.firstOut[u + 1] as number); e++) {
      // biome-ignore lint/style/noNonNullAssertion: in range by construction
      const slot = fill[routing.head[e]!]!++;
      inTail[slot] = u;
      inEdge[slot] = e;
    }

  const time = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const dist = new Float64Array(n);
  const owner = new Int32Array(n).fill(-1);
  const queue = new FlatQueue<number>();
  destinations.forEach((d, j) => {
    const end = targetEndpoint(graph, routing, d);
    for (let k = 0; k < end.nodes.length; k++) {
      const x = end.nodes[k] as number;
      const t = end.timeMs[k] as number;
      if (t < (time[x] as number)) {
        time[x] = t;
        dist[x] = end.distCm[k] as number;
        owner[x] = j;
        queue.push(x, t);
      }
    }
  });
  while (queue.length > 0) {
    const t = queue.peekValue() as number;
    const x = queue.pop() as number;
    if (t > (time[x] as number)) continue;
    if (t > limitMs) break;
    for (let i = firstIn[x] as number; i < (firstIn[x + 1] as number); i++) {
      const y = inTail[i] as number;
      const e = inEdge[i] as number;
      const nt = t + (routing.timeMs[e] as number);
      if (nt < (time[y] as number)) {
        time[y] = nt;
        dist[y] = (dist[x] as number) + (routing.distCm[e] as number);
        owner[y] = owner[x] as number;
        queue.push(y, nt);
      }
    }
  }

  const bySegment = new Map<number, number[]>();
  destinations.forEach((d, j) => {
    const key = segmentKey(graph, d.edge);
    bySegment.set(key, [...(bySegment.get(key) ?? []), j]);
  });
  return origins.map((o) => {
    let best = { index: -1, timeMs: Number.POSITIVE_INFINITY, distCm: Number.POSITIVE_INFINITY };
    const start = sourceEndpoint(graph, routing, o);
    for (let k = 0; k < start.nodes.length; k++) {
      const x = start.nodes[k] as number;
      const t = (start.timeMs[k] as number) + (time[x] as number);
      if (t < best.timeMs)
        best = {
          index: owner[x] as number,
          timeMs: t,
          distCm: (start.distCm[k] as number) + (dist[x] as number),
        };
    }
    for (const j of bySegment.get(segmentKey(graph, o.edge)) ?? []) {
      const leg = directLeg(graph, routing, o, destinations[j] as Waypoint);
      if (leg && leg.timeMs < best.timeMs) best = { index: j, timeMs: leg.timeMs, distCm: leg.distCm };
    }
    return best.index < 0 || best.timeMs > limitMs
      ? { index: -1, durationS: Number.POSITIVE_INFINITY, distanceM: Number.POSITIVE_INFINITY }
      : { index: best.index, durationS: best.timeMs / 1000, distanceM: best.distCm / 100 };
  });
}
