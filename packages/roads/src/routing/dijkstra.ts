import FlatQueue from "flatqueue";
import type { RoadGraph } from "../graph";
import type { RoutingGraph } from "./routingGraph";
import { directLeg, sourceEndpoint, targetEndpoint, type Waypoint } from "./waypoint";

/**
 * Plain Dijkstra on a profile's routing graph, one search per source: the reference the
 * hierarchy is checked against (it must give the same times), and fast enough for small jobs.
 * Among equally fast routes it reports the shortest (`ties: "shortest"`) or the longest
 * (`ties: "longest"`) distance, so a test can check that the hierarchy's distance lies between.
 */
export function dijkstraMatrix(
  graph: RoadGraph,
  routing: RoutingGraph,
  sources: readonly Waypoint[],
  targets: readonly Waypoint[],
  ties: "shortest" | "longest" = "shortest",
): { durationsS: Float64Array; distancesM: Float64Array } {
  const n = routing.nodeCount;
  const time = new Float64Array(n);
  const dist = new Float64Array(n);
  const done = new Uint8Array(n);
  const sign = ties === "shortest" ? 1 : -1;
  // The queue is keyed by time alone; distance only breaks ties between equal times. Every
  // edge takes at least 1 ms, so (time, ±distance) labels still settle in a valid order.
  const queue = new FlatQueue<number>();
  const targetEnds = targets.map((t) => targetEndpoint(graph, routing, t));
  const rows = sources.length;
  const cols = targets.length;
  const durations = new Float64Array(rows * cols).fill(Number.POSITIVE_INFINITY);
  const distances = new Float64Array(rows * cols).fill(Number.POSITIVE_INFINITY);
  const better = (t: number, d: number, x: number) =>
    t < (time[x] as number) || (t === time[x] && sign * d < sign * (dist[x] as number));
  for (let i = 0; i < rows; i++) {
    time.fill(Number.POSITIVE_INFINITY);
    dist.fill(Number.POSITIVE_INFINITY * sign);
    done.fill(0);
    queue.clear();
    const start = sourceEndpoint(graph, routing, sources[i] as Waypoint);
    for (let k = 0; k < start.nodes.length; k++) {
      const x = start.nodes[k] as number;
      if (better(start.timeMs[k] as number, start.distCm[k] as number, x)) {
        time[x] = start.timeMs[k] as number;
        dist[x] = start.distCm[k] as number;
        queue.push(x, time[x] as number);
      }
    }
    while (queue.length > 0) {
      const x = queue.pop() as number;
      // Equal times may be queued twice with different distances: the first pop settles the node
      // with its final (best tie-broken) label, because labels only improve before it is settled.
      if (done[x]) continue;
      done[x] = 1;
      const tx = time[x] as number;
      const dx = dist[x] as number;
      for (let e = routing.firstOut[x] as number; e < (routing.firstOut[x + 1] as number); e++) {
        const y = routing.head[e] as number;
        if (done[y]) continue;
        const t = tx + (routing.timeMs[e] as number);
        const d = dx + (routing.distCm[e] as number);
        if (better(t, d, y)) {
          time[y] = t;
          dist[y] = d;
          queue.push(y, t);
        }
      }
    }
    for (let j = 0; j < cols; j++) {
      const end = targetEnds[j] as ReturnType<typeof targetEndpoint>;
      let bt = Number.POSITIVE_INFINITY;
      let bd = Number.POSITIVE_INFINITY * sign;
      for (let k = 0; k < end.nodes.length; k++) {
        const x = end.nodes[k] as number;
        const t = (time[x] as number) + (end.timeMs[k] as number);
        const d = (dist[x] as number) + (end.distCm[k] as number);
        if (t < bt || (t === bt && sign * d < sign * bd)) {
          bt = t;
          bd = d;
        }
      }
      const direct = directLeg(graph, routing, sources[i] as Waypoint, targets[j] as Waypoint);
      if (direct && (direct.timeMs < bt || (direct.timeMs === bt && sign * direct.distCm < sign * bd))) {
        bt = direct.timeMs;
        bd = direct.distCm;
      }
      durations[i * cols + j] = bt / 1000;
      distances[i * cols + j] = Number.isFinite(bt) ? bd / 100 : Number.POSITIVE_INFINITY;
    }
  }
  return { durationsS: durations, distancesM: distances };
}
