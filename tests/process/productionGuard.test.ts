import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess } from "../helpers/serverProcess";

const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real server process until it listens (then SIGTERM) or exits. */
async function run(env: Record<string, string>) {
  const proc = startServerProcess(`file:${path.join(dir, "guard.db")}`, env);
  // Listening or not, the output and the exit tell the story; a refused start never listens.
  await proc.url.then(
    () => proc.child.kill("SIGTERM"),
    () => {},
  );
  const code = await proc.exited;
  return { code, ...proc.output() };
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
