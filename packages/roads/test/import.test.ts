import { describe, expect, it } from "vitest";
import { decodeGraph, encodeGraph, graphContentHash } from "../src/graph";
import { importOsm } from "../src/import";
import { edgeBetween, monacoAvailable, nodeOf, osmXml, readMonaco, type TestNode } from "./helpers";

const nodes: TestNode[] = [
  [1, 35.0, 138.0],
  [2, 35.0, 138.001],
  [3, 35.0, 138.002],
  [4, 35.001, 138.002],
  [5, 35.001, 138.0],
];

describe("importOsm", () => {
  it("keeps roads and paths, splits them into two-way segments and reports what it dropped", async () => {
    const result = await importOsm(
      osmXml(nodes, [
        { id: 10, nodes: [1, 2, 3], tags: { highway: "residential" } },
        { id: 11, nodes: [3, 4], tags: { highway: "footway" } },
        { id: 12, nodes: [4, 5], tags: { building: "yes" } },
        { id: 13, nodes: [5, 1], tags: { highway: "proposed" } },
        { id: 14, nodes: [4, 99], tags: { highway: "service" } },
        { id: 15, nodes: [1, 5], tags: { highway: "service", access: "no" } },
      ]),
    );
    if (!result.ok) throw new Error(result.error.message);
    const { graph, report } = result;
    expect(report.format).toBe("xml");
    expect(report.read).toEqual({ nodes: 5, ways: 6, relations: 0 });
    expect(report.ways).toBe(2);
    expect(report.nodes).toBe(4);
    expect(report.edges).toBe(6);
    expect(report.dropped).toMatchObject({ not_a_highway: 1, not_built: 1, no_access: 1, too_few_nodes: 1 });
    expect(report.missingNodeRefs).toBe(1);
    expect(report.bbox).toEqual([138.0, 35.0, 138.002, 35.001]);
    // 0.001° of longitude at 35° N is about 91 m.
    expect(report.lengthKm).toBeGreaterThan(0.28);
    expect(report.lengthKm).toBeLessThan(0.3);
    const e = edgeBetween(graph, 1, 2);
    expect((graph.edgeLengthCm[e] as number) / 100).toBeCloseTo(91.3, 0);
    expect(graph.edgeTwin[graph.edgeTwin[e] as number]).toBe(e);
    expect(graph.edgeHead[graph.edgeTwin[e] as number]).toBe(nodeOf(graph, 1));
    // Cars reach 1–2–3 both ways; the footway end (4) only on foot.
    expect(report.stronglyConnectedShare.car).toBe(1);
    expect(report.stronglyConnectedShare.foot).toBe(1);
  });

  it("measures islands: a oneway into a dead end leaves its end outside the largest strongly connected part", async () => {
    const result = await importOsm(
      osmXml(nodes, [
        { id: 10, nodes: [1, 2, 3], tags: { highway: "residential" } },
        { id: 11, nodes: [3, 4], tags: { highway: "residential", oneway: "yes" } },
      ]),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.report.stronglyConnectedShare).toEqual({ car: 0.75, foot: 1 });
  });

  it("counts restrictions it cannot honour by reason", async () => {
    const result = await importOsm(
      osmXml(
        nodes,
        [
          { id: 10, nodes: [1, 2, 3], tags: { highway: "residential" } },
          { id: 11, nodes: [2, 4], tags: { highway: "residential" } },
          { id: 12, nodes: [5, 1], tags: { highway: "residential" } },
        ],
        [
          // From 11 (ends at 2) onto 10, which passes through 2: either side could be meant.
          { id: 20, from: 11, via: 2, to: 10, tags: { restriction: "no_left_turn" } },
          // Honoured: from 12 into 1, then onto 10 (which starts at 1).
          { id: 21, from: 12, via: 1, to: 10, tags: { restriction: "no_left_turn" } },
          // A way not in the file.
          { id: 22, from: 99, via: 1, to: 10, tags: { restriction: "no_right_turn" } },
          { id: 23, from: 12, via: 1, to: 10, tags: { "restriction:conditional": "no_left_turn @ (Mo-Fr)" } },
        ],
      ),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.report.restrictions).toEqual({
      honoured: 1,
      skipped: { via_way: 0, incomplete: 1, ambiguous: 1, unsupported: 1 },
    });
    expect(result.graph.restrictionFrom[0]).toBe(edgeBetween(result.graph, 5, 1));
    expect(result.graph.restrictionTo[0]).toBe(edgeBetween(result.graph, 1, 2));
  });

  it("refuses bad files with a typed error", async () => {
    const empty = await importOsm(new Uint8Array(0));
    expect(empty).toMatchObject({ ok: false, error: { code: "empty" } });
    const text = await importOsm(new TextEncoder().encode("stop_id,stop_name\n1,役場前\n".repeat(10)));
    expect(text).toMatchObject({ ok: false, error: { code: "not_osm" } });
    const gpx = await importOsm(
      new TextEncoder().encode(`<?xml version="1.0"?><gpx>${" ".repeat(80)}</gpx>`),
    );
    expect(gpx).toMatchObject({ ok: false, error: { code: "not_osm" } });
    const xml = osmXml(nodes, [{ id: 10, nodes: [1, 2, 3], tags: { highway: "residential" } }]);
    const cut = await importOsm(xml.subarray(0, xml.length - 40));
    expect(cut).toMatchObject({ ok: false, error: { code: "truncated" } });
    const noRoads = await importOsm(osmXml(nodes, [{ id: 12, nodes: [4, 5], tags: { building: "yes" } }]));
    expect(noRoads).toMatchObject({ ok: false, error: { code: "no_roads" } });
  });

  it("reports progress in bytes and reads chunked input", async () => {
    const xml = osmXml(nodes, [{ id: 10, nodes: [1, 2, 3], tags: { highway: "residential" } }]);
    const seen: number[] = [];
    async function* chunks() {
      for (let i = 0; i < xml.length; i += 50) yield xml.subarray(i, i + 50);
    }
    const result = await importOsm(chunks(), { onProgress: (b) => seen.push(b) });
    expect(result.ok).toBe(true);
    expect(seen.at(-1)).toBe(xml.length);
    expect(seen.length).toBeGreaterThan(5);
  });

  it("round-trips a graph through its blob; the hash ties the blob to the content", async () => {
    const result = await importOsm(
      osmXml(nodes, [{ id: 10, nodes: [1, 2, 3, 4], tags: { highway: "tertiary" } }]),
    );
    if (!result.ok) throw new Error(result.error.message);
    const blob = encodeGraph(result.graph, result.report);
    const back = decodeGraph(blob, { verify: true });
    if (!back.ok) throw new Error(back.message);
    expect(back.hash).toBe(graphContentHash(result.graph));
    expect(back.meta).toEqual(result.report);
    expect(Array.from(back.graph.edgeLengthCm)).toEqual(Array.from(result.graph.edgeLengthCm));
    expect(Array.from(back.graph.nodeOsmId)).toEqual([1, 2, 3, 4]);
    const damaged = blob.slice();
    damaged[damaged.length - 20] = (damaged[damaged.length - 20] as number) ^ 0xff;
    expect(decodeGraph(damaged, { verify: true })).toMatchObject({ ok: false });
    expect(decodeGraph(blob.subarray(0, blob.length - 100))).toMatchObject({ ok: false });
    expect(decodeGraph(new TextEncoder().encode("not a graph at all, just some text"))).toMatchObject({
      ok: false,
    });
  });
});

describe.runIf(monacoAvailable())("importOsm on the Monaco extract (real OSM PBF)", () => {
  it("imports roads and paths, with a report", async () => {
    const result = await importOsm(readMonaco());
    if (!result.ok) throw new Error(result.error.message);
    const r = result.report;
    expect(r.format).toBe("pbf");
    expect(r.read).toEqual({ nodes: 180118, ways: 27377, relations: 212 });
    expect(r.ways).toBeGreaterThan(2500);
    expect(r.nodes).toBeGreaterThan(20000);
    // The extract's header bbox is 7.349–7.491 E, 43.71–43.77 N.
    const [w, s, e, n] = r.bbox ?? [0, 0, 0, 0];
    expect(w).toBeGreaterThanOrEqual(7.349);
    expect(e).toBeLessThanOrEqual(7.491);
    expect(s).toBeGreaterThanOrEqual(43.71);
    expect(n).toBeLessThanOrEqual(43.77);
    // Mostly buildings and landuse. The file's 27 restrictions (18 only_straight_on,
    // 5 only_right_turn, 2 no_left_turn, 2 no_u_turn) all have a via node.
    expect(r.dropped.not_a_highway).toBeGreaterThan(20000);
    expect(r.restrictions.honoured).toBe(27);
    expect(r.stronglyConnectedShare.car).toBeGreaterThan(0.85);
    expect(r.stronglyConnectedShare.foot).toBeGreaterThan(0.9);
  });

  it("refuses a cut-off or damaged PBF", async () => {
    const bytes = readMonaco();
    const cut = await importOsm(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(cut).toMatchObject({ ok: false, error: { code: "truncated" } });
    const damaged = bytes.slice();
    for (let i = 200_000; i < 200_400; i++) damaged[i] = 0x5a;
    const bad = await importOsm(damaged);
    expect(bad).toMatchObject({ ok: false, error: { code: "corrupt" } });
  });
});
