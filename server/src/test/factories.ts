import { randomUUID } from "node:crypto";
import { type Database, schema } from "@tsunagu/db";
import { eq } from "drizzle-orm";

/** Small test-data factories: each test builds just the rows it needs. */
export async function makeMunicipality(database: Database, code: string, name = `テスト町${code}`) {
  await database.db
    .insert(schema.municipalities)
    .values({ code, name, prefecture: "テスト県", centreLat: 37.4, centreLon: 137.2, fictional: true });
  return code;
}

export async function makePlace(
  database: Database,
  code: string,
  overrides: Partial<typeof schema.places.$inferInsert> = {},
) {
  const id = overrides.id ?? `place-${randomUUID()}`;
  await database.db.insert(schema.places).values({
    id,
    municipalityCode: code,
    kind: "clinic",
    name: "すずらん診療所",
    lat: 37.43,
    lon: 137.25,
    ...overrides,
  });
  return id;
}

export async function makeResident(
  database: Database,
  code: string,
  overrides: Partial<typeof schema.residents.$inferInsert> = {},
) {
  const id = overrides.id ?? `res-${randomUUID()}`;
  await database.db.insert(schema.residents).values({
    id,
    municipalityCode: code,
    name: "山田 花子",
    nameKana: "ヤマダ ハナコ",
    lat: 37.41,
    lon: 137.22,
    consentAt: "2026-04-01T00:00:00.000Z",
    ...overrides,
  });
  return id;
}

/** Removes every match run and plan row, and puts the municipality's requests back to submitted, so a test starts from an empty queue. */
export async function clearRuns(database: Database, code: string) {
  const db = database.db;
  await db.delete(schema.planStops);
  await db.delete(schema.planLegs);
  await db.delete(schema.planUnassigned);
  await db.delete(schema.planRoutes);
  await db.delete(schema.matchRuns);
  await db
    .update(schema.requests)
    .set({ status: "submitted" })
    .where(eq(schema.requests.municipalityCode, code));
}

/** A ride request's body: from home to `placeId` on 2026-06-02, 09:00–10:30; `overrides` change any field. */
export function rideBody(placeId: string, overrides: Record<string, unknown> = {}) {
  return {
    kind: "ride",
    date: "2026-06-02",
    earliest: "09:00",
    latest: "10:30",
    purpose: "clinic",
    pickup: { home: true },
    dropoff: { placeId },
    ...overrides,
  };
}
