import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * A file from the shared real-data folder (/work/shared/data, `../shared/data`
 * from the repository root), read in place and never copied into the repo.
 * Missing in CI is a failure; on a developer machine without it the caller
 * skips that step and this warns loudly.
 */
export function sharedDataFile(relative: string): string | undefined {
  const file = fileURLToPath(new URL(`../../../shared/data/${relative}`, import.meta.url));
  if (existsSync(file)) return file;
  if (process.env.CI) throw new Error(`shared data file missing in CI: ${file}`);
  console.warn(`\n⚠️  SKIPPING a step: shared data file not found at ${file}.\n`);
  return undefined;
}
