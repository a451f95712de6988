import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, type Database, openDatabase } from "@tsunagu/db";
import { createApp } from "../app";
import { type Config, parseConfig } from "../config";
import { createLogger } from "../lib/logger";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: Database;
  config: Config;
  logLines: string[];
  cleanup(): void;
}

/**
 * A fresh app on a temporary libSQL file built from the real migrations
 * (bare `:memory:` loses its schema across libSQL transactions).
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-test-"));
  const config = parseConfig({
    NODE_ENV: "test",
    DATABASE_URL: `file:${path.join(dir, "test.db")}`,
    SEED_DEMO: "false",
    ...env,
  });
  const database = await openDatabase(config.DATABASE_URL);
  await applyMigrations(database);
  const logLines: string[] = [];
  const logger = createLogger("info", (line) => logLines.push(line));
  const app = createApp({ config, database, logger });
  return {
    app,
    database,
    config,
    logLines,
    cleanup() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
