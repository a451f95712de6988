import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { municipalities } from "../schema";

export type MunicipalityRow = typeof municipalities.$inferSelect;

export async function listMunicipalities(db: Db): Promise<MunicipalityRow[]> {
  return db.select().from(municipalities).orderBy(municipalities.code);
}

export async function findMunicipality(db: Db, code: string): Promise<MunicipalityRow | undefined> {
  const rows = await db.select().from(municipalities).where(eq(municipalities.code, code)).limit(1);
  return rows[0];
}
