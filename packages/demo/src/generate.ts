/**
 * `generateDemoTown`: the fictional town 「つなぐ町（架空）」, built from a seed.
 * Pure except for the `today` default (the current date in Asia/Tokyo).
 */

import { addDays, withCheckDigit } from "@tsunagu/contract";
import type { Feature, Polygon } from "geojson";
import { yearOf } from "./dates";
import { buildDrivers, buildDrones, buildVehicles, ORGANISATIONS, SCHOOL_BUS_VEHICLE_ID } from "./fleet";
import { round6 } from "./geometry";
import { DemoTownOptionsError, validateDemoTownOptions } from "./options";
import { buildMesh } from "./population";
import { Rng, streamSeed } from "./random";
import { demoResidentDrafts, draftRequestsForDay, numberRequests } from "./requests";
import { buildResidents } from "./residents";
import { buildGeography } from "./town";
import { buildTransit } from "./transit";
import type { DemoHamlet, DemoPlace, DemoResident, DemoTown, DemoTownOptions } from "./types";

export const DEMO_TOWN_NAME = "つなぐ町（架空）";

/**
 * Prefecture part 99 belongs to no prefecture, so this can never be a real
 * 全国地方公共団体コード; the 6th digit is the JIS X 0401 check digit of 99001.
 */
export const DEMO_MUNICIPALITY_CODE = withCheckDigit("99001");

/**
 * Generates the fictional demo town. Throws `DemoTownOptionsError` (with field-named
 * issues) on invalid options; use `validateDemoTownOptions` to check without throwing.
 */
export function generateDemoTown(options: DemoTownOptions = {}): DemoTown {
  const checked = validateDemoTownOptions(options);
  if (!checked.ok) throw new DemoTownOptionsError(checked.issues);
  const { seed, weekStart, today } = checked.value;

  // Separate streams: the town is the same whatever the week, and each part can
  // change without reshuffling the others.
  const geo = buildGeography(new Rng(streamSeed(seed, "geography")));
  const { projection } = geo;
  const ring = [...geo.ring, geo.ring[0]].map((p) => {
    const q = projection.toLatLon(p as { x: number; y: number });
    return [q.lon, q.lat];
  });
  const boundary: DemoTown["boundary"] = {
    type: "Feature",
    properties: { name: DEMO_TOWN_NAME, fictional: true, municipalityCode: DEMO_MUNICIPALITY_CODE },
    geometry: { type: "Polygon", coordinates: [ring] },
  };
  const mesh = buildMesh(
    new Rng(streamSeed(seed, "mesh")),
    projection,
    boundary as Feature<Polygon>,
    geo.ring,
    geo.hamlets,
  );

  const places: DemoPlace[] = geo.places.map((p) => ({
    id: p.id,
    kind: p.kind,
    name: p.name,
    nameEn: p.nameEn,
    ...projection.toLatLon(p.at),
    ...(p.organisationId ? { organisationId: p.organisationId } : {}),
  }));
  const hamlets: DemoHamlet[] = geo.hamlets.map((h) => ({
    id: h.id,
    name: h.name[0],
    nameKana: h.name[1],
    nameEn: h.name[2],
    centre: projection.toLatLon(h.at),
    distanceKm: Math.round(h.distanceKm * 100) / 100,
    population: mesh.filter((c) => c.hamletId === h.id).reduce((a, c) => a + c.population, 0),
    servedByBus: h.servedByBus,
  }));

  const weekDates = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const weekEnd = weekDates[6] as string;
  // The feed covers the calendar year(s) of the request week.
  const feed = { startDate: `${yearOf(weekStart)}-01-01`, endDate: `${yearOf(weekEnd)}-12-31` };
  const transit = buildTransit(new Rng(streamSeed(seed, "transit")), geo, feed, {
    schoolBusVehicleId: SCHOOL_BUS_VEHICLE_ID,
  });
  const vehicles = buildVehicles(new Rng(streamSeed(seed, "fleet")), geo.routes.length);
  const { dronePorts, droneRoutes, hubs } = buildDrones(geo, projection);
  const residents = buildResidents(
    new Rng(streamSeed(seed, "residents")),
    mesh,
    geo.hamlets,
    boundary as Feature<Polygon>,
    yearOf(weekStart),
    // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings; Math.min would give NaN.
    weekStart < today ? weekStart : today,
  );

  const busHamletIds = geo.hamlets.filter((h) => h.servedByBus).map((h) => h.id);
  const ctx = {
    seed,
    residents,
    places,
    demoResidentId: chooseDemoResident(residents, busHamletIds),
    droneHamletId: geo.remotest.id,
    busHamletIds,
  };
  const drafts = weekDates.map((date) => draftRequestsForDay(date, ctx));
  // The busiest weekday (the earliest on a tie) carries the demo resident's clinic visit.
  let busiest = 0;
  for (let i = 1; i < 5; i++) if ((drafts[i]?.length ?? 0) > (drafts[busiest]?.length ?? 0)) busiest = i;
  const busiestDate = weekDates[busiest] as string;
  const requests = weekDates.flatMap((date, i) => {
    const random = drafts[i] ?? [];
    const firstKey = random.reduce((max, d) => Math.max(max, d.key), -1) + 1;
    return numberRequests(date, [...random, ...demoResidentDrafts(date, busiestDate, ctx, firstKey)]);
  });

  const centre = projection.toLatLon({ x: 0, y: 0 });
  return {
    fictional: true,
    seed,
    name: DEMO_TOWN_NAME,
    nameKana: "つなぐちょう（かくう）",
    nameEn: "Tsunagu Town (fictional)",
    municipalityCode: DEMO_MUNICIPALITY_CODE,
    prefecture: "架空県",
    centre: { lat: round6(centre.lat), lon: round6(centre.lon) },
    timezone: "Asia/Tokyo",
    weekStart,
    weekDates,
    today,
    boundary,
    meshCells: mesh.map(({ code, population, aged65plus, aged75plus, households }) => ({
      code,
      population,
      aged65plus,
      aged75plus,
      households,
    })),
    hamlets,
    places,
    organisations: ORGANISATIONS,
    vehicles,
    drivers: buildDrivers(vehicles),
    busStops: transit.busStops,
    busRoutes: transit.busRoutes,
    gtfs: transit.gtfs,
    busCapacityOffer: transit.busCapacityOffer,
    schoolBus: transit.schoolBus,
    dronePorts,
    droneRoutes,
    hubs,
    residents,
    demoResidentId: ctx.demoResidentId,
    busiestDate,
    requests,
  };
}

/**
 * The resident the demo account is linked to: someone the service is for —
 * 75 or older, living in a hamlet on a bus route, walking, who gave consent —
 * chosen by a fixed rule so the same town always has the same demo resident.
 */
function chooseDemoResident(residents: readonly DemoResident[], busHamletIds: readonly string[]): string {
  const consenting = residents.filter((r) => r.consent.given);
  const typical = consenting.find(
    (r) =>
      (r.ageBand === "75-84" || r.ageBand === "85plus") &&
      !r.mobility.wheelchair &&
      r.hamletId !== null &&
      busHamletIds.includes(r.hamletId),
  );
  const chosen = typical ?? consenting[0] ?? residents[0];
  if (!chosen) throw new Error("the demo town has no residents");
  return chosen.id;
}
