import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";

/** The read-only real data beside the repo (../shared/data), resolved from this file. */
export function sharedDataPath(relative: string): string {
  return fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
}

/**
 * Real-data files are not in the repo. In CI their absence is a failure; on a
 * developer machine the tests that need them skip with a loud warning.
 */
export function sharedDataAvailable(...relatives: string[]): boolean {
  const missing = relatives.filter((r) => !existsSync(sharedDataPath(r)));
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`Real data missing in CI: ${missing.map(sharedDataPath).join(", ")}`);
  console.warn(`\n⚠️  SKIPPING real-data tests: missing ${missing.map(sharedDataPath).join(", ")}\n`);
  return false;
}

export function readSharedData(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedDataPath(relative)));
}

/** A zip with every entry stored (no compression), for building test feeds that tests then break on purpose. */
export function storedZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, content]) => [
      name,
      typeof content === "string" ? strToU8(content) : content,
    ]),
  );
  return zipSync(entries, { level: 0 });
}
