/** What a CLI command may touch: the caller's directory and two output streams (injected for tests). */
export interface CliIo {
  /** Directory relative paths are resolved against (the user's shell directory, not server/). */
  cwd: string;
  /** The environment (DATABASE_URL for backup/restore), parsed by config.ts like the server's. */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A subcommand: parse `argv` (the arguments after its name), do the work, return the exit code. */
export interface CliCommand {
  summary: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

/** Exit codes: 0 ok, 1 bad input files, 2 bad arguments. */
export const EXIT = { ok: 0, badInput: 1, badArgs: 2 } as const;

/** An expected failure with its exit code: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
