import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const serverDir = path.resolve(import.meta.dirname, "../../server");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the real server process (as `npm start` does, minus install/build) on a free port. */
function startProcess(env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-proc-"));
  dirs.push(dir);
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(dir, "p.db")}`,
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
  const url = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /running: (http:\/\/localhost:\d+)/.exec(stdout);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited before listening: ${stderr}`));
    });
  });
  // A process that is meant to fail never listens; keep that rejection from going unhandled.
  url.catch(() => {});
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe("the server process", () => {
  it("migrates, seeds the demo town, serves, and shuts down cleanly on SIGTERM", async () => {
    const proc = startProcess({});
    const url = await proc.url;
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const list = (await (await fetch(`${url}/api/v1/municipalities`)).json()) as {
      items: { fictional: boolean }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.fictional).toBe(true);
    (proc.child as ChildProcess).kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  it("refuses to start on bad configuration, naming the variable", async () => {
    const proc = startProcess({ PORT: "eighty" });
    expect(await proc.exited).toBe(1);
    expect(proc.output().stderr).toContain("PORT");
    expect(proc.output().stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
