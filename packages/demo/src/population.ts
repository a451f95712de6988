/**
 * Population on the JIS X 0410 half (500 m) mesh: dense in the town centre,
 * clustered in the hamlets, thin and patchy along the valley roads, empty in
 * the mountains. Totals and age shares are drawn inside the spec's ranges and
 * then met exactly by integer apportionment.
 */
import { MESH_SIZE_DEG, meshBounds, meshCentre, toMeshCode } from "@tsunagu/geo";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, Polygon } from "geojson";
import { apportion } from "./allocate";
import { dist, distToPolyline, type LocalProjection, type Xy } from "./geometry";
import type { Rng } from "./random";
import type { HamletSite } from "./town";
import type { DemoMeshCell } from "./types";

/** Population drawn in [4,500, 7,500] (spec: 4,000–8,000). */
const POPULATION_RANGE: readonly [number, number] = [4500, 7500];
/** Share aged 65+ drawn in [37 %, 43 %] (spec: 35–45 %). */
const AGED65_RANGE: readonly [number, number] = [0.37, 0.43];
/** Share aged 75+ drawn in [21 %, 24 %] (spec: 20–25 %). */
const AGED75_RANGE: readonly [number, number] = [0.21, 0.24];

export interface PopulatedCell extends DemoMeshCell {
  readonly at: Xy;
  /** Hamlet within 2 km of the cell centre, if any. */
  readonly hamletId: string | null;
}

export function buildMesh(
  rng: Rng,
  projection: LocalProjection,
  boundary: Feature<Polygon>,
  ring: readonly Xy[],
  hamlets: readonly HamletSite[],
): PopulatedCell[] {
  const size = MESH_SIZE_DEG.half;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of ring) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  const sw = projection.toLatLon({ x: minX, y: minY });
  const ne = projection.toLatLon({ x: maxX, y: maxY });
  const first = meshBounds(toMeshCode(sw.lat, sw.lon, "half"));

  interface Candidate {
    code: string;
    at: Xy;
    centre: number;
    hamlet: number[];
    valley: number;
    hamletId: string | null;
  }
  const cells: Candidate[] = [];
  for (let lat = first.south + size.lat / 2; lat < ne.lat + size.lat; lat += size.lat) {
    for (let lon = first.west + size.lon / 2; lon < ne.lon + size.lon; lon += size.lon) {
      const code = toMeshCode(lat, lon, "half");
      const c = meshCentre(code);
      if (!booleanPointInPolygon([c.lon, c.lat], boundary)) continue;
      const at = projection.toXy(c);
      const dCentre = Math.hypot(at.x, at.y);
      const hamletDists = hamlets.map((h) => dist(at, h.at));
      const dValley = Math.min(...hamlets.map((h) => distToPolyline(at, h.valley)));
      const nearest = hamletDists.indexOf(Math.min(...hamletDists));
      const hamletId = (hamletDists[nearest] as number) <= 2 ? (hamlets[nearest] as HamletSite).id : null;
      // Patchy roadside settlements: about a third of the valley cells hold a few houses.
      const patch = rng.chance(0.35) ? rng.uniform(0.5, 1.5) : 0.03;
      cells.push({
        code,
        at,
        centre: Math.exp(-((dCentre / 1.3) ** 2)),
        hamlet: hamletDists.map((d) => Math.exp(-((d / 0.75) ** 2))),
        valley: dCentre > 1.5 ? Math.exp(-((dValley / 0.45) ** 2)) * patch : 0,
        hamletId,
      });
    }
  }

  const population = rng.int(POPULATION_RANGE[0], POPULATION_RANGE[1]);
  // Shares of the population: centre ~50 %, hamlets ~35 %, valley roads ~15 %.
  const centreShare = rng.uniform(0.45, 0.55);
  const valleyShare = rng.uniform(0.12, 0.18);
  const hamletShare = 1 - centreShare - valleyShare;
  const hamletSizeSum = hamlets.reduce((a, h) => a + h.size, 0);
  const sumCentre = cells.reduce((a, c) => a + c.centre, 0);
  const sumValley = cells.reduce((a, c) => a + c.valley, 0);
  const sumHamlet = hamlets.map((_, i) => cells.reduce((a, c) => a + (c.hamlet[i] as number), 0));
  const raw = cells.map((c) => {
    let v = (centreShare * c.centre) / sumCentre + (valleyShare * c.valley) / (sumValley || 1);
    hamlets.forEach((h, i) => {
      v += (((hamletShare * h.size) / hamletSizeSum) * (c.hamlet[i] as number)) / (sumHamlet[i] || 1);
    });
    return v * population;
  });
  // Below ~2 expected people a cell is forest: nobody lives there.
  const weights = raw.map((v) => (v < 2 ? 0 : v));
  const pop = apportion(population, weights);

  // Older further out: the 65+ rate rises from ~33 % in the centre to ~50 % at 15 km.
  const remoteness = cells.map((c) => Math.min(1, Math.hypot(c.at.x, c.at.y) / 15));
  const aged65Total = Math.round(population * rng.uniform(AGED65_RANGE[0], AGED65_RANGE[1]));
  const aged75Total = Math.round(population * rng.uniform(AGED75_RANGE[0], AGED75_RANGE[1]));
  const w65 = cells.map(
    (_, i) => (pop[i] as number) * (0.33 + 0.17 * (remoteness[i] as number) + rng.uniform(-0.03, 0.03)),
  );
  const a65 = apportion(aged65Total, w65, pop);
  const w75 = cells.map((_, i) => (a65[i] as number) * (0.52 + 0.12 * (remoteness[i] as number)));
  const a75 = apportion(aged75Total, w75, a65);

  const out: PopulatedCell[] = [];
  cells.forEach((c, i) => {
    const p = pop[i] as number;
    if (p === 0) return;
    // Households shrink with distance: ~2.6 people in the centre, ~2.0 in the remotest hamlets.
    const size = 2.6 - 0.6 * (remoteness[i] as number);
    out.push({
      code: c.code,
      population: p,
      aged65plus: a65[i] as number,
      aged75plus: a75[i] as number,
      households: Math.max(1, Math.round(p / size)),
      at: c.at,
      hamletId: c.hamletId,
    });
  });
  return out;
}
