import { mkdirSync } from "node:fs";
import path from "node:path";
import { serve } from "@hono/node-server";
import { applyMigrations, openDatabase } from "@tsunagu/db";
import { createApp } from "./app";
import { ConfigError, parseConfig } from "./config";
import { createLogger } from "./lib/logger";
import { seedDemoTownIfEmpty } from "./seed/demoTown";

async function main() {
  const config = parseConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  if (config.DATABASE_URL.startsWith("file:")) {
    const file = config.DATABASE_URL.slice("file:".length);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  await applyMigrations(database);
  if (config.SEED_DEMO) {
    const seeded = await seedDemoTownIfEmpty(database.db);
    if (seeded) logger.info("seeded the fictional demo town", { municipalityCode: seeded.municipalityCode });
  }

  const app = createApp({ config, database, logger });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://localhost:${info.port}`;
    logger.info("listening", { url });
    process.stdout.write(`\n  つなぐ Tsunagu is running: ${url}\n  API reference: ${url}/api/docs\n\n`);
  });

  // SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, then close the database.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.warn("forced exit after grace period");
      process.exit(1);
    }, config.SHUTDOWN_GRACE_SECONDS * 1000);
    force.unref();
    server.close(() => {
      database.close();
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Tsunagu could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
