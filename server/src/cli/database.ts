import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Client, createClient } from "@libsql/client";
import { applyMigrations, openDatabase } from "@tsunagu/db";
import { parseConfig } from "../config";
import { type CliCommand, CliError, type CliIo, EXIT } from "./io";

/** The embedded database file named by DATABASE_URL (backup/restore work on the embedded file only). */
function embeddedFile(env: Record<string, string | undefined>): string {
  const url = parseConfig(env).DATABASE_URL;
  if (!url.startsWith("file:")) {
    throw new CliError(
      "DATABASE_URL points at a libSQL server; back it up with the server's own tools (see docs/operations.md).",
      EXIT.badArgs,
    );
  }
  return serverRelativeFile(url);
}

/** The file of a `file:` URL; relative ones are relative to server/, where the server runs. */
export function serverRelativeFile(fileUrl: string): string {
  return path.resolve(import.meta.dirname, "../..", fileUrl.slice("file:".length));
}

function oneFileArgument(argv: string[], command: string, io: CliIo): string {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  const [file] = positionals;
  if (!file || positionals.length > 1)
    throw new CliError(`usage: npm run tsunagu -- ${command} <file>`, EXIT.badArgs);
  return path.resolve(io.cwd, file);
}

async function migrationHashes(client: Client): Promise<string[]> {
  try {
    const rows = await client.execute("SELECT hash FROM __drizzle_migrations ORDER BY created_at");
    return rows.rows.map((r) => String(r.hash));
  } catch {
    return [];
  }
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * `backup <file>`: a consistent copy of the live database, taken with
 * `VACUUM INTO` (one read transaction, so writers keep going and the copy is
 * a single point in time). Safe while the server runs.
 */
export const backupCommand: CliCommand = {
  summary: "write a consistent online backup of the embedded database to <file>",
  async run(argv, io) {
    const target = oneFileArgument(argv, "backup", io);
    if (existsSync(target))
      throw new CliError(`${target} already exists; choose a new file name.`, EXIT.badArgs);
    const source = embeddedFile(io.env);
    if (!existsSync(source)) throw new CliError(`no database at ${source}`, EXIT.badInput);
    const client = createClient({ url: `file:${source}` });
    try {
      await client.execute({ sql: "VACUUM INTO ?", args: [target] });
    } finally {
      client.close();
    }
    io.stdout(`backup written: ${target}\n`);
    return EXIT.ok;
  },
};

/**
 * `restore <file>`: replaces every table's rows with the backup's, in one
 * write transaction, so a running server sees either the old data or the
 * restored data. The backup must come from the same schema version
 * (the same applied migrations); restoring across versions is refused.
 * Into a database that does not exist yet (a new machine), the schema is
 * created first, so no start of the server is needed before a restore.
 */
export const restoreCommand: CliCommand = {
  summary: "replace the embedded database's data with a backup made by `backup`",
  async run(argv, io) {
    const backup = oneFileArgument(argv, "restore", io);
    if (!existsSync(backup)) throw new CliError(`no backup at ${backup}`, EXIT.badInput);
    const target = embeddedFile(io.env);
    const source = createClient({ url: `file:${backup}` });
    const theirs = await migrationHashes(source).finally(() => source.close());
    if (theirs.length === 0) throw new CliError(`${backup} is not a Tsunagu backup.`, EXIT.badInput);
    // Restoring onto a new machine: no database yet. It gets this version's schema first, as a
    // start would, and is removed again if the restore is refused (no empty file left behind).
    const created = !existsSync(target);
    if (created) {
      const fresh = await openDatabase(`file:${target}`);
      await applyMigrations(fresh).finally(() => fresh.close());
    }
    const client = createClient({ url: `file:${target}` });
    let restored = false;
    try {
      const mine = await migrationHashes(client);
      if (mine.join() !== theirs.join()) {
        throw new CliError(
          `the backup has ${theirs.length} migrations applied and this database ${mine.length}; restore into a database of the same version.`,
          EXIT.badInput,
        );
      }
      const tables = await client.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'",
      );
      // Triggers (e.g. the audit log's append-only guard) would refuse the wholesale replace;
      // they are dropped and recreated inside the same transaction.
      const triggers = await client.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'");
      const names = tables.rows.map((r) => `"${String(r.name)}"`);
      // One script on one connection: the client pools connections, and ATTACH is per connection.
      await client.executeMultiple(
        [
          "PRAGMA foreign_keys = OFF",
          `ATTACH DATABASE ${sqlString(backup)} AS src`,
          "BEGIN IMMEDIATE",
          ...triggers.rows.map((t) => `DROP TRIGGER main."${String(t.name)}"`),
          ...names.map((t) => `DELETE FROM main.${t}`),
          ...names.map((t) => `INSERT INTO main.${t} SELECT * FROM src.${t}`),
          ...triggers.rows.map((t) => String(t.sql)),
          "COMMIT",
          "DETACH DATABASE src",
        ].join(";\n"),
      );
      restored = true;
      io.stdout(`restored ${names.length} tables from ${backup}\n`);
      return EXIT.ok;
    } finally {
      client.close();
      if (created && !restored)
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
    }
  },
};
