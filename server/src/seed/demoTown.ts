import { sizeClassOf } from "@tsunagu/contract";
import { createUser, type Db, type GtfsFeedRows, type Role, replaceGtfsFeed, schema } from "@tsunagu/db";
import {
  DEMO_DRIVER_ID,
  type DemoTown,
  type DemoTownOptions,
  demoContacts,
  generateDemoTown,
} from "@tsunagu/demo";
import { parseGtfs } from "@tsunagu/geo";
import { hashPassword } from "../domain/accounts/password";
import { toFeedRows } from "../domain/timetables/convert";

const CHUNK = 200;

/**
 * Seeds the fictional demo town when the database has no municipality yet
 * (first start). Returns what was seeded, or undefined when nothing was done.
 */
export async function seedDemoTownIfEmpty(
  db: Db,
  options: DemoTownOptions = {},
): Promise<{ municipalityCode: string } | undefined> {
  const existing = await db.select({ code: schema.municipalities.code }).from(schema.municipalities).limit(1);
  if (existing.length > 0) return undefined;
  const town = generateDemoTown(options);
  await insertDemoTown(db, town);
  await insertDemoAccounts(db, town.municipalityCode, town.demoResidentId, DEMO_DRIVER_ID);
  return { municipalityCode: town.municipalityCode };
}

/** The published password of every demo account (README, `npm start` in demo mode). */
export const DEMO_PASSWORD = "tsunagu-demo";

/** One demo account per role. Production refuses to start while any exists. */
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; role: Role; displayName: string }> = [
  { email: "admin@demo.tsunagu.jp", role: "platform_admin", displayName: "プラットフォーム管理者（デモ）" },
  { email: "staff@demo.tsunagu.jp", role: "municipal_staff", displayName: "交通担当職員（デモ）" },
  {
    email: "coordinator@demo.tsunagu.jp",
    role: "coordinator",
    displayName: "生活支援コーディネーター（デモ）",
  },
  { email: "driver@demo.tsunagu.jp", role: "driver", displayName: "運転手（デモ）" },
  { email: "resident@demo.tsunagu.jp", role: "resident", displayName: "住民（デモ）" },
];

/** The demo driver row (seeded with the town) the demo driver account is linked to. */
export { DEMO_DRIVER_ID };

/**
 * Seeds the demo accounts; the resident account is linked to one of the
 * town's residents, the driver account to the demo driver row (who may drive
 * every road vehicle, so the demo run sheets are not empty).
 */
export async function insertDemoAccounts(
  db: Db,
  municipalityCode: string,
  residentId: string | null,
  driverId: string | null = null,
) {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    await createUser(db, {
      email: a.email,
      role: a.role,
      displayName: a.displayName,
      passwordHash: hashes[i] ?? "",
      municipalityCode: a.role === "platform_admin" ? null : municipalityCode,
      residentId: a.role === "resident" ? residentId : null,
      driverId: a.role === "driver" ? driverId : null,
      demo: true,
    });
  }
}

/**
 * The demo generator speaks the effects engine's fuel words (gasoline,
 * electricity); the registry API speaks the contract's (FuelSchema). Seeded
 * vehicles must be ones the API would accept, or staff could not save an edit.
 */
function contractFuel(
  kind: DemoTown["vehicles"][number]["kind"],
  fuel: "gasoline" | "diesel" | "electricity",
) {
  if (fuel === "gasoline") return "petrol";
  if (fuel === "electricity") return kind === "drone" ? "battery" : "electric";
  return fuel;
}

/** A low-floor bus (ノンステップバス) carries a boarding ramp for wheelchairs: the contract's `ramp`. */
function contractFeatures(features: readonly string[]): string[] {
  return [...new Set(features.map((f) => (f === "low_floor" ? "ramp" : f)))];
}

/** Writes every part of the demo town; the GTFS timetable goes through the same parser as an upload. */
export async function insertDemoTown(db: Db, town: DemoTown): Promise<void> {
  const parsed = parseGtfs(town.gtfs);
  if (!parsed.ok) {
    throw new Error(
      `the demo town's GTFS feed is invalid: ${parsed.problems.map((p) => `${p.file}:${p.line} ${p.message}`).join("; ")}`,
    );
  }
  const code = town.municipalityCode;
  const contacts = demoContacts(town);
  await db.transaction(async (tx) => {
    const insertAll = async <T>(table: Parameters<typeof tx.insert>[0], rows: T[]) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        // biome-ignore lint/suspicious/noExplicitAny: rows are typed by each call site below
        await tx.insert(table).values(rows.slice(i, i + CHUNK) as any);
      }
    };
    await tx.insert(schema.municipalities).values({
      code,
      name: town.name,
      nameKana: town.nameKana,
      nameEn: town.nameEn,
      prefecture: town.prefecture,
      fictional: true,
      centreLat: town.centre.lat,
      centreLon: town.centre.lon,
      boundaryGeojson: JSON.stringify(town.boundary),
    });
    await insertAll<typeof schema.organisations.$inferInsert>(
      schema.organisations,
      town.organisations.map((o) => ({
        id: o.id,
        municipalityCode: code,
        kind: o.kind,
        name: o.name,
        nameKana: o.nameKana,
      })),
    );
    await insertAll<typeof schema.places.$inferInsert>(
      schema.places,
      town.places.map((p) => ({
        id: p.id,
        municipalityCode: code,
        kind: p.kind,
        name: p.name,
        nameEn: p.nameEn,
        lat: p.lat,
        lon: p.lon,
        address: contacts.places.get(p.id) ?? null,
        organisationId: p.organisationId ?? null,
      })),
    );
    await insertAll<typeof schema.vehicles.$inferInsert>(
      schema.vehicles,
      town.vehicles.map((v) => ({
        id: v.id,
        municipalityCode: code,
        organisationId: v.organisationId,
        kind: v.kind,
        name: v.name,
        seats: v.capacity.seats,
        wheelchairs: v.capacity.wheelchairs,
        cargoKg: v.capacity.cargoKg,
        cargoLitres: v.capacity.cargoLitres,
        features: JSON.stringify(contractFeatures(v.features)),
        fuel: contractFuel(v.kind, v.fuel),
        kmPerLitre: v.fuel === "electricity" ? null : v.kmPerLitre,
        kWhPerKm: v.fuel === "electricity" ? v.kWhPerKm : null,
        payloadKg: v.payloadKg,
        depotPlaceId: v.depotPlaceId,
        availability: JSON.stringify(v.availability),
      })),
    );
    await insertAll<typeof schema.dronePorts.$inferInsert>(
      schema.dronePorts,
      town.dronePorts.map((p) => ({
        id: p.id,
        municipalityCode: code,
        name: p.name,
        lat: p.lat,
        lon: p.lon,
        placeId: p.placeId,
      })),
    );
    await insertAll<typeof schema.droneRoutes.$inferInsert>(
      schema.droneRoutes,
      town.droneRoutes.map((r) => ({
        id: r.id,
        municipalityCode: code,
        fromPortId: r.fromPortId,
        toPortId: r.toPortId,
        maxPayloadKg: r.maxPayloadKg,
        rangeKm: r.rangeKm,
        operatingFrom: r.operatingFrom,
        operatingTo: r.operatingTo,
        days: JSON.stringify(r.days),
      })),
    );
    await insertAll<typeof schema.hubs.$inferInsert>(
      schema.hubs,
      town.hubs.map((h) => ({
        id: h.id,
        municipalityCode: code,
        placeId: h.placeId,
        opensAt: h.opensAt,
        closesAt: h.closesAt,
        minTransferMinutes: h.minTransferMinutes,
      })),
    );
    await insertAll<typeof schema.meshCells.$inferInsert>(
      schema.meshCells,
      town.meshCells.map((c) => ({ municipalityCode: code, ...c })),
    );
    await insertAll<typeof schema.residents.$inferInsert>(
      schema.residents,
      town.residents.map((r) => ({
        id: r.id,
        municipalityCode: code,
        name: r.name,
        nameKana: r.nameKana,
        lat: r.home.lat,
        lon: r.home.lon,
        address: contacts.residents.get(r.id)?.address ?? null,
        phone: contacts.residents.get(r.id)?.phone ?? null,
        birthYear: r.birthYear,
        wheelchair: r.mobility.wheelchair,
        escort: r.mobility.escort,
        maxWalkM: r.mobility.maxWalkM,
        consentAt: r.consent.given ? r.consent.date : null,
      })),
    );
    await insertAll<typeof schema.requests.$inferInsert>(
      schema.requests,
      town.requests.map((q) => ({
        id: q.id,
        municipalityCode: code,
        residentId: q.residentId,
        kind: q.kind,
        status: "submitted",
        date: q.date,
        purpose: q.purpose,
        priority: q.priority,
        pickupLat: q.pickup.lat,
        pickupLon: q.pickup.lon,
        pickupPlaceId: q.pickup.placeId ?? null,
        pickupHome: q.pickup.residentId !== undefined,
        dropoffLat: q.dropoff.lat,
        dropoffLon: q.dropoff.lon,
        dropoffPlaceId: q.dropoff.placeId ?? null,
        dropoffHome: q.dropoff.residentId !== undefined,
        earliest: q.earliest,
        latest: q.latest,
        passengers: q.kind === "ride" ? q.passengers : 0,
        wheelchair: q.kind === "ride" ? q.wheelchair : false,
        escort: q.kind === "ride" ? q.escort : false,
        weightKg: q.kind === "parcel" ? q.weightKg : 0,
        sizeLitres: q.kind === "parcel" ? q.sizeLitres : 0,
        cold: q.kind === "parcel" ? q.cold : false,
        ...(q.kind === "parcel"
          ? {
              parcelDescription: q.description,
              parcelSizeClass: sizeClassOf(q.weightKg, q.sizeLitres),
              parcelHandover: q.handover,
            }
          : {}),
      })),
    );
    // Inside the same transaction: a half-seeded town would never be re-seeded.
    const feedRows = toFeedRows(parsed.feed, "community-bus");
    // The town offers spare seats and cargo room on its community-bus trips (混乗 / 貨客混載).
    feedRows.trips = feedRows.trips.map((trip) => {
      const offer = town.busCapacityOffer[trip.tripId];
      return offer
        ? {
            ...trip,
            spareSeats: offer.spareSeats,
            spareCargoKg: offer.cargoKg,
            spareCargoLitres: offer.cargoLitres,
          }
        : trip;
    });
    await replaceGtfsFeed(tx, code, feedRows);
    // The school bus's spare seats (混乗) as a second feed, over the same dates as the community bus.
    await replaceGtfsFeed(tx, code, schoolBusFeedRows(town, feedRows.startDate, feedRows.endDate));

    if (town.drivers.length > 0) {
      await tx.insert(schema.drivers).values(
        town.drivers.map((d) => ({
          id: d.id,
          municipalityCode: code,
          organisationId: d.organisationId,
          kind: d.kind,
          name: d.name,
          nameKana: d.nameKana,
          availability: JSON.stringify(d.availability),
        })),
      );
      const links = town.drivers.flatMap((d) =>
        d.vehicleIds.map((vehicleId) => ({ driverId: d.id, vehicleId })),
      );
      if (links.length > 0) await tx.insert(schema.driverVehicles).values(links);
    }
  });
}

/** "HH:MM" → seconds after midnight. */
function seconds(hhmm: string): number {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 3600 + Number(m) * 60;
}

/**
 * The demo town's school bus as GTFS rows (what an upload of its timetable
 * would give): one route, its runs with the seats left after the pupils, a
 * calendar on the runs' weekdays from `startDate` to `endDate`.
 */
export function schoolBusFeedRows(
  town: DemoTown,
  startDate: string | null,
  endDate: string | null,
): GtfsFeedRows {
  const sb = town.schoolBus;
  const from = startDate ?? town.weekDates[0] ?? town.weekStart;
  const to = endDate ?? town.weekDates.at(-1) ?? town.weekStart;
  const vehicle = town.vehicles.find((v) => v.id === sb.vehicleId);
  // The timetable offers kilograms only; litres follow the bus's own cargo ratio.
  const litresPerKg =
    vehicle && vehicle.capacity.cargoKg > 0 ? vehicle.capacity.cargoLitres / vehicle.capacity.cargoKg : 0;
  const serviceOf = (days: readonly number[]) => `school-${[...days].sort().join("")}`;
  const services = new Map<string, readonly number[]>();
  for (const trip of sb.trips) services.set(serviceOf(trip.days), trip.days);
  const stopName = new Map(sb.stops.map((s) => [s.id, s.name]));
  return {
    name: "school-bus",
    service: "school_bus",
    version: null,
    startDate: from,
    endDate: to,
    stops: sb.stops.map((s) => ({ stopId: s.id, name: s.name, lat: s.lat, lon: s.lon, locationType: 0 })),
    routes: [
      { routeId: "SB", agencyId: null, shortName: null, longName: "スクールバス", routeType: 3, color: null },
    ],
    trips: sb.trips.map((t) => ({
      tripId: t.id,
      routeId: "SB",
      serviceId: serviceOf(t.days),
      headsign: stopName.get(t.stopTimes.at(-1)?.stopId ?? "") ?? null,
      directionId: t.direction === "to_school" ? 0 : 1,
      spareSeats: t.spareSeats,
      spareCargoKg: t.spareCargoKg,
      spareCargoLitres: Math.round(t.spareCargoKg * litresPerKg),
    })),
    stopTimes: sb.trips.flatMap((t) =>
      t.stopTimes.map((st, i) => ({
        tripId: t.id,
        stopSequence: i + 1,
        stopId: st.stopId,
        arrivalSec: seconds(st.time),
        departureSec: seconds(st.time),
      })),
    ),
    calendars: [...services].map(([serviceId, days]) => ({
      serviceId,
      weekdays: [1, 2, 3, 4, 5, 6, 7].map((d) => (days.includes(d) ? "1" : "0")).join(""),
      startDate: from,
      endDate: to,
    })),
    calendarDates: [],
  };
}
