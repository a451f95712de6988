import FlatQueue from "flatqueue";

/**
 * A contraction hierarchy (Geisberger et al. 2008) over a routing graph. Nodes are contracted
 * one by one, least important first (edge difference + contracted neighbours + level, updated
 * lazily); contracting v adds a shortcut u→w for each u→v→w unless a witness search finds a path
 * from u to w avoiding v that is no longer. The witness search may give up early: then a
 * shortcut is added that was not needed, which costs memory but never changes an answer.
 * Shortest paths are then up–down paths, found by two searches that only climb in rank.
 */
export interface Hierarchy {
  readonly nodeCount: number;
  /** Contraction order: higher = more important. */
  readonly rank: Uint32Array;
  /** Upward edges x→y (rank y > rank x), grouped by x: for searches from sources. */
  readonly upFirst: Uint32Array;
  readonly upHead: Uint32Array;
  readonly upTime: Uint32Array;
  readonly upDist: Uint32Array;
  readonly upEdge: Uint32Array;
  /** Edges y→x with rank y > rank x, grouped by x: for searches backwards from targets. */
  readonly downFirst: Uint32Array;
  readonly downTail: Uint32Array;
  readonly downTime: Uint32Array;
  readonly downDist: Uint32Array;
  readonly downEdge: Uint32Array;
  /** Per hierarchy edge: the two edges a shortcut replaces, or -1 for an original edge. */
  readonly child1: Int32Array;
  readonly child2: Int32Array;
  /** Per hierarchy edge: the road-graph edge of an original edge, -1 for a shortcut. */
  readonly baseEdge: Int32Array;
}

/** The graph a hierarchy is built over (a `RoutingGraph` is one). */
export interface WeightedGraph {
  readonly nodeCount: number;
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly timeMs: Uint32Array;
  readonly distCm: Uint32Array;
  readonly baseEdge: Uint32Array;
}

export interface HierarchyOptions {
  /** Nodes a witness search may settle while ranking nodes. Default 40. */
  readonly simulationSettleLimit?: number;
  /** Nodes a witness search may settle when contracting. Default 400. */
  readonly contractionSettleLimit?: number;
  /** Called now and then with the share of nodes contracted (0–1). */
  readonly onProgress?: (share: number) => void;
}

class EdgeStore {
  from: Uint32Array;
  to: Uint32Array;
  time: Uint32Array;
  dist: Uint32Array;
  child1: Int32Array;
  child2: Int32Array;
  base: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.from = new Uint32Array(capacity);
    this.to = new Uint32Array(capacity);
    this.time = new Uint32Array(capacity);
    this.dist = new Uint32Array(capacity);
    this.child1 = new Int32Array(capacity);
    this.child2 = new Int32Array(capacity);
    this.base = new Int32Array(capacity);
  }
  add(from: number, to: number, time: number, dist: number, c1: number, c2: number, base: number): number {
    if (this.length === this.from.length) this.grow();
    const id = this.length++;
    this.from[id] = from;
    this.to[id] = to;
    this.time[id] = time;
    this.dist[id] = dist;
    this.child1[id] = c1;
    this.child2[id] = c2;
    this.base[id] = base;
    return id;
  }
  private grow(): void {
    const n = this.from.length * 2;
    const more = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    const u = (k: number) => new Uint32Array(k);
    const i = (k: number) => new Int32Array(k);
    this.from = more(this.from, u);
    this.to = more(this.to, u);
    this.time = more(this.time, u);
    this.dist = more(this.dist, u);
    this.child1 = more(this.child1, i);
    this.child2 = more(this.child2, i);
    this.base = more(this.base, i);
  }
}

export function buildHierarchy(graph: WeightedGraph, options: HierarchyOptions = {}): Hierarchy {
  const n = graph.nodeCount;
  const simLimit = options.simulationSettleLimit ?? 40;
  const realLimit = options.contractionSettleLimit ?? 400;
  const store = new EdgeStore(Math.max(16, graph.head.length * 2));
  const out: number[][] = Array.from({ length: n }, () => []);
  const inc: number[][] = Array.from({ length: n }, () => []);

  // Original edges, keeping only the fastest of parallel edges; loops never lie on a shortest path.
  for (let u = 0; u < n; u++) {
    for (let i = graph.firstOut[u] as number; i < (graph.firstOut[u + 1] as number); i++) {
      const v = graph.head[i] as number;
      if (v === u) continue;
      const t = graph.timeMs[i] as number;
      const list = out[u] as number[];
      let existing = -1;
      for (const id of list)
        if (store.to[id] === v) {
          existing = id;
          break;
        }
      if (existing >= 0) {
        if (t < (store.time[existing] as number)) {
          store.time[existing] = t;
          store.dist[existing] = graph.distCm[i] as number;
          store.base[existing] = graph.baseEdge[i] as number;
        }
        continue;
      }
      const id = store.add(u, v, t, graph.distCm[i] as number, -1, -1, graph.baseEdge[i] as number);
      list.push(id);
      (inc[v] as number[]).push(id);
    }
  }

  const contracted = new Uint8Array(n);
  const deleted = new Uint32Array(n);
  const level = new Uint32Array(n);
  const rank = new Uint32Array(n);

  // Witness search state, reused (stamps avoid clearing arrays between searches).
  const wDist = new Float64Array(n);
  const wStamp = new Uint32Array(n);
  let stamp = 0;
  const wQueue = new FlatQueue<number>();

  const witness = (source: number, avoid: number, maxTime: number, settleLimit: number): void => {
    stamp++;
    wQueue.clear();
    wDist[source] = 0;
    wStamp[source] = stamp;
    wQueue.push(source, 0);
    let settled = 0;
    while (wQueue.length > 0) {
      const d = wQueue.peekValue() as number;
      const x = wQueue.pop() as number;
      if (d > (wDist[x] as number)) continue;
      if (d > maxTime || ++settled > settleLimit) break;
      for (const id of out[x] as number[]) {
        const y = store.to[id] as number;
        if (y === avoid) continue;
        const nd = d + (store.time[id] as number);
        if (wStamp[y] !== stamp || nd < (wDist[y] as number)) {
          wStamp[y] = stamp;
          wDist[y] = nd;
          wQueue.push(y, nd);
        }
      }
    }
  };

  /** Visits every shortcut contracting v needs: u→w with its time. */
  const shortcutsOf = (
    v: number,
    settleLimit: number,
    visit: (inEdge: number, outEdge: number, time: number) => void,
  ): void => {
    const ins = inc[v] as number[];
    const outs = out[v] as number[];
    if (ins.length === 0 || outs.length === 0) return;
    for (const ie of ins) {
      const u = store.from[ie] as number;
      const a = store.time[ie] as number;
      let maxTime = 0;
      for (const oe of outs) {
        const w = store.to[oe] as number;
        if (w !== u) maxTime = Math.max(maxTime, a + (store.time[oe] as number));
      }
      if (maxTime === 0) continue;
      witness(u, v, maxTime, settleLimit);
      for (const oe of outs) {
        const w = store.to[oe] as number;
        if (w === u) continue;
        const via = a + (store.time[oe] as number);
        if (wStamp[w] === stamp && (wDist[w] as number) <= via) continue;
        visit(ie, oe, via);
      }
    }
  };

  const priority = (v: number): number => {
    let shortcuts = 0;
    shortcutsOf(v, simLimit, () => {
      shortcuts++;
    });
    const removed = (inc[v] as number[]).length + (out[v] as number[]).length;
    return 2 * (shortcuts - removed) + (deleted[v] as number) + (level[v] as number);
  };

  const queue = new FlatQueue<number>();
  for (let v = 0; v < n; v++) queue.push(v, priority(v));

  let order = 0;
  const reportEvery = Math.max(1, Math.floor(n / 100));
  while (queue.length > 0) {
    const v = queue.pop() as number;
    if (contracted[v]) continue;
    // Lazy update: a node whose priority grew since it was queued goes back in.
    const p = priority(v);
    if (queue.length > 0 && p > (queue.peekValue() as number)) {
      queue.push(v, p);
      continue;
    }
    const added: [number, number, number][] = [];
    shortcutsOf(v, realLimit, (ie, oe, time) => {
      added.push([ie, oe, time]);
    });
    for (const [ie, oe, time] of added) {
      const u = store.from[ie] as number;
      const w = store.to[oe] as number;
      const dist = (store.dist[ie] as number) + (store.dist[oe] as number);
      let existing = -1;
      for (const id of out[u] as number[])
        if (store.to[id] === w) {
          existing = id;
          break;
        }
      if (existing >= 0) {
        if ((store.time[existing] as number) <= time) continue;
        if (store.child1[existing] !== -1) {
          // An uncontracted pair's shortcut is nobody's child yet, so it can be rewritten in place.
          store.time[existing] = time;
          store.dist[existing] = dist;
          store.child1[existing] = ie;
          store.child2[existing] = oe;
          continue;
        }
      }
      const id = store.add(u, w, time, dist, ie, oe, -1);
      (out[u] as number[]).push(id);
      (inc[w] as number[]).push(id);
    }
    contracted[v] = 1;
    rank[v] = order++;
    for (const id of inc[v] as number[]) {
      const u = store.from[id] as number;
      out[u] = (out[u] as number[]).filter((e) => store.to[e] !== v);
      deleted[u] = (deleted[u] as number) + 1;
      level[u] = Math.max(level[u] as number, (level[v] as number) + 1);
    }
    for (const id of out[v] as number[]) {
      const w = store.to[id] as number;
      inc[w] = (inc[w] as number[]).filter((e) => store.from[e] !== v);
      deleted[w] = (deleted[w] as number) + 1;
      level[w] = Math.max(level[w] as number, (level[v] as number) + 1);
    }
    out[v] = [];
    inc[v] = [];
    if (order % reportEvery === 0) options.onProgress?.(order / n);
  }

  // Every edge joins two nodes of different rank: it is climbed from the lower one.
  const m = store.length;
  const upFirst = new Uint32Array(n + 1);
  const downFirst = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const a = store.from[e] as number;
    const b = store.to[e] as number;
    if ((rank[a] as number) < (rank[b] as number)) (upFirst[a + 1] as number)++;
    else (downFirst[b + 1] as number)++;
  }
  for (let x = 0; x < n; x++) {
    // biome-ignore lint/style/noNonNullAssertion: in range by construction
    upFirst[x + 1]! += upFirst[x] as number;
    // biome-ignore lint/style/noNonNullAssertion: in range by construction
    downFirst[x + 1]! += downFirst[x] as number;
  }
  const upCount = upFirst[n] as number;
  const downCount = downFirst[n] as number;
  const upHead = new Uint32Array(upCount);
  const upTime = new Uint32Array(upCount);
  const upDist = new Uint32Array(upCount);
  const upEdge = new Uint32Array(upCount);
  const downTail = new Uint32Array(downCount);
  const downTime = new Uint32Array(downCount);
  const downDist = new Uint32Array(downCount);
  const downEdge = new Uint32Array(downCount);
  const upFill = upFirst.slice(0, n);
  const downFill = downFirst.slice(0, n);
  for (let e = 0; e < m; e++) {
    const a = store.from[e] as number;
    const b = store.to[e] as number;
    if ((rank[a] as number) < (rank[b] as number)) {
      // biome-ignore lint/style/noNonNullAssertion: in range by construction
      const s = upFill[a]!++;
      upHead[s] = b;
      upTime[s] = store.time[e] as number;
      upDist[s] = store.dist[e] as number;
      upEdge[s] = e;
    } else {
      // biome-ignore lint/style/noNonNullAssertion: in range by construction
      const s = downFill[b]!++;
      downTail[s] = a;
      downTime[s] = store.time[e] as number;
      downDist[s] = store.dist[e] as number;
      downEdge[s] = e;
    }
  }
  options.onProgress?.(1);
  return {
    nodeCount: n,
    rank,
    upFirst,
    upHead,
    upTime,
    upDist,
    upEdge,
    downFirst,
    downTail,
    downTime,
    downDist,
    downEdge,
    child1: store.child1.slice(0, m),
    child2: store.child2.slice(0, m),
    baseEdge: store.base.slice(0, m),
  };
}

/** The road-graph edges a hierarchy edge stands for, in driving order. */
export function unpackEdge(h: Hierarchy, edge: number, into: number[]): void {
  const stack = [edge];
  while (stack.length > 0) {
    const e = stack.pop() as number;
    const c1 = h.child1[e] as number;
    if (c1 < 0) into.push(h.baseEdge[e] as number);
    else stack.push(h.child2[e] as number, c1);
  }
}
