import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RoadGraph } from "../src/graph";
import { importOsm } from "../src/import";

/** A node of a test map: [id, lat, lon]. */
export type TestNode = readonly [number, number, number];
export interface TestWay {
  readonly id: number;
  readonly nodes: readonly number[];
  readonly tags: Readonly<Record<string, string>>;
}
export interface TestRestriction {
  readonly id: number;
  readonly from: number;
  readonly via: number;
  readonly to: number;
  readonly tags: Readonly<Record<string, string>>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const tagXml = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags)
    .map(([k, v]) => `<tag k="${esc(k)}" v="${esc(v)}"/>`)
    .join("");

/** OSM XML for a small hand-made map, as the bytes an upload would carry. */
export function osmXml(
  nodes: readonly TestNode[],
  ways: readonly TestWay[],
  restrictions: readonly TestRestriction[] = [],
): Uint8Array {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">'];
  for (const [id, lat, lon] of nodes) parts.push(`<node id="${id}" lat="${lat}" lon="${lon}"/>`);
  for (const w of ways)
    parts.push(`<way id="${w.id}">${w.nodes.map((n) => `<nd ref="${n}"/>`).join("")}${tagXml(w.tags)}</way>`);
  for (const r of restrictions)
    parts.push(
      `<relation id="${r.id}"><member type="way" ref="${r.from}" role="from"/><member type="node" ref="${r.via}" role="via"/><member type="way" ref="${r.to}" role="to"/>${tagXml({ type: "restriction", ...r.tags })}</relation>`,
    );
  parts.push("</osm>");
  return new TextEncoder().encode(parts.join("\n"));
}

export async function importXml(
  nodes: readonly TestNode[],
  ways: readonly TestWay[],
  restrictions: readonly TestRestriction[] = [],
): Promise<RoadGraph> {
  const result = await importOsm(osmXml(nodes, ways, restrictions));
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.graph;
}

/** The graph node of an OSM node id. */
export function nodeOf(g: RoadGraph, osmId: number): number {
  const n = g.nodeOsmId.indexOf(osmId);
  if (n < 0) throw new Error(`node ${osmId} not in graph`);
  return n;
}

/** The edge from OSM node a to OSM node b. */
export function edgeBetween(g: RoadGraph, a: number, b: number): number {
  const u = nodeOf(g, a);
  const v = nodeOf(g, b);
  for (let e = g.firstEdge[u] as number; e < (g.firstEdge[u + 1] as number); e++)
    if (g.edgeHead[e] === v) return e;
  throw new Error(`no edge ${a}→${b}`);
}

/** The real OSM extract beside the repo (../shared/data), resolved from this file. */
export const MONACO = fileURLToPath(
  new URL("../../../../shared/data/osm-monaco/monaco.osm.pbf", import.meta.url),
);

/**
 * Real-data files are not in the repo. In CI their absence is a failure; elsewhere the tests
 * that need them skip with a loud warning (the house pattern of server/src/test/sharedData.ts).
 */
export function monacoAvailable(): boolean {
  if (existsSync(MONACO)) return true;
  if (process.env.CI) throw new Error(`Real data missing in CI: ${MONACO}`);
  console.warn(`\n⚠️  SKIPPING Monaco road tests: missing ${MONACO}\n`);
  return false;
}

export const readMonaco = (): Uint8Array => new Uint8Array(readFileSync(MONACO));
