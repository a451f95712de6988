import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const serverDir = path.resolve(import.meta.dirname, "../../server");
const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real server process until it listens (then SIGTERM) or exits. */
function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(dir, "guard.db")}`,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
    if (/running: http/.test(stdout)) child.kill("SIGTERM");
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

describe("demo accounts and production", () => {
  it("prints the demo accounts in demo mode, and production refuses to run with them present", async () => {
    const demo = await run({ NODE_ENV: "development" });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain("staff@demo.tsunagu.jp");
    expect(demo.stdout).toContain("tsunagu-demo");

    const production = await run({ NODE_ENV: "production" });
    expect(production.code).toBe(1);
    expect(production.stderr).toMatch(/NODE_ENV=production refuses to run: .*demo account/);
    expect(production.stdout).not.toContain("tsunagu-demo");
  }, 120_000);
});
