import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Path of a shared benchmark file, or undefined when the data is missing. In CI a missing
 * file is a failure (the data must be there); locally the test is skipped with a loud warning.
 */
export function benchFile(relative: string): string | undefined {
  const path = fileURLToPath(new URL(`../../../../shared/bench/${relative}`, import.meta.url));
  if (existsSync(path)) return path;
  if (process.env.CI) throw new Error(`benchmark data missing in CI: ${path}`);
  console.warn(`\n!!! SKIPPING: benchmark data not found at ${path}\n`);
  return undefined;
}
