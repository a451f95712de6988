/**
 * Step 2 of parsing a feed: raw tables → checked records. Every field is read
 * with its type and range, every id is checked for duplicates and every
 * reference against the file it points to; each problem names its file, line
 * and field. A row that fails its own checks is left out of the records, but
 * its id still counts as defined (see `declare`).
 */
import { isRealDate } from "@tsunagu/contract";
import type { GtfsTable, GtfsTables } from "./read";
import type {
  GtfsAgency,
  GtfsAgencyJp,
  GtfsCalendar,
  GtfsCalendarDate,
  GtfsFeedInfo,
  GtfsProblem,
  GtfsProblemCode,
  GtfsRoute,
  GtfsRouteJp,
  GtfsStop,
  GtfsStopTime,
  GtfsTrip,
} from "./types";

/**
 * Japan's bounding box with its outlying islands (Yonaguni 122.93°E,
 * Minamitorishima 153.98°E, Okinotorishima 20.42°N, Etorofu 45.55°N); a stop
 * outside it is almost always swapped lat/lon or a missing decimal point.
 */
export const JAPAN_BBOX = { south: 20, west: 122, north: 46, east: 154 } as const;

/** Parse `H:MM:SS` / `HH:MM:SS` (hours may pass 24) into seconds; undefined if malformed. */
export function parseGtfsTime(s: string): number | undefined {
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(s.trim());
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** `YYYYMMDD` → `YYYY-MM-DD` when it is a real calendar date. */
function parseGtfsDate(s: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isRealDate(iso) ? iso : undefined;
}

/** Problems, which refuse the feed, and warnings, which do not. */
class Findings {
  readonly problems: GtfsProblem[] = [];
  readonly warnings: GtfsProblem[] = [];
  add(code: GtfsProblemCode, file: string, line: number, field: string, message: string): void {
    this.problems.push({ file, line, field, message, code });
  }
  warn(code: GtfsProblemCode, file: string, line: number, field: string, message: string): void {
    this.warnings.push({ file, line, field, message, code });
  }
}

/** One row of a table, with typed field readers that record a problem and return undefined on bad input. */
class Row {
  constructor(
    private readonly f: Findings,
    readonly file: string,
    readonly line: number,
    private readonly columns: ReadonlyMap<string, number>,
    private readonly values: readonly string[],
  ) {}
  opt(field: string): string | undefined {
    const i = this.columns.get(field);
    const v = i === undefined ? undefined : this.values[i]?.trim();
    return v === undefined || v === "" ? undefined : v;
  }
  req(field: string): string | undefined {
    const v = this.opt(field);
    if (v === undefined)
      this.f.add("GTFS_REQUIRED_FIELD", this.file, this.line, field, `${field} is required`);
    return v;
  }
  /** Integer in [min, max]; `dflt` when empty (undefined default means required). */
  int(field: string, min: number, max: number, dflt?: number): number | undefined {
    const v = dflt === undefined ? this.req(field) : this.opt(field);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max) {
      this.invalid(field, `${field} must be an integer ${min}–${max}, got "${v}"`);
      return undefined;
    }
    return n;
  }
  date(field: string, required: boolean): string | undefined {
    const v = required ? this.req(field) : this.opt(field);
    if (v === undefined) return undefined;
    const d = parseGtfsDate(v);
    if (d === undefined) this.invalid(field, `${field} must be a date YYYYMMDD, got "${v}"`);
    return d;
  }
  time(field: string): number | undefined {
    const v = this.opt(field);
    if (v === undefined) return undefined;
    const t = parseGtfsTime(v);
    if (t === undefined) this.invalid(field, `${field} must be a time H:MM:SS, got "${v}"`);
    return t;
  }
  coord(field: string, min: number, max: number): number | undefined {
    const v = this.req(field);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || !/^-?\d+(\.\d+)?$/.test(v)) {
      this.invalid(field, `${field} must be a decimal number, got "${v}"`);
      return undefined;
    }
    if (n < min || n > max) {
      this.f.add(
        "GTFS_OUT_OF_RANGE",
        this.file,
        this.line,
        field,
        `${field} ${v} is outside Japan (${min}–${max}); swapped lat/lon?`,
      );
      return undefined;
    }
    return n;
  }
  /** A problem with a field of this row. */
  problem(code: GtfsProblemCode, field: string, message: string): void {
    this.f.add(code, this.file, this.line, field, message);
  }
  warn(code: GtfsProblemCode, field: string, message: string): void {
    this.f.warn(code, this.file, this.line, field, message);
  }
  private invalid(field: string, message: string): void {
    this.problem("GTFS_INVALID_VALUE", field, message);
  }
}

function rowsOf(f: Findings, table: GtfsTable | undefined): Row[] {
  if (!table) return [];
  return table.rows.map((r) => new Row(f, table.file, r.line, table.columns, r.values));
}

/**
 * Record an id as defined, reporting a duplicate. Ids are declared even when
 * other fields of their row are invalid, so that a bad coordinate is reported
 * once and not again as a dangling reference from every row that uses the id.
 */
function declare(row: Row, ids: Set<string>, field: string, id: string | undefined): void {
  if (id === undefined) return;
  if (ids.has(id)) row.problem("GTFS_DUPLICATE_ID", field, `${field} "${id}" is defined twice`);
  ids.add(id);
}

/** Copy the non-empty optional text fields of a row onto a record. */
function copyOptional<T extends object>(
  row: Row,
  record: T,
  fields: readonly (readonly [string, keyof T])[],
) {
  for (const [field, key] of fields) {
    const v = row.opt(field);
    if (v) (record as Record<keyof T, unknown>)[key] = v;
  }
}

function checkAgencies(f: Findings, table: GtfsTable | undefined) {
  const agencies: GtfsAgency[] = [];
  const agencyIds = new Set<string>();
  const rows = rowsOf(f, table);
  for (const r of rows) {
    const name = r.req("agency_name");
    const url = r.req("agency_url");
    const timezone = r.req("agency_timezone");
    // agency_id may be omitted only when the feed has one agency.
    const agencyId = rows.length > 1 ? r.req("agency_id") : (r.opt("agency_id") ?? "");
    declare(r, agencyIds, "agency_id", agencyId);
    if (name === undefined || url === undefined || timezone === undefined || agencyId === undefined) continue;
    const a: GtfsAgency = { agencyId, name, url, timezone };
    copyOptional(r, a, [
      ["agency_lang", "lang"],
      ["agency_phone", "phone"],
    ]);
    agencies.push(a);
  }
  return { agencies, agencyIds };
}

/**
 * Rows of a GTFS-JP extension file (agency_jp.txt, routes_jp.txt): each names a
 * row of its base file by `idField`, which must exist there.
 */
function checkExtension<T>(
  f: Findings,
  table: GtfsTable | undefined,
  base: { file: string; idField: string; ids: ReadonlySet<string> },
  build: (row: Row, id: string) => T,
): T[] {
  const records: T[] = [];
  for (const r of rowsOf(f, table)) {
    const id = r.req(base.idField);
    if (id === undefined) continue;
    if (!base.ids.has(id))
      r.problem("GTFS_DANGLING_REFERENCE", base.idField, `${base.idField} "${id}" is not in ${base.file}`);
    records.push(build(r, id));
  }
  return records;
}

function agencyJp(r: Row, agencyId: string): GtfsAgencyJp {
  const a: GtfsAgencyJp = { agencyId };
  copyOptional(r, a, [
    ["agency_official_name", "officialName"],
    ["agency_zip_number", "zipNumber"],
    ["agency_address", "address"],
  ]);
  return a;
}

function checkStops(f: Findings, table: GtfsTable | undefined) {
  const stops: GtfsStop[] = [];
  const stopIds = new Set<string>();
  const stopById = new Map<string, GtfsStop>();
  const withParent: { row: Row; stop: GtfsStop }[] = [];
  for (const r of rowsOf(f, table)) {
    const stopId = r.req("stop_id");
    declare(r, stopIds, "stop_id", stopId);
    const locationType = r.int("location_type", 0, 4, 0);
    // Names and coordinates are optional for generic nodes (3) and boarding areas (4).
    const needsPlace = locationType === undefined || locationType <= 2;
    const name = needsPlace ? r.req("stop_name") : (r.opt("stop_name") ?? "");
    const lat =
      needsPlace || r.opt("stop_lat") ? r.coord("stop_lat", JAPAN_BBOX.south, JAPAN_BBOX.north) : Number.NaN;
    const lon =
      needsPlace || r.opt("stop_lon") ? r.coord("stop_lon", JAPAN_BBOX.west, JAPAN_BBOX.east) : Number.NaN;
    const wheelchairBoarding = r.int("wheelchair_boarding", 0, 2, 0);
    if (
      stopId === undefined ||
      name === undefined ||
      lat === undefined ||
      lon === undefined ||
      locationType === undefined ||
      wheelchairBoarding === undefined
    ) {
      continue;
    }
    const s: GtfsStop = { stopId, name, lat, lon, locationType, wheelchairBoarding };
    copyOptional(r, s, [
      ["stop_code", "code"],
      ["parent_station", "parentStation"],
      ["zone_id", "zoneId"],
    ]);
    if (locationType === 1 && s.parentStation)
      r.problem("GTFS_INVALID_VALUE", "parent_station", "a station (location_type 1) cannot have a parent");
    if (locationType >= 2 && !s.parentStation) {
      r.problem(
        "GTFS_REQUIRED_FIELD",
        "parent_station",
        `parent_station is required for location_type ${locationType}`,
      );
    }
    stops.push(s);
    if (!stopById.has(stopId)) stopById.set(stopId, s);
    if (s.parentStation) withParent.push({ row: r, stop: s });
  }
  // Parents are checked once every stop is known: a parent may come after its children.
  for (const { row, stop } of withParent) {
    const parentId = stop.parentStation as string;
    const parent = stopById.get(parentId);
    if (!stopIds.has(parentId)) {
      row.problem(
        "GTFS_DANGLING_REFERENCE",
        "parent_station",
        `parent_station "${parentId}" is not in stops.txt`,
      );
    } else if (parent && stop.locationType <= 2 && parent.locationType !== 1) {
      row.problem(
        "GTFS_INVALID_VALUE",
        "parent_station",
        `parent_station "${parentId}" is not a station (location_type 1)`,
      );
    }
  }
  return { stops, stopIds, stopById };
}

function checkRoutes(
  f: Findings,
  table: GtfsTable | undefined,
  agencyIds: ReadonlySet<string>,
  agencyCount: number,
) {
  const routes: GtfsRoute[] = [];
  const routeIds = new Set<string>();
  for (const r of rowsOf(f, table)) {
    const routeId = r.req("route_id");
    declare(r, routeIds, "route_id", routeId);
    const type = r.int("route_type", 0, 1702);
    const shortName = r.opt("route_short_name") ?? "";
    const longName = r.opt("route_long_name") ?? "";
    if (!shortName && !longName)
      r.problem("GTFS_REQUIRED_FIELD", "route_short_name", "route_short_name or route_long_name is required");
    const agencyId = r.opt("agency_id");
    if (agencyId !== undefined && !agencyIds.has(agencyId)) {
      r.problem("GTFS_DANGLING_REFERENCE", "agency_id", `agency_id "${agencyId}" is not in agency.txt`);
    } else if (agencyId === undefined && agencyCount > 1) {
      r.problem(
        "GTFS_REQUIRED_FIELD",
        "agency_id",
        "agency_id is required when the feed has several agencies",
      );
    }
    if (routeId === undefined || type === undefined) continue;
    const route: GtfsRoute = { routeId, shortName, longName, type };
    if (agencyId) route.agencyId = agencyId;
    copyOptional(r, route, [["route_desc", "desc"]]);
    for (const [field, key] of [
      ["route_color", "color"],
      ["route_text_color", "textColor"],
    ] as const) {
      const v = r.opt(field);
      if (v === undefined) continue;
      // A bad colour does not hurt analysis: warn and drop it.
      if (/^[0-9A-Fa-f]{6}$/.test(v)) route[key] = v.toUpperCase();
      else r.warn("GTFS_INVALID_VALUE", field, `${field} must be 6 hex digits, got "${v}"; ignored`);
    }
    copyOptional(r, route, [["jp_parent_route_id", "jpParentRouteId"]]);
    routes.push(route);
  }
  return { routes, routeIds };
}

function routeJp(r: Row, routeId: string): GtfsRouteJp {
  const rj: GtfsRouteJp = { routeId };
  const updateDate = r.date("route_update_date", false);
  if (updateDate) rj.updateDate = updateDate;
  copyOptional(r, rj, [
    ["origin_stop", "originStop"],
    ["via_stop", "viaStop"],
    ["destination_stop", "destinationStop"],
  ]);
  return rj;
}

const DAY_FIELDS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function checkCalendar(f: Findings, table: GtfsTable | undefined) {
  const calendar: GtfsCalendar[] = [];
  const serviceIds = new Set<string>();
  for (const r of rowsOf(f, table)) {
    const serviceId = r.req("service_id");
    declare(r, serviceIds, "service_id", serviceId);
    const days = DAY_FIELDS.map((d) => r.int(d, 0, 1));
    const startDate = r.date("start_date", true);
    const endDate = r.date("end_date", true);
    if (startDate && endDate && endDate < startDate)
      r.problem("GTFS_INVALID_VALUE", "end_date", "end_date is before start_date");
    if (serviceId === undefined || days.some((d) => d === undefined) || !startDate || !endDate) continue;
    calendar.push({ serviceId, days: days.map((d) => d === 1) as GtfsCalendar["days"], startDate, endDate });
  }
  return { calendar, serviceIds };
}

/** calendar_dates.txt, and every service id it names (a service may be defined by its exceptions alone). */
function checkCalendarDates(f: Findings, table: GtfsTable | undefined) {
  const calendarDates: GtfsCalendarDate[] = [];
  const serviceIds = new Set<string>();
  const seenException = new Map<string, number>();
  for (const r of rowsOf(f, table)) {
    const serviceId = r.req("service_id");
    const date = r.date("date", true);
    const exceptionType = r.int("exception_type", 1, 2);
    if (serviceId !== undefined) serviceIds.add(serviceId);
    if (serviceId === undefined || !date || exceptionType === undefined) continue;
    const key = `${serviceId}\u0000${date}`;
    const earlier = seenException.get(key);
    // Published feeds (e.g. 池田町) repeat identical rows: harmless, so only a warning.
    // Contradicting rows (added and removed on one day) have no meaning: an error.
    if (earlier === exceptionType) {
      r.warn("GTFS_DUPLICATE_ID", "date", `service "${serviceId}" repeats its exception on ${date}`);
      continue;
    }
    if (earlier !== undefined) {
      r.problem(
        "GTFS_DUPLICATE_ID",
        "exception_type",
        `service "${serviceId}" is both added and removed on ${date}`,
      );
      continue;
    }
    seenException.set(key, exceptionType);
    calendarDates.push({ serviceId, date, exceptionType: exceptionType as 1 | 2 });
  }
  return { calendarDates, serviceIds };
}

function checkTrips(
  f: Findings,
  table: GtfsTable | undefined,
  routeIds: ReadonlySet<string>,
  serviceIds: ReadonlySet<string>,
) {
  const trips: GtfsTrip[] = [];
  const tripIds = new Set<string>();
  for (const r of rowsOf(f, table)) {
    const routeId = r.req("route_id");
    const serviceId = r.req("service_id");
    const tripId = r.req("trip_id");
    declare(r, tripIds, "trip_id", tripId);
    const directionId = r.int("direction_id", 0, 1, -1);
    if (routeId !== undefined && !routeIds.has(routeId))
      r.problem("GTFS_DANGLING_REFERENCE", "route_id", `route_id "${routeId}" is not in routes.txt`);
    if (serviceId !== undefined && !serviceIds.has(serviceId)) {
      r.problem(
        "GTFS_DANGLING_REFERENCE",
        "service_id",
        `service_id "${serviceId}" is in neither calendar.txt nor calendar_dates.txt`,
      );
    }
    if (routeId === undefined || serviceId === undefined || tripId === undefined) continue;
    const t: GtfsTrip = { tripId, routeId, serviceId };
    if (directionId !== undefined && directionId >= 0) t.directionId = directionId;
    copyOptional(r, t, [
      ["trip_headsign", "headsign"],
      ["trip_short_name", "shortName"],
      ["block_id", "blockId"],
      ["shape_id", "shapeId"],
    ]);
    trips.push(t);
  }
  return { trips, tripIds };
}

/** stop_times.txt, row by row and then trip by trip: each trip's stops in stop_sequence order. */
function checkStopTimes(
  f: Findings,
  table: GtfsTable | undefined,
  refs: {
    tripIds: ReadonlySet<string>;
    stopIds: ReadonlySet<string>;
    stopById: ReadonlyMap<string, GtfsStop>;
    trips: readonly GtfsTrip[];
  },
): Map<string, GtfsStopTime[]> {
  const byTrip = new Map<string, { st: GtfsStopTime; row: Row }[]>();
  for (const r of rowsOf(f, table)) {
    const tripId = r.req("trip_id");
    const stopId = r.req("stop_id");
    const stopSequence = r.int("stop_sequence", 0, Number.MAX_SAFE_INTEGER);
    const arrival = r.time("arrival_time");
    const departure = r.time("departure_time");
    const pickupType = r.int("pickup_type", 0, 3, 0);
    const dropOffType = r.int("drop_off_type", 0, 3, 0);
    if (tripId !== undefined && !refs.tripIds.has(tripId))
      r.problem("GTFS_DANGLING_REFERENCE", "trip_id", `trip_id "${tripId}" is not in trips.txt`);
    if (stopId !== undefined && !refs.stopIds.has(stopId)) {
      r.problem("GTFS_DANGLING_REFERENCE", "stop_id", `stop_id "${stopId}" is not in stops.txt`);
    } else if (stopId !== undefined && (refs.stopById.get(stopId)?.locationType ?? 0) !== 0) {
      r.problem("GTFS_INVALID_VALUE", "stop_id", `stop_id "${stopId}" is a station/entrance, not a stop`);
    }
    if (
      tripId === undefined ||
      stopId === undefined ||
      stopSequence === undefined ||
      pickupType === undefined ||
      dropOffType === undefined
    ) {
      continue;
    }
    const st: GtfsStopTime = { tripId, stopId, stopSequence, pickupType, dropOffType };
    // A stop with only one of the two times: GTFS says they are then equal.
    const arr = arrival ?? departure;
    const dep = departure ?? arrival;
    if (arr !== undefined) st.arrival = arr;
    if (dep !== undefined) st.departure = dep;
    copyOptional(r, st, [["stop_headsign", "headsign"]]);
    let list = byTrip.get(tripId);
    if (!list) {
      list = [];
      byTrip.set(tripId, list);
    }
    list.push({ st, row: r });
  }
  const stopTimesByTrip = new Map<string, GtfsStopTime[]>();
  for (const [tripId, list] of byTrip) {
    list.sort((a, b) => a.st.stopSequence - b.st.stopSequence);
    let lastTime = -1;
    let lastSeq = Number.NaN;
    list.forEach(({ st, row }, i) => {
      if (st.stopSequence === lastSeq) {
        row.problem(
          "GTFS_DUPLICATE_ID",
          "stop_sequence",
          `trip "${tripId}" repeats stop_sequence ${st.stopSequence}`,
        );
      }
      lastSeq = st.stopSequence;
      if ((i === 0 || i === list.length - 1) && st.departure === undefined) {
        row.problem(
          "GTFS_REQUIRED_FIELD",
          "departure_time",
          "the first and last stop of a trip must have times",
        );
      }
      if (st.arrival !== undefined && st.departure !== undefined) {
        if (st.arrival < lastTime || st.departure < st.arrival) {
          row.problem(
            "GTFS_TIME_ORDER",
            "arrival_time",
            `trip "${tripId}" goes back in time at stop_sequence ${st.stopSequence}`,
          );
        }
        lastTime = st.departure;
      }
    });
    stopTimesByTrip.set(
      tripId,
      list.map(({ st }) => st),
    );
    const first = list[0];
    if (first && list.length < 2 && refs.tripIds.has(tripId))
      first.row.warn("GTFS_SHORT_TRIP", "trip_id", `trip "${tripId}" has fewer than two stops`);
  }
  for (const t of refs.trips) {
    if (!byTrip.has(t.tripId))
      f.warn("GTFS_SHORT_TRIP", "trips.txt", 0, "trip_id", `trip "${t.tripId}" has no stop_times`);
  }
  return stopTimesByTrip;
}

function checkFeedInfo(f: Findings, table: GtfsTable | undefined): GtfsFeedInfo | undefined {
  const [fr] = rowsOf(f, table);
  if (!fr) return undefined;
  const publisherName = fr.req("feed_publisher_name");
  const publisherUrl = fr.req("feed_publisher_url");
  const lang = fr.req("feed_lang");
  const startDate = fr.date("feed_start_date", false);
  const endDate = fr.date("feed_end_date", false);
  if (!publisherName || !publisherUrl || !lang) return undefined;
  const feedInfo: GtfsFeedInfo = { publisherName, publisherUrl, lang };
  if (startDate) feedInfo.startDate = startDate;
  if (endDate) feedInfo.endDate = endDate;
  copyOptional(fr, feedInfo, [["feed_version", "version"]]);
  return feedInfo;
}

/** The records validation accepted, file by file, still in the shape of the files. */
export interface CheckedFeed {
  agencies: GtfsAgency[];
  agenciesJp: GtfsAgencyJp[];
  stops: GtfsStop[];
  routes: GtfsRoute[];
  routesJp: GtfsRouteJp[];
  calendar: GtfsCalendar[];
  calendarDates: GtfsCalendarDate[];
  trips: GtfsTrip[];
  /** Trip id → its stop times in stop_sequence order; trips in order of first appearance in stop_times.txt. */
  stopTimesByTrip: Map<string, GtfsStopTime[]>;
  /** translations.txt as read: it has no fields to check. */
  translations: GtfsTable | undefined;
  feedInfo: GtfsFeedInfo | undefined;
}

export interface GtfsValidation {
  /** Field and reference problems, file by file in the order of `GTFS_FILES`. */
  problems: GtfsProblem[];
  warnings: GtfsProblem[];
  checked: CheckedFeed;
}

/** Check every field and reference of the tables; files are checked after the files they refer to. */
export function validateGtfs(tables: GtfsTables): GtfsValidation {
  const f = new Findings();
  const { agencies, agencyIds } = checkAgencies(f, tables["agency.txt"]);
  const agenciesJp = checkExtension(
    f,
    tables["agency_jp.txt"],
    { file: "agency.txt", idField: "agency_id", ids: agencyIds },
    agencyJp,
  );
  const { stops, stopIds, stopById } = checkStops(f, tables["stops.txt"]);
  const { routes, routeIds } = checkRoutes(f, tables["routes.txt"], agencyIds, agencies.length);
  const routesJp = checkExtension(
    f,
    tables["routes_jp.txt"],
    { file: "routes.txt", idField: "route_id", ids: routeIds },
    routeJp,
  );
  const calendar = checkCalendar(f, tables["calendar.txt"]);
  const calendarDates = checkCalendarDates(f, tables["calendar_dates.txt"]);
  const serviceIds = new Set([...calendar.serviceIds, ...calendarDates.serviceIds]);
  const { trips, tripIds } = checkTrips(f, tables["trips.txt"], routeIds, serviceIds);
  const stopTimesByTrip = checkStopTimes(f, tables["stop_times.txt"], { tripIds, stopIds, stopById, trips });
  const feedInfo = checkFeedInfo(f, tables["feed_info.txt"]);
  return {
    problems: f.problems,
    warnings: f.warnings,
    checked: {
      agencies,
      agenciesJp,
      stops,
      routes,
      routesJp,
      calendar: calendar.calendar,
      calendarDates: calendarDates.calendarDates,
      trips,
      stopTimesByTrip,
      translations: tables["translations.txt"],
      feedInfo,
    },
  };
}
