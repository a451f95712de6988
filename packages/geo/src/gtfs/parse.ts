import { readCsv } from "../csv";
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from "../zip";
import type {
  GtfsAgency,
  GtfsAgencyJp,
  GtfsCalendar,
  GtfsCalendarDate,
  GtfsFeed,
  GtfsFeedInfo,
  GtfsParseResult,
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

const KNOWN_FILES = [
  "agency.txt",
  "agency_jp.txt",
  "stops.txt",
  "routes.txt",
  "routes_jp.txt",
  "trips.txt",
  "stop_times.txt",
  "calendar.txt",
  "calendar_dates.txt",
  "translations.txt",
  "feed_info.txt",
] as const;
/** Files GTFS defines that this engine does not use: present is fine, not read. */
const IGNORED_FILES = new Set([
  "shapes.txt",
  "frequencies.txt",
  "transfers.txt",
  "fare_attributes.txt",
  "fare_rules.txt",
  "office_jp.txt",
  "pathways.txt",
  "levels.txt",
  "attributions.txt",
]);

/** Options for {@link parseGtfs}. */
export interface GtfsParseOptions {
  /** Zip limits; default {@link DEFAULT_ZIP_LIMITS}. */
  zipLimits?: ZipLimits;
}

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
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** Problem sink plus typed field readers that record a problem and return undefined on bad input. */
class Collector {
  readonly problems: GtfsProblem[] = [];
  readonly warnings: GtfsProblem[] = [];
  add(code: GtfsProblemCode, file: string, line: number, field: string, message: string): void {
    this.problems.push({ file, line, field, message, code });
  }
  warn(code: GtfsProblemCode, file: string, line: number, field: string, message: string): void {
    this.warnings.push({ file, line, field, message, code });
  }
}

/** A row accessor bound to a file's header. */
class Row {
  constructor(
    private readonly c: Collector,
    readonly file: string,
    readonly line: number,
    private readonly index: Map<string, number>,
    private readonly values: string[],
  ) {}
  opt(field: string): string | undefined {
    const i = this.index.get(field);
    const v = i === undefined ? undefined : this.values[i]?.trim();
    return v === undefined || v === "" ? undefined : v;
  }
  req(field: string): string | undefined {
    const v = this.opt(field);
    if (v === undefined)
      this.c.add("GTFS_REQUIRED_FIELD", this.file, this.line, field, `${field} is required`);
    return v;
  }
  /** Integer in [min, max]; `dflt` when empty (undefined default means required). */
  int(field: string, min: number, max: number, dflt?: number): number | undefined {
    const v = dflt === undefined ? this.req(field) : this.opt(field);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max) {
      this.c.add(
        "GTFS_INVALID_VALUE",
        this.file,
        this.line,
        field,
        `${field} must be an integer ${min}–${max}, got "${v}"`,
      );
      return undefined;
    }
    return n;
  }
  date(field: string, required: boolean): string | undefined {
    const v = required ? this.req(field) : this.opt(field);
    if (v === undefined) return undefined;
    const d = parseGtfsDate(v);
    if (d === undefined) {
      this.c.add(
        "GTFS_INVALID_VALUE",
        this.file,
        this.line,
        field,
        `${field} must be a date YYYYMMDD, got "${v}"`,
      );
    }
    return d;
  }
  time(field: string): number | undefined {
    const v = this.opt(field);
    if (v === undefined) return undefined;
    const t = parseGtfsTime(v);
    if (t === undefined) {
      this.c.add(
        "GTFS_INVALID_VALUE",
        this.file,
        this.line,
        field,
        `${field} must be a time H:MM:SS, got "${v}"`,
      );
    }
    return t;
  }
  coord(field: string, min: number, max: number): number | undefined {
    const v = this.req(field);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || !/^-?\d+(\.\d+)?$/.test(v)) {
      this.c.add(
        "GTFS_INVALID_VALUE",
        this.file,
        this.line,
        field,
        `${field} must be a decimal number, got "${v}"`,
      );
      return undefined;
    }
    if (n < min || n > max) {
      this.c.add(
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
}

/** Find the folder holding the feed: the root, or the single folder that contains stops.txt. */
function locateFeed(
  files: Map<string, Uint8Array>,
  c: Collector,
): { get: (name: string) => Uint8Array | undefined; names: string[] } | undefined {
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    if (path.startsWith("__MACOSX/")) continue;
    const slash = path.lastIndexOf("/");
    if (path.slice(slash + 1) === "stops.txt") dirs.add(path.slice(0, slash + 1));
  }
  if (dirs.size > 1) {
    c.add("GTFS_LAYOUT", "", 0, "", `the zip holds several feeds (stops.txt in: ${[...dirs].join(", ")})`);
    return undefined;
  }
  const prefix = [...dirs][0] ?? "";
  const names: string[] = [];
  for (const path of files.keys()) {
    if (path.startsWith(prefix) && !path.slice(prefix.length).includes("/"))
      names.push(path.slice(prefix.length));
  }
  return { get: (name) => files.get(prefix + name), names };
}

interface Table {
  rows: Row[];
}

function readTable(
  c: Collector,
  bytes: Uint8Array | undefined,
  file: string,
  requiredColumns: string[],
): Table | undefined {
  if (bytes === undefined) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    c.add(
      "GTFS_ENCODING",
      file,
      0,
      "",
      "file is not valid UTF-8 (GTFS-JP requires UTF-8; Shift_JIS export?)",
    );
    return { rows: [] };
  }
  const csv = readCsv(text);
  if (!csv.ok) {
    c.add("GTFS_CSV", file, csv.line, "", csv.message);
    return { rows: [] };
  }
  const index = new Map(csv.header.map((h, i) => [h, i] as const));
  let missing = false;
  for (const col of requiredColumns) {
    if (!index.has(col)) {
      c.add("GTFS_MISSING_COLUMN", file, 1, col, `column ${col} is missing from the header`);
      missing = true;
    }
  }
  if (missing) return { rows: [] };
  return { rows: csv.rows.map((r) => new Row(c, file, r.line, index, r.values)) };
}

/**
 * Record an id as defined, reporting a duplicate. Ids are declared even when
 * other fields of their row are invalid, so that a bad coordinate is reported
 * once and not again as a dangling reference from every row that uses the id.
 */
function declare(
  c: Collector,
  ids: Set<string>,
  file: string,
  field: string,
  id: string | undefined,
  line: number,
) {
  if (id === undefined) return;
  if (ids.has(id)) c.add("GTFS_DUPLICATE_ID", file, line, field, `${field} "${id}" is defined twice`);
  ids.add(id);
}

/**
 * Parse and validate a GTFS-JP feed from the bytes of its zip. Every problem
 * found is reported (not only the first); a feed with any problem is refused,
 * warnings (unused files, trips with fewer than two stops) do not block.
 */
export function parseGtfs(zipBytes: Uint8Array, options: GtfsParseOptions = {}): GtfsParseResult {
  const zip = readZip(zipBytes, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
  if (!zip.ok) {
    return {
      ok: false,
      problems: [{ file: zip.entry ?? "", line: 0, field: "", message: zip.message, code: "GTFS_ZIP" }],
    };
  }
  return parseGtfsFiles(zip.files);
}

/** Parse and validate a GTFS-JP feed given as file name → bytes (e.g. an unpacked folder). */
export function parseGtfsFiles(files: Map<string, Uint8Array>): GtfsParseResult {
  const c = new Collector();
  const located = locateFeed(files, c);
  if (!located) return { ok: false, problems: c.problems };
  const { get, names } = located;

  for (const required of ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"]) {
    if (!get(required)) c.add("GTFS_MISSING_FILE", required, 0, "", `${required} is required but missing`);
  }
  if (!get("calendar.txt") && !get("calendar_dates.txt")) {
    c.add("GTFS_MISSING_FILE", "calendar.txt", 0, "", "calendar.txt or calendar_dates.txt is required");
  }
  for (const n of names) {
    if (!(KNOWN_FILES as readonly string[]).includes(n) && !IGNORED_FILES.has(n)) {
      c.warn("GTFS_UNUSED_FILE", n, 0, "", `${n} is not a GTFS-JP file this engine reads; ignored`);
    }
  }

  // agency.txt
  const agencies: GtfsAgency[] = [];
  const agencyRows = readTable(c, get("agency.txt"), "agency.txt", [
    "agency_name",
    "agency_url",
    "agency_timezone",
  ]);
  const agencyIds = new Set<string>();
  for (const r of agencyRows?.rows ?? []) {
    const name = r.req("agency_name");
    const url = r.req("agency_url");
    const timezone = r.req("agency_timezone");
    // agency_id may be omitted only when the feed has one agency.
    const agencyId = (agencyRows?.rows.length ?? 0) > 1 ? r.req("agency_id") : (r.opt("agency_id") ?? "");
    declare(c, agencyIds, "agency.txt", "agency_id", agencyId, r.line);
    if (name === undefined || url === undefined || timezone === undefined || agencyId === undefined) continue;
    const a: GtfsAgency = { agencyId, name, url, timezone };
    const lang = r.opt("agency_lang");
    const phone = r.opt("agency_phone");
    if (lang) a.lang = lang;
    if (phone) a.phone = phone;
    agencies.push(a);
  }

  // agency_jp.txt
  const agenciesJp: GtfsAgencyJp[] = [];
  for (const r of readTable(c, get("agency_jp.txt"), "agency_jp.txt", ["agency_id"])?.rows ?? []) {
    const agencyId = r.req("agency_id");
    if (agencyId === undefined) continue;
    if (!agencyIds.has(agencyId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "agency_jp.txt",
        r.line,
        "agency_id",
        `agency_id "${agencyId}" is not in agency.txt`,
      );
    }
    const a: GtfsAgencyJp = { agencyId };
    const officialName = r.opt("agency_official_name");
    const zipNumber = r.opt("agency_zip_number");
    const address = r.opt("agency_address");
    if (officialName) a.officialName = officialName;
    if (zipNumber) a.zipNumber = zipNumber;
    if (address) a.address = address;
    agenciesJp.push(a);
  }

  // stops.txt
  const stops: GtfsStop[] = [];
  const stopIds = new Set<string>();
  const stopById = new Map<string, GtfsStop>();
  const stopParents: { line: number; stop: GtfsStop }[] = [];
  for (const r of readTable(c, get("stops.txt"), "stops.txt", ["stop_id", "stop_name"])?.rows ?? []) {
    const stopId = r.req("stop_id");
    declare(c, stopIds, "stops.txt", "stop_id", stopId, r.line);
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
    const code = r.opt("stop_code");
    const parentStation = r.opt("parent_station");
    const zoneId = r.opt("zone_id");
    if (code) s.code = code;
    if (parentStation) s.parentStation = parentStation;
    if (zoneId) s.zoneId = zoneId;
    if (locationType === 1 && parentStation) {
      c.add(
        "GTFS_INVALID_VALUE",
        "stops.txt",
        r.line,
        "parent_station",
        "a station (location_type 1) cannot have a parent",
      );
    }
    if (locationType >= 2 && !parentStation) {
      c.add(
        "GTFS_REQUIRED_FIELD",
        "stops.txt",
        r.line,
        "parent_station",
        `parent_station is required for location_type ${locationType}`,
      );
    }
    stops.push(s);
    if (!stopById.has(stopId)) stopById.set(stopId, s);
    if (parentStation) stopParents.push({ line: r.line, stop: s });
  }
  for (const { line, stop } of stopParents) {
    const parent = stopById.get(stop.parentStation as string);
    if (!stopIds.has(stop.parentStation as string)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "stops.txt",
        line,
        "parent_station",
        `parent_station "${stop.parentStation}" is not in stops.txt`,
      );
    } else if (parent && stop.locationType <= 2 && parent.locationType !== 1) {
      c.add(
        "GTFS_INVALID_VALUE",
        "stops.txt",
        line,
        "parent_station",
        `parent_station "${stop.parentStation}" is not a station (location_type 1)`,
      );
    }
  }

  // routes.txt
  const routes: GtfsRoute[] = [];
  const routeIds = new Set<string>();
  for (const r of readTable(c, get("routes.txt"), "routes.txt", ["route_id", "route_type"])?.rows ?? []) {
    const routeId = r.req("route_id");
    declare(c, routeIds, "routes.txt", "route_id", routeId, r.line);
    const type = r.int("route_type", 0, 1702);
    const shortName = r.opt("route_short_name") ?? "";
    const longName = r.opt("route_long_name") ?? "";
    if (!shortName && !longName) {
      c.add(
        "GTFS_REQUIRED_FIELD",
        "routes.txt",
        r.line,
        "route_short_name",
        "route_short_name or route_long_name is required",
      );
    }
    const agencyId = r.opt("agency_id");
    if (agencyId !== undefined && !agencyIds.has(agencyId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "routes.txt",
        r.line,
        "agency_id",
        `agency_id "${agencyId}" is not in agency.txt`,
      );
    } else if (agencyId === undefined && agencies.length > 1) {
      c.add(
        "GTFS_REQUIRED_FIELD",
        "routes.txt",
        r.line,
        "agency_id",
        "agency_id is required when the feed has several agencies",
      );
    }
    if (routeId === undefined || type === undefined) continue;
    const route: GtfsRoute = { routeId, shortName, longName, type };
    if (agencyId) route.agencyId = agencyId;
    const desc = r.opt("route_desc");
    if (desc) route.desc = desc;
    for (const [field, key] of [
      ["route_color", "color"],
      ["route_text_color", "textColor"],
    ] as const) {
      const v = r.opt(field);
      if (v === undefined) continue;
      // A bad colour does not hurt analysis: warn and drop it.
      if (/^[0-9A-Fa-f]{6}$/.test(v)) route[key] = v.toUpperCase();
      else
        c.warn(
          "GTFS_INVALID_VALUE",
          "routes.txt",
          r.line,
          field,
          `${field} must be 6 hex digits, got "${v}"; ignored`,
        );
    }
    const parent = r.opt("jp_parent_route_id");
    if (parent) route.jpParentRouteId = parent;
    routes.push(route);
  }

  // routes_jp.txt
  const routesJp: GtfsRouteJp[] = [];
  for (const r of readTable(c, get("routes_jp.txt"), "routes_jp.txt", ["route_id"])?.rows ?? []) {
    const routeId = r.req("route_id");
    if (routeId === undefined) continue;
    if (!routeIds.has(routeId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "routes_jp.txt",
        r.line,
        "route_id",
        `route_id "${routeId}" is not in routes.txt`,
      );
    }
    const rj: GtfsRouteJp = { routeId };
    const updateDate = r.date("route_update_date", false);
    if (updateDate) rj.updateDate = updateDate;
    for (const [field, key] of [
      ["origin_stop", "originStop"],
      ["via_stop", "viaStop"],
      ["destination_stop", "destinationStop"],
    ] as const) {
      const v = r.opt(field);
      if (v) rj[key] = v;
    }
    routesJp.push(rj);
  }

  // calendar.txt / calendar_dates.txt
  const calendar: GtfsCalendar[] = [];
  const serviceIds = new Set<string>();
  const dayFields = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  for (const r of readTable(c, get("calendar.txt"), "calendar.txt", [
    "service_id",
    ...dayFields,
    "start_date",
    "end_date",
  ])?.rows ?? []) {
    const serviceId = r.req("service_id");
    declare(c, serviceIds, "calendar.txt", "service_id", serviceId, r.line);
    const days = dayFields.map((d) => r.int(d, 0, 1));
    const startDate = r.date("start_date", true);
    const endDate = r.date("end_date", true);
    if (startDate && endDate && endDate < startDate) {
      c.add("GTFS_INVALID_VALUE", "calendar.txt", r.line, "end_date", "end_date is before start_date");
    }
    if (serviceId === undefined || days.some((d) => d === undefined) || !startDate || !endDate) continue;
    const item: GtfsCalendar = {
      serviceId,
      days: days.map((d) => d === 1) as GtfsCalendar["days"],
      startDate,
      endDate,
    };
    calendar.push(item);
  }
  const calendarDates: GtfsCalendarDate[] = [];
  const seenException = new Map<string, number>();
  for (const r of readTable(c, get("calendar_dates.txt"), "calendar_dates.txt", [
    "service_id",
    "date",
    "exception_type",
  ])?.rows ?? []) {
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
      c.warn(
        "GTFS_DUPLICATE_ID",
        "calendar_dates.txt",
        r.line,
        "date",
        `service "${serviceId}" repeats its exception on ${date}`,
      );
      continue;
    }
    if (earlier !== undefined) {
      c.add(
        "GTFS_DUPLICATE_ID",
        "calendar_dates.txt",
        r.line,
        "exception_type",
        `service "${serviceId}" is both added and removed on ${date}`,
      );
      continue;
    }
    seenException.set(key, exceptionType);
    calendarDates.push({ serviceId, date, exceptionType: exceptionType as 1 | 2 });
  }

  // trips.txt
  const trips: GtfsTrip[] = [];
  const tripIds = new Set<string>();
  for (const r of readTable(c, get("trips.txt"), "trips.txt", ["route_id", "service_id", "trip_id"])?.rows ??
    []) {
    const routeId = r.req("route_id");
    const serviceId = r.req("service_id");
    const tripId = r.req("trip_id");
    declare(c, tripIds, "trips.txt", "trip_id", tripId, r.line);
    const directionId = r.int("direction_id", 0, 1, -1);
    if (routeId !== undefined && !routeIds.has(routeId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "trips.txt",
        r.line,
        "route_id",
        `route_id "${routeId}" is not in routes.txt`,
      );
    }
    if (serviceId !== undefined && !serviceIds.has(serviceId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "trips.txt",
        r.line,
        "service_id",
        `service_id "${serviceId}" is in neither calendar.txt nor calendar_dates.txt`,
      );
    }
    if (routeId === undefined || serviceId === undefined || tripId === undefined) continue;
    const t: GtfsTrip = { tripId, routeId, serviceId };
    if (directionId !== undefined && directionId >= 0) t.directionId = directionId;
    for (const [field, key] of [
      ["trip_headsign", "headsign"],
      ["trip_short_name", "shortName"],
      ["block_id", "blockId"],
      ["shape_id", "shapeId"],
    ] as const) {
      const v = r.opt(field);
      if (v) t[key] = v;
    }
    trips.push(t);
  }

  // stop_times.txt
  const byTrip = new Map<string, { st: GtfsStopTime; line: number }[]>();
  for (const r of readTable(c, get("stop_times.txt"), "stop_times.txt", [
    "trip_id",
    "arrival_time",
    "departure_time",
    "stop_id",
    "stop_sequence",
  ])?.rows ?? []) {
    const tripId = r.req("trip_id");
    const stopId = r.req("stop_id");
    const stopSequence = r.int("stop_sequence", 0, Number.MAX_SAFE_INTEGER);
    const arrival = r.time("arrival_time");
    const departure = r.time("departure_time");
    const pickupType = r.int("pickup_type", 0, 3, 0);
    const dropOffType = r.int("drop_off_type", 0, 3, 0);
    if (tripId !== undefined && !tripIds.has(tripId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "stop_times.txt",
        r.line,
        "trip_id",
        `trip_id "${tripId}" is not in trips.txt`,
      );
    }
    if (stopId !== undefined && !stopIds.has(stopId)) {
      c.add(
        "GTFS_DANGLING_REFERENCE",
        "stop_times.txt",
        r.line,
        "stop_id",
        `stop_id "${stopId}" is not in stops.txt`,
      );
    } else if (stopId !== undefined && (stopById.get(stopId)?.locationType ?? 0) !== 0) {
      c.add(
        "GTFS_INVALID_VALUE",
        "stop_times.txt",
        r.line,
        "stop_id",
        `stop_id "${stopId}" is a station/entrance, not a stop`,
      );
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
    const headsign = r.opt("stop_headsign");
    if (headsign) st.headsign = headsign;
    let list = byTrip.get(tripId);
    if (!list) {
      list = [];
      byTrip.set(tripId, list);
    }
    list.push({ st, line: r.line });
  }
  const stopTimes: GtfsStopTime[] = [];
  for (const [tripId, list] of byTrip) {
    list.sort((a, b) => a.st.stopSequence - b.st.stopSequence);
    let lastTime = -1;
    let lastSeq = Number.NaN;
    list.forEach(({ st, line }, i) => {
      if (st.stopSequence === lastSeq) {
        c.add(
          "GTFS_DUPLICATE_ID",
          "stop_times.txt",
          line,
          "stop_sequence",
          `trip "${tripId}" repeats stop_sequence ${st.stopSequence}`,
        );
      }
      lastSeq = st.stopSequence;
      if ((i === 0 || i === list.length - 1) && st.departure === undefined) {
        c.add(
          "GTFS_REQUIRED_FIELD",
          "stop_times.txt",
          line,
          "departure_time",
          "the first and last stop of a trip must have times",
        );
      }
      if (st.arrival !== undefined && st.departure !== undefined) {
        if (st.arrival < lastTime || st.departure < st.arrival) {
          c.add(
            "GTFS_TIME_ORDER",
            "stop_times.txt",
            line,
            "arrival_time",
            `trip "${tripId}" goes back in time at stop_sequence ${st.stopSequence}`,
          );
        }
        lastTime = st.departure;
      }
      stopTimes.push(st);
    });
    if (list.length < 2 && tripIds.has(tripId)) {
      c.warn(
        "GTFS_SHORT_TRIP",
        "stop_times.txt",
        list[0]?.line ?? 0,
        "trip_id",
        `trip "${tripId}" has fewer than two stops`,
      );
    }
  }
  for (const t of trips) {
    if (!byTrip.has(t.tripId)) {
      c.warn("GTFS_SHORT_TRIP", "trips.txt", 0, "trip_id", `trip "${t.tripId}" has no stop_times`);
    }
  }

  // translations.txt: kept as read.
  const translations: Record<string, string>[] = [];
  const tr = get("translations.txt");
  if (tr) {
    try {
      const csv = readCsv(new TextDecoder("utf-8", { fatal: true }).decode(tr));
      if (csv.ok) {
        for (const row of csv.rows) {
          translations.push(Object.fromEntries(csv.header.map((h, i) => [h, row.values[i] ?? ""])));
        }
      } else c.add("GTFS_CSV", "translations.txt", csv.line, "", csv.message);
    } catch {
      c.add("GTFS_ENCODING", "translations.txt", 0, "", "file is not valid UTF-8");
    }
  }

  // feed_info.txt
  let feedInfo: GtfsFeedInfo | undefined;
  const fi = readTable(c, get("feed_info.txt"), "feed_info.txt", [
    "feed_publisher_name",
    "feed_publisher_url",
    "feed_lang",
  ]);
  const fr = fi?.rows[0];
  if (fr) {
    const publisherName = fr.req("feed_publisher_name");
    const publisherUrl = fr.req("feed_publisher_url");
    const lang = fr.req("feed_lang");
    const startDate = fr.date("feed_start_date", false);
    const endDate = fr.date("feed_end_date", false);
    if (publisherName && publisherUrl && lang) {
      feedInfo = { publisherName, publisherUrl, lang };
      if (startDate) feedInfo.startDate = startDate;
      if (endDate) feedInfo.endDate = endDate;
      const version = fr.opt("feed_version");
      if (version) feedInfo.version = version;
    }
  }

  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const feed: GtfsFeed = {
    agencies,
    agenciesJp,
    stops,
    routes,
    routesJp,
    trips,
    stopTimes,
    calendar,
    calendarDates,
    translations,
  };
  if (feedInfo) feed.feedInfo = feedInfo;
  return { ok: true, feed, warnings: c.warnings };
}
