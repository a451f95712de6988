import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations, type Db, openDatabase } from "@tsunagu/db";
import { parseConfig } from "../config";
import type { DomainContext } from "../domain/context";
import { DomainError } from "../domain/errors";
import { archiveMunicipality, createMunicipality } from "../domain/municipalities/municipalities";
import { linkPolicy } from "../lib/links";
import { serverRelativeFile } from "./database";
import { type CliCommand, CliError, type CliIo, EXIT } from "./io";

const USAGE = `usage:
  npm run tsunagu -- municipality create --code CODE --admin-email EMAIL [--boundary N03.geojson]
                     [--name NAME --lat LAT --lon LON] [--prefecture NAME] [--preset rural|urban]
                     [--admin-name NAME]
  npm run tsunagu -- municipality archive CODE
  npm run tsunagu -- municipality unarchive CODE

create prints a one-time invitation link for the first admin (valid 7 days). Hand it to that
person only; it is also in the mail outbox for their address. Nobody gets a password.`;

/** The database DATABASE_URL names (relative file URLs are relative to server/, where the server runs). */
async function openConfigured(io: CliIo) {
  const config = parseConfig(io.env);
  const url = config.DATABASE_URL.startsWith("file:")
    ? `file:${serverRelativeFile(config.DATABASE_URL)}`
    : config.DATABASE_URL;
  const database = await openDatabase(url, { authToken: config.DATABASE_AUTH_TOKEN });
  await applyMigrations(database);
  return { config, database };
}

/** The command acts on nobody's session: the access log records it with `ip = cli`. */
function cliContext(db: Db): DomainContext {
  return { db, now: new Date(), caller: undefined, trace: { requestId: null, ip: "cli" } };
}

/** A domain refusal as one line per field, exit code 1 (bad input) or 2 (bad arguments). */
function cliErrorOf(error: DomainError): CliError {
  const fields = (error.details.errors ?? []).map(
    (e) => `\n  ${e.path.replace(/^body\./, "--")}: ${e.message}`,
  );
  return new CliError(
    `${error.message}${fields.join("")}`,
    error.code === "validation_failed" ? EXIT.badArgs : EXIT.badInput,
  );
}

async function create(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      code: { type: "string" },
      boundary: { type: "string" },
      "admin-email": { type: "string" },
      "admin-name": { type: "string" },
      name: { type: "string" },
      prefecture: { type: "string" },
      lat: { type: "string" },
      lon: { type: "string" },
      preset: { type: "string" },
    },
  });
  if (!values.code || !values["admin-email"]) throw new CliError(USAGE, EXIT.badArgs);
  if (values.preset !== undefined && values.preset !== "rural" && values.preset !== "urban")
    throw new CliError("--preset must be rural or urban", EXIT.badArgs);
  const boundary = values.boundary
    ? new Uint8Array(readFileSync(path.resolve(io.cwd, values.boundary)))
    : undefined;
  const { config, database } = await openConfigured(io);
  try {
    const ctx = cliContext(database.db);
    // The command runs on the server machine: printing the link there is the hand-over.
    const policy = { ...linkPolicy(config), showLink: true };
    const { municipality, invitation } = await createMunicipality(
      ctx,
      {
        code: values.code,
        adminEmail: values["admin-email"],
        ...(values["admin-name"] ? { adminDisplayName: values["admin-name"] } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.prefecture ? { prefecture: values.prefecture } : {}),
        ...(values.lat ? { centreLat: Number(values.lat) } : {}),
        ...(values.lon ? { centreLon: Number(values.lon) } : {}),
        ...(values.preset ? { preset: values.preset } : {}),
      },
      boundary,
      policy,
    );
    io.stdout(
      `${municipality.prefecture}${municipality.name} (${municipality.code}) を作成しました。preset: ${municipality.preset}${municipality.hasBoundary ? "、境界あり" : ""}\n` +
        `最初の管理者 ${municipality.admin?.email} への招待リンク（一度だけ、${invitation.expiresAt} まで有効）:\n` +
        `  ${policy.baseUrl}${invitation.resetPath}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    throw e instanceof DomainError ? cliErrorOf(e) : e;
  } finally {
    database.close();
  }
}

async function setArchived(argv: string[], io: CliIo, archived: boolean): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  const [code] = positionals;
  if (!code || positionals.length > 1) throw new CliError(USAGE, EXIT.badArgs);
  const { database } = await openConfigured(io);
  try {
    const ctx = cliContext(database.db);
    const m = await archiveMunicipality(ctx, code, archived);
    io.stdout(
      `${m.name} (${m.code}): ${archived ? "アーカイブしました（データは残り、ログインできません）" : "再開しました"}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    throw e instanceof DomainError ? cliErrorOf(e) : e;
  } finally {
    database.close();
  }
}

/** `municipality create|archive|unarchive`: the platform operator's work, on the server machine. */
export const municipalityCommand: CliCommand = {
  summary:
    "create a municipality (prints its first admin's one-time invitation link), archive or unarchive it",
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "create") return create(rest, io);
    if (sub === "archive") return setArchived(rest, io, true);
    if (sub === "unarchive") return setArchived(rest, io, false);
    (sub === "--help" || sub === "-h" ? io.stdout : io.stderr)(`${USAGE}\n`);
    return sub === "--help" || sub === "-h" ? EXIT.ok : EXIT.badArgs;
  },
};
