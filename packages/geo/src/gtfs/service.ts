import { isoWeekday, isRealDate } from "@tsunagu/contract";
import type { GtfsFeed, GtfsStopTime } from "./types";

/** Thrown for a malformed argument (a programming or CLI-parsing error, not bad feed data). */
export class GeoArgumentError extends Error {
  override readonly name = "GeoArgumentError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Validate an ISO date `YYYY-MM-DD` and return its weekday index, Monday = 0. */
function weekdayOf(date: string, field: string): number {
  if (!isRealDate(date)) throw new GeoArgumentError(field, `must be a date YYYY-MM-DD, got "${date}"`);
  return isoWeekday(date) - 1;
}

/**
 * The service ids running on `date` (`YYYY-MM-DD`): calendar.txt weekday
 * patterns within their date range, then calendar_dates.txt exceptions
 * (1 adds, 2 removes). Throws `GeoArgumentError` for a malformed date.
 */
export function activeServiceIds(feed: GtfsFeed, date: string): Set<string> {
  const wd = weekdayOf(date, "date");
  const active = new Set<string>();
  for (const c of feed.calendar) {
    if (c.startDate <= date && date <= c.endDate && c.days[wd]) active.add(c.serviceId);
  }
  for (const e of feed.calendarDates) {
    if (e.date !== date) continue;
    if (e.exceptionType === 1) active.add(e.serviceId);
    else active.delete(e.serviceId);
  }
  return active;
}

/** A time band `[from, to)` in seconds since service-day midnight. */
export interface TimeBand {
  from: number;
  to: number;
}

/** Options for {@link departuresPerStop}. */
export interface DeparturesOptions {
  /** Count only trips of services active on this date (`YYYY-MM-DD`). */
  date?: string;
  /** Count only trips of these services; takes precedence over `date`. Default: every trip. */
  serviceIds?: Iterable<string>;
  /** Count only departures at a time in `[from, to)`; default: the whole day. */
  band?: TimeBand;
}

/** Trip id → its stop_times (already sorted by stop_sequence by the parser). */
function groupByTrip(feed: GtfsFeed): Map<string, GtfsStopTime[]> {
  const byTrip = new Map<string, GtfsStopTime[]>();
  for (const st of feed.stopTimes) {
    let list = byTrip.get(st.tripId);
    if (!list) {
      list = [];
      byTrip.set(st.tripId, list);
    }
    list.push(st);
  }
  return byTrip;
}

/**
 * Departure times of a trip with untimed stops filled by linear interpolation
 * on the stop index between the surrounding timepoints (GTFS allows untimed
 * intermediate stops; the first and last are always timed after validation).
 */
function departureTimes(list: GtfsStopTime[]): number[] {
  const out = list.map((s) => s.departure ?? Number.NaN);
  let prev = -1;
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i] as number)) continue;
    if (prev >= 0 && i - prev > 1) {
      const a = out[prev] as number;
      const b = out[i] as number;
      for (let k = prev + 1; k < i; k++) out[k] = a + ((b - a) * (k - prev)) / (i - prev);
    }
    prev = i;
  }
  return out;
}

/**
 * Departures per stop: for every stop (location_type 0) the number of
 * stop_times at it where a rider can board and travel on — that is, every
 * stop_time of a selected trip EXCEPT the trip's last one and except those
 * with pickup_type 1 ("no pickup", e.g. alighting-only stops). Stops with no
 * departure are present with 0. A trip that calls twice at a stop (a loop)
 * counts twice. Throws `GeoArgumentError` for a malformed date or band.
 */
export function departuresPerStop(feed: GtfsFeed, options: DeparturesOptions = {}): Map<string, number> {
  const { band } = options;
  if (band) {
    if (!Number.isFinite(band.from) || !Number.isFinite(band.to) || band.from < 0 || band.to <= band.from) {
      throw new GeoArgumentError("band", `must satisfy 0 ≤ from < to, got ${band.from}–${band.to}`);
    }
  }
  const services = options.serviceIds
    ? new Set(options.serviceIds)
    : options.date !== undefined
      ? activeServiceIds(feed, options.date)
      : undefined;
  const tripSelected = new Set<string>();
  for (const t of feed.trips) if (!services || services.has(t.serviceId)) tripSelected.add(t.tripId);

  const counts = new Map<string, number>();
  for (const s of feed.stops) if (s.locationType === 0) counts.set(s.stopId, 0);
  for (const [tripId, list] of groupByTrip(feed)) {
    if (!tripSelected.has(tripId)) continue;
    const times = band ? departureTimes(list) : undefined;
    for (let i = 0; i < list.length - 1; i++) {
      const st = list[i] as GtfsStopTime;
      if (st.pickupType === 1) continue;
      if (times && band) {
        const t = times[i] as number;
        if (!(t >= band.from && t < band.to)) continue;
      }
      counts.set(st.stopId, (counts.get(st.stopId) ?? 0) + 1);
    }
  }
  return counts;
}

/** One stopping pattern of a route: the ordered stops its trips call at. */
export interface RoutePattern {
  stopIds: string[];
  /** `[lon, lat]` pairs in calling order, ready for a GeoJSON LineString. */
  coordinates: [number, number][];
  /** Trips that follow exactly this pattern. */
  tripIds: string[];
}

/** A route's shape for drawing on a map, as ordered stop coordinates (shapes.txt is not used). */
export interface RouteShape {
  routeId: string;
  /** Distinct stopping patterns, the most-travelled first. */
  patterns: RoutePattern[];
}

/** Per-route stopping patterns with coordinates, in routes.txt order. */
export function routeShapes(feed: GtfsFeed): RouteShape[] {
  const stopById = new Map(feed.stops.map((s) => [s.stopId, s] as const));
  const byTrip = groupByTrip(feed);
  const byRoute = new Map<string, Map<string, RoutePattern>>();
  for (const r of feed.routes) byRoute.set(r.routeId, new Map());
  for (const t of feed.trips) {
    const list = byTrip.get(t.tripId);
    const patterns = byRoute.get(t.routeId);
    if (!list || !patterns) continue;
    const stopIds = list.map((s) => s.stopId);
    const key = stopIds.join("\u0000");
    let p = patterns.get(key);
    if (!p) {
      const coordinates = stopIds.map((id) => {
        const s = stopById.get(id);
        return [s?.lon ?? Number.NaN, s?.lat ?? Number.NaN] as [number, number];
      });
      p = { stopIds, coordinates, tripIds: [] };
      patterns.set(key, p);
    }
    p.tripIds.push(t.tripId);
  }
  return feed.routes.map((r) => ({
    routeId: r.routeId,
    patterns: [...(byRoute.get(r.routeId)?.values() ?? [])].sort(
      (a, b) => b.tripIds.length - a.tripIds.length,
    ),
  }));
}

/** A stop with its departure count, the shape the coverage analysis takes. */
export interface StopWithDepartures {
  id: string;
  lat: number;
  lon: number;
  departures: number;
}

/**
 * The feed's boardable stops (location_type 0) with their departures per
 * {@link departuresPerStop} — the bus-stop input of the coverage analysis.
 */
export function stopsWithDepartures(feed: GtfsFeed, options: DeparturesOptions = {}): StopWithDepartures[] {
  const counts = departuresPerStop(feed, options);
  return feed.stops
    .filter((s) => s.locationType === 0)
    .map((s) => ({ id: s.stopId, lat: s.lat, lon: s.lon, departures: counts.get(s.stopId) ?? 0 }));
}
