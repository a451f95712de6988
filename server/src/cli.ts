/**
 * `npm run tsunagu -- <command> …`: the operator's command line. Adding a
 * command is one line in COMMANDS.
 */
import { pathToFileURL } from "node:url";
import { coverageCommand } from "./cli/coverage";
import { backupCommand, restoreCommand } from "./cli/database";
import { type CliCommand, CliError, type CliIo, EXIT } from "./cli/io";
import { municipalityCommand } from "./cli/municipality";
import { boundaryCommand, populationCommand } from "./cli/onboarding";
import { operatorCommand } from "./cli/operator";

const COMMANDS: Record<string, CliCommand> = {
  coverage: coverageCommand,
  boundary: boundaryCommand,
  population: populationCommand,
  backup: backupCommand,
  restore: restoreCommand,
  municipality: municipalityCommand,
  operator: operatorCommand,
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: npm run tsunagu -- <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun a command with --help for its options.\n`;
}

/** Dispatch to a subcommand; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT.badArgs : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`tsunagu: unknown command "${name}"\n\n${usage()}`);
    return EXIT.badArgs;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // Expected failures carry their code; anything else is a bug, but the user still gets one line.
    const code = e instanceof CliError ? e.exitCode : EXIT.badInput;
    io.stderr(`tsunagu ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return code;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  // pnpm runs us with cwd = server/; INIT_CWD is where the user typed the command.
  const io: CliIo = {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
