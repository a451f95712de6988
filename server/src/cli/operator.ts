import { parseArgs } from "node:util";
import { inviteOperator } from "../domain/accounts/operators";
import { linkPolicy } from "../lib/links";
import { type CliCommand, CliError, type CliIo, EXIT } from "./io";
import { runVerb } from "./verbs";

const USAGE = `usage:
  npm run tsunagu -- operator invite --email EMAIL [--name NAME]

Opens a platform operator (運営者) account — the person who creates and archives
municipalities on the web page 自治体の管理 — and prints its one-time invitation link
(valid 7 days). Hand it to that person only; it is also in the mail outbox for their
address. Run it once on a new installation without the demo town (SEED_DEMO=false).`;

async function invite(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { email: { type: "string" }, name: { type: "string" } },
  });
  const { email, name } = values;
  if (!email) throw new CliError(USAGE, EXIT.badArgs);
  return runVerb(io, async (ctx, config) => {
    // The command runs on the server machine: printing the link there is the hand-over.
    const policy = { ...linkPolicy(config), showLink: true };
    const { user, invitation } = await inviteOperator(
      ctx,
      { email, ...(name ? { displayName: name } : {}) },
      policy,
    );
    io.stdout(
      `運営者 ${user.email} のアカウントを作りました。招待リンク（一度だけ、${invitation.expiresAt} まで有効）:\n` +
        `  ${policy.baseUrl}${invitation.resetPath}\n`,
    );
    return EXIT.ok;
  });
}

/** `operator invite`: the first platform operator of an installation, from its console. */
export const operatorCommand: CliCommand = {
  summary: "open a platform operator account (prints its one-time invitation link)",
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "invite") return invite(rest, io);
    const help = sub === "--help" || sub === "-h";
    (help ? io.stdout : io.stderr)(`${USAGE}\n`);
    return help ? EXIT.ok : EXIT.badArgs;
  },
};
