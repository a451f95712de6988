import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServerProcess as startTestServer } from "../../../tests/helpers/serverProcess";

/** The real server process (`src/index.ts`, as `npm start` runs it) on a temporary database. */
export interface ServerProcess {
  url: string;
  /** `file:` URL of the database the process uses. */
  databaseUrl: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for the exit code (graceful shutdown). */
  stop(): Promise<number | null>;
  /** Deletes the temporary database directory (after stop). */
  cleanup(): void;
}

/**
 * Starts the server like a deployment: its own process, configured only
 * through documented environment variables, on a free loopback port, with a
 * fresh temporary database that it migrates and seeds with the demo town.
 */
export async function startServerProcess(
  env: Record<string, string>,
  /** Extra options for node itself (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). */
  nodeOptions: string[] = [],
): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-load-"));
  const databaseUrl = `file:${path.join(dir, "load.db")}`;
  const server = startTestServer(databaseUrl, { SEED_DEMO: "true", ...env }, [], {
    nodeOptions,
    baseEnv: { PATH: process.env.PATH ?? "" },
  });
  const url = await server.url;
  const { child } = server;
  return {
    url,
    databaseUrl,
    child,
    stderr: () => server.output().stderr,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const exit = await server.exited;
      return typeof exit === "number" ? exit : null;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
