import { mkdirSync } from "node:fs";
import path from "node:path";
import { serve } from "@hono/node-server";
import { applyMigrations, countDemoUsers, openDatabase } from "@tsunagu/db";
import { createApp } from "./app";
import { ConfigError, parseConfig } from "./config";
import { createJobRunner } from "./jobs/jobRunner";
import { createMailSender, smtpTransport } from "./jobs/mailSender";
import { createLogger } from "./lib/logger";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoTownIfEmpty } from "./seed/demoTown";

async function main() {
  const config = parseConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  if (config.DATABASE_URL.startsWith("file:")) {
    const file = config.DATABASE_URL.slice("file:".length);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const database = await openDatabase(config.DATABASE_URL, {
    authToken: config.DATABASE_AUTH_TOKEN,
    synchronous: config.DATABASE_SYNCHRONOUS,
  });
  await applyMigrations(database);
  const production = config.NODE_ENV === "production";
  if (config.SEED_DEMO && !production) {
    const seeded = await seedDemoTownIfEmpty(database.db);
    if (seeded) logger.info("seeded the fictional demo town", { municipalityCode: seeded.municipalityCode });
  }
  // A published password must never guard real residents' data.
  const demoAccounts = await countDemoUsers(database.db);
  if (production && demoAccounts > 0) {
    database.close();
    throw new StartupRefused(
      `NODE_ENV=production refuses to run: the database has ${demoAccounts} demo account(s) with the published password. Use a database without the demo town (SEED_DEMO=false).`,
    );
  }

  const shutdownSignal = new AbortController();
  const app = createApp({ config, database, logger, shutdown: shutdownSignal.signal });
  // This process also works the match-run queue unless JOB_RUNNER=off (an API-only process).
  const runner = config.JOB_RUNNER
    ? createJobRunner({
        database,
        logger,
        leaseMs: config.JOB_LEASE_SECONDS * 1000,
        maxAttempts: config.JOB_MAX_ATTEMPTS,
        pollMs: config.JOB_POLL_MS,
        concurrency: config.JOB_CONCURRENCY,
        ...(config.OSRM_URL ? { osrmUrl: config.OSRM_URL } : {}),
      })
    : undefined;
  // Without SMTP_URL the outbox keeps its messages as 未送信; the operator's page shows them.
  const mailSender = config.SMTP_URL
    ? createMailSender({
        database,
        logger,
        transport: smtpTransport(config.SMTP_URL),
        from: config.MAIL_FROM,
      })
    : undefined;
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://localhost:${info.port}`;
    logger.info("listening", { url });
    process.stdout.write(`\n  つなぐ Tsunagu is running: ${url}\n  API reference: ${url}/api/docs\n\n`);
    if (config.SEED_DEMO && !production && demoAccounts > 0) {
      const list = DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(30)} ${a.role}`).join("\n");
      process.stdout.write(`  Demo accounts (デモ用アカウント), password "${DEMO_PASSWORD}":\n${list}\n\n`);
    }
    runner?.start();
    mailSender?.start();
  });

  // SIGTERM/SIGINT: stop claiming match runs and hand running ones back to the queue (another
  // process continues them), end event streams, stop accepting connections, let in-flight
  // requests finish, then close the database.
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
    shutdownSignal.abort();
    mailSender?.stop();
    void (runner?.stop() ?? Promise.resolve())
      .catch((error: unknown) =>
        logger.error("could not hand the running match runs back", {
          message: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() =>
        server.close(() => {
          database.close();
          process.stdout.write("\n  つなぐ Tsunagu stopped (停止しました).\n");
          process.exit(0);
        }),
      );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

class StartupRefused extends Error {}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupRefused) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Tsunagu could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
