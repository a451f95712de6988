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

/**
 * The maker of one tenant table's rows: a fresh id with `prefix` (unless the
 * test gives one), the municipality `code`, the table's `defaults`, then the
 * test's `overrides`. Returns the id.
 */
function tenantRowMaker<T extends typeof schema.places | typeof schema.residents>(
  table: T,
  prefix: string,
  defaults: Partial<T["$inferInsert"]>,
) {
  return async (
    database: Database,
    code: string,
    overrides: Partial<T["$inferInsert"]> = {},
  ): Promise<string> => {
    const id = overrides.id ?? `${prefix}-${randomUUID()}`;
    // The spread of the table's own insert type: typed by the signature, not by drizzle's generic insert.
    await database.db
      .insert(table)
      .values({ id, municipalityCode: code, ...defaults, ...overrides } as never);
    return id;
  };
}

export const makePlace = tenantRowMaker(schema.places, "place", {
  kind: "clinic",
  name: "すずらん診療所",
  lat: 37.43,
  lon: 137.25,
});

export const makeResident = tenantRowMaker(schema.residents, "res", {
  name: "山田 花子",
  nameKana: "ヤマダ ハナコ",
  lat: 37.41,
  lon: 137.22,
  consentAt: "2026-04-01T00:00:00.000Z",
});

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
