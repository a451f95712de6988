import { createHash } from "node:crypto";
import { edgeTail, type RoadGraph } from "./graph";
import { ACCESS_BITS, type AccessCategory, HIGHWAY_CLASSES, type HighwayClass, WAY_FLAGS } from "./osm/tags";

/**
 * How one kind of vehicle (or a walker) uses the roads: which it may use and how fast it goes.
 * The sources of every default are in docs/adr/0005-road-routing.md. A municipality changes
 * any field with `withOverrides`; a changed profile has a new `profileHash`, so hierarchies
 * built for the old one are not reused.
 */
export interface SpeedProfile {
  readonly id: string;
  /** The OSM access category whose tags decide where this profile may go. */
  readonly category: AccessCategory;
  /**
   * Walking speed in km/h; only for `category: "foot"`, which ignores vehicle speeds, oneways
   * and turn restrictions. Default 4.8 (80 m a minute, the Japanese walking-time convention).
   */
  readonly walkKmh?: number;
  /** Walking speed on steps in km/h (foot only). */
  readonly stepsKmh?: number;
  /**
   * Legal limit in km/h when no `maxspeed` is signed, per class, for roads with a centre line.
   * Default: 100 on expressways (道路交通法施行令 第27条), 60 on every other road (第11条).
   */
  readonly limitKmh: Readonly<Record<HighwayClass, number>>;
  /** Legal limit in km/h for roads without a centre line (施行令 第11条, as amended from 2026-09-01: 30). */
  readonly noCentreLineLimitKmh: number;
  /** Share of the limit (signed or legal) the vehicle averages, for junctions, bends and traffic. */
  readonly drivenShare: number;
  /** Upper bound per class in km/h, whatever the limit says (e.g. lanes, yards, forest roads). */
  readonly classCapKmh: Readonly<Partial<Record<HighwayClass, number>>>;
  /** Upper bound on narrow roads (width under 4 m, `narrow=yes`, tracks): 山間部の狭い道. */
  readonly narrowKmh: number;
  /** The vehicle's own top speed in km/h. */
  readonly maxKmh: number;
  /** Classes this profile never uses. */
  readonly excludedClasses: readonly HighwayClass[];
  /** Classes a stop of this profile never snaps to (no pick-up on an expressway). */
  readonly noSnapClasses: readonly HighwayClass[];
}

const LEGAL_LIMITS: Record<HighwayClass, number> = Object.fromEntries(
  HIGHWAY_CLASSES.map((c) => [c, c === "motorway" ? 100 : 60]),
) as Record<HighwayClass, number>;

/** Practical caps on classes whose legal limit says little about the speed driven there. */
const CLASS_CAPS: Partial<Record<HighwayClass, number>> = {
  living_street: 15,
  service: 20,
  track: 15,
  road: 30,
};

const NO_EXPRESSWAY_STOPS: readonly HighwayClass[] = ["motorway", "motorway_link"];

const vehicle = (
  id: string,
  category: AccessCategory,
  drivenShare: number,
  maxKmh: number,
  narrowKmh: number,
  excludedClasses: readonly HighwayClass[] = [],
): SpeedProfile => ({
  id,
  category,
  limitKmh: LEGAL_LIMITS,
  noCentreLineLimitKmh: 30,
  drivenShare,
  classCapKmh: CLASS_CAPS,
  narrowKmh,
  maxKmh,
  excludedClasses,
  noSnapClasses: NO_EXPRESSWAY_STOPS,
});

/**
 * The built-in profiles. Speeds are assumptions for planning, not measurements: see the ADR.
 * - `car` 乗用車, `van` ワゴン: 80 % of the limit, up to 100 km/h, 20 km/h on narrow roads.
 * - `wheelchair_van` 車いす対応車両: 75 % (a secured wheelchair), up to 80 km/h.
 * - `kei_cargo` 軽貨物: 80 %, up to 80 km/h.
 * - `route_bus` 路線バス: public-service access (bus lanes, `psv=yes`), 70 %, up to 60 km/h,
 *   15 km/h on narrow roads, no tracks.
 * - `foot` 徒歩: 4.8 km/h, 2.4 km/h on steps.
 */
export const DEFAULT_PROFILES = {
  car: vehicle("car", "motorcar", 0.8, 100, 20),
  van: vehicle("van", "motorcar", 0.8, 100, 20),
  wheelchair_van: vehicle("wheelchair_van", "motorcar", 0.75, 80, 20),
  kei_cargo: vehicle("kei_cargo", "goods", 0.8, 80, 20),
  route_bus: vehicle("route_bus", "psv", 0.7, 60, 15, ["track"]),
  foot: {
    ...vehicle("foot", "foot", 1, 4.8, 4.8),
    walkKmh: 4.8,
    stepsKmh: 2.4,
    noSnapClasses: [],
  },
} as const satisfies Record<string, SpeedProfile>;

export type DefaultProfileId = keyof typeof DEFAULT_PROFILES;

/**
 * The profile for each vehicle kind of the registry (`VehicleKindSchema` in the contract).
 * Drones do not use roads.
 */
export const PROFILE_OF_VEHICLE_KIND: Readonly<Record<string, DefaultProfileId>> = {
  car: "car",
  van: "van",
  wheelchair_van: "wheelchair_van",
  minibus: "van",
  route_bus: "route_bus",
  school_bus: "route_bus",
  truck: "kei_cargo",
};

/** A copy of `base` with some fields changed (e.g. a municipality's own speeds). */
export function withOverrides(
  base: SpeedProfile,
  overrides: Partial<Omit<SpeedProfile, "limitKmh" | "classCapKmh">> & {
    readonly limitKmh?: Readonly<Partial<Record<HighwayClass, number>>>;
    readonly classCapKmh?: Readonly<Partial<Record<HighwayClass, number>>>;
  },
): SpeedProfile {
  return {
    ...base,
    ...overrides,
    limitKmh: { ...base.limitKmh, ...overrides.limitKmh } as Record<HighwayClass, number>,
    classCapKmh: { ...base.classCapKmh, ...overrides.classCapKmh },
  };
}

/** SHA-256 of the profile's fields in a fixed key order: a cached hierarchy is tied to it. */
export function profileHash(profile: SpeedProfile): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash("sha256")
    .update(JSON.stringify(canonical(profile)))
    .digest("hex");
}

/** True when the profile may use the edge in its direction (access, oneway, excluded classes). */
export function canUse(g: RoadGraph, profile: SpeedProfile, e: number): boolean {
  const w = g.edgeWay[e] as number;
  if (((g.wayAccess[w] as number) & ACCESS_BITS[profile.category]) === 0) return false;
  const cls = HIGHWAY_CLASSES[g.wayClass[w] as number] as HighwayClass;
  if (profile.excludedClasses.includes(cls)) return false;
  if (profile.category === "foot") return true;
  const flags = g.wayFlags[w] as number;
  if (profile.category === "psv" && flags & WAY_FLAGS.onewayExceptPsv) return true;
  const against = g.edgeAgainstWay[e] === 1;
  if (flags & WAY_FLAGS.onewayForward && against) return false;
  if (flags & WAY_FLAGS.onewayBackward && !against) return false;
  return true;
}

/** Speed in km/h of the profile on edge e (assumes `canUse`). */
export function speedKmh(g: RoadGraph, profile: SpeedProfile, e: number): number {
  const w = g.edgeWay[e] as number;
  const cls = HIGHWAY_CLASSES[g.wayClass[w] as number] as HighwayClass;
  if (profile.category === "foot")
    return cls === "steps" ? (profile.stepsKmh ?? 2.4) : (profile.walkKmh ?? 4.8);
  const flags = g.wayFlags[w] as number;
  const signed = (g.edgeAgainstWay[e] === 1 ? g.wayMaxspeedBackward[w] : g.wayMaxspeedForward[w]) as number;
  const limit =
    signed > 0
      ? signed
      : flags & WAY_FLAGS.noCentreLine
        ? profile.noCentreLineLimitKmh
        : profile.limitKmh[cls];
  let speed = limit * profile.drivenShare;
  const cap = profile.classCapKmh[cls];
  if (cap !== undefined) speed = Math.min(speed, cap);
  if (flags & WAY_FLAGS.narrow) speed = Math.min(speed, profile.narrowKmh);
  return Math.max(1, Math.min(speed, profile.maxKmh));
}

/**
 * Travel time of every edge for the profile in whole milliseconds (0 = not usable). Integer
 * times keep sums exact, so a shortcut and the path it stands for always agree.
 */
export function edgeTimesMs(g: RoadGraph, profile: SpeedProfile): Uint32Array {
  const out = new Uint32Array(g.edgeHead.length);
  for (let e = 0; e < out.length; e++) {
    if (!canUse(g, profile, e)) continue;
    // ms = metres / (km/h ÷ 3.6) × 1000 = 36 × centimetres / km/h
    out[e] = Math.max(1, Math.round((36 * (g.edgeLengthCm[e] as number)) / speedKmh(g, profile, e)));
  }
  return out;
}

/** Turn restrictions that bind the profile, as (from edge, to edge, kind) triples; none for walking. */
export function restrictionsFor(
  g: RoadGraph,
  profile: SpeedProfile,
): { from: number; to: number; only: boolean }[] {
  if (profile.category === "foot") return [];
  const bit = ACCESS_BITS[profile.category];
  const out: { from: number; to: number; only: boolean }[] = [];
  for (let i = 0; i < g.restrictionFrom.length; i++) {
    if (((g.restrictionVehicles[i] as number) & bit) === 0) continue;
    const from = g.restrictionFrom[i] as number;
    const to = g.restrictionTo[i] as number;
    // The graph keeps only restrictions whose from edge ends where the to edge starts.
    if (g.edgeHead[from] !== edgeTail(g, to)) continue;
    out.push({ from, to, only: g.restrictionKind[i] === 1 });
  }
  return out;
}
