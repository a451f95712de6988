/**
 * Towns shared by the test files: generation takes ~0.1 s, so each file builds
 * its towns once. `today` is always explicit (the generator's only impure input).
 */
import { parseClock, TimeOfDaySchema } from "@tsunagu/contract";
import { generateDemoTown } from "./generate";
import type { DemoTown } from "./types";

/** A Monday, for the default-seed town used by most tests. */
export const TODAY = "2026-11-23";

let cached: DemoTown | undefined;
export function defaultTown(): DemoTown {
  cached ??= generateDemoTown({ today: TODAY });
  return cached;
}

/** Minutes after midnight of a clock time as people write it ("HH:MM", 00:00–23:59), or undefined. */
export function clockMinutes(text: string): number | undefined {
  return TimeOfDaySchema.safeParse(text).success ? parseClock(text) : undefined;
}

/** Seeds the range tests sweep, so that the ranges hold for more than one lucky town. */
export const SWEEP_SEEDS = [1, 2, 3, 42, 777, 20261123, 4294967295] as const;
