#!/usr/bin/env node
// Runs the pnpm version pinned in package.json#packageManager through npx, so a
// fresh machine with only Node and npm needs no global pnpm and no corepack
// download (corepack's fetch is not reliable on the machines we deploy to).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const rootPackage = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const pinned = rootPackage.packageManager; // e.g. "pnpm@10.34.8"
// Ctrl-C reaches every process of the terminal's group: pnpm and the server stop by themselves
// (the server handles SIGINT and shuts down cleanly), so this wrapper waits for them instead of dying
// first, and a stop by Ctrl-C is a normal end (exit 0), not a failure npm would report.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
const result = spawnSync("npx", ["--yes", pinned, ...process.argv.slice(2)], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: { ...process.env, npm_config_update_notifier: "false" },
});
const stoppedByUser = result.signal === "SIGINT" || result.signal === "SIGTERM" || result.status === 130;
process.exit(stoppedByUser ? 0 : (result.status ?? 1));
