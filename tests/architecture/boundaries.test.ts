import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BOUNDARIES,
  checkBoundaries,
  formatViolation,
  readSources,
  readWorkspace,
  type SourceFile,
} from "./boundaries";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const workspace = readWorkspace(ROOT, [
  "packages/contract",
  "packages/db",
  "packages/demo",
  "packages/effects",
  "packages/geo",
  "packages/matching",
  "packages/registers",
  "server",
  "web",
  "tests",
]);

describe("the layer boundaries (ADR 0004)", () => {
  it("hold for every source file in the repository", () => {
    const sources = readSources(ROOT, ["packages", "server", "web"]);
    // The walk must reach each layer, or an empty list would prove nothing.
    for (const folder of ["packages/matching/src/", "server/src/domain/", "packages/db/src/", "web/src/"])
      expect(
        sources.some((s) => s.path.startsWith(folder)),
        folder,
      ).toBe(true);
    expect(checkBoundaries(sources, workspace).map(formatViolation)).toEqual([]);
  });
});

/**
 * One planted file per case, each a way round the rules someone might try.
 * `rules` is what the import-graph checker must report; `biome` the Biome rule
 * that must flag the same file through biome.json (left out where only the
 * checker can see it: relative paths into another layer, `require`).
 */
interface Planted {
  readonly path: string;
  readonly code: string;
  readonly rules: readonly string[];
  readonly biome?: "noRestrictedImports" | "noConsole" | "noRestrictedGlobals" | "nothing";
}

const PLANTED: readonly Planted[] = [
  // Engines and pure packages: HTTP by subpath and scope, database, server code.
  {
    path: "packages/geo/src/plantedStreaming.ts",
    code: 'import { streamSSE } from "hono/streaming";',
    rules: ["pure-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/effects/src/plantedHonoType.ts",
    code: 'import type { HttpBindings } from "@hono/node-server";',
    rules: ["pure-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/matching/src/plantedHttps.ts",
    code: 'import { request } from "https";',
    rules: ["pure-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/demo/src/plantedServer.ts",
    code: 'import { createApp } from "@tsunagu/server/app";',
    rules: ["pure-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/matching/src/plantedSqliteCore.ts",
    code: 'import { sqliteTable } from "drizzle-orm/sqlite-core";',
    rules: ["pure-no-database"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/contract/src/plantedLibsql.ts",
    code: 'export { createClient } from "@libsql/client";',
    rules: ["pure-no-database"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/matching/test/plantedDb.test.ts",
    code: 'import { openDatabase } from "@tsunagu/db";',
    rules: ["pure-no-database"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/geo/src/gtfs/plantedRelativeDb.ts",
    code: 'import { stops } from "../../../db/src/schema";',
    rules: ["pure-no-database"],
  },
  // Node I/O with and without "node:", by subpath, by import() and by require().
  {
    path: "packages/geo/src/plantedFs.ts",
    code: 'import { readFileSync } from "fs";',
    rules: ["pure-no-node-io"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/registers/src/plantedFs.ts",
    code: 'import { readFile } from "node:fs/promises";',
    rules: ["pure-no-node-io"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/effects/src/plantedFsPromises.ts",
    code: 'import { readFile } from "node:fs/promises";',
    rules: ["pure-no-node-io"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/matching/src/plantedChildProcess.ts",
    code: 'export const run = () => import("node:child_process");',
    rules: ["pure-no-node-io"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/matching/src/plantedRequire.ts",
    code: 'export const threads = require("node:worker_threads");',
    rules: ["pure-no-threads"],
    biome: "noRestrictedGlobals",
  },
  {
    path: "packages/matching/src/plantedThreads.ts",
    code: 'import { Worker } from "node:worker_threads";',
    rules: ["pure-no-threads"],
    biome: "noRestrictedImports",
  },
  // The worker-pool exception is worker_threads in those two files, nothing more.
  {
    path: "packages/matching/src/worker.ts",
    code: 'import { parentPort } from "node:worker_threads";',
    rules: [],
    biome: "nothing",
  },
  {
    path: "packages/matching/src/parallel.ts",
    code: 'import { readFileSync } from "node:fs";',
    rules: ["pure-no-node-io"],
    biome: "noRestrictedImports",
  },
  // Tests and benches may read their fixtures; zlib is computation, not I/O.
  {
    path: "packages/geo/test/plantedFixture.test.ts",
    code: 'import { readFileSync } from "node:fs";',
    rules: [],
    biome: "nothing",
  },
  {
    path: "packages/geo/src/plantedZlib.ts",
    code: 'import { crc32 } from "node:zlib";',
    rules: [],
    biome: "nothing",
  },
  // Logging and the I/O that needs no import at all.
  {
    path: "packages/effects/src/plantedConsole.ts",
    code: 'console.info("computed");',
    rules: [],
    biome: "noConsole",
  },
  {
    path: "packages/geo/src/plantedFetch.ts",
    code: 'export const get = () => fetch("https://example.org/");',
    rules: [],
    biome: "noRestrictedGlobals",
  },
  {
    path: "packages/demo/src/plantedPino.ts",
    code: 'import pino from "pino";',
    rules: ["pure-no-logging"],
    biome: "noRestrictedImports",
  },
  // The domain layer.
  {
    path: "server/src/domain/plantedHono.ts",
    code: 'import type { Context } from "hono";',
    rules: ["domain-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "server/src/domain/requests/plantedStatus.ts",
    code: 'import type { ContentfulStatusCode } from "hono/utils/http-status";',
    rules: ["domain-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "server/src/domain/requests/plantedRoute.ts",
    code: 'import { placeOnApprovedPlan } from "../../routes/plans/planEdits.service";',
    rules: ["domain-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "server/src/domain/plantedProblem.ts",
    code: 'import { ApiProblem } from "../lib/problem";',
    rules: ["domain-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "server/src/domain/requests/plantedAuth.ts",
    code: 'import { requireCaller } from "../../lib/auth/caller";',
    rules: ["domain-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "server/src/domain/plantedApp.ts",
    code: 'import { createApp } from "../app";',
    rules: ["domain-no-http"],
  },
  {
    path: "server/src/domain/plantedLogger.ts",
    code: 'import type { Logger } from "../lib/logger";',
    rules: [],
    biome: "nothing",
  },
  // packages/db.
  {
    path: "packages/db/src/plantedHono.ts",
    code: 'import { HTTPException } from "hono/http-exception";',
    rules: ["db-no-http"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/db/src/queries/plantedEngine.ts",
    code: 'import { solve } from "@tsunagu/matching";',
    rules: ["db-no-engines"],
    biome: "noRestrictedImports",
  },
  {
    path: "packages/db/src/queries/plantedRelativeEngine.ts",
    code: 'import { parseGtfs } from "../../../geo/src/gtfs/parse";',
    rules: ["db-no-engines"],
  },
  // web/.
  {
    path: "web/src/pages/plantedDb.tsx",
    code: 'import type { RequestRow } from "@tsunagu/db";',
    rules: ["web-no-database"],
    biome: "noRestrictedImports",
  },
  {
    path: "web/src/plantedServer.ts",
    code: 'import { loadConfig } from "../../server/src/config";',
    rules: ["web-no-server"],
    biome: "noRestrictedImports",
  },
  {
    path: "web/src/matching/plantedEngine.ts",
    code: 'import { solve } from "../../../packages/matching/src/solve";',
    rules: ["web-no-engine-internals"],
    biome: "noRestrictedImports",
  },
  {
    path: "web/src/plantedDeepImport.ts",
    code: 'import { meshCodeOf } from "@tsunagu/geo/src/mesh";',
    rules: ["web-no-engine-internals"],
    biome: "noRestrictedImports",
  },
  {
    path: "web/src/plantedContract.ts",
    code: 'import { TimeOfDaySchema } from "@tsunagu/contract";',
    rules: [],
    biome: "nothing",
  },
];

describe("the import-graph checker, on planted violations", () => {
  it.each(PLANTED)("$path: $code", ({ path: file, code, rules }) => {
    const planted: SourceFile = { path: file, text: `// planted\n${code}\n` };
    const found = checkBoundaries([planted], workspace);
    expect(found.map((v) => v.rule)).toEqual(rules);
    for (const v of found) {
      expect(v).toMatchObject({ file, line: 2 });
      expect(formatViolation(v)).toContain(`${file}:2 imports "${v.specifier}" — ${v.rule}`);
    }
  });

  it("has a planted case for every rule", () => {
    const planted = new Set(PLANTED.flatMap((p) => p.rules));
    expect(BOUNDARIES.map((b) => b.rule).filter((r) => !planted.has(r))).toEqual([]);
  });
});

describe("biome.json, on the same planted files", () => {
  let diagnostics: { file: string; rule: string }[] = [];
  let tree = "";

  // One Biome run over a scratch tree that holds only the planted files at
  // their repository paths, linted with the repository's biome.json.
  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), "tsunagu-boundaries-"));
    copyFileSync(path.join(ROOT, "biome.json"), path.join(tree, "biome.json"));
    for (const p of PLANTED) {
      mkdirSync(path.join(tree, path.dirname(p.path)), { recursive: true });
      writeFileSync(path.join(tree, p.path), `${p.code}\n`);
    }
    const run = spawnSync(
      path.join(ROOT, "node_modules/.bin/biome"),
      ["lint", "--reporter=github", "--max-diagnostics=none", "--vcs-enabled=false", "."],
      { cwd: tree, encoding: "utf8" },
    );
    diagnostics = [...run.stdout.matchAll(/^::\w+ title=lint\/\w+\/(\w+),file=([^,]+),/gm)].map((m) => ({
      rule: m[1] ?? "",
      file: path
        .relative(tree, m[2] ?? "")
        .split(path.sep)
        .join("/"),
    }));
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it.each(PLANTED.filter((p) => p.biome !== undefined))("$path: $code", ({ path: file, biome }) => {
    const rules = diagnostics
      .filter((d) => d.file === file)
      .map((d) => d.rule)
      .filter((r) => ["noRestrictedImports", "noConsole", "noRestrictedGlobals"].includes(r));
    expect(rules).toEqual(biome === "nothing" ? [] : [biome]);
  });
});
