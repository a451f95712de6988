import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { archiveMunicipality, createMunicipality } from "../domain/municipalities/municipalities";
import { linkPolicy } from "../lib/links";
import { type CliCommand, CliError, type CliIo, EXIT } from "./io";
import { runVerb } from "./verbs";

const USAGE = `usage:
  npm run tsunagu -- municipality create --code CODE --admin-email EMAIL [--boundary N03.geojson]
                     [--name NAME --lat LAT --lon LON] [--prefecture NAME] [--preset rural|urban]
                     [--admin-name NAME]
  npm run tsunagu -- municipality archive CODE
  npm run tsunagu -- municipality unarchive CODE

create prints a one-time invitation link for the first admin (valid 7 days). Hand it to that
person only; it is also in the mail outbox for their address. Nobody gets a password.`;

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
  const { code, "admin-email": adminEmail, preset } = values;
  if (!code || !adminEmail) throw new CliError(USAGE, EXIT.badArgs);
  if (preset !== undefined && preset !== "rural" && preset !== "urban")
    throw new CliError("--preset must be rural or urban", EXIT.badArgs);
  const boundary = values.boundary
    ? new Uint8Array(readFileSync(path.resolve(io.cwd, values.boundary)))
    : undefined;
  return runVerb(io, async (ctx, config) => {
    // The command runs on the server machine: printing the link there is the hand-over.
    const policy = { ...linkPolicy(config), showLink: true };
    const { municipality, invitation } = await createMunicipality(
      ctx,
      {
        code,
        adminEmail,
        ...(values["admin-name"] ? { adminDisplayName: values["admin-name"] } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.prefecture ? { prefecture: values.prefecture } : {}),
        ...(values.lat ? { centreLat: Number(values.lat) } : {}),
        ...(values.lon ? { centreLon: Number(values.lon) } : {}),
        ...(preset ? { preset } : {}),
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
  });
}

async function setArchived(argv: string[], io: CliIo, archived: boolean): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  const [code] = positionals;
  if (!code || positionals.length > 1) throw new CliError(USAGE, EXIT.badArgs);
  return runVerb(io, async (ctx) => {
    const m = await archiveMunicipality(ctx, code, archived);
    io.stdout(
      `${m.name} (${m.code}): ${archived ? "アーカイブしました（データは残り、ログインできません）" : "再開しました"}\n`,
    );
    return EXIT.ok;
  });
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
