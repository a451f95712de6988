import { createHash } from "node:crypto";
import { decodeBlob, encodeBlob, type TypedArray, type TypedArrayConstructor } from "./blob";

/**
 * The road graph of one area: nodes at OSM positions, and for every road segment between two
 * consecutive nodes of a kept way, two directed edges (along and against the way) in a CSR
 * layout. Who may drive which edge, and how fast, is decided per profile from the way codes,
 * so one graph serves every vehicle kind and walking. All typed arrays: it serialises to one
 * blob and loads without parsing.
 */
export interface RoadGraph {
  readonly nodeCount: number;
  /** Latitude and longitude in 1e-7 degrees (OSM's own precision). */
  readonly nodeLat: Int32Array;
  readonly nodeLon: Int32Array;
  readonly nodeOsmId: Float64Array;
  /** Out-edges of node n are `firstEdge[n] .. firstEdge[n + 1] - 1`. Length nodeCount + 1. */
  readonly firstEdge: Uint32Array;
  readonly edgeHead: Uint32Array;
  /** The same segment in the other direction. The edge's tail is `edgeHead[edgeTwin[e]]`. */
  readonly edgeTwin: Uint32Array;
  /** Geodesic length along the segment in centimetres (integers keep path sums exact). */
  readonly edgeLengthCm: Uint32Array;
  /** Row of the way in the `way*` arrays. */
  readonly edgeWay: Uint32Array;
  /** 1 when the edge runs against the way's node order (oneway and maxspeed:backward apply). */
  readonly edgeAgainstWay: Uint8Array;
  readonly wayOsmId: Float64Array;
  /** Index into `HIGHWAY_CLASSES`. */
  readonly wayClass: Uint8Array;
  /** `ACCESS_BITS` mask. */
  readonly wayAccess: Uint8Array;
  /** `WAY_FLAGS` mask. */
  readonly wayFlags: Uint8Array;
  /** Signed speed in km/h along / against the way; 0 = not tagged. */
  readonly wayMaxspeedForward: Uint8Array;
  readonly wayMaxspeedBackward: Uint8Array;
  /** Turn restrictions at a via node: from edge (into the node) to edge (out of it). */
  readonly restrictionFrom: Uint32Array;
  readonly restrictionTo: Uint32Array;
  /** 0 = `no_*` (this turn is forbidden), 1 = `only_*` (every other turn is forbidden). */
  readonly restrictionKind: Uint8Array;
  /** `ACCESS_BITS` of the vehicle categories bound by the restriction. */
  readonly restrictionVehicles: Uint8Array;
}

export const edgeCount = (g: RoadGraph): number => g.edgeHead.length;
export const edgeTail = (g: RoadGraph, e: number): number => g.edgeHead[g.edgeTwin[e] as number] as number;
export const nodeLonLat = (g: RoadGraph, n: number): [number, number] => [
  (g.nodeLon[n] as number) / 1e7,
  (g.nodeLat[n] as number) / 1e7,
];

type ArrayField = Exclude<keyof RoadGraph, "nodeCount">;

/** The blob's arrays in their stored order. Changing it needs a new FORMAT_VERSION. */
const FIELDS: readonly (readonly [ArrayField, TypedArrayConstructor])[] = [
  ["nodeLat", Int32Array],
  ["nodeLon", Int32Array],
  ["nodeOsmId", Float64Array],
  ["firstEdge", Uint32Array],
  ["edgeHead", Uint32Array],
  ["edgeTwin", Uint32Array],
  ["edgeLengthCm", Uint32Array],
  ["edgeWay", Uint32Array],
  ["edgeAgainstWay", Uint8Array],
  ["wayOsmId", Float64Array],
  ["wayClass", Uint8Array],
  ["wayAccess", Uint8Array],
  ["wayFlags", Uint8Array],
  ["wayMaxspeedForward", Uint8Array],
  ["wayMaxspeedBackward", Uint8Array],
  ["restrictionFrom", Uint32Array],
  ["restrictionTo", Uint32Array],
  ["restrictionKind", Uint8Array],
  ["restrictionVehicles", Uint8Array],
];

const MAGIC = "TSUNAGU-ROADGRPH";
const FORMAT_VERSION = 1;

/**
 * SHA-256 of the graph's arrays: the identity a cached hierarchy is tied to. Two imports of
 * the same file give the same hash; any change to the roads gives another.
 */
export function graphContentHash(g: RoadGraph): string {
  const h = createHash("sha256");
  h.update(`${FORMAT_VERSION}:${g.nodeCount}`);
  for (const [name] of FIELDS) {
    const a = g[name] as TypedArray;
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest("hex");
}

/** The graph as one blob (to store per municipality), with its content hash and `meta` (e.g. the import report). */
export function encodeGraph(g: RoadGraph, meta: unknown = null): Uint8Array {
  return encodeBlob(
    MAGIC,
    FORMAT_VERSION,
    { hash: graphContentHash(g), nodeCount: g.nodeCount, meta },
    FIELDS.map(([name]) => g[name] as TypedArray),
  );
}

export type DecodeGraphResult =
  | { readonly ok: true; readonly graph: RoadGraph; readonly hash: string; readonly meta: unknown }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a blob written by `encodeGraph`. With `verify`, the content hash is recomputed and
 * must match the stored one (a damaged blob is then refused rather than routed on).
 */
export function decodeGraph(bytes: Uint8Array, options: { verify?: boolean } = {}): DecodeGraphResult {
  const blob = decodeBlob(
    bytes,
    "road graph",
    MAGIC,
    FORMAT_VERSION,
    FIELDS.map(([, Ctor]) => Ctor),
  );
  if (!blob.ok) return blob;
  const head = blob.meta as { hash?: unknown; nodeCount?: unknown; meta?: unknown } | null;
  if (typeof head?.hash !== "string" || typeof head.nodeCount !== "number")
    return { ok: false, message: "road graph header is damaged" };
  const fields = Object.fromEntries(FIELDS.map(([name], i) => [name, blob.arrays[i]]));
  const graph = { nodeCount: head.nodeCount, ...fields } as unknown as RoadGraph;
  if (graph.firstEdge.length !== graph.nodeCount + 1 || graph.edgeTwin.length !== graph.edgeHead.length)
    return { ok: false, message: "road graph header is damaged" };
  if (options.verify && graphContentHash(graph) !== head.hash)
    return { ok: false, message: "road graph content does not match its hash" };
  return { ok: true, graph, hash: head.hash, meta: head.meta ?? null };
}
