import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const serverDir = path.resolve(import.meta.dirname, "../../server");

export interface ServerProcess {
  child: ChildProcess;
  /** The loopback URL once the process listens; rejects if it exits first. */
  url: Promise<string>;
  /** The exit signal, or the exit code when it ended on its own. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** What the process printed so far. */
  output(): { stdout: string; stderr: string };
  /** The JSON log lines written so far. */
  logs(): Record<string, unknown>[];
}

/**
 * The real server process, as `npm start` runs it (minus install and build),
 * on a free loopback port and the given database. `children` collects it so
 * the test's afterAll can kill whatever is still running.
 */
export function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  children: ChildProcess[] = [],
  options: {
    /** Extra options for node itself (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). */
    nodeOptions?: string[];
    /** The environment the variables above are added to (default: this process's). */
    baseEnv?: NodeJS.ProcessEnv;
  } = {},
): ServerProcess {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), "--import", "tsx", "src/index.ts"], {
    cwd: serverDir,
    env: {
      ...(options.baseEnv ?? process.env),
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  const url = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /running: http:\/\/localhost:(\d+)/.exec(stdout);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    }, 25);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited before listening: ${stderr}`));
    });
  });
  // A process that is meant to fail never listens; keep that rejection from going unhandled.
  url.catch(() => {});
  const logs = () =>
    stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return { child, url, exited, output: () => ({ stdout, stderr }), logs };
}

/** Kills (SIGKILL) every process of `children` still running: a test's afterAll. */
export function killAll(children: readonly ChildProcess[]): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
