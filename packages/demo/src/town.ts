/**
 * The town's geography: where the centre, the hamlets, the valleys (roads),
 * the facilities and the bus stops are, and a boundary drawn around them.
 * Everything is laid out in local kilometres (see geometry.ts) and converted
 * to latitude/longitude at the end.
 */
import {
  dist,
  type LatLon,
  LocalProjection,
  offset,
  pointAlong,
  polar,
  polylineLength,
  type Xy,
} from "./geometry";
import { HAMLET_NAMES, type HamletName, STOP_NAMES } from "./names";
import type { Rng } from "./random";
import type { DemoPlaceKind } from "./types";

/** Roughly the mountains between the Kiso and Ina valleys: an inland, forested part of central Honshu. */
const ANCHOR: LatLon = { lat: 35.78, lon: 137.78 };

/** Area the boundary is drawn to, km² (the spec allows 300–700; this keeps clear of both ends). */
const AREA_MIN_KM2 = 380;
const AREA_MAX_KM2 = 580;

export interface HamletSite {
  readonly index: number;
  readonly id: string;
  readonly name: HamletName;
  readonly at: Xy;
  readonly distanceKm: number;
  /** Relative size of the settlement (population weight). */
  readonly size: number;
  /** The valley road from the centre to the hamlet, centre first. */
  readonly valley: readonly Xy[];
  readonly remotest: boolean;
  servedByBus: boolean;
}

export interface PlaceSite {
  readonly id: string;
  readonly kind: DemoPlaceKind;
  readonly name: string;
  readonly nameEn: string;
  readonly at: Xy;
  readonly organisationId?: string;
}

export interface StopSite {
  readonly stopId: string;
  readonly name: string;
  readonly at: Xy;
}

export interface RouteSite {
  readonly routeId: string;
  readonly name: string;
  readonly color: string;
  readonly hamletId: string;
  readonly stopIds: readonly string[];
}

export interface Geography {
  readonly projection: LocalProjection;
  readonly hamlets: readonly HamletSite[];
  readonly places: readonly PlaceSite[];
  readonly stops: readonly StopSite[];
  readonly routes: readonly RouteSite[];
  /** Boundary ring in local km, counter-clockwise, not closed. */
  readonly ring: readonly Xy[];
  readonly areaKm2: number;
  readonly hubStopId: string;
  readonly remotest: HamletSite;
}

const ROUTE_COLORS = ["2E7D32", "1565C0", "C62828"];

export function buildGeography(rng: Rng): Geography {
  const origin: LatLon = {
    lat: ANCHOR.lat + rng.uniform(-0.04, 0.04),
    lon: ANCHOR.lon + rng.uniform(-0.04, 0.04),
  };
  const projection = new LocalProjection(origin);
  const hamlets = placeHamlets(rng);
  const remotest = hamlets.find((h) => h.remotest) as HamletSite;

  // Two or three bus routes, never to the remotest hamlet: that one is left to the
  // drone and the school bus, and stays a 交通空白 for the analysis to find.
  const candidates = rng.shuffle(hamlets.filter((h) => !h.remotest));
  const routeCount = Math.min(candidates.length, rng.int(2, 3));
  const served = candidates.slice(0, routeCount).sort((a, b) => a.index - b.index);
  for (const h of served) h.servedByBus = true;

  const places = placeFacilities(rng, remotest);
  const { stops, routes, hubStopId } = placeStops(rng, places, served);

  // Points the boundary must contain with room to spare: every road, every
  // hamlet's surroundings, every facility and stop.
  const keep: Xy[] = [];
  for (const h of hamlets) {
    const length = polylineLength(h.valley);
    for (let s = 0; s <= length; s += 0.5) keep.push(pointAlong(h.valley, s));
    for (let k = 0; k < 8; k++)
      keep.push(offset(h.at, 2.5 * Math.cos((k * Math.PI) / 4), 2.5 * Math.sin((k * Math.PI) / 4)));
  }
  for (const p of places) keep.push(p.at);
  for (const s of stops) keep.push(s.at);
  const { ring, areaKm2 } = drawBoundary(rng, keep);

  return { projection, hamlets, places, stops, routes, ring, areaKm2, hubStopId, remotest };
}

function placeHamlets(rng: Rng): HamletSite[] {
  const n = rng.int(3, 5);
  const names = rng.shuffle(HAMLET_NAMES).slice(0, n);
  const spacing = (2 * Math.PI) / n;
  const start = rng.uniform(0, 2 * Math.PI);
  const remotestIndex = rng.int(0, n - 1);
  const hamlets: HamletSite[] = [];
  for (let i = 0; i < n; i++) {
    const angle = start + i * spacing + rng.uniform(-0.2, 0.2) * spacing;
    const remotest = i === remotestIndex;
    // Served hamlets sit 7–12 km out; the remotest 13.5–16.5 km (the spec allows 5–20 km).
    const distanceKm = remotest ? rng.uniform(13.5, 16.5) : rng.uniform(7, 12);
    const at = polar(angle, distanceKm);
    // The road bends with the valley: two inner points pushed sideways.
    const nx = -Math.sin(angle);
    const ny = Math.cos(angle);
    const bend = (t: number) => {
      const side = Math.max(-1.4, Math.min(1.4, rng.normal(0, 0.7)));
      return { x: at.x * t + nx * side, y: at.y * t + ny * side };
    };
    const valley = [{ x: 0, y: 0 }, bend(1 / 3), bend(2 / 3), at];
    const name = names[i] as HamletName;
    hamlets.push({
      index: i,
      id: `hamlet-${i + 1}`,
      name,
      at,
      distanceKm: Math.hypot(at.x, at.y),
      size: remotest ? rng.uniform(0.35, 0.55) : rng.uniform(0.6, 1.2),
      valley,
      remotest,
      servedByBus: false,
    });
  }
  return hamlets;
}

function placeFacilities(rng: Rng, remotest: HamletSite): PlaceSite[] {
  const sites: PlaceSite[] = [];
  const near = (minR: number, maxR: number): Xy => {
    for (let attempt = 0; ; attempt++) {
      const p = polar(rng.uniform(0, 2 * Math.PI), rng.uniform(minR, maxR));
      // Keep facilities ≥ 180 m apart so that their stops and markers do not overlap.
      if (attempt > 200 || sites.every((s) => dist(s.at, p) >= 0.18)) return p;
    }
  };
  const add = (site: PlaceSite) => {
    sites.push(site);
    return site;
  };
  add({
    id: "place-town-hall",
    kind: "town_hall",
    name: "つなぐ町役場（架空）",
    nameEn: "Tsunagu Town Office (fictional)",
    at: { x: 0, y: 0 },
    organisationId: "org-town",
  });
  add({
    id: "place-shakyo",
    kind: "social_welfare_council",
    name: "つなぐ町社会福祉協議会（架空）",
    nameEn: "Tsunagu Council of Social Welfare (fictional)",
    at: near(0.15, 0.4),
    organisationId: "org-shakyo",
  });
  add({
    id: "place-clinic",
    kind: "clinic",
    name: "つなぐ町国保診療所（架空）",
    nameEn: "Tsunagu Town Clinic (fictional)",
    at: near(0.3, 0.8),
    organisationId: "org-clinic",
  });
  add({
    id: "place-supermarket",
    kind: "supermarket",
    name: "スーパーつなぐ（架空）",
    nameEn: "Supermarket Tsunagu (fictional)",
    at: near(0.3, 0.9),
    organisationId: "org-shop",
  });
  add({
    id: "place-post-office",
    kind: "post_office",
    name: "つなぐ郵便局（架空）",
    nameEn: "Tsunagu Post Office (fictional)",
    at: near(0.15, 0.5),
    organisationId: "org-post",
  });
  add({
    id: "place-day-care-1",
    kind: "day_care",
    name: "デイサービスセンターひだまり（架空）",
    nameEn: "Hidamari Day Service Centre (fictional)",
    at: near(0.8, 1.6),
    organisationId: "org-day-care-1",
  });
  add({
    id: "place-day-care-2",
    kind: "day_care",
    name: "デイサービスやまびこ（架空）",
    nameEn: "Yamabiko Day Service (fictional)",
    at: near(1.0, 2.0),
    organisationId: "org-day-care-2",
  });
  add({
    id: "place-school",
    kind: "school",
    name: "つなぐ町立つなぐ学園（架空）",
    nameEn: "Tsunagu Town School (fictional)",
    at: near(0.5, 1.2),
    organisationId: "org-school",
  });
  add({
    id: "place-community-centre",
    kind: "community_centre",
    name: "つなぐ町公民館（架空）",
    nameEn: "Tsunagu Community Hall (fictional)",
    at: near(0.2, 0.6),
    organisationId: "org-town",
  });
  // The hub sits on the road out towards the remotest hamlet, so that the drone
  // leaves from where the buses and the truck drop parcels.
  const toward = remotest.valley[1] as Xy;
  const len = Math.hypot(toward.x, toward.y);
  const hubR = rng.uniform(0.7, 1.1);
  const hub = add({
    id: "place-hub",
    kind: "hub",
    name: "つなぐ町地域物流センター（架空）",
    nameEn: "Tsunagu Community Logistics Hub (fictional)",
    at: { x: (toward.x / len) * hubR, y: (toward.y / len) * hubR },
    organisationId: "org-hub",
  });
  add({
    id: "place-drone-port-hub",
    kind: "drone_port",
    name: "物流センター ドローンスタンド（架空）",
    nameEn: "Hub drone port (fictional)",
    at: offset(hub.at, 0.04, -0.03),
    organisationId: "org-drone",
  });
  const [kanji, , romaji] = remotest.name;
  add({
    id: "place-drone-port-hamlet",
    kind: "drone_port",
    name: `${kanji}ドローンスタンド（架空）`,
    nameEn: `${romaji} drone port (fictional)`,
    at: offset(remotest.at, rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15)),
    organisationId: "org-drone",
  });
  add({
    id: "place-hamlet-hall",
    kind: "community_centre",
    name: `${kanji}集落センター（架空）`,
    nameEn: `${romaji} hamlet hall (fictional)`,
    at: offset(remotest.at, rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)),
    organisationId: "org-town",
  });
  return sites;
}

/** Centre stops by the facilities, then stops along each served valley, ~25–40 in all. */
function placeStops(
  rng: Rng,
  places: readonly PlaceSite[],
  served: readonly HamletSite[],
): { stops: StopSite[]; routes: RouteSite[]; hubStopId: string } {
  const stops: StopSite[] = [];
  const placeAt = (id: string) => (places.find((p) => p.id === id) as PlaceSite).at;
  // A stop ~40 m from its facility, across the road.
  const beside = (id: string) => addXy(placeAt(id), polar(rng.uniform(0, 2 * Math.PI), 0.04));
  const centreStops: StopSite[] = [
    { stopId: "S01", name: "役場前", at: beside("place-town-hall") },
    { stopId: "S02", name: "診療所前", at: beside("place-clinic") },
    { stopId: "S03", name: "スーパーつなぐ前", at: beside("place-supermarket") },
    { stopId: "S04", name: "郵便局前", at: beside("place-post-office") },
    { stopId: "S05", name: "物流センター前", at: beside("place-hub") },
  ];
  stops.push(...centreStops);
  const hubStopId = "S05";

  const lengths = served.map((h) => polylineLength(h.valley));
  // Rural stops sit 0.5 km apart at the closest; the first one beyond the centre at 1.5 km.
  const maxPerRoute = lengths.map((l) => Math.floor((l - 1.5) / 0.5) + 1);
  const wanted = rng.int(28, 36) - centreStops.length;
  const total = lengths.reduce((a, b) => a + b, 0);
  const counts = lengths.map((l, i) =>
    Math.max(4, Math.min(maxPerRoute[i] as number, Math.round((wanted * l) / total))),
  );

  const unusedNames = rng.shuffle(STOP_NAMES);
  const routes: RouteSite[] = [];
  let next = centreStops.length + 1;
  served.forEach((h, r) => {
    const length = lengths[r] as number;
    const k = counts[r] as number;
    const ids: string[] = [];
    for (let j = 0; j < k; j++) {
      const last = j === k - 1;
      const s = last ? length : 1.5 + ((length - 1.5) * j) / (k - 1) + rng.uniform(-0.1, 0.1);
      const stopId = `S${String(next++).padStart(2, "0")}`;
      const name = last ? h.name[0] : j === k - 2 ? `${h.name[0]}入口` : (unusedNames.pop() as string);
      stops.push({ stopId, name, at: pointAlong(h.valley, s) });
      ids.push(stopId);
    }
    // Through the centre: town hall first, then the other centre stops in the order
    // the bus meets them heading out along this valley.
    const dir = h.valley[1] as Xy;
    const inner = centreStops
      .slice(1)
      .map((s) => ({ s, along: s.at.x * dir.x + s.at.y * dir.y }))
      .sort((a, b) => a.along - b.along)
      .map((e) => e.s.stopId);
    routes.push({
      routeId: `R${r + 1}`,
      name: `${h.name[0]}線`,
      color: ROUTE_COLORS[r] as string,
      hamletId: h.id,
      stopIds: ["S01", ...inner, ...ids],
    });
  });
  return { stops, routes, hubStopId };
}

function addXy(a: Xy, b: Xy): Xy {
  return { x: a.x + b.x, y: a.y + b.y };
}

/**
 * A star-shaped ring around the centre: a wobbly base radius, widened into
 * lobes wherever a valley or facility needs room, then the base radius is
 * tuned (bisection) until the area hits a target drawn in [380, 580] km².
 */
function drawBoundary(rng: Rng, keep: readonly Xy[]): { ring: Xy[]; areaKm2: number } {
  const n = 240;
  const phases = [0, 1, 2, 3, 4].map(() => rng.uniform(0, 2 * Math.PI));
  const amps = [0.16, 0.11, 0.07, 0.05, 0.04];
  const freqs = [2, 3, 5, 7, 11];
  const jitter = Array.from({ length: n }, () => rng.uniform(-0.025, 0.025));
  const wobble = (theta: number, i: number) => {
    let f = 1 + (jitter[i] as number);
    for (let k = 0; k < amps.length; k++) {
      f += (amps[k] as number) * Math.sin((freqs[k] as number) * theta + (phases[k] as number));
    }
    return f;
  };
  // The radius each direction needs to contain the kept points with a 2.5 km margin,
  // tapering off sideways over ~3 km so the lobes look like valleys, not spikes.
  const need = new Array<number>(n).fill(0);
  for (const p of keep) {
    const d = Math.hypot(p.x, p.y);
    const theta = Math.atan2(p.y, p.x);
    const halfWidth = Math.min(Math.PI / 2, Math.atan2(3, d));
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      let delta = Math.abs(a - theta) % (2 * Math.PI);
      if (delta > Math.PI) delta = 2 * Math.PI - delta;
      if (delta < halfWidth) {
        const r = (d + 2.5) * Math.cos(((delta / halfWidth) * Math.PI) / 2) ** 0.5;
        if (r > (need[i] as number)) need[i] = r;
      }
    }
  }
  const ringFor = (base: number): Xy[] =>
    Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      return polar(a, Math.max(base * wobble(a, i), need[i] as number, 3));
    });
  const target = rng.uniform(AREA_MIN_KM2, AREA_MAX_KM2);
  let lo = 0;
  let hi = 30;
  for (let iter = 0; iter < 40; iter++) {
    const mid = (lo + hi) / 2;
    if (shoelace(ringFor(mid)) < target) lo = mid;
    else hi = mid;
  }
  const ring = ringFor((lo + hi) / 2);
  return { ring, areaKm2: shoelace(ring) };
}

/** Planar area of a ring in km². */
export function shoelace(ring: readonly Xy[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Xy;
    const b = ring[(i + 1) % ring.length] as Xy;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}
