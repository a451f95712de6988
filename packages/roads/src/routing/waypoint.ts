import type { RoadGraph } from "../graph";

/**
 * A place on the network: a point on road-graph edge `edge`, `fraction` of the way from the
 * edge's tail to its head (0–1). Snapping gives one; either direction of the segment may be
 * driven from it, as far as the profile allows.
 */
export interface Waypoint {
  readonly edge: number;
  readonly fraction: number;
}

/** What a profile needs to enter and leave the network at a waypoint (part of a prepared profile). */
export interface Access {
  /** Per road-graph edge: travel time in ms, 0 when the profile may not use it. */
  readonly edgeTimeMs: Uint32Array;
  /** Per road-graph edge: the routing node reached by driving it, -1 when not usable. */
  readonly headOf: Int32Array;
  /** Per road-graph edge: the routing nodes it may be entered from. */
  readonly tailsFirst: Uint32Array;
  readonly tails: Uint32Array;
}

/**
 * Routing nodes a search starts or ends at, with the time and distance between the waypoint
 * and each, and the road-graph edge driven for it (for drawing the partial first/last piece).
 */
export interface Endpoint {
  readonly nodes: number[];
  readonly timeMs: number[];
  readonly distCm: number[];
  readonly viaEdge: number[];
}

const part = (share: number, whole: number) => Math.round(share * whole);

/** Leaving a waypoint: drive the rest of its segment, in either usable direction. */
export function sourceEndpoint(g: RoadGraph, a: Access, w: Waypoint): Endpoint {
  const out: Endpoint = { nodes: [], timeMs: [], distCm: [], viaEdge: [] };
  for (const [edge, fraction] of directions(g, w)) {
    const head = a.headOf[edge] as number;
    if (head < 0) continue;
    out.nodes.push(head);
    out.timeMs.push(part(1 - fraction, a.edgeTimeMs[edge] as number));
    out.distCm.push(part(1 - fraction, g.edgeLengthCm[edge] as number));
    out.viaEdge.push(edge);
  }
  return out;
}

/** Reaching a waypoint: enter its segment at either end and drive up to it. */
export function targetEndpoint(g: RoadGraph, a: Access, w: Waypoint): Endpoint {
  const out: Endpoint = { nodes: [], timeMs: [], distCm: [], viaEdge: [] };
  for (const [edge, fraction] of directions(g, w)) {
    if (a.headOf[edge] === -1) continue;
    for (let i = a.tailsFirst[edge] as number; i < (a.tailsFirst[edge + 1] as number); i++) {
      out.nodes.push(a.tails[i] as number);
      out.timeMs.push(part(fraction, a.edgeTimeMs[edge] as number));
      out.distCm.push(part(fraction, g.edgeLengthCm[edge] as number));
      out.viaEdge.push(edge);
    }
  }
  return out;
}

/** The waypoint seen from both directions of its segment: [edge, fraction from that edge's tail]. */
function directions(g: RoadGraph, w: Waypoint): [number, number][] {
  return [
    [w.edge, w.fraction],
    [g.edgeTwin[w.edge] as number, 1 - w.fraction],
  ];
}

/**
 * Two waypoints on the same segment: the drive between them along it, when the profile may
 * drive that way, else undefined. Routes take the better of this and a path through the network.
 */
export function directLeg(
  g: RoadGraph,
  a: Access,
  from: Waypoint,
  to: Waypoint,
): { timeMs: number; distCm: number; edge: number } | undefined {
  const twin = g.edgeTwin[from.edge] as number;
  let toFraction: number;
  if (to.edge === from.edge) toFraction = to.fraction;
  else if (to.edge === twin) toFraction = 1 - to.fraction;
  else return undefined;
  const forward = toFraction >= from.fraction;
  const edge = forward ? from.edge : twin;
  if (a.headOf[edge] === -1) return undefined;
  const share = Math.abs(toFraction - from.fraction);
  return {
    timeMs: part(share, a.edgeTimeMs[edge] as number),
    distCm: part(share, g.edgeLengthCm[edge] as number),
    edge,
  };
}

/** A key shared by both directions of a segment. */
export const segmentKey = (g: RoadGraph, edge: number): number => Math.min(edge, g.edgeTwin[edge] as number);
