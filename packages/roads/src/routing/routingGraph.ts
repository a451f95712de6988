import { edgeTail, type RoadGraph } from "../graph";
import { edgeTimesMs, restrictionsFor, type SpeedProfile } from "../profiles";

/**
 * The directed graph one profile routes on: the road graph's usable edges with their travel
 * times, where every node that carries a turn restriction binding the profile is split into one
 * copy per incoming edge, each copy keeping only the turns allowed from that edge. Shortest
 * paths in it are shortest paths that obey the restrictions, so the hierarchy needs no turn
 * logic of its own.
 */
export interface RoutingGraph {
  readonly nodeCount: number;
  /** The road-graph node each routing node stands for (copies share their node). */
  readonly baseNode: Uint32Array;
  /** Out-edges of routing node n: `firstOut[n] .. firstOut[n + 1] - 1`. */
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly timeMs: Uint32Array;
  readonly distCm: Uint32Array;
  /** The road-graph edge each routing edge drives. */
  readonly baseEdge: Uint32Array;
  /** Per road-graph edge: travel time in ms, 0 when the profile may not use it. */
  readonly edgeTimeMs: Uint32Array;
  /** Per road-graph edge: the routing node reached by driving it, -1 when not usable. */
  readonly headOf: Int32Array;
  /** Per road-graph edge: the routing nodes it may be entered from (`tails[tailsFirst[e] ..]`). */
  readonly tailsFirst: Uint32Array;
  readonly tails: Uint32Array;
}

export function buildRoutingGraph(g: RoadGraph, profile: SpeedProfile): RoutingGraph {
  const edges = g.edgeHead.length;
  const time = edgeTimesMs(g, profile);
  const rules = restrictionsFor(g, profile);

  // Per incoming edge at a restricted node: the turns it forbids, or the one turn it must take.
  const banned = new Map<number, Set<number>>();
  const mandatory = new Map<number, Set<number>>();
  const split = new Uint8Array(g.nodeCount);
  for (const r of rules) {
    if (time[r.from] === 0) continue;
    split[g.edgeHead[r.from] as number] = 1;
    const table = r.only ? mandatory : banned;
    const set = table.get(r.from) ?? new Set<number>();
    set.add(r.to);
    table.set(r.from, set);
  }
  const allowed = (from: number, to: number): boolean => {
    if (banned.get(from)?.has(to)) return false;
    const only = mandatory.get(from);
    // Two `only_*` rules from the same edge leave no turn at all: OSM data errors, taken literally.
    return only === undefined || (only.size === 1 && only.has(to));
  };

  // Routing nodes: every road node keeps its number; a split node gains one copy per usable in-edge.
  const copyOfInEdge = new Int32Array(edges).fill(-1);
  let nodeCount = g.nodeCount;
  for (let v = 0; v < g.nodeCount; v++) {
    if (!split[v]) continue;
    for (let e = g.firstEdge[v] as number; e < (g.firstEdge[v + 1] as number); e++) {
      const incoming = g.edgeTwin[e] as number;
      if (time[incoming] !== 0) copyOfInEdge[incoming] = nodeCount++;
    }
  }
  const baseNode = new Uint32Array(nodeCount);
  for (let v = 0; v < g.nodeCount; v++) baseNode[v] = v;
  for (let e = 0; e < edges; e++)
    if ((copyOfInEdge[e] as number) >= 0) baseNode[copyOfInEdge[e] as number] = g.edgeHead[e] as number;

  const headOf = new Int32Array(edges).fill(-1);
  for (let e = 0; e < edges; e++)
    if (time[e] !== 0)
      headOf[e] = (copyOfInEdge[e] as number) >= 0 ? (copyOfInEdge[e] as number) : (g.edgeHead[e] as number);

  // Routing edges, listed per road edge (its tails), then regrouped by tail (CSR).
  const tailsFirst = new Uint32Array(edges + 1);
  const tailList: number[] = [];
  for (let e = 0; e < edges; e++) {
    tailsFirst[e] = tailList.length;
    if (time[e] === 0) continue;
    const u = edgeTail(g, e);
    if (!split[u]) {
      tailList.push(u);
      continue;
    }
    for (let i = g.firstEdge[u] as number; i < (g.firstEdge[u + 1] as number); i++) {
      const incoming = g.edgeTwin[i] as number;
      if (time[incoming] !== 0 && allowed(incoming, e)) tailList.push(copyOfInEdge[incoming] as number);
    }
  }
  tailsFirst[edges] = tailList.length;
  const tails = Uint32Array.from(tailList);

  const m = tails.length;
  const firstOut = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < m; i++) (firstOut[(tails[i] as number) + 1] as number)++;
  // biome-ignore lint/style/noNonNullAssertion: in range by construction
  for (let n = 0; n < nodeCount; n++) firstOut[n + 1]! += firstOut[n] as number;
  const fill = firstOut.slice(0, nodeCount);
  const head = new Uint32Array(m);
  const timeMs = new Uint32Array(m);
  const distCm = new Uint32Array(m);
  const baseEdge = new Uint32Array(m);
  for (let e = 0; e < edges; e++)
    for (let i = tailsFirst[e] as number; i < (tailsFirst[e + 1] as number); i++) {
      // biome-ignore lint/style/noNonNullAssertion: in range by construction
      const slot = fill[tails[i]!]!++;
      head[slot] = headOf[e] as number;
      timeMs[slot] = time[e] as number;
      distCm[slot] = g.edgeLengthCm[e] as number;
      baseEdge[slot] = e;
    }
  return {
    nodeCount,
    baseNode,
    firstOut,
    head,
    timeMs,
    distCm,
    baseEdge,
    edgeTimeMs: time,
    headOf,
    tailsFirst,
    tails,
  };
}
