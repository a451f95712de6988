import { beforeAll, describe, expect, it } from "vitest";
import type { RoadGraph } from "../src/graph";
import { importOsm } from "../src/import";
import { canUse, DEFAULT_PROFILES } from "../src/profiles";
import { decodePreparedProfile, encodePreparedProfile } from "../src/routing/cache";
import { dijkstraMatrix } from "../src/routing/dijkstra";
import { matrix, type PreparedProfile, prepareProfile, route } from "../src/routing/query";
import { buildRoutingGraph } from "../src/routing/routingGraph";
import type { Waypoint } from "../src/routing/waypoint";
import { buildSnapIndex, type Snap, type SnapIndex, snap } from "../src/snap";
import { monacoAvailable, readMonaco } from "./helpers";

const { car, foot } = DEFAULT_PROFILES;

/** Places in Monaco, [lon, lat]. */
const CASINO: [number, number] = [7.4279, 43.7394]; // Place du Casino, Monte-Carlo
const PALACE: [number, number] = [7.42, 43.7313]; // Place du Palais, Monaco-Ville (the Rock)
/** Avenue Princesse Grace: a divided avenue along the Larvotto beach, each carriageway one way. */
const AVENUE_PRINCESSE_GRACE_EASTBOUND = 4230044;
/** Boulevard Albert 1er, along the port (way 166399479). */
const BOULEVARD_ALBERT_1ER = 166399479;

describe.runIf(monacoAvailable())("routing on the Monaco extract (real OSM)", () => {
  let g: RoadGraph;
  let idx: SnapIndex;
  let carP: PreparedProfile;
  let footP: PreparedProfile;
  beforeAll(async () => {
    const result = await importOsm(readMonaco());
    if (!result.ok) throw new Error(result.error.message);
    g = result.graph;
    idx = buildSnapIndex(g);
    carP = prepareProfile(g, car);
    footP = prepareProfile(g, foot);
  });

  const randomSnaps = (profile: typeof car | typeof foot, count: number, seed: number): Snap[] => {
    let s = seed;
    const rnd = () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const out: Snap[] = [];
    while (out.length < count) {
      // Monaco and the French streets around it.
      const p = snap(g, idx, profile, [7.405 + rnd() * 0.035, 43.725 + rnd() * 0.025], { maxDistanceM: 300 });
      if (p) out.push(p);
    }
    return out;
  };

  it("times equal plain Dijkstra for every sampled pair (car and walking)", () => {
    for (const [profile, prepared] of [
      [car, carP],
      [foot, footP],
    ] as const) {
      const points = randomSnaps(profile, 60, profile === car ? 7 : 11);
      const ch = matrix(g, prepared, points, points);
      const routing = buildRoutingGraph(g, profile);
      const low = dijkstraMatrix(g, routing, points, points, "shortest");
      const high = dijkstraMatrix(g, routing, points, points, "longest");
      let reachable = 0;
      for (let k = 0; k < points.length * points.length; k++) {
        expect(ch.durationsS[k]).toBe(low.durationsS[k]);
        if (!Number.isFinite(ch.durationsS[k] as number)) continue;
        reachable++;
        expect(ch.distancesM[k]).toBeGreaterThanOrEqual((low.distancesM[k] as number) - 1e-9);
        expect(ch.distancesM[k]).toBeLessThanOrEqual((high.distancesM[k] as number) + 1e-9);
      }
      expect(reachable).toBeGreaterThan(0.8 * points.length * points.length);
    }
  });

  it("a oneway street is not driven against its direction; it is walked both ways", () => {
    const row = g.wayOsmId.indexOf(AVENUE_PRINCESSE_GRACE_EASTBOUND);
    expect(row).toBeGreaterThanOrEqual(0);
    const along: number[] = [];
    for (let e = 0; e < g.edgeHead.length; e++)
      if (g.edgeWay[e] === row && g.edgeAgainstWay[e] === 0) along.push(e);
    // The way's segments in node order: each starts where the previous one ended.
    along.sort((a, b) => a - b);
    const chain = [
      along.find((e) => !along.some((p) => g.edgeHead[p] === g.edgeHead[g.edgeTwin[e] as number])),
    ];
    while (chain.length < along.length) {
      const last = chain[chain.length - 1] as number;
      chain.push(along.find((e) => g.edgeHead[g.edgeTwin[e] as number] === g.edgeHead[last]));
    }
    const start: Waypoint = { edge: chain[0] as number, fraction: 0.1 };
    const end: Waypoint = { edge: chain[chain.length - 1] as number, fraction: 0.9 };
    const wayM = along.reduce((m, e) => m + (g.edgeLengthCm[e] as number) / 100, 0);
    expect(wayM).toBeGreaterThan(600);

    const withIt = route(g, carP, start, end);
    expect(withIt?.edges).toEqual(chain);
    expect(withIt?.distanceM).toBeLessThan(wayM);

    const against = route(g, carP, end, start);
    if (!against) throw new Error("no way back by car");
    for (const e of against.edges) expect(canUse(g, car, e)).toBe(true);
    expect(against.edges.filter((e) => g.edgeWay[e] === row && g.edgeAgainstWay[e] === 1)).toEqual([]);
    expect(against.distanceM).toBeGreaterThan(withIt?.distanceM ?? 0);

    const walked = route(g, footP, end, start);
    expect(walked?.distanceM).toBeLessThanOrEqual(withIt?.distanceM ?? 0);
  });

  it("Casino to Palace: longer than the straight line, by the roads the map shows", () => {
    const from = snap(g, idx, foot, CASINO);
    const to = snap(g, idx, foot, PALACE);
    if (!from || !to) throw new Error("did not snap");
    expect(from.distanceM).toBeLessThan(30);
    expect(to.distanceM).toBeLessThan(30);
    // Straight line ≈ 1.10 km. On foot one goes down to the port, along Boulevard Albert 1er and
    // up the Rock: ≈ 1.4 km. By car the oneways and hairpins of the Rock make it ≈ 2.9 km.
    const walk = route(g, footP, from, to);
    expect(walk?.distanceM).toBeGreaterThan(1250);
    expect(walk?.distanceM).toBeLessThan(1700);
    expect(walk?.edges.some((e) => g.wayOsmId[g.edgeWay[e] as number] === BOULEVARD_ALBERT_1ER)).toBe(true);
    const carFrom = snap(g, idx, car, CASINO);
    const carTo = snap(g, idx, car, PALACE);
    if (!carFrom || !carTo) throw new Error("did not snap");
    const drive = route(g, carP, carFrom, carTo);
    expect(drive?.distanceM).toBeGreaterThan(2000);
    expect(drive?.distanceM).toBeLessThan(3500);
    // 2.9 km in about four minutes: an average of 30–60 km/h through town.
    const kmh = ((drive?.distanceM ?? 0) / (drive?.durationS ?? 1)) * 3.6;
    expect(kmh).toBeGreaterThan(25);
    expect(kmh).toBeLessThan(60);
    // The drawn line starts and ends at the snapped points and follows the roads.
    const line = drive?.geometry ?? [];
    expect(line[0]?.[0]).toBeCloseTo(carFrom.point[0], 6);
    expect(line[0]?.[1]).toBeCloseTo(carFrom.point[1], 6);
    expect(line.at(-1)?.[0]).toBeCloseTo(carTo.point[0], 6);
    expect(line.at(-1)?.[1]).toBeCloseTo(carTo.point[1], 6);
    expect(line.length).toBeGreaterThan(20);
  });

  it("a cached hierarchy answers like the one it was built from", () => {
    const blob = encodePreparedProfile(carP);
    const back = decodePreparedProfile(blob, carP);
    if (!back.ok) throw new Error(back.message);
    const points = randomSnaps(car, 30, 3);
    expect(matrix(g, back.prepared, points, points)).toEqual(matrix(g, carP, points, points));
  });
});
