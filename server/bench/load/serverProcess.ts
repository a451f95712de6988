import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const serverDir = path.resolve(import.meta.dirname, "../..");

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
  const child = spawn(process.execPath, [...nodeOptions, "--import", "tsx", "src/index.ts"], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "true",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /running: (http:\/\/localhost:\d+)/.exec(stdout);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1].replace("localhost", "127.0.0.1"));
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    url,
    databaseUrl,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
