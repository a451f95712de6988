import { schema } from "@tsunagu/db";
import type { RunningServer } from "./server";

/**
 * The suite's clock. Real time by default. With `TSUNAGU_TEST_NOW` set to an
 * ISO instant (e.g. `2026-12-13T23:30:00+09:00`), the in-process server, its
 * demo seed, its job runner and every browser page start at that moment and
 * time runs on from it. The hard-date projects in vitest.config.ts run the
 * date-sensitive files this way, so the suite is shown to pass on any day of
 * the year, not only on the day it happens to run.
 */
const requested = process.env.TSUNAGU_TEST_NOW;
const startMs = requested === undefined || requested === "" ? undefined : Date.parse(requested);
if (startMs !== undefined && Number.isNaN(startMs))
  throw new Error(`TSUNAGU_TEST_NOW must be an ISO instant, got "${requested}"`);

const offsetMs = startMs === undefined ? 0 : startMs - Date.now();

/** True when the suite runs at a date other than today's. */
export const clockIsShifted = offsetMs !== 0;

/** Now, on the suite's clock. */
export function testNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** The calendar date in Japan ("YYYY-MM-DD") on the suite's clock, `plusDays` later. */
export function tokyoDate(plusDays = 0, at: Date = testNow()): string {
  return new Date(at.getTime() + 9 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
}

/** The demo day: the first date from tomorrow (Japan) that has seeded requests, else the last one. */
export async function demoDay(server: RunningServer): Promise<string> {
  const tomorrow = tokyoDate(1);
  const dates = [
    ...new Set((await server.database.db.select().from(schema.requests)).map((r) => r.date)),
  ].sort();
  return dates.find((d) => d >= tomorrow) ?? dates.at(-1) ?? tomorrow;
}
