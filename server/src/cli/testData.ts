import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `/work/shared/data`, seen from server/src/cli. */
const DATA_ROOT = new URL("../../../../shared/data/", import.meta.url);

/**
 * Absolute path of a real data file read in place, or undefined when it is
 * missing — which fails in CI (`process.env.CI`) and skips loudly elsewhere.
 */
export function realDataPath(relative: string): string | undefined {
  const path = fileURLToPath(new URL(relative, DATA_ROOT));
  if (existsSync(path)) return path;
  if (process.env.CI) throw new Error(`real data file missing in CI: ${path}`);
  console.warn(`\n⚠️  SKIPPING real-data test: ${path} is missing (set CI=1 to make this fail)\n`);
  return undefined;
}
