import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess } from "../helpers/serverProcess";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The real server process on a fresh database of its own. */
function startProcess(env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-proc-"));
  dirs.push(dir);
  return startServerProcess(`file:${path.join(dir, "p.db")}`, env);
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
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  it("refuses to start on bad configuration, naming the variable", async () => {
    const proc = startProcess({ PORT: "eighty" });
    expect(await proc.exited).toBe(1);
    expect(proc.output().stderr).toContain("PORT");
    expect(proc.output().stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
