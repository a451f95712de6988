import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { Database } from "./client";

/** The committed drizzle-kit migrations (forward-only). */
export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export async function applyMigrations(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}
