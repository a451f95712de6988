import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { applyMigrations, type Database, openDatabase } from "@tsunagu/db";
import { createApp } from "@tsunagu/server/app";
import { parseConfig } from "@tsunagu/server/config";
import { createJobRunner } from "@tsunagu/server/jobs";
import { createLogger } from "@tsunagu/server/logger";
import { seedDemoTownIfEmpty } from "@tsunagu/server/seed";
import { testNow, tokyoDate } from "./clock";

export interface RunningServer {
  url: string;
  database: Database;
  /** The demo town's code; empty when the server started without it (`seedDemo: false`). */
  municipalityCode: string;
  stop(): Promise<void>;
}

/**
 * The whole product on a free loopback port: a temporary database from the
 * migrations, the demo town seeded (unless `seedDemo: false`: an empty
 * installation as a real municipality starts it, SEED_DEMO=false, not in demo
 * mode), and the built web app (web/dist). The server, its seed and its job
 * runner run on the suite's clock (`./clock`).
 */
export async function startServer(
  options: { tileUrl?: string; seedDemo?: boolean } = {},
): Promise<RunningServer> {
  const seedDemo = options.seedDemo ?? true;
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-e2e-"));
  const config = parseConfig({
    NODE_ENV: "test",
    DATABASE_URL: `file:${path.join(dir, "e2e.db")}`,
    WEB_DIST: path.resolve(import.meta.dirname, "../../web/dist"),
    LOG_LEVEL: "warn",
    SEED_DEMO: seedDemo ? "true" : "false",
    ...(options.tileUrl ? { TILE_URL: options.tileUrl } : {}),
  });
  const database = await openDatabase(config.DATABASE_URL);
  await applyMigrations(database);
  const seeded = seedDemo ? await seedDemoTownIfEmpty(database.db, { today: tokyoDate() }) : undefined;
  if (seedDemo && !seeded) throw new Error("the demo town was not seeded");
  const logger = createLogger("warn");
  const app = createApp({ config, database, logger, now: testNow });
  const runner = createJobRunner({ database, logger, leaseMs: 30_000, pollMs: 200, now: testNow });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  runner.start();
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    municipalityCode: seeded?.municipalityCode ?? "",
    async stop() {
      await runner.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
