/**
 * Where each stop of a plan is, in words: the engine only knows points and the
 * names of hubs, bus stops, ports and depots. A request's own ends are named
 * here, when a plan or run sheet is read, from the request row — its place
 * (the clinic, the supermarket) or the resident's home (「山田 花子様宅」) —
 * with the place's or home's address. Read-time, not stored in the plan rows:
 * an erased resident's name and address disappear from old plans too, and an
 * address corrected in the registry shows on the next read.
 */
import type { PlanPlace } from "@tsunagu/contract";
import { type Db, ERASED_PERSON, listPlaces, type RequestRow, residentsByIds } from "@tsunagu/db";
import { haversineMeters } from "@tsunagu/matching";

/** The resident of a request as a coordinator or driver sees them (once erased: 「削除された利用者」, the rest null). */
export interface StopPerson {
  readonly name: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly home: { readonly lat: number; readonly lon: number } | null;
  readonly wheelchair: boolean;
  readonly escort: boolean;
  /** Erased at their request: their ends read 「削除された利用者」 at the coarsened point. */
  readonly erased: boolean;
}

/** What naming a day's stops needs: the registered places and the residents of its requests. */
export interface PlaceBook {
  readonly places: ReadonlyMap<string, { readonly name: string; readonly address: string | null }>;
  /** Registered places with an address and their points: a bus stop is found by the place it stands at. */
  readonly addressed: readonly { readonly lat: number; readonly lon: number; readonly address: string }[];
  /** A registered place's address by its name: depots, hubs and ports are stored under a place's name. */
  readonly addressByName: ReadonlyMap<string, string>;
  /** By resident id. */
  readonly people: ReadonlyMap<string, StopPerson>;
  /** Each resident's name in kana, by id (searching by reading). */
  readonly kana: ReadonlyMap<string, string>;
}

/** An empty book: every request end reads as a bare point (tests of the converters). */
export const NO_PLACES: PlaceBook = {
  places: new Map(),
  addressed: [],
  addressByName: new Map(),
  people: new Map(),
  kana: new Map(),
};

/** A point this close to a resident's home is the home (the demo and older rows carry no home flag). */
const AT_HOME_WITHIN_M = 30;
/** A stop this close to a request's end serves that end (the engine copies the point; rounding aside). */
const SAME_POINT_M = 5;
/** A named stop with no address of its own (a bus stop) takes a registered place's within this, as 「…付近」. */
const NEAR_PLACE_M = 250;

export async function loadPlaceBook(
  db: Db,
  code: string,
  requests: Iterable<RequestRow>,
): Promise<PlaceBook> {
  const residentIds = [...new Set([...requests].flatMap((r) => (r.residentId ? [r.residentId] : [])))];
  const [placeRows, residentRows] = await Promise.all([
    listPlaces(db, code),
    residentsByIds(db, code, residentIds),
  ]);
  const places = new Map(placeRows.map((p) => [p.id, { name: p.name, address: p.address }]));
  const addressByName = new Map<string, string>();
  for (const p of placeRows)
    if (p.address && !addressByName.has(p.name)) addressByName.set(p.name, p.address);
  const people = new Map<string, StopPerson>();
  const kana = new Map<string, string>();
  for (const [id, r] of residentRows) if (!r.erasedAt && r.nameKana) kana.set(id, r.nameKana);
  for (const [id, r] of residentRows)
    people.set(id, {
      name: r.erasedAt ? ERASED_PERSON : r.name,
      phone: r.erasedAt ? null : r.phone,
      address: r.erasedAt ? null : r.address,
      home: r.erasedAt || r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
      wheelchair: r.wheelchair,
      escort: r.escort,
      erased: r.erasedAt !== null,
    });
  const addressed = placeRows.flatMap((p) =>
    p.address ? [{ lat: p.lat, lon: p.lon, address: p.address }] : [],
  );
  return { places, addressed, addressByName, people, kana };
}

/** The resident of a request, if it has one the book knows. */
export function personOf(request: RequestRow | undefined, book: PlaceBook): StopPerson | undefined {
  return request?.residentId ? book.people.get(request.residentId) : undefined;
}

/** 「山田 花子様宅」: how a home is named to drivers and coordinators. */
export function homeName(residentName: string): string {
  return `${residentName}様宅`;
}

/** One end of a request, named: its place, the resident's home, or an unnamed point (指定地点). */
export function requestEnd(request: RequestRow, end: "pickup" | "dropoff", book: PlaceBook): PlanPlace {
  const point =
    end === "pickup"
      ? { lat: request.pickupLat, lon: request.pickupLon }
      : { lat: request.dropoffLat, lon: request.dropoffLon };
  const placeId = end === "pickup" ? request.pickupPlaceId : request.dropoffPlaceId;
  const place = placeId ? book.places.get(placeId) : undefined;
  if (place) return { ...point, name: place.name, address: place.address };
  const person = personOf(request, book);
  // An erased person's own ends (home or a free point) name no one and no address.
  if (person?.erased) return { ...point, name: ERASED_PERSON, address: null };
  const flagged = end === "pickup" ? request.pickupHome : request.dropoffHome;
  const atHome = person?.home && haversineMeters(person.home, point) <= AT_HOME_WITHIN_M;
  if (person && (flagged || atHome))
    return { ...point, name: person.name ? homeName(person.name) : null, address: person.address };
  return { ...point, name: null, address: null };
}

/**
 * A stop or leg end, named. A stored name (hub, bus stop, port, depot) stays,
 * with the address of the place of that name; an unnamed point that is one of
 * the request's own ends takes that end's name and address.
 */
export function placeOfPoint(
  point: { lat: number; lon: number; name: string | null },
  request: RequestRow | undefined,
  book: PlaceBook,
): PlanPlace {
  if (point.name !== null)
    return {
      lat: point.lat,
      lon: point.lon,
      name: point.name,
      address: book.addressByName.get(point.name) ?? addressNear(point, book),
    };
  if (request)
    for (const end of ["pickup", "dropoff"] as const) {
      const named = requestEnd(request, end, book);
      if (haversineMeters(named, point) <= SAME_POINT_M) return { ...named, lat: point.lat, lon: point.lon };
    }
  return { lat: point.lat, lon: point.lon, name: null, address: null };
}

/** 「…付近」: the address of the nearest registered place within NEAR_PLACE_M, for a stop that has none. */
function addressNear(point: { lat: number; lon: number }, book: PlaceBook): string | null {
  let best: { address: string; m: number } | undefined;
  for (const p of book.addressed) {
    const m = haversineMeters(point, p);
    if (m <= NEAR_PLACE_M && (!best || m < best.m)) best = { address: p.address, m };
  }
  return best ? `${best.address} 付近` : null;
}
