import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  drivers,
  dronePorts,
  droneRoutes,
  gtfsFeeds,
  meshCells,
  municipalities,
  places,
  residents,
  vehicles,
} from "../schema";

/** One stored mesh cell: the whole cell's figures and the share of it inside the boundary. */
export interface StoredMeshCell {
  code: string;
  population: number;
  aged65plus: number;
  aged75plus: number;
  households: number;
  share: number;
  concealed: boolean;
}

/** The municipality's stored mesh cells, by code. */
export async function listMeshCells(db: Db, municipalityCode: string): Promise<StoredMeshCell[]> {
  return db
    .select({
      code: meshCells.code,
      population: meshCells.population,
      aged65plus: meshCells.aged65plus,
      aged75plus: meshCells.aged75plus,
      households: meshCells.households,
      share: meshCells.share,
      concealed: meshCells.concealed,
    })
    .from(meshCells)
    .where(eq(meshCells.municipalityCode, municipalityCode))
    .orderBy(asc(meshCells.code));
}

export interface BoundaryWrite {
  /** GeoJSON Feature as text: every polygon. */
  geojson: string;
  /** GeoJSON Feature as text: the map's lighter copy. */
  mapGeojson: string;
  /** The import's facts, JSON. */
  facts: string;
  centreLat: number;
  centreLon: number;
  /** New shares of the stored cells (every stored cell), and the population report they give; absent when none is stored. */
  population?: { shares: ReadonlyMap<string, number>; report: string };
}

/**
 * Replaces the boundary — and re-weighs the stored population by it — in one
 * transaction: a reader sees the old boundary with the old weights or the new
 * with the new, never a mix.
 */
export async function replaceBoundary(db: Db, municipalityCode: string, write: BoundaryWrite): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(municipalities)
      .set({
        boundaryGeojson: write.geojson,
        boundaryMapGeojson: write.mapGeojson,
        boundaryImport: write.facts,
        centreLat: write.centreLat,
        centreLon: write.centreLon,
        ...(write.population ? { populationImport: write.population.report } : {}),
      })
      .where(eq(municipalities.code, municipalityCode));
    if (!write.population) return;
    for (const [code, share] of write.population.shares) {
      await tx
        .update(meshCells)
        .set({ share })
        .where(and(eq(meshCells.municipalityCode, municipalityCode), eq(meshCells.code, code)));
    }
  });
}

export interface PopulationWrite {
  censusYear: number;
  /** The import's report, JSON. */
  report: string;
  cells: readonly StoredMeshCell[];
}

/** Replaces the municipality's mesh population (every cell and the report) in one transaction. */
export async function replacePopulation(
  db: Db,
  municipalityCode: string,
  write: PopulationWrite,
): Promise<{ replaced: boolean }> {
  return db.transaction(async (tx) => {
    const previous = await tx
      .select({ code: meshCells.code })
      .from(meshCells)
      .where(eq(meshCells.municipalityCode, municipalityCode))
      .limit(1);
    await tx.delete(meshCells).where(eq(meshCells.municipalityCode, municipalityCode));
    const rows = write.cells.map((c) => ({ municipalityCode, ...c }));
    // SQLite binds at most 32,766 variables: 8 columns × 500 rows stays well under.
    for (let i = 0; i < rows.length; i += 500) await tx.insert(meshCells).values(rows.slice(i, i + 500));
    await tx
      .update(municipalities)
      .set({ populationCensusYear: write.censusYear, populationImport: write.report })
      .where(eq(municipalities.code, municipalityCode));
    return { replaced: previous.length > 0 };
  });
}

/** How much of each register a municipality holds: the onboarding checklist's counts (no personal data). */
export async function onboardingCounts(db: Db, municipalityCode: string) {
  const count = async (
    table: typeof places | typeof vehicles | typeof drivers | typeof dronePorts | typeof droneRoutes,
  ) =>
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(eq(table.municipalityCode, municipalityCode))
    )[0]?.n ?? 0;
  const [placeCount, vehicleCount, driverCount, portCount, routeCount] = await Promise.all([
    count(places),
    count(vehicles),
    count(drivers),
    count(dronePorts),
    count(droneRoutes),
  ]);
  const [residentCount] = await db
    .select({ n: sql<number>`count(*)` })
    .from(residents)
    .where(and(eq(residents.municipalityCode, municipalityCode), isNull(residents.erasedAt)));
  const [cellCount] = await db
    .select({ n: sql<number>`count(*)` })
    .from(meshCells)
    .where(eq(meshCells.municipalityCode, municipalityCode));
  const [feedCount] = await db
    .select({ n: sql<number>`count(*)` })
    .from(gtfsFeeds)
    .where(eq(gtfsFeeds.municipalityCode, municipalityCode));
  return {
    places: placeCount,
    vehicles: vehicleCount,
    drivers: driverCount,
    residents: residentCount?.n ?? 0,
    dronePorts: portCount,
    droneRoutes: routeCount,
    feeds: feedCount?.n ?? 0,
    meshCells: cellCount?.n ?? 0,
  };
}
