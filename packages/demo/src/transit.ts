/**
 * The community bus (GTFS-JP feed, per-trip spare capacity) and the school bus.
 * Buses run at ~30 km/h over roads ~1.3× the straight line, the usual figures
 * for mountain community buses; the school bus a little faster (35 km/h).
 */

import { clockOfMinutes, datesBetween, isoWeekday } from "@tsunagu/contract";
import { strToU8, zipSync } from "fflate";
import { gtfsDate, gtfsTime, yearOf } from "./dates";
import { dist, type LocalProjection, pointAlong, polylineLength, type Xy } from "./geometry";
import { STOP_NAMES } from "./names";
import type { Rng } from "./random";
import type { Geography, HamletSite, PlaceSite, StopSite } from "./town";
import type {
  DemoBusCapacityOffer,
  DemoBusRoute,
  DemoBusStop,
  DemoSchoolBus,
  DemoSchoolBusStop,
  DemoSchoolBusTrip,
  IsoWeekday,
} from "./types";

const CIRCUITY = 1.3;
const BUS_KMH = 30;
const SCHOOL_BUS_KMH = 35;
const DWELL_MIN = 0.5;
/** Seats on the community bus (a 29-seat small bus: 28 passengers). */
export const COMMUNITY_BUS_SEATS = 28;
export const SCHOOL_BUS_SEATS = 29;

const AGENCY_ID = "tsunagu-demo-bus";

export interface BusTrip {
  readonly tripId: string;
  readonly routeId: string;
  readonly serviceId: "weekday" | "saturday";
  readonly directionId: 0 | 1;
  readonly headsign: string;
  readonly blockId: string;
  readonly stopTimes: readonly { readonly stopId: string; readonly minutes: number }[];
}

export interface Transit {
  readonly busStops: DemoBusStop[];
  readonly busRoutes: DemoBusRoute[];
  readonly trips: BusTrip[];
  readonly gtfs: Uint8Array;
  readonly busCapacityOffer: Record<string, DemoBusCapacityOffer>;
  readonly schoolBus: DemoSchoolBus;
}

export function buildTransit(
  rng: Rng,
  geo: Geography,
  feed: { startDate: string; endDate: string },
  ids: { schoolBusVehicleId: string },
): Transit {
  const { projection } = geo;
  const stopById = new Map<string, StopSite>(geo.stops.map((s) => [s.stopId, s]));
  const busStops: DemoBusStop[] = geo.stops.map((s) => {
    const p = projection.toLatLon(s.at);
    return { stopId: s.stopId, name: s.name, lat: p.lat, lon: p.lon };
  });
  const busRoutes: DemoBusRoute[] = geo.routes.map((r) => ({
    routeId: r.routeId,
    name: r.name,
    color: r.color,
    stopIds: r.stopIds,
    hamletId: r.hamletId,
    line: r.stopIds.map((id) => {
      const p = projection.toLatLon((stopById.get(id) as StopSite).at);
      return [p.lon, p.lat] as const;
    }),
  }));

  const trips: BusTrip[] = [];
  geo.routes.forEach((route, r) => {
    const hamlet = geo.hamlets.find((h) => h.id === route.hamletId) as HamletSite;
    const outward = route.stopIds.map((id) => (stopById.get(id) as StopSite).at);
    const legMinutes = outward
      .slice(1)
      .map((p, i) => (dist(outward[i] as Xy, p) * CIRCUITY * 60) / BUS_KMH + DWELL_MIN);
    const shift = r * 5 + rng.int(0, 2) * 5;
    // First outbound run leaves early so the first inbound run reaches the clinic before 08:30.
    const schedules = [
      { serviceId: "weekday" as const, starts: [405, 580, 760, 940] },
      { serviceId: "saturday" as const, starts: [480, 780] },
    ];
    for (const { serviceId, starts } of schedules) {
      let n = 0;
      for (const start of starts) {
        const out = timesAlong(route.stopIds, legMinutes, start + shift);
        const outEnd = (out[out.length - 1] as { minutes: number }).minutes;
        const back = timesAlong([...route.stopIds].reverse(), [...legMinutes].reverse(), outEnd + 5);
        const code = serviceId === "weekday" ? "wd" : "sa";
        const blockId = `${route.routeId}-${code}`;
        trips.push({
          tripId: `${route.routeId}-${code}-${String(++n).padStart(2, "0")}`,
          routeId: route.routeId,
          serviceId,
          directionId: 0,
          headsign: hamlet.name[0],
          blockId,
          stopTimes: out,
        });
        trips.push({
          tripId: `${route.routeId}-${code}-${String(++n).padStart(2, "0")}`,
          routeId: route.routeId,
          serviceId,
          directionId: 1,
          headsign: "役場前",
          blockId,
          stopTimes: back,
        });
      }
    }
  });

  // What each trip can spare: seats left after its usual riders, and the luggage space
  // the operator agreed to lend for 貨客混載.
  const busCapacityOffer: Record<string, DemoBusCapacityOffer> = {};
  for (const t of trips) {
    busCapacityOffer[t.tripId] = {
      spareSeats: COMMUNITY_BUS_SEATS - rng.int(3, 12),
      cargoKg: rng.int(6, 12) * 5,
      cargoLitres: rng.int(3, 6) * 50,
    };
  }

  const gtfs = buildGtfsZip(geo, busStops, trips, feed);
  const schoolBus = buildSchoolBus(rng, geo, projection, ids.schoolBusVehicleId);
  return { busStops, busRoutes, trips, gtfs, busCapacityOffer, schoolBus };
}

function timesAlong(
  stopIds: readonly string[],
  legMinutes: readonly number[],
  start: number,
): { stopId: string; minutes: number }[] {
  let t = start;
  return stopIds.map((stopId, i) => {
    if (i > 0) t += legMinutes[i - 1] as number;
    return { stopId, minutes: Math.round(t) };
  });
}

/** RFC 4180 field quoting. */
function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): Uint8Array {
  const lines = [header.join(","), ...rows.map((r) => r.map(csvField).join(","))];
  return strToU8(`${lines.join("\r\n")}\r\n`);
}

function buildGtfsZip(
  geo: Geography,
  busStops: readonly DemoBusStop[],
  trips: readonly BusTrip[],
  feed: { startDate: string; endDate: string },
): Uint8Array {
  const start = gtfsDate(feed.startDate);
  const end = gtfsDate(feed.endDate);
  const services = { weekday: [1, 1, 1, 1, 1, 0, 0], saturday: [0, 0, 0, 0, 0, 1, 0] } as const;

  // The bus rests over New Year (12/29–1/3), as most community buses do.
  const closed: (readonly [string, string, number])[] = [];
  for (const date of datesBetween(feed.startDate, feed.endDate)) {
    const md = date.slice(5);
    if (md < "01-04" || md > "12-28") {
      const wd = isoWeekday(date);
      for (const [serviceId, mask] of Object.entries(services)) {
        if (mask[wd - 1] === 1) closed.push([serviceId, gtfsDate(date), 2]);
      }
    }
  }
  const routeNames = new Map(geo.routes.map((r) => [r.routeId, r]));
  const stopName = new Map(busStops.map((s) => [s.stopId, s.name]));

  const files: Record<string, Uint8Array> = {
    "agency.txt": csv(
      ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone"],
      [
        [
          AGENCY_ID,
          "つなぐ町コミュニティバス（架空）",
          "https://example.invalid/tsunagu-demo/bus",
          "Asia/Tokyo",
          "ja",
          "",
        ],
      ],
    ),
    "agency_jp.txt": csv(
      [
        "agency_id",
        "agency_official_name",
        "agency_zip_number",
        "agency_address",
        "agency_president_pos",
        "agency_president_name",
      ],
      [[AGENCY_ID, "つなぐ町（架空）", "", "架空県つなぐ町（架空の住所）", "", ""]],
    ),
    "stops.txt": csv(
      [
        "stop_id",
        "stop_code",
        "stop_name",
        "stop_desc",
        "stop_lat",
        "stop_lon",
        "zone_id",
        "location_type",
        "parent_station",
        "wheelchair_boarding",
      ],
      busStops.map((s) => [s.stopId, "", s.name, "", s.lat.toFixed(6), s.lon.toFixed(6), s.stopId, 0, "", 1]),
    ),
    "routes.txt": csv(
      [
        "route_id",
        "agency_id",
        "route_short_name",
        "route_long_name",
        "route_desc",
        "route_type",
        "route_color",
        "route_text_color",
        "jp_parent_route_id",
      ],
      geo.routes.map((r) => [
        r.routeId,
        AGENCY_ID,
        r.name,
        `役場前～${stopName.get(r.stopIds[r.stopIds.length - 1] as string)}`,
        "架空のコミュニティバス路線",
        3,
        r.color,
        "FFFFFF",
        "",
      ]),
    ),
    "routes_jp.txt": csv(
      ["route_id", "route_update_date", "origin_stop", "via_stop", "destination_stop"],
      geo.routes.map((r) => [
        r.routeId,
        start,
        "役場前",
        stopName.get("S05") ?? "",
        stopName.get(r.stopIds[r.stopIds.length - 1] as string) ?? "",
      ]),
    ),
    "trips.txt": csv(
      [
        "route_id",
        "service_id",
        "trip_id",
        "trip_headsign",
        "trip_short_name",
        "direction_id",
        "block_id",
        "shape_id",
        "wheelchair_accessible",
        "bikes_allowed",
        "jp_trip_desc",
        "jp_trip_desc_symbol",
        "jp_office_id",
      ],
      trips.map((t) => [
        t.routeId,
        t.serviceId,
        t.tripId,
        t.headsign,
        "",
        t.directionId,
        t.blockId,
        "",
        1,
        2,
        `${(routeNames.get(t.routeId) as { name: string }).name}`,
        "",
        "",
      ]),
    ),
    "stop_times.txt": csv(
      [
        "trip_id",
        "arrival_time",
        "departure_time",
        "stop_id",
        "stop_sequence",
        "stop_headsign",
        "pickup_type",
        "drop_off_type",
        "shape_dist_traveled",
        "timepoint",
      ],
      trips.flatMap((t) =>
        t.stopTimes.map((st, i) => [
          t.tripId,
          gtfsTime(st.minutes),
          gtfsTime(st.minutes),
          st.stopId,
          i + 1,
          "",
          0,
          0,
          "",
          1,
        ]),
      ),
    ),
    "calendar.txt": csv(
      [
        "service_id",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "start_date",
        "end_date",
      ],
      Object.entries(services).map(([id, mask]) => [id, ...mask, start, end]),
    ),
    "calendar_dates.txt": csv(["service_id", "date", "exception_type"], closed),
    "fare_attributes.txt": csv(
      ["fare_id", "price", "currency_type", "payment_method", "transfers", "transfer_duration"],
      [["flat200", 200, "JPY", 0, 0, ""]],
    ),
    "fare_rules.txt": csv(
      ["fare_id", "route_id", "origin_id", "destination_id", "contains_id"],
      geo.routes.map((r) => ["flat200", r.routeId, "", "", ""]),
    ),
    "feed_info.txt": csv(
      [
        "feed_publisher_name",
        "feed_publisher_url",
        "feed_lang",
        "feed_start_date",
        "feed_end_date",
        "feed_version",
      ],
      [
        [
          "つなぐ町（架空）",
          "https://example.invalid/tsunagu-demo",
          "ja",
          start,
          end,
          `fictional-demo-${start}`,
        ],
      ],
    ),
  };
  // A fixed timestamp built from local-time fields: the zip stores local DOS time, so
  // this gives the same bytes in every time zone and on every run.
  return zipSync(files, { level: 6, mtime: new Date(yearOf(feed.startDate), 0, 1, 0, 0, 0) });
}

function buildSchoolBus(
  rng: Rng,
  geo: Geography,
  projection: LocalProjection,
  vehicleId: string,
): DemoSchoolBus {
  // The school bus serves the remotest hamlet, which has no community bus: residents
  // there may ride it (混乗). Its road is that hamlet's valley, run inwards.
  const road = [...geo.remotest.valley].reverse();
  const school = geo.places.find((p) => p.kind === "school") as PlaceSite;
  const length = polylineLength(road) - 1.5;
  const count = Math.max(4, Math.round(length / 1.8));
  const names = rng.shuffle(STOP_NAMES);
  const stops: { id: string; name: string; at: Xy }[] = [];
  for (let j = 0; j < count; j++) {
    const at = pointAlong(road, (length * j) / (count - 1 || 1));
    stops.push({
      id: `SB${String(j + 1).padStart(2, "0")}`,
      name: j === 0 ? geo.remotest.name[0] : (names.pop() as string),
      at,
    });
  }
  stops.push({ id: `SB${String(count + 1).padStart(2, "0")}`, name: "つなぐ学園前", at: school.at });

  const legs = stops
    .slice(1)
    .map((s, i) => (dist((stops[i] as { at: Xy }).at, s.at) * CIRCUITY * 60) / SCHOOL_BUS_KMH + DWELL_MIN);
  const run = (start: number, order: readonly number[]) => {
    let t = start;
    return order.map((idx, k) => {
      if (k > 0) {
        const a = order[k - 1] as number;
        t += legs[Math.min(a, idx)] as number;
      }
      return { stopId: (stops[idx] as { id: string }).id, time: clockOfMinutes(Math.round(t)) };
    });
  };
  const inward = stops.map((_, i) => i);
  const outward = [...inward].reverse();
  const schoolDays: readonly IsoWeekday[] = [1, 2, 3, 4, 5];
  const trips: DemoSchoolBusTrip[] = [
    {
      id: "SBT-1",
      direction: "to_school",
      days: schoolDays,
      stopTimes: run(420 + rng.int(0, 2) * 5, inward),
      spareSeats: SCHOOL_BUS_SEATS - rng.int(8, 14),
      spareCargoKg: 40,
    },
    {
      id: "SBT-2",
      direction: "from_school",
      days: schoolDays,
      stopTimes: run(930, outward),
      spareSeats: SCHOOL_BUS_SEATS - rng.int(5, 10),
      spareCargoKg: 40,
    },
    {
      id: "SBT-3",
      direction: "from_school",
      days: schoolDays,
      stopTimes: run(1010, outward),
      spareSeats: SCHOOL_BUS_SEATS - rng.int(3, 8),
      spareCargoKg: 40,
    },
  ];
  const schoolStops: DemoSchoolBusStop[] = stops.map((s) => ({
    id: s.id,
    name: s.name,
    ...projection.toLatLon(s.at),
  }));
  return { vehicleId, schoolPlaceId: school.id, stops: schoolStops, trips };
}
