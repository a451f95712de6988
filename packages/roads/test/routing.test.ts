import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RoadGraph } from "../src/graph";
import { edgeTail } from "../src/graph";
import { canUse, DEFAULT_PROFILES, profileHash, type SpeedProfile, withOverrides } from "../src/profiles";
import { decodePreparedProfile, encodePreparedProfile } from "../src/routing/cache";
import { dijkstraMatrix } from "../src/routing/dijkstra";
import { nearestByNetwork } from "../src/routing/nearest";
import { matrix, type PreparedProfile, prepareProfile, route } from "../src/routing/query";
import { buildRoutingGraph } from "../src/routing/routingGraph";
import type { Waypoint } from "../src/routing/waypoint";
import { buildSnapIndex, snap } from "../src/snap";
import { edgeBetween, importXml, type TestNode, type TestRestriction, type TestWay } from "./helpers";

const { car, foot, route_bus } = DEFAULT_PROFILES;

/**
 * Checks the hierarchy against plain Dijkstra on the same routing graph for every pair: times
 * must be equal; the distance must be that of one of the equally fast routes (between the
 * shortest and longest of them); a single route must agree with the matrix and drive only
 * edges the profile may use, in a connected chain, without a forbidden turn.
 */
function expectSameAsDijkstra(g: RoadGraph, profile: SpeedProfile, p: PreparedProfile, points: Waypoint[]) {
  const routing = buildRoutingGraph(g, profile);
  const ch = matrix(g, p, points, points);
  const low = dijkstraMatrix(g, routing, points, points, "shortest");
  const high = dijkstraMatrix(g, routing, points, points, "longest");
  const forbidden = turnRules(g, profile);
  let reachable = 0;
  for (let i = 0; i < points.length; i++)
    for (let j = 0; j < points.length; j++) {
      const k = i * points.length + j;
      expect(ch.durationsS[k], `time ${i}→${j}`).toBe(low.durationsS[k]);
      if (!Number.isFinite(ch.durationsS[k] as number)) continue;
      reachable++;
      expect(ch.distancesM[k]).toBeGreaterThanOrEqual((low.distancesM[k] as number) - 1e-9);
      expect(ch.distancesM[k]).toBeLessThanOrEqual((high.distancesM[k] as number) + 1e-9);
      const r = route(g, p, points[i] as Waypoint, points[j] as Waypoint);
      expect(r?.durationS).toBe(ch.durationsS[k]);
      if (!r) continue;
      for (let e = 0; e < r.edges.length; e++) {
        const edge = r.edges[e] as number;
        expect(canUse(g, profile, edge)).toBe(true);
        if (e === 0) continue;
        const prev = r.edges[e - 1] as number;
        expect(edgeTail(g, edge)).toBe(g.edgeHead[prev]);
        expect(forbidden(prev, edge), `turn ${prev}→${edge} on ${i}→${j}`).toBe(false);
      }
      expect(r.geometry.length).toBe(r.edges.length + 1);
    }
  return reachable;
}

/** A predicate telling whether turning from one edge onto the next breaks a restriction binding the profile. */
function turnRules(g: RoadGraph, profile: SpeedProfile): (from: number, to: number) => boolean {
  if (profile.category === "foot") return () => false;
  return (from, to) => {
    for (let i = 0; i < g.restrictionFrom.length; i++) {
      if (g.restrictionFrom[i] !== from) continue;
      if (g.restrictionKind[i] === 0 && g.restrictionTo[i] === to) return true;
      if (g.restrictionKind[i] === 1 && g.restrictionTo[i] !== to) return true;
    }
    return false;
  };
}

/** A random town: a jittered grid with random roads (classes, oneways, footpaths) and restrictions. */
const randomTown = fc
  .record({
    size: fc.integer({ min: 3, max: 7 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ size, seed }) => {
    let s = seed;
    const rnd = () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const nodes: TestNode[] = [];
    const id = (x: number, y: number) => 1 + y * size + x;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        nodes.push([
          id(x, y),
          35 + y * 0.002 + (rnd() - 0.5) * 0.0008,
          138 + x * 0.002 + (rnd() - 0.5) * 0.0008,
        ]);
    const ways: TestWay[] = [];
    const classes = ["primary", "secondary", "residential", "unclassified", "track", "footway", "service"];
    let wayId = 1000;
    const addWay = (a: number, b: number) => {
      if (rnd() < 0.15) return;
      const tags: Record<string, string> = { highway: classes[Math.floor(rnd() * classes.length)] as string };
      if (rnd() < 0.25) tags.oneway = rnd() < 0.8 ? "yes" : "-1";
      if (rnd() < 0.1) tags.maxspeed = String(20 + Math.floor(rnd() * 5) * 10);
      ways.push({ id: wayId++, nodes: rnd() < 0.5 ? [a, b] : [b, a], tags });
    };
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        if (x + 1 < size) addWay(id(x, y), id(x + 1, y));
        if (y + 1 < size) addWay(id(x, y), id(x, y + 1));
      }
    // Restrictions between two ways meeting at a node.
    const restrictions: TestRestriction[] = [];
    const kinds = [
      "no_left_turn",
      "no_right_turn",
      "no_straight_on",
      "no_u_turn",
      "only_straight_on",
      "only_left_turn",
    ];
    for (let k = 0; k < size; k++) {
      const via = id(Math.floor(rnd() * size), Math.floor(rnd() * size));
      const touching = ways.filter((w) => w.nodes.includes(via));
      if (touching.length < 2) continue;
      const from = touching[Math.floor(rnd() * touching.length)] as TestWay;
      const to = touching[Math.floor(rnd() * touching.length)] as TestWay;
      restrictions.push({
        id: 5000 + k,
        from: from.id,
        via,
        to: to.id,
        tags: { restriction: kinds[Math.floor(rnd() * kinds.length)] as string },
      });
    }
    const fractions = [0, 1, 0.5, rnd(), rnd(), rnd()];
    return { nodes, ways, restrictions, pick: () => rnd(), fractions };
  });

describe("contraction hierarchy = Dijkstra", () => {
  it("on random towns, for cars, buses and walking, for every pair of sampled waypoints", async () => {
    let pairs = 0;
    await fc.assert(
      fc.asyncProperty(randomTown, async (town) => {
        if (town.ways.length === 0) return;
        const g = await importXml(town.nodes, town.ways, town.restrictions).catch((e: Error) => {
          if (e.message.startsWith("no_roads")) return undefined;
          throw e;
        });
        if (!g) return;
        const points: Waypoint[] = [];
        for (let k = 0; k < 12; k++)
          points.push({
            edge: Math.floor(town.pick() * g.edgeHead.length),
            fraction: town.fractions[k % town.fractions.length] as number,
          });
        for (const profile of [car, route_bus, foot]) {
          const p = prepareProfile(g, profile);
          pairs += expectSameAsDijkstra(g, profile, p, points);
        }
      }),
      { numRuns: 40, seed: 18 },
    );
    expect(pairs).toBeGreaterThan(1000);
  });
});

describe("nearest destination by network", () => {
  it("equals the row minimum of the Dijkstra matrix, within a time limit or not", async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(randomTown, async (town) => {
        if (town.ways.length === 0) return;
        const g = await importXml(town.nodes, town.ways, town.restrictions).catch(() => undefined);
        if (!g) return;
        const point = (k: number): Waypoint => ({
          edge: Math.floor(town.pick() * g.edgeHead.length),
          fraction: town.fractions[k % town.fractions.length] as number,
        });
        const origins = Array.from({ length: 10 }, (_, k) => point(k));
        const stops = Array.from({ length: 4 }, (_, k) => point(k + 2));
        for (const profile of [car, foot]) {
          const routing = buildRoutingGraph(g, profile);
          const full = dijkstraMatrix(g, routing, origins, stops);
          for (const maxTimeS of [undefined, 60]) {
            const nearest = nearestByNetwork(g, routing, origins, stops, maxTimeS ? { maxTimeS } : {});
            origins.forEach((_, i) => {
              const row = Array.from(full.durationsS.subarray(i * stops.length, (i + 1) * stops.length));
              const best = Math.min(...row);
              const got = nearest[i];
              if (!Number.isFinite(best) || (maxTimeS !== undefined && best > maxTimeS)) {
                expect(got?.index).toBe(-1);
                return;
              }
              expect(got?.durationS).toBe(best);
              expect(row[got?.index ?? -1]).toBe(best);
              checked++;
            });
          }
        }
      }),
      { numRuns: 25, seed: 7 },
    );
    expect(checked).toBeGreaterThan(200);
  });
});

describe("turn restrictions", () => {
  // A crossing at 5 with arms to the west (4), east (6), north (8) and south (2), and a block
  // 1–2–3 / 4–5–6 / 7–8–9 around it so there is always a way round.
  const nodes: TestNode[] = [];
  for (let y = 0; y < 3; y++)
    for (let x = 0; x < 3; x++) nodes.push([1 + y * 3 + x, 35 + y * 0.002, 138 + x * 0.002]);
  const street = (id: number, a: number, b: number): TestWay => ({
    id,
    nodes: [a, b],
    tags: { highway: "residential" },
  });
  const ways = [
    street(10, 4, 5),
    street(11, 5, 6),
    street(12, 2, 5),
    street(13, 5, 8),
    street(14, 1, 2),
    street(15, 2, 3),
    street(16, 7, 8),
    street(17, 8, 9),
    street(18, 1, 4),
    street(19, 4, 7),
    street(20, 3, 6),
    street(21, 6, 9),
  ];

  it("no_left_turn: coming from the west, a car may not turn north at the crossing; walkers may", async () => {
    const g = await importXml(nodes, ways, [
      { id: 30, from: 10, via: 5, to: 13, tags: { restriction: "no_left_turn" } },
    ]);
    const from = { edge: edgeBetween(g, 4, 5), fraction: 0.5 };
    const to = { edge: edgeBetween(g, 5, 8), fraction: 0.5 };
    const direct = route(g, prepareProfile(g, foot), from, to);
    const driven = route(g, prepareProfile(g, car), from, to);
    expect(direct?.edges).toEqual([edgeBetween(g, 4, 5), edgeBetween(g, 5, 8)]);
    expect(driven?.edges[1]).not.toBe(edgeBetween(g, 5, 8));
    // The detour is longer than the two half-blocks walked.
    expect(driven?.distanceM).toBeGreaterThan((direct?.distanceM ?? 0) * 1.5);
    // The rule binds vehicles unless excepted: a bus is exempt here.
    const gBus = await importXml(nodes, ways, [
      { id: 30, from: 10, via: 5, to: 13, tags: { restriction: "no_left_turn", except: "psv" } },
    ]);
    const bus = route(gBus, prepareProfile(gBus, route_bus), from, to);
    expect(bus?.edges).toEqual([edgeBetween(gBus, 4, 5), edgeBetween(gBus, 5, 8)]);
  });

  it("only_straight_on: coming from the south, a car must go on north", async () => {
    const g = await importXml(nodes, ways, [
      { id: 31, from: 12, via: 5, to: 13, tags: { restriction: "only_straight_on" } },
    ]);
    const p = prepareProfile(g, car);
    const from = { edge: edgeBetween(g, 2, 5), fraction: 0.5 };
    const east = route(g, p, from, { edge: edgeBetween(g, 5, 6), fraction: 0.5 });
    expect(east?.edges[1]).not.toBe(edgeBetween(g, 5, 6));
    const north = route(g, p, from, { edge: edgeBetween(g, 5, 8), fraction: 0.5 });
    expect(north?.edges).toEqual([edgeBetween(g, 2, 5), edgeBetween(g, 5, 8)]);
  });
});

describe("a river with one bridge", () => {
  // Two banks 180 m apart, each with a road 2.2 km long; the only bridge is at the north end.
  const nodes: TestNode[] = [];
  const ways: TestWay[] = [];
  const steps = 10;
  for (let i = 0; i <= steps; i++) {
    nodes.push([100 + i, 35 + i * 0.002, 138.0]);
    nodes.push([200 + i, 35 + i * 0.002, 138.002]);
  }
  ways.push({
    id: 1,
    nodes: nodes.filter(([id]) => id < 200).map(([id]) => id),
    tags: { highway: "residential" },
  });
  ways.push({
    id: 2,
    nodes: nodes.filter(([id]) => id >= 200).map(([id]) => id),
    tags: { highway: "residential" },
  });
  ways.push({ id: 3, nodes: [100 + steps, 200 + steps], tags: { highway: "tertiary", bridge: "yes" } });

  it("the far bank is near in a straight line but far by road", async () => {
    const g = await importXml(nodes, ways);
    const idx = buildSnapIndex(g);
    const home = snap(g, idx, foot, [137.9999, 35.0005]);
    const stop = snap(g, idx, foot, [138.0021, 35.0005]);
    if (!home || !stop) throw new Error("did not snap");
    expect(home.distanceM).toBeLessThan(15);
    const walk = matrix(g, prepareProfile(g, foot), [home], [stop]);
    // Straight line ≈ 200 m; on foot 2.17 km up one bank, 0.18 km over the bridge and 2.17 km
    // down the other ≈ 4.5 km.
    expect(walk.distancesM[0]).toBeGreaterThan(4450);
    expect(walk.distancesM[0]).toBeLessThan(4560);
    expect(walk.durationsS[0]).toBeCloseTo(((walk.distancesM[0] as number) / 4800) * 3600, 0);
  });

  it("the nearest stop on foot is the one on the home's own bank, not the nearer one across the water", async () => {
    const g = await importXml(nodes, ways);
    const idx = buildSnapIndex(g);
    const at = (lonLat: [number, number]) => {
      const s = snap(g, idx, foot, lonLat);
      if (!s) throw new Error("did not snap");
      return s;
    };
    const home = at([137.9999, 35.0005]);
    const across = at([138.0021, 35.0005]); // 200 m away in a straight line
    const upstream = at([137.9999, 35.0105]); // 1.1 km up the same bank
    const [nearest] = nearestByNetwork(g, buildRoutingGraph(g, foot), [home], [across, upstream]);
    expect(nearest?.index).toBe(1);
    expect(nearest?.distanceM).toBeCloseTo(1112, -1);
    // Within a 10-minute walk (800 m) neither is reachable.
    const [within] = nearestByNetwork(g, buildRoutingGraph(g, foot), [home], [across, upstream], {
      maxTimeS: 600,
    });
    expect(within?.index).toBe(-1);
  });
});

describe("snapping", () => {
  const nodes: TestNode[] = [
    [1, 35.0, 138.0],
    [2, 35.0, 138.01],
    [3, 35.003, 138.0],
    [4, 35.003, 138.01],
    [5, 35.0015, 138.0],
    [6, 35.0015, 138.01],
  ];
  const ways: TestWay[] = [
    { id: 1, nodes: [1, 2], tags: { highway: "motorway" } },
    { id: 2, nodes: [3, 4], tags: { highway: "residential" } },
    { id: 3, nodes: [5, 6], tags: { highway: "footway" } },
  ];

  it("snaps a pick-up to the nearest road it may stop on, never an expressway; walkers to paths", async () => {
    const g = await importXml(nodes, ways);
    const idx = buildSnapIndex(g);
    const nearMotorway: [number, number] = [138.005, 35.0002];
    const pickUp = snap(g, idx, car, nearMotorway);
    expect(pickUp?.edge === edgeBetween(g, 3, 4) || pickUp?.edge === edgeBetween(g, 4, 3)).toBe(true);
    // 0.0028° of latitude ≈ 311 m.
    expect(pickUp?.distanceM).toBeGreaterThan(300);
    expect(pickUp?.distanceM).toBeLessThan(320);
    expect(pickUp?.point[0]).toBeCloseTo(138.005, 6);
    expect(pickUp?.fraction).toBeCloseTo(0.5, 3);
    const walker = snap(g, idx, foot, nearMotorway);
    expect(walker?.distanceM).toBeLessThan(150);
    expect(snap(g, idx, car, nearMotorway, { maxDistanceM: 200 })).toBeUndefined();
  });
});

describe("matrix rows in parts", () => {
  it("computes only the rows of a source range (to share a matrix between threads)", async () => {
    const g = await importXml(
      [
        [1, 35.0, 138.0],
        [2, 35.0, 138.002],
        [3, 35.002, 138.002],
        [4, 35.002, 138.0],
      ],
      [{ id: 1, nodes: [1, 2, 3, 4, 1], tags: { highway: "residential" } }],
    );
    const p = prepareProfile(g, car);
    const points: Waypoint[] = [0.2, 0.5, 0.9, 0.3].map((fraction, k) => ({
      edge: edgeBetween(g, k + 1, ((k + 1) % 4) + 1),
      fraction,
    }));
    const full = matrix(g, p, points, points);
    const part = matrix(g, p, points, points, { sourceRange: [1, 3] });
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const k = i * 4 + j;
        expect(part.durationsS[k]).toBe(i >= 1 && i < 3 ? full.durationsS[k] : Number.POSITIVE_INFINITY);
      }
    expect(full.durationsS.every((t) => Number.isFinite(t))).toBe(true);
  });
});

describe("the routing cache", () => {
  it("stores a prepared profile and refuses it for another graph or other speeds", async () => {
    const g = await importXml(
      [
        [1, 35.0, 138.0],
        [2, 35.0, 138.002],
        [3, 35.002, 138.002],
      ],
      [{ id: 1, nodes: [1, 2, 3], tags: { highway: "residential" } }],
    );
    const p = prepareProfile(g, car);
    const blob = encodePreparedProfile(p);
    const back = decodePreparedProfile(blob, { graphHash: p.graphHash, profileHash: profileHash(car) });
    if (!back.ok) throw new Error(back.message);
    const a: Waypoint = { edge: edgeBetween(g, 1, 2), fraction: 0.1 };
    const b: Waypoint = { edge: edgeBetween(g, 2, 3), fraction: 0.9 };
    expect(route(g, back.prepared, a, b)).toEqual(route(g, p, a, b));
    expect(
      decodePreparedProfile(blob, { graphHash: "0".repeat(64), profileHash: p.profileHash }),
    ).toMatchObject({
      ok: false,
      stale: true,
    });
    const faster = withOverrides(car, { drivenShare: 0.9 });
    expect(
      decodePreparedProfile(blob, { graphHash: p.graphHash, profileHash: profileHash(faster) }),
    ).toMatchObject({
      ok: false,
      stale: true,
    });
    expect(decodePreparedProfile(blob.subarray(0, 100), p)).toMatchObject({ ok: false, stale: false });
  });
});
