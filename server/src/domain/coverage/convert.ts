/**
 * The one place where stored rows and request bodies become the geo engine's
 * coverage input, and where the engine's columns become the wire response,
 * the CSV and the GeoJSON export.
 */
import {
  addDays,
  type CoverageRequest,
  type CoverageResponse,
  type CoverageTotals,
  type CoverageWhatIfResult,
  clockOfMinutes,
  DEFAULT_COVERAGE_BAND,
  type Feature,
  type GeoPolygon,
  parseBandMinutes,
  type StopService,
  secondsOfDay,
} from "@tsunagu/contract";
import type { CoverageDbRows, GtfsFeedDbRows } from "@tsunagu/db";
import {
  type Area,
  activeServiceIds,
  type CoverageCell,
  type CoverageInput,
  type CoverageResult,
  type CoverageStop,
  clipCellsToArea,
  coverageCells,
  departuresPerStop,
  type WhatIfResult as EngineWhatIf,
  type GtfsFeed,
  meshBounds,
  parseArea,
  type TimeBand,
  type WhatIfSupply,
} from "@tsunagu/geo";
import { availableWindowsOn } from "../availability";
import type { FieldProblem } from "../errors";
import { toEngineFeed } from "../timetables/convert";

/** A stored feed with its engine shape and the stops rail routes call at. */
export interface LoadedFeed {
  id: string;
  name: string;
  rows: GtfsFeedDbRows;
  feed: GtfsFeed;
  railStopIds: Set<string>;
}

/**
 * GTFS route types counted as rail (walking radius of a station): 1 subway,
 * 2 rail, 12 monorail, and the extended 100–199 railway types. Trams (0) and
 * everything else count as bus stops.
 */
const isRailRouteType = (t: number) => t === 1 || t === 2 || t === 12 || (t >= 100 && t < 200);

export function toLoadedFeed(rows: GtfsFeedDbRows): LoadedFeed {
  const railRoutes = new Set(rows.routes.filter((r) => isRailRouteType(r.routeType)).map((r) => r.routeId));
  const railTrips = new Set(rows.trips.filter((t) => railRoutes.has(t.routeId)).map((t) => t.tripId));
  const railStopIds = new Set(rows.stopTimes.filter((st) => railTrips.has(st.tripId)).map((st) => st.stopId));
  return { id: rows.feed.id, name: rows.feed.name, rows, feed: toEngineFeed(rows), railStopIds };
}

/** "08:00-18:00" (already validated) → seconds, the engine's unit. */
export function bandSeconds(band: string): TimeBand {
  const b = parseBandMinutes(band);
  if (!b) throw new Error(`band "${band}" was not validated`);
  return { from: b.from * 60, to: b.to * 60 };
}

/**
 * The service day to analyse: the requested one; else the first day on or
 * after `today` (at most a year ahead) on which any feed runs a trip — so an
 * analysis opened on a Sunday or a holiday shows a normal day, not an empty
 * one; else `today` itself (no feed, or feeds that never run).
 */
export function chooseServiceDate(
  feeds: readonly LoadedFeed[],
  today: string,
  requested: string | undefined,
): { date: string; dateSource: "requested" | "firstServiceDay" | "today" } {
  if (requested) return { date: requested, dateSource: "requested" };
  const withTrips = feeds.map((f) => ({
    feed: f.feed,
    services: new Set(f.feed.trips.map((t) => t.serviceId)),
  }));
  for (let i = 0; i <= 366; i++) {
    const date = addDays(today, i);
    for (const { feed, services } of withTrips) {
      for (const id of activeServiceIds(feed, date))
        if (services.has(id)) return { date, dateSource: "firstServiceDay" };
    }
  }
  return { date: today, dateSource: "today" };
}

/** Departures per boardable stop of every feed on `date` within `band`. */
export function stopService(feeds: readonly LoadedFeed[], date: string, band: TimeBand): StopService[] {
  return feeds.flatMap((f) => {
    const counts = departuresPerStop(f.feed, { date, band });
    return f.rows.stops
      .filter((s) => s.locationType === 0)
      .map((s) => ({
        feedId: f.id,
        stopId: s.stopId,
        name: s.name,
        lat: s.lat,
        lon: s.lon,
        kind: f.railStopIds.has(s.stopId) ? ("rail" as const) : ("bus" as const),
        departures: counts.get(s.stopId) ?? 0,
      }));
  });
}

/** Engine stop id: feed and stop, so two operators' stop "1" stay apart. */
const engineStopId = (s: StopService) => `${s.feedId}:${s.stopId}`;

/** The parameters of a request with every default filled in (what the response reports). */
export function resolveRequest(body: CoverageRequest) {
  return {
    preset: body.preset ?? "rural",
    band: body.band ?? DEFAULT_COVERAGE_BAND,
    clipToBoundary: body.clipToBoundary ?? true,
  } as const;
}

/** The boundary as an engine area, or undefined when none is stored or it does not parse. */
export function boundaryArea(rows: CoverageDbRows): Area | undefined {
  const text = rows.municipality.boundaryGeojson;
  if (!text) return undefined;
  try {
    const parsed = parseArea(JSON.parse(text), "boundary");
    return parsed.ok ? parsed.area : undefined;
  } catch {
    return undefined;
  }
}

type StoredCell = CoverageDbRows["cells"][number];

const wholeCell = (c: StoredCell): CoverageCell => ({
  code: c.code,
  population: c.population,
  age65plus: c.aged65plus,
  age75plus: c.aged75plus,
});

/**
 * The cells inside the boundary, by one rule for imported and generated
 * populations: a cell crossing the boundary counts by the share of its area
 * inside (stored by the e-Stat import, which keeps cells outside at share 0);
 * a whole cell counts when its centre lies inside (a generated town's cells
 * carry share 1, and the boundary may be drawn after them).
 */
function cellsInside(stored: readonly StoredCell[], boundary: Area): CoverageCell[] {
  const whole = clipCellsToArea(stored.filter((c) => c.share >= 1).map(wholeCell), boundary);
  const partial = stored
    .filter((c) => c.share > 0 && c.share < 1)
    .map((c) => ({
      code: c.code,
      population: c.population * c.share,
      age65plus: c.aged65plus * c.share,
      age75plus: c.aged75plus * c.share,
    }));
  return [...whole, ...partial].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Stored mesh rows + stops + request → the engine's coverage input. */
export function toCoverageInput(
  rows: CoverageDbRows,
  stops: readonly StopService[],
  body: CoverageRequest,
  boundary: Area | undefined,
): CoverageInput {
  const { preset, clipToBoundary } = resolveRequest(body);
  const cells = clipToBoundary && boundary ? cellsInside(rows.cells, boundary) : rows.cells.map(wholeCell);
  const toStop = (s: StopService): CoverageStop => ({
    id: engineStopId(s),
    lat: s.lat,
    lon: s.lon,
    departures: s.departures,
  });
  return {
    cells,
    busStops: stops.filter((s) => s.kind === "bus").map(toStop),
    railStations: stops.filter((s) => s.kind === "rail").map(toStop),
    preset,
    params: {
      ...(body.busRadiusM !== undefined ? { busRadiusM: body.busRadiusM } : {}),
      ...(body.railRadiusM !== undefined ? { railRadiusM: body.railRadiusM } : {}),
      // One threshold for both kinds: "a stop with at least N departures in the band".
      ...(body.minDepartures !== undefined
        ? { minDepartures: body.minDepartures, minRailDepartures: body.minDepartures }
        : {}),
    },
  };
}

// ——— what-if supply ———

type VanRow = CoverageDbRows["vehicles"][number];
type VanUse = CoverageWhatIfResult["facilityVans"][number];

/** Vehicle kinds a facility can lend for residents' rides (not trucks, drones, route/school buses). */
const VAN_KINDS = new Set(["van", "wheelchair_van", "minibus", "car"]);

/** A vehicle's free windows on `date`, in minutes, by the one availability rule (domain/availability). */
export function vanWindowsOn(van: Pick<VanRow, "availability" | "availabilityExceptions">, date: string) {
  return availableWindowsOn(van, date);
}

const EARTH_M_PER_DEG = 111_320;

/** A circle as a 48-gon, for drawing only (the engine tests distances exactly). */
export function circlePolygon(lat: number, lon: number, radiusM: number): Feature["geometry"] {
  const ring: [number, number][] = [];
  const cos = Math.cos((lat * Math.PI) / 180);
  for (let i = 0; i <= 48; i++) {
    const a = (2 * Math.PI * (i % 48)) / 48;
    ring.push([
      lon + (radiusM * Math.sin(a)) / (EARTH_M_PER_DEG * cos),
      lat + (radiusM * Math.cos(a)) / EARTH_M_PER_DEG,
    ]);
  }
  return { type: "Polygon", coordinates: [ring] };
}

type ShuttleInput = NonNullable<NonNullable<CoverageRequest["whatIf"]>["facilityShuttles"]>[number];

/** Where a facility shuttle serves: its polygon, else its circle (the schema insists on one of the two). */
function shuttleArea(
  f: ShuttleInput,
): { area: GeoPolygon } | { centre: { lat: number; lon: number }; radiusM: number } {
  if (f.polygon) return { area: f.polygon };
  if (f.centre && f.radiusM !== undefined) return { centre: f.centre, radiusM: f.radiusM };
  throw new Error("a facility shuttle without a polygon or a circle passed validation");
}

export interface SupplyPlan {
  supply: WhatIfSupply;
  /** Display name per supply id. */
  names: Map<string, string>;
  zones: Feature[];
  facilityVans: VanUse[];
}

/**
 * The request's what-if section + the municipality's vans and drone ports →
 * the engine's supply, the features to draw, and which vans counted and why.
 */
export function toSupply(
  whatIf: NonNullable<CoverageRequest["whatIf"]>,
  rows: CoverageDbRows,
  date: string,
  band: TimeBand,
  busRadiusM: number,
): SupplyPlan {
  const names = new Map<string, string>();
  const zones: Feature[] = [];
  const zone = (id: string, name: string, kind: string, geometry: Feature["geometry"], extra = {}) => {
    names.set(id, name);
    zones.push({ type: "Feature", id, geometry, properties: { id, name, kind, ...extra } });
  };
  const supply: Required<WhatIfSupply> = {
    onDemandZones: [],
    facilityShuttles: [],
    schoolBusStops: [],
    dronePorts: [],
  };
  (whatIf.onDemandZones ?? []).forEach((z, i) => {
    const id = `onDemand:${i}`;
    supply.onDemandZones.push({ id, area: z.polygon });
    zone(id, z.name, "onDemand", z.polygon);
  });
  (whatIf.facilityShuttles ?? []).forEach((f, i) => {
    const id = `facilityShuttle:${i}`;
    const windows = f.windows.map((w) => ({ from: secondsOfDay(w.from), to: secondsOfDay(w.to) }));
    const served = shuttleArea(f);
    supply.facilityShuttles.push({ id, ...served, windows });
    const geometry =
      "area" in served ? served.area : circlePolygon(served.centre.lat, served.centre.lon, served.radiusM);
    zone(id, f.name, "facilityShuttle", geometry);
  });
  const facilityVans: VanUse[] = [];
  if (whatIf.useFacilityVans) {
    const radiusM = whatIf.useFacilityVans.radiusM ?? 3000;
    for (const v of rows.vehicles) {
      if (v.organisationKind !== "facility" || !VAN_KINDS.has(v.kind)) continue;
      const windows = vanWindowsOn(v, date);
      const label = windows.map((w) => `${clockOfMinutes(w.from)}-${clockOfMinutes(w.to)}`);
      const overlaps = windows.some((w) => w.from * 60 < band.to && band.from < w.to * 60);
      const reason: VanUse["reason"] =
        v.depotLat === null || v.depotLon === null
          ? "no_depot"
          : windows.length === 0
            ? "not_available_that_day"
            : overlaps
              ? "used"
              : "outside_band";
      facilityVans.push({ vehicleId: v.id, name: v.name, windows: label, used: reason === "used", reason });
      if (reason !== "used" || v.depotLat === null || v.depotLon === null) continue;
      const id = `facilityVan:${v.id}`;
      supply.facilityShuttles.push({
        id,
        centre: { lat: v.depotLat, lon: v.depotLon },
        radiusM,
        windows: windows.map((w) => ({ from: w.from * 60, to: w.to * 60 })),
      });
      zone(id, v.name, "facilityVan", circlePolygon(v.depotLat, v.depotLon, radiusM), { windows: label });
    }
  }
  (whatIf.schoolBusStops ?? []).forEach((s, i) => {
    const id = `schoolBus:${i}`;
    supply.schoolBusStops.push({
      id,
      lat: s.lat,
      lon: s.lon,
      ...(s.radiusM !== undefined ? { radiusM: s.radiusM } : {}),
    });
    zone(id, s.name, "schoolBus", circlePolygon(s.lat, s.lon, s.radiusM ?? busRadiusM));
  });
  const ports = [
    ...(whatIf.dronePorts ?? []).map((d, i) => ({ id: `drone:${i}`, ...d })),
    ...(whatIf.useDronePorts
      ? rows.dronePorts.map((p) => ({
          ...p,
          id: `dronePort:${p.id}`,
          radiusM: whatIf.useDronePorts?.radiusM ?? 5000,
        }))
      : []),
  ];
  for (const d of ports) {
    supply.dronePorts.push({ id: d.id, lat: d.lat, lon: d.lon, radiusM: d.radiusM });
    zone(d.id, d.name, "drone", circlePolygon(d.lat, d.lon, d.radiusM));
  }
  return { supply, names, zones, facilityVans };
}

/**
 * An engine problem's field → the request path it came from, e.g.
 * `supply.onDemandZones[1].area.coordinates[0]` → `body.whatIf.onDemandZones.1.polygon.coordinates.0`,
 * `params.busRadiusM` → `body.busRadiusM`.
 */
export function requestPath(field: string): string {
  const dotted = field.replace(/\[(\d+)\]/g, ".$1");
  if (dotted.startsWith("supply."))
    return `body.whatIf.${dotted.slice(7).replace(/\.area(?=\.|$)/, ".polygon")}`;
  if (dotted.startsWith("params.")) return `body.${dotted.slice(7)}`;
  return `body.${dotted}`;
}

export function toFieldProblems(problems: readonly { field: string; message: string; code: string }[]) {
  return problems.map<FieldProblem>((p) => ({
    path: requestPath(p.field),
    message: p.message,
    code: p.code,
  }));
}

// ——— response ———

export function withShare(t: Omit<CoverageTotals, "blankShare">): CoverageTotals {
  return {
    ...t,
    blankShare: t.population > 0 ? Math.round((t.blankPopulation / t.population) * 10_000) / 10_000 : 0,
  };
}

function cellPolygon(code: string): Feature["geometry"] {
  const b = meshBounds(code);
  return {
    type: "Polygon",
    coordinates: [
      [
        [b.west, b.south],
        [b.east, b.south],
        [b.east, b.north],
        [b.west, b.north],
        [b.west, b.south],
      ],
    ],
  };
}

export interface CoverageRun {
  rows: CoverageDbRows;
  feeds: readonly LoadedFeed[];
  body: CoverageRequest;
  date: string;
  dateSource: "requested" | "firstServiceDay" | "today";
  stops: readonly StopService[];
  input: CoverageInput;
  result: CoverageResult;
  whatIf?: { engine: EngineWhatIf; plan: SupplyPlan };
  boundary: boolean;
}

/** Engine result → the response: totals, cells and stops as GeoJSON, the what-if comparison. */
export function toCoverageResponse(run: CoverageRun): CoverageResponse {
  const { rows, body, result, input } = run;
  const { preset, band, clipToBoundary } = resolveRequest(body);
  const perCell = coverageCells(input, result);
  const changed = new Set(run.whatIf?.engine.changed.map((c) => c.code) ?? []);
  const qualifyingIds = new Set<string>();
  input.busStops.forEach((s) => {
    if ((s.departures ?? 0) >= result.params.minDepartures) qualifyingIds.add(s.id);
  });
  (input.railStations ?? []).forEach((s) => {
    if ((s.departures ?? 0) >= result.params.minRailDepartures) qualifyingIds.add(s.id);
  });
  const cells: Feature[] = input.cells.map((c, i) => {
    const r = perCell[i];
    if (!r) throw new Error("the engine answered for fewer cells than it was given");
    return {
      type: "Feature",
      id: c.code,
      geometry: cellPolygon(c.code),
      properties: {
        code: c.code,
        population: c.population,
        aged65plus: c.age65plus,
        aged75plus: c.age75plus,
        share75: c.population > 0 ? Math.round((c.age75plus / c.population) * 1000) / 1000 : 0,
        served: r.served,
        distanceM: r.nearestM,
        nearestStopId: r.nearestStopId,
        changed: changed.has(c.code),
        servedAfter: r.served || changed.has(c.code),
      },
    };
  });
  const stops: Feature[] = run.stops.map((s) => ({
    type: "Feature",
    id: engineStopId(s),
    geometry: { type: "Point", coordinates: [s.lon, s.lat] },
    properties: { ...s, qualifies: qualifyingIds.has(engineStopId(s)) },
  }));
  const w = run.whatIf;
  return {
    municipality: {
      code: rows.municipality.code,
      name: rows.municipality.name,
      fictional: rows.municipality.fictional,
    },
    params: {
      preset,
      busRadiusM: result.params.busRadiusM,
      railRadiusM: result.params.railRadiusM,
      minDepartures: result.params.minDepartures,
      band,
      date: run.date,
      dateSource: run.dateSource,
      clipToBoundary,
      nearestSearchM: result.params.nearestSearchM,
    },
    totals: withShare(result.totals),
    cells: { type: "FeatureCollection", features: cells },
    stops: { type: "FeatureCollection", features: stops },
    ...(w
      ? {
          whatIf: {
            before: withShare(w.engine.before),
            after: withShare(w.engine.after),
            changedCells: w.engine.changed.map((c) => c.code),
            bySupply: w.engine.bySupply.map((s) => ({ ...s, name: w.plan.names.get(s.id) ?? s.id })),
            drone: w.engine.drone,
            zones: { type: "FeatureCollection", features: w.plan.zones },
            facilityVans: w.plan.facilityVans,
          },
        }
      : {}),
    inputs: {
      feeds: run.feeds.length,
      meshCells: rows.cells.length,
      cellsAnalysed: input.cells.length,
      busStops: input.busStops.length,
      qualifyingBusStops: result.qualifyingBusStops,
      railStations: input.railStations?.length ?? 0,
      qualifyingRailStations: result.qualifyingRailStations,
      boundary: run.boundary,
      censusYear: rows.municipality.populationCensusYear,
    },
  };
}

// ——— exports ———

/** One CSV field: empty for no value, 1/0 for yes/no, quoted when it holds a comma, quote or line end. */
const csvField = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "1" : "0") : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Column headers of the CSV export, in Japanese for the staff who open it in Excel. */
export const CSV_HEADER = [
  "メッシュコード",
  "人口",
  "65歳以上",
  "75歳以上",
  "カバー(1=あり 0=交通空白)",
  "最寄り停留所までの距離(m)",
  "追加施策で解消(1=はい)",
];

/** One row per cell, UTF-8 with a BOM and CRLF line ends, so Excel opens it with the right encoding. */
export function toCsv(response: CoverageResponse): string {
  const lines = [CSV_HEADER.map(csvField).join(",")];
  for (const f of response.cells.features) {
    const p = f.properties;
    lines.push(
      [p.code, p.population, p.aged65plus, p.aged75plus, p.served, p.distanceM, p.changed]
        .map(csvField)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The cells as one GeoJSON FeatureCollection, with the parameters and totals as a foreign member. */
export function toGeojsonExport(response: CoverageResponse) {
  return {
    type: "FeatureCollection" as const,
    features: response.cells.features,
    tsunagu: {
      municipality: response.municipality,
      params: response.params,
      totals: response.totals,
      ...(response.whatIf
        ? { whatIf: { before: response.whatIf.before, after: response.whatIf.after } }
        : {}),
    },
  };
}
