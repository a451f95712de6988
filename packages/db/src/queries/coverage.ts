import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { dronePorts, gtfsFeeds, meshCells, municipalities, organisations, places, vehicles } from "../schema";

/**
 * Everything the 交通空白 analysis of one municipality needs besides the
 * GTFS rows (load those per feed with `loadGtfsFeedRows`): the population
 * mesh, the boundary, the feeds, the vehicles with their organisation kind
 * and depot position (for "open the facility vans"), the drone ports and the
 * places (to put a what-if zone around one). Undefined when the municipality
 * does not exist. Scoped by municipality; no personal data.
 */
export async function loadCoverageRows(db: Db, municipalityCode: string) {
  const [municipality] = await db
    .select({
      code: municipalities.code,
      name: municipalities.name,
      fictional: municipalities.fictional,
      boundaryGeojson: municipalities.boundaryGeojson,
      populationCensusYear: municipalities.populationCensusYear,
    })
    .from(municipalities)
    .where(eq(municipalities.code, municipalityCode));
  if (!municipality) return undefined;
  const [cells, feeds, vehicleRows, portRows, placeRows] = await Promise.all([
    db
      .select({
        code: meshCells.code,
        population: meshCells.population,
        aged65plus: meshCells.aged65plus,
        aged75plus: meshCells.aged75plus,
        share: meshCells.share,
      })
      .from(meshCells)
      .where(eq(meshCells.municipalityCode, municipalityCode))
      .orderBy(asc(meshCells.code)),
    db
      .select({ id: gtfsFeeds.id, name: gtfsFeeds.name })
      .from(gtfsFeeds)
      // Public transport only: a school bus runs for pupils on school days; the planner offers its
      // spare seats (混乗) case by case, but its stops do not take a mesh out of 交通空白.
      .where(and(eq(gtfsFeeds.municipalityCode, municipalityCode), eq(gtfsFeeds.service, "route_bus")))
      .orderBy(asc(gtfsFeeds.name)),
    db
      .select({
        id: vehicles.id,
        name: vehicles.name,
        kind: vehicles.kind,
        organisationKind: organisations.kind,
        availability: vehicles.availability,
        availabilityExceptions: vehicles.availabilityExceptions,
        depotLat: places.lat,
        depotLon: places.lon,
      })
      .from(vehicles)
      .leftJoin(organisations, eq(organisations.id, vehicles.organisationId))
      .leftJoin(places, eq(places.id, vehicles.depotPlaceId))
      .where(eq(vehicles.municipalityCode, municipalityCode))
      .orderBy(asc(vehicles.id)),
    db
      .select({ id: dronePorts.id, name: dronePorts.name, lat: dronePorts.lat, lon: dronePorts.lon })
      .from(dronePorts)
      .where(eq(dronePorts.municipalityCode, municipalityCode))
      .orderBy(asc(dronePorts.id)),
    db
      .select({ id: places.id, kind: places.kind, name: places.name, lat: places.lat, lon: places.lon })
      .from(places)
      .where(eq(places.municipalityCode, municipalityCode))
      .orderBy(asc(places.id)),
  ]);
  return { municipality, cells, feeds, vehicles: vehicleRows, dronePorts: portRows, places: placeRows };
}
export type CoverageDbRows = NonNullable<Awaited<ReturnType<typeof loadCoverageRows>>>;
