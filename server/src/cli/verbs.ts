/**
 * How a command runs a domain verb: on the database DATABASE_URL names (migrated
 * first), as system work with no session (the access log records `ip = cli`),
 * and with a refusal printed as one line per field.
 */
import { applyMigrations, type Database, openDatabase } from "@tsunagu/db";
import { type Config, parseConfig } from "../config";
import type { DomainContext } from "../domain/context";
import { DomainError } from "../domain/errors";
import { serverRelativeFile } from "./database";
import { CliError, type CliIo, EXIT } from "./io";

/** The configured database (relative file URLs are relative to server/, where the server runs), migrated. */
async function openConfigured(io: CliIo): Promise<{ config: Config; database: Database }> {
  const config = parseConfig(io.env);
  const url = config.DATABASE_URL.startsWith("file:")
    ? `file:${serverRelativeFile(config.DATABASE_URL)}`
    : config.DATABASE_URL;
  const database = await openDatabase(url, {
    authToken: config.DATABASE_AUTH_TOKEN,
    synchronous: config.DATABASE_SYNCHRONOUS,
  });
  await applyMigrations(database);
  return { config, database };
}

/**
 * A domain refusal as a command's error: the message and one line per field
 * (`body.adminEmail` printed as the option `--adminEmail`); exit 2 when the
 * arguments were wrong (invalid, or naming nothing that exists), 1 when the input was.
 */
function cliErrorOf(error: DomainError): CliError {
  const fields = (error.details.errors ?? [])
    .slice(0, 20)
    .map((e) => `\n  ${e.path.replace(/^body\./, "--")}: ${e.message}`);
  const badArgs = error.code === "validation_failed" || error.code === "not_found";
  return new CliError(`${error.message}${fields.join("")}`, badArgs ? EXIT.badArgs : EXIT.badInput);
}

/** Runs `work` on the configured database as the operator at the console, then closes it. */
export async function runVerb<T>(
  io: CliIo,
  work: (ctx: DomainContext, config: Config) => Promise<T>,
): Promise<T> {
  const { config, database } = await openConfigured(io);
  try {
    const ctx: DomainContext = {
      db: database.db,
      now: new Date(),
      caller: undefined,
      trace: { requestId: null, ip: "cli" },
    };
    return await work(ctx, config);
  } catch (e) {
    throw e instanceof DomainError ? cliErrorOf(e) : e;
  } finally {
    database.close();
  }
}
