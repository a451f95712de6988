import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Root of the shared read-only data, `/work/shared/data` seen from packages/geo/test. */
const DATA_ROOT = new URL("../../../../shared/data/", import.meta.url);

/**
 * Bytes of a real data file read in place, or undefined when it is missing. In CI
 * (`process.env.CI` set) a missing file is a failure, not a skip: the real-data
 * tests are the ones that matter most.
 */
export function realData(relative: string): Uint8Array | undefined {
  const path = fileURLToPath(new URL(relative, DATA_ROOT));
  if (existsSync(path)) return readFileSync(path);
  if (process.env.CI) throw new Error(`real data file missing in CI: ${path}`);
  console.warn(`\n⚠️  SKIPPING real-data test: ${path} is missing (set CI=1 to make this fail)\n`);
  return undefined;
}

/** The same, as UTF-8 text. */
export function realText(relative: string): string | undefined {
  const b = realData(relative);
  return b === undefined ? undefined : new TextDecoder().decode(b);
}
