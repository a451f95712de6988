/**
 * What an OSM way's tags mean for routing: which road class it is, who may use it, in which
 * direction, and how fast it is signed. Read once at import and stored as small codes in the
 * graph, so profiles (speeds per vehicle kind) can change without re-reading the OSM file.
 */

/** Road classes kept in the graph (OSM `highway=*`), in a fixed order: the index is the stored code. */
export const HIGHWAY_CLASSES = [
  "motorway",
  "motorway_link",
  "trunk",
  "trunk_link",
  "primary",
  "primary_link",
  "secondary",
  "secondary_link",
  "tertiary",
  "tertiary_link",
  "unclassified",
  "residential",
  "living_street",
  "service",
  "road",
  "track",
  "busway",
  "pedestrian",
  "footway",
  "path",
  "steps",
  "cycleway",
  "bridleway",
] as const;
export type HighwayClass = (typeof HIGHWAY_CLASSES)[number];

const CLASS_CODE = new Map<string, number>(HIGHWAY_CLASSES.map((c, i) => [c, i]));

/** The classes from `first` to `last` in HIGHWAY_CLASSES' order (which groups them by kind of road). */
function classRange(first: HighwayClass, last: HighwayClass): Set<HighwayClass> {
  return new Set(HIGHWAY_CLASSES.slice(HIGHWAY_CLASSES.indexOf(first), HIGHWAY_CLASSES.indexOf(last) + 1));
}

/** Classes built for walking and cycling (pedestrian … bridleway): motor vehicles are off them unless tagged otherwise. */
const NON_MOTOR_CLASSES = classRange("pedestrian", "bridleway");

/** Highway values that are not (yet, or any longer) a road anyone can use. */
const NOT_A_ROAD_YET = new Set(["construction", "proposed", "planned", "abandoned", "disused", "razed"]);

/** Why a way read from the file is not in the graph. Counted by reason in the import report. */
export const DROP_REASONS = [
  "not_a_highway",
  "not_built",
  "unsupported_class",
  "area",
  "no_access",
  "too_few_nodes",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * Vehicle categories that OSM access tags distinguish and that our profiles use. The bit is set in
 * a way's `access` mask when that category may use it.
 */
export const ACCESS_BITS = { motorcar: 1, psv: 2, goods: 4, foot: 8 } as const;
export type AccessCategory = keyof typeof ACCESS_BITS;

/** Bits of a way's `flags`. */
export const WAY_FLAGS = {
  /** Vehicles may only drive in the way's node order. */
  onewayForward: 1,
  /** Vehicles may only drive against the way's node order (`oneway=-1`). */
  onewayBackward: 2,
  /** Buses and other public-service vehicles are exempt from the oneway (`oneway:psv=no`). */
  onewayExceptPsv: 4,
  /** No centre line (中央線のない道路): see `classifyWay` for how it is read from the tags. */
  noCentreLine: 8,
  /** Narrow: `width` under 4 m, `narrow=yes`, or a track. */
  narrow: 16,
  /** Part of a roundabout (`junction=roundabout|circular`). */
  roundabout: 32,
  /** `motorroad=yes` (自動車専用道路): no walking. */
  motorroad: 64,
} as const;

/** A way's routing attributes, as stored in the graph. */
export interface WayAttributes {
  readonly highwayClass: number;
  /** `ACCESS_BITS` of the categories that may use the way. */
  readonly access: number;
  /** `WAY_FLAGS` bits. */
  readonly flags: number;
  /** Signed speed in km/h along the way's node order; 0 when not tagged. */
  readonly maxspeedForward: number;
  /** Signed speed in km/h against the way's node order; 0 when not tagged. */
  readonly maxspeedBackward: number;
}

export type WayVerdict =
  | { readonly keep: true; readonly attributes: WayAttributes }
  | { readonly keep: false; readonly reason: DropReason };

type Tags = Readonly<Record<string, string>>;

const ALLOW = new Set([
  "yes",
  "designated",
  "permissive",
  "destination",
  "delivery",
  "customers",
  "official",
]);
const DENY = new Set([
  "no",
  "private",
  "agricultural",
  "forestry",
  "emergency",
  "military",
  "discouraged",
  "use_sidepath",
]);

/**
 * The most specific access tag decides (OSM's access hierarchy): e.g. for a bus
 * `bus` → `psv` → `motor_vehicle` → `vehicle` → `access`. `destination`, `delivery` and
 * `customers` allow: a pick-up at a door is destination traffic. `private` denies.
 */
function accessFor(tags: Tags, keys: readonly string[], byDefault: boolean): boolean {
  for (let i = keys.length - 1; i >= 0; i--) {
    const value = tags[keys[i] as string];
    if (value === undefined) continue;
    const first = value.split(";")[0]?.trim() ?? "";
    if (ALLOW.has(first)) return true;
    if (DENY.has(first)) return false;
  }
  return byDefault;
}

const ACCESS_CHAIN: Record<AccessCategory, readonly string[]> = {
  motorcar: ["access", "vehicle", "motor_vehicle", "motorcar"],
  psv: ["access", "vehicle", "motor_vehicle", "psv", "bus"],
  goods: ["access", "vehicle", "motor_vehicle", "goods"],
  foot: ["access", "foot"],
};

/**
 * A `maxspeed` value in km/h, or 0 when absent or not a number we can read. Accepts "40",
 * "40 km/h", "30 mph" and "none" (no limit: 0, so the class default applies). Zone codes
 * such as "JP:zone30" read as their number.
 */
export function parseMaxspeed(value: string | undefined): number {
  if (value === undefined) return 0;
  const v = value.trim().toLowerCase();
  const mph = /^(\d+(?:\.\d+)?)\s*mph$/.exec(v);
  if (mph) return Math.round(Number(mph[1]) * 1.609344);
  const kmh = /^(\d+(?:\.\d+)?)\s*(?:km\/h|kmh|kph)?$/.exec(v);
  if (kmh) return Math.min(255, Math.round(Number(kmh[1])));
  const zone = /^[a-z]{2}:zone:?(\d+)$/.exec(v);
  if (zone) return Number(zone[1]);
  return 0;
}

function parseWidthM(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*m?$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

const ALWAYS_ONEWAY = new Set(["motorway"]);
/** Motorways and trunk roads with their links. */
const DIVIDED_CLASSES = classRange("motorway", "trunk_link");
/** Minor roads (unclassified, residential, living_street, service, road, track). */
const LOCAL_CLASSES = classRange("unclassified", "track");

/** Reads one way's tags into routing attributes, or says why the way is not kept. */
export function classifyWay(tags: Tags): WayVerdict {
  const highway = tags.highway;
  if (highway === undefined) return { keep: false, reason: "not_a_highway" };
  if (NOT_A_ROAD_YET.has(highway)) return { keep: false, reason: "not_built" };
  const code = CLASS_CODE.get(highway);
  if (code === undefined) return { keep: false, reason: "unsupported_class" };
  const cls = highway as HighwayClass;
  // Pedestrian squares drawn as closed areas have no line to walk along.
  if (tags.area === "yes") return { keep: false, reason: "area" };

  const motorDefault = !NON_MOTOR_CLASSES.has(cls);
  let access = 0;
  if (cls !== "busway" && accessFor(tags, ACCESS_CHAIN.motorcar, motorDefault))
    access |= ACCESS_BITS.motorcar;
  if (accessFor(tags, ACCESS_CHAIN.psv, motorDefault || cls === "busway")) access |= ACCESS_BITS.psv;
  if (cls !== "busway" && accessFor(tags, ACCESS_CHAIN.goods, motorDefault)) access |= ACCESS_BITS.goods;
  // Walking is banned on expressways (高速自動車国道) and 自動車専用道路 (motorroad=yes).
  const footDefault = !(cls === "motorway" || cls === "motorway_link" || tags.motorroad === "yes");
  if (accessFor(tags, ACCESS_CHAIN.foot, footDefault && cls !== "busway")) access |= ACCESS_BITS.foot;
  if (access === 0) return { keep: false, reason: "no_access" };

  let flags = 0;
  const oneway = tags.oneway;
  const roundabout = tags.junction === "roundabout" || tags.junction === "circular";
  if (roundabout) flags |= WAY_FLAGS.roundabout;
  if (oneway === "-1" || oneway === "reverse") flags |= WAY_FLAGS.onewayBackward;
  else if (oneway === "yes" || oneway === "true" || oneway === "1") flags |= WAY_FLAGS.onewayForward;
  else if (oneway !== "no" && (ALWAYS_ONEWAY.has(cls) || roundabout)) flags |= WAY_FLAGS.onewayForward;
  if (tags["oneway:psv"] === "no" || tags["oneway:bus"] === "no") flags |= WAY_FLAGS.onewayExceptPsv;
  if (tags.motorroad === "yes") flags |= WAY_FLAGS.motorroad;

  // Japan's statutory 30 km/h (from 2026-09-01) binds roads without a centre line. OSM rarely
  // says so directly: local classes without a lanes tag are taken as having none, larger roads
  // only when tagged `lanes=1` or `lane_markings=no`.
  const lanes = Number.parseInt(tags.lanes ?? "", 10);
  const markings = tags.lane_markings;
  const divided = DIVIDED_CLASSES.has(cls) || tags.motorroad === "yes";
  const noCentreLine = Number.isNaN(lanes)
    ? markings === "no" || (LOCAL_CLASSES.has(cls) && markings !== "yes")
    : lanes < 2 && markings !== "yes";
  if (!divided && noCentreLine) flags |= WAY_FLAGS.noCentreLine;
  const width = parseWidthM(tags.width ?? tags.est_width);
  if (tags.narrow === "yes" || cls === "track" || (width !== undefined && width < 4))
    flags |= WAY_FLAGS.narrow;

  const both = parseMaxspeed(tags.maxspeed);
  const maxspeedForward = parseMaxspeed(tags["maxspeed:forward"]) || both;
  const maxspeedBackward = parseMaxspeed(tags["maxspeed:backward"]) || both;
  return { keep: true, attributes: { highwayClass: code, access, flags, maxspeedForward, maxspeedBackward } };
}

/** Turn-restriction kinds we honour: `no_*` forbids the turn, `only_*` forbids every other one. */
export type RestrictionKind = "no" | "only";

/**
 * A restriction relation's kind and the vehicle categories it binds (`ACCESS_BITS`), or
 * undefined when it is not one we read (conditional, a mode we do not route, unknown value).
 */
export function classifyRestriction(tags: Tags): { kind: RestrictionKind; vehicles: number } | undefined {
  if (tags.type !== "restriction") return undefined;
  const vehicleBits = ACCESS_BITS.motorcar | ACCESS_BITS.psv | ACCESS_BITS.goods;
  const candidates: [string, number][] = [
    ["restriction", vehicleBits],
    ["restriction:motor_vehicle", vehicleBits],
    ["restriction:motorcar", ACCESS_BITS.motorcar],
    ["restriction:psv", ACCESS_BITS.psv],
    ["restriction:bus", ACCESS_BITS.psv],
    ["restriction:goods", ACCESS_BITS.goods],
  ];
  for (const [key, bits] of candidates) {
    const value = tags[key];
    if (value === undefined) continue;
    const kind = value.startsWith("no_") ? "no" : value.startsWith("only_") ? "only" : undefined;
    if (kind === undefined) return undefined;
    let vehicles = bits;
    for (const ex of (tags.except ?? "").split(";").map((s) => s.trim())) {
      if (ex === "psv" || ex === "bus") vehicles &= ~ACCESS_BITS.psv;
      if (ex === "motorcar") vehicles &= ~ACCESS_BITS.motorcar;
      if (ex === "motor_vehicle") vehicles = 0;
      if (ex === "goods" || ex === "delivery") vehicles &= ~ACCESS_BITS.goods;
    }
    return vehicles === 0 ? undefined : { kind, vehicles };
  }
  return undefined;
}
