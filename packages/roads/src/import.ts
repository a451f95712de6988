import CheapRuler from "cheap-ruler";
import type { RoadGraph } from "./graph";
import { type OsmInput, type OsmMember, type OsmReadError, type OsmTags, readOsm } from "./osm/read";
import {
  ACCESS_BITS,
  classifyRestriction,
  classifyWay,
  DROP_REASONS,
  type DropReason,
  WAY_FLAGS,
} from "./osm/tags";

/** Why a turn restriction in the file is not in the graph, counted in the report. */
export type RestrictionSkip = "via_way" | "incomplete" | "ambiguous" | "unsupported";

/** What an import read, kept and dropped. */
export interface ImportReport {
  readonly format: "pbf" | "xml";
  readonly bytes: number;
  /** Elements in the file. */
  readonly read: { readonly nodes: number; readonly ways: number; readonly relations: number };
  /** Ways kept as roads or paths. */
  readonly ways: number;
  readonly nodes: number;
  /** Directed edges (two per segment). */
  readonly edges: number;
  readonly lengthKm: number;
  /** Ways not kept, by reason. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Way node references to nodes absent from the file (ways cut at the extract's edge). */
  readonly missingNodeRefs: number;
  readonly restrictions: {
    readonly honoured: number;
    readonly skipped: Readonly<Record<RestrictionSkip, number>>;
  };
  /**
   * Share of the nodes a mode can use that lie in its largest strongly connected component
   * (car: oneways respected). Low values mean islands: an extract cut too tightly, or gaps.
   */
  readonly stronglyConnectedShare: { readonly car: number; readonly foot: number };
  /** [west, south, east, north] of the graph's nodes, degrees; null when empty. */
  readonly bbox: readonly [number, number, number, number] | null;
}

export type ImportError = OsmReadError | { readonly code: "no_roads"; readonly message: string };

export type ImportResult =
  | { readonly ok: true; readonly graph: RoadGraph; readonly report: ImportReport }
  | { readonly ok: false; readonly error: ImportError };

export interface ImportOptions {
  /** Called with the bytes read so far, after each chunk. */
  readonly onProgress?: (bytesRead: number) => void;
}

/** A growable typed array (the sizes of OSM files are not known up front). */
class Grow<T extends Float64Array | Int32Array | Uint32Array | Uint8Array> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i] as number;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);
const u32 = (n: number) => new Uint32Array(n);
const u8 = (n: number) => new Uint8Array(n);

interface PendingRestriction {
  readonly from: number;
  readonly via: number;
  readonly to: number;
  readonly kind: 0 | 1;
  readonly vehicles: number;
}

/** Collects what routing needs while the file streams by: every node's position, kept ways, restrictions. */
class Collector {
  readonly nodeId = new Grow(f64(1 << 16), f64);
  readonly nodeLat = new Grow(i32(1 << 16), i32);
  readonly nodeLon = new Grow(i32(1 << 16), i32);
  nodesSorted = true;
  readonly wayId = new Grow(f64(1 << 12), f64);
  readonly wayRefStart = new Grow(u32(1 << 12), u32);
  readonly wayRefs = new Grow(f64(1 << 16), f64);
  readonly wayClass = new Grow(u8(1 << 12), u8);
  readonly wayAccess = new Grow(u8(1 << 12), u8);
  readonly wayFlags = new Grow(u8(1 << 12), u8);
  readonly wayMaxFwd = new Grow(u8(1 << 12), u8);
  readonly wayMaxBwd = new Grow(u8(1 << 12), u8);
  readonly dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
  readonly restrictions: PendingRestriction[] = [];
  readonly skipped: Record<RestrictionSkip, number> = {
    via_way: 0,
    incomplete: 0,
    ambiguous: 0,
    unsupported: 0,
  };
  read = { nodes: 0, ways: 0, relations: 0 };

  node(id: number, lat: number, lon: number): void {
    this.read.nodes++;
    const n = this.nodeId.length;
    if (n > 0 && this.nodeId.get(n - 1) >= id) this.nodesSorted = false;
    this.nodeId.push(id);
    this.nodeLat.push(Math.round(lat * 1e7));
    this.nodeLon.push(Math.round(lon * 1e7));
  }

  way(id: number, refs: readonly number[], tags: OsmTags): void {
    this.read.ways++;
    const verdict = classifyWay(tags);
    if (!verdict.keep) {
      this.dropped[verdict.reason]++;
      return;
    }
    if (refs.length < 2) {
      this.dropped.too_few_nodes++;
      return;
    }
    this.wayId.push(id);
    this.wayRefStart.push(this.wayRefs.length);
    for (const r of refs) this.wayRefs.push(r);
    const a = verdict.attributes;
    this.wayClass.push(a.highwayClass);
    this.wayAccess.push(a.access);
    this.wayFlags.push(a.flags);
    this.wayMaxFwd.push(a.maxspeedForward);
    this.wayMaxBwd.push(a.maxspeedBackward);
  }

  relation(_id: number, members: readonly OsmMember[], tags: OsmTags): void {
    this.read.relations++;
    if (tags.type !== "restriction") return;
    const r = classifyRestriction(tags);
    if (r === undefined) {
      this.skipped.unsupported++;
      return;
    }
    const from = members.filter((m) => m.role === "from");
    const via = members.filter((m) => m.role === "via");
    const to = members.filter((m) => m.role === "to");
    if (via.some((m) => m.type === "way")) {
      this.skipped.via_way++;
      return;
    }
    const [f, v, t] = [from[0], via[0], to[0]];
    if (from.length !== 1 || via.length !== 1 || to.length !== 1 || !f || !v || !t) {
      this.skipped.ambiguous++;
      return;
    }
    if (f.type !== "way" || t.type !== "way" || v.type !== "node") {
      this.skipped.unsupported++;
      return;
    }
    this.restrictions.push({
      from: f.ref,
      via: v.ref,
      to: t.ref,
      kind: r.kind === "no" ? 0 : 1,
      vehicles: r.vehicles,
    });
  }
}

/**
 * Reads an OSM extract (PBF or XML) into a road graph: ways a car or a walker may use, split at
 * every node into segments with their geodesic length, with the turn restrictions whose via is
 * a node. Bad input gives a typed error and no graph.
 */
export async function importOsm(input: OsmInput, options: ImportOptions = {}): Promise<ImportResult> {
  const c = new Collector();
  const read = await readOsm(input, c, options.onProgress ? { onProgress: options.onProgress } : {});
  if (!read.ok) return read;
  if (c.wayId.length === 0)
    return { ok: false, error: { code: "no_roads", message: "the file has no roads or paths to route on" } };
  return buildGraph(c, read.format, read.bytes);
}

/** Index of `id` in the sorted `ids` (via `order` when the file was not sorted), or -1. */
function makeNodeLookup(c: Collector): (id: number) => number {
  const ids = c.nodeId.view();
  let order: Uint32Array | undefined;
  let sorted = ids;
  if (!c.nodesSorted) {
    order = new Uint32Array(ids.length).map((_, i) => i);
    order.sort((a, b) => (ids[a] as number) - (ids[b] as number));
    sorted = Float64Array.from(order, (i) => ids[i] as number);
  }
  return (id) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = sorted[mid] as number;
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return order ? (order[mid] as number) : mid;
    }
    return -1;
  };
}

function buildGraph(c: Collector, format: "pbf" | "xml", bytes: number): ImportResult {
  const lookup = makeNodeLookup(c);
  const wayCount = c.wayId.length;
  const refs = c.wayRefs.view();
  const refStart = c.wayRefStart.view();
  // Resolve every reference once; -1 marks a node outside the extract (the way is cut there).
  const refNode = new Int32Array(refs.length);
  let missingNodeRefs = 0;
  for (let i = 0; i < refs.length; i++) {
    const n = lookup(refs[i] as number);
    refNode[i] = n;
    if (n < 0) missingNodeRefs++;
  }

  const graphIndex = new Int32Array(c.nodeId.length).fill(-1);
  const segFrom = new Grow(u32(1 << 14), u32);
  const segTo = new Grow(u32(1 << 14), u32);
  const segWay = new Grow(u32(1 << 14), u32);
  const wayKept = new Uint8Array(wayCount);
  for (let w = 0; w < wayCount; w++) {
    const end = w + 1 < wayCount ? (refStart[w + 1] as number) : refs.length;
    for (let i = refStart[w] as number; i + 1 < end; i++) {
      const a = refNode[i] as number;
      const b = refNode[i + 1] as number;
      if (a < 0 || b < 0 || a === b) continue;
      segFrom.push(a);
      segTo.push(b);
      segWay.push(w);
      wayKept[w] = 1;
    }
  }
  const dropped = { ...c.dropped };
  for (let w = 0; w < wayCount; w++) if (!wayKept[w]) dropped.too_few_nodes++;
  const segments = segFrom.length;
  if (segments === 0)
    return {
      ok: false,
      error: { code: "no_roads", message: "no road in the file has two nodes inside the extract" },
    };

  // Graph nodes are the file's nodes that some kept segment touches, numbered in file order:
  // nearby OSM ids are usually nearby places, so searches touch nearby memory.
  const touched = new Uint8Array(c.nodeId.length);
  const fileNodes = new Grow(u32(1 << 14), u32);
  for (const arr of [segFrom.view(), segTo.view()])
    for (let i = 0; i < arr.length; i++) {
      const f = arr[i] as number;
      if (!touched[f]) {
        touched[f] = 1;
        fileNodes.push(f);
      }
    }
  const used = fileNodes.view().sort();
  const nodeCount = used.length;
  const nodeLat = new Int32Array(nodeCount);
  const nodeLon = new Int32Array(nodeCount);
  const nodeOsmId = new Float64Array(nodeCount);
  const fileLat = c.nodeLat.view();
  const fileLon = c.nodeLon.view();
  const fileId = c.nodeId.view();
  for (let n = 0; n < nodeCount; n++) {
    const f = used[n] as number;
    graphIndex[f] = n;
    nodeLat[n] = fileLat[f] as number;
    nodeLon[n] = fileLon[f] as number;
    nodeOsmId[n] = fileId[f] as number;
  }

  // Two directed edges per segment, grouped by tail (CSR).
  const edges = segments * 2;
  const firstEdge = new Uint32Array(nodeCount + 1);
  const sf = segFrom.view();
  const st = segTo.view();
  const sw = segWay.view();
  for (let s = 0; s < segments; s++) {
    sf[s] = graphIndex[sf[s] as number] as number;
    st[s] = graphIndex[st[s] as number] as number;
    (firstEdge[(sf[s] as number) + 1] as number)++;
    (firstEdge[(st[s] as number) + 1] as number)++;
  }
  // biome-ignore lint/style/noNonNullAssertion: indices are in range by construction
  for (let n = 0; n < nodeCount; n++) firstEdge[n + 1]! += firstEdge[n] as number;
  const fill = firstEdge.slice(0, nodeCount);
  const edgeHead = new Uint32Array(edges);
  const edgeTwin = new Uint32Array(edges);
  const edgeLengthCm = new Uint32Array(edges);
  const edgeWay = new Uint32Array(edges);
  const edgeAgainstWay = new Uint8Array(edges);
  let ruler = new CheapRuler(0, "meters");
  let rulerLat = Number.NaN;
  let totalM = 0;
  for (let s = 0; s < segments; s++) {
    const a = sf[s] as number;
    const b = st[s] as number;
    const lat = (nodeLat[a] as number) / 1e7;
    // A ruler is exact enough within ~0.05° of its latitude; most segments reuse the last one.
    if (!(Math.abs(lat - rulerLat) < 0.05)) {
      ruler = new CheapRuler(lat, "meters");
      rulerLat = lat;
    }
    const m = ruler.distance(
      [(nodeLon[a] as number) / 1e7, lat],
      [(nodeLon[b] as number) / 1e7, (nodeLat[b] as number) / 1e7],
    );
    totalM += m;
    const cm = Math.max(1, Math.round(m * 100));
    // biome-ignore lint/style/noNonNullAssertion: indices are in range by construction
    const ea = fill[a]!++;
    // biome-ignore lint/style/noNonNullAssertion: indices are in range by construction
    const eb = fill[b]!++;
    edgeHead[ea] = b;
    edgeHead[eb] = a;
    edgeTwin[ea] = eb;
    edgeTwin[eb] = ea;
    edgeLengthCm[ea] = cm;
    edgeLengthCm[eb] = cm;
    edgeWay[ea] = sw[s] as number;
    edgeWay[eb] = sw[s] as number;
    edgeAgainstWay[eb] = 1;
  }

  const wayRowOf = new Map<number, number>();
  const wayIds = c.wayId.view();
  for (let w = 0; w < wayCount; w++) wayRowOf.set(wayIds[w] as number, w);
  const restrictionFrom: number[] = [];
  const restrictionTo: number[] = [];
  const restrictionKind: number[] = [];
  const restrictionVehicles: number[] = [];
  const skipped = { ...c.skipped };
  for (const r of c.restrictions) {
    const fromWay = wayRowOf.get(r.from);
    const toWay = wayRowOf.get(r.to);
    const viaFile = lookup(r.via);
    const via = viaFile < 0 ? -1 : (graphIndex[viaFile] as number);
    if (fromWay === undefined || toWay === undefined || via < 0) {
      skipped.incomplete++;
      continue;
    }
    const intoVia: number[] = [];
    const outOfVia: number[] = [];
    for (let e = firstEdge[via] as number; e < (firstEdge[via + 1] as number); e++) {
      if (edgeWay[e] === toWay) outOfVia.push(e);
      if (edgeWay[e] === fromWay) intoVia.push(edgeTwin[e] as number);
    }
    // A from/to way that passes through the via node could mean either side: OSM says it must end there.
    if (intoVia.length !== 1 || outOfVia.length !== 1) {
      skipped[intoVia.length === 0 || outOfVia.length === 0 ? "incomplete" : "ambiguous"]++;
      continue;
    }
    restrictionFrom.push(intoVia[0] as number);
    restrictionTo.push(outOfVia[0] as number);
    restrictionKind.push(r.kind);
    restrictionVehicles.push(r.vehicles);
  }

  const graph: RoadGraph = {
    nodeCount,
    nodeLat,
    nodeLon,
    nodeOsmId,
    firstEdge,
    edgeHead,
    edgeTwin,
    edgeLengthCm,
    edgeWay,
    edgeAgainstWay,
    wayOsmId: c.wayId.view().slice(),
    wayClass: c.wayClass.view().slice(),
    wayAccess: c.wayAccess.view().slice(),
    wayFlags: c.wayFlags.view().slice(),
    wayMaxspeedForward: c.wayMaxFwd.view().slice(),
    wayMaxspeedBackward: c.wayMaxBwd.view().slice(),
    restrictionFrom: Uint32Array.from(restrictionFrom),
    restrictionTo: Uint32Array.from(restrictionTo),
    restrictionKind: Uint8Array.from(restrictionKind),
    restrictionVehicles: Uint8Array.from(restrictionVehicles),
  };
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let n = 0; n < nodeCount; n++) {
    const lat = (nodeLat[n] as number) / 1e7;
    const lon = (nodeLon[n] as number) / 1e7;
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  const report: ImportReport = {
    format,
    bytes,
    read: c.read,
    ways: wayKept.reduce((n, k) => n + k, 0),
    nodes: nodeCount,
    edges,
    lengthKm: Math.round(totalM / 10) / 100,
    dropped,
    missingNodeRefs,
    restrictions: { honoured: restrictionFrom.length, skipped },
    stronglyConnectedShare: {
      car: largestComponentShare(graph, (e) => carCanUse(graph, e)),
      foot: largestComponentShare(
        graph,
        (e) => ((graph.wayAccess[graph.edgeWay[e] as number] as number) & ACCESS_BITS.foot) !== 0,
      ),
    },
    bbox: nodeCount > 0 ? [west, south, east, north] : null,
  };
  return { ok: true, graph, report };
}

/** A car may drive edge e: the way admits cars and its oneway does not forbid this direction. */
function carCanUse(g: RoadGraph, e: number): boolean {
  const w = g.edgeWay[e] as number;
  if (((g.wayAccess[w] as number) & ACCESS_BITS.motorcar) === 0) return false;
  const flags = g.wayFlags[w] as number;
  const against = g.edgeAgainstWay[e] === 1;
  if (flags & WAY_FLAGS.onewayForward && against) return false;
  if (flags & WAY_FLAGS.onewayBackward && !against) return false;
  return true;
}

/**
 * Share of the nodes touched by usable edges that lie in the largest strongly connected
 * component (iterative Tarjan, so deep graphs do not overflow the stack). 0 when none.
 */
export function largestComponentShare(g: RoadGraph, usable: (edge: number) => boolean): number {
  const n = g.nodeCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const touched = new Uint8Array(n);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  let counter = 0;
  let largest = 0;
  let touchedCount = 0;
  for (let e = 0; e < g.edgeHead.length; e++)
    if (usable(e)) {
      const h = g.edgeHead[e] as number;
      const t = g.edgeHead[g.edgeTwin[e] as number] as number;
      if (!touched[h]) {
        touched[h] = 1;
        touchedCount++;
      }
      if (!touched[t]) {
        touched[t] = 1;
        touchedCount++;
      }
    }
  for (let root = 0; root < n; root++) {
    if (!touched[root] || index[root] !== -1) continue;
    callNode.push(root);
    callEdge.push(g.firstEdge[root] as number);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callNode.length > 0) {
      const v = callNode[callNode.length - 1] as number;
      const e = callEdge[callEdge.length - 1] as number;
      if (e < (g.firstEdge[v + 1] as number)) {
        callEdge[callEdge.length - 1] = e + 1;
        if (!usable(e)) continue;
        const w = g.edgeHead[e] as number;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(g.firstEdge[w] as number);
        } else if (onStack[w]) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      callNode.pop();
      callEdge.pop();
      const parent = callNode[callNode.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[v] as number);
      if (low[v] === index[v]) {
        let size = 0;
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          size++;
        } while (w !== v);
        if (size > largest) largest = size;
      }
    }
  }
  return touchedCount === 0 ? 0 : largest / touchedCount;
}
