/**
 * GTFS-JP records as the engine uses them. Ids are kept as strings exactly as in
 * the feed; dates are ISO `YYYY-MM-DD`; times are seconds since the service
 * day's midnight (so `25:10:00` is 90,600 — trips past midnight keep their
 * service day, as GTFS specifies).
 */

export interface GtfsAgency {
  agencyId: string;
  name: string;
  url: string;
  timezone: string;
  lang?: string;
  phone?: string;
}

/** agency_jp.txt (GTFS-JP extension). */
export interface GtfsAgencyJp {
  agencyId: string;
  officialName?: string;
  zipNumber?: string;
  address?: string;
}

export interface GtfsStop {
  stopId: string;
  code?: string;
  name: string;
  lat: number;
  lon: number;
  /** 0 stop/platform (default), 1 station, 2 entrance, 3 generic node, 4 boarding area. */
  locationType: number;
  parentStation?: string;
  zoneId?: string;
  /** 0 unknown (default), 1 accessible, 2 not accessible. */
  wheelchairBoarding: number;
}

export interface GtfsRoute {
  routeId: string;
  agencyId?: string;
  shortName: string;
  longName: string;
  desc?: string;
  /** GTFS route_type: 0 tram, 1 subway, 2 rail, 3 bus, 4 ferry, … */
  type: number;
  /** Six hex digits without '#', when the feed gives a valid one. */
  color?: string;
  textColor?: string;
  jpParentRouteId?: string;
}

/** routes_jp.txt (GTFS-JP extension). */
export interface GtfsRouteJp {
  routeId: string;
  updateDate?: string;
  originStop?: string;
  viaStop?: string;
  destinationStop?: string;
}

export interface GtfsTrip {
  tripId: string;
  routeId: string;
  serviceId: string;
  headsign?: string;
  shortName?: string;
  directionId?: number;
  blockId?: string;
  shapeId?: string;
}

export interface GtfsStopTime {
  tripId: string;
  stopId: string;
  stopSequence: number;
  /** Seconds since service-day midnight; absent for untimed intermediate stops. */
  arrival?: number;
  departure?: number;
  headsign?: string;
  /** 0 regular (default), 1 none, 2 phone agency, 3 ask the driver. */
  pickupType: number;
  dropOffType: number;
}

export interface GtfsCalendar {
  serviceId: string;
  /** Monday … Sunday. */
  days: [boolean, boolean, boolean, boolean, boolean, boolean, boolean];
  startDate: string;
  endDate: string;
}

export interface GtfsCalendarDate {
  serviceId: string;
  date: string;
  /** 1 service added on that date, 2 service removed. */
  exceptionType: 1 | 2;
}

export interface GtfsFeedInfo {
  publisherName: string;
  publisherUrl: string;
  lang: string;
  startDate?: string;
  endDate?: string;
  version?: string;
}

export interface GtfsFeed {
  agencies: GtfsAgency[];
  agenciesJp: GtfsAgencyJp[];
  stops: GtfsStop[];
  routes: GtfsRoute[];
  routesJp: GtfsRouteJp[];
  trips: GtfsTrip[];
  /** Grouped by trip, each trip's list sorted by stop_sequence. */
  stopTimes: GtfsStopTime[];
  calendar: GtfsCalendar[];
  calendarDates: GtfsCalendarDate[];
  /**
   * translations.txt rows as read (column → value): GTFS-JP v1 feeds use
   * `trans_id,lang,translation`, v2/GTFS use `table_name,field_name,…`; both are kept as is.
   */
  translations: Record<string, string>[];
  feedInfo?: GtfsFeedInfo;
}

export type GtfsProblemCode =
  | "GTFS_ZIP"
  | "GTFS_LAYOUT"
  | "GTFS_MISSING_FILE"
  | "GTFS_ENCODING"
  | "GTFS_CSV"
  | "GTFS_MISSING_COLUMN"
  | "GTFS_REQUIRED_FIELD"
  | "GTFS_INVALID_VALUE"
  | "GTFS_OUT_OF_RANGE"
  | "GTFS_DUPLICATE_ID"
  | "GTFS_DANGLING_REFERENCE"
  | "GTFS_TIME_ORDER"
  | "GTFS_UNUSED_FILE"
  | "GTFS_SHORT_TRIP";

/**
 * One problem found in a feed. `line` is the 1-based line in the file (the
 * header is line 1; 0 when the problem concerns the whole file).
 */
export interface GtfsProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  code: GtfsProblemCode;
}

export type GtfsParseResult =
  | { ok: true; feed: GtfsFeed; warnings: GtfsProblem[] }
  | { ok: false; problems: GtfsProblem[] };
