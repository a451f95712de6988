import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * Browser tests whose outcome could depend on the calendar (the demo week,
 * "tomorrow", bookings, plans, the access log's dates) run once more at each
 * of these instants, through `TSUNAGU_TEST_NOW` (tests/helpers/clock.ts): a
 * Monday that is a holiday in Golden Week, a Sunday late at night in Japan
 * (the demo week is then the coming one) and New Year's Eve. One group each,
 * after everything else, so two browsers never compete for the two cores.
 */
const HARD_DATES = ["2027-05-03T08:00:00+09:00", "2026-12-13T23:30:00+09:00", "2026-12-31T10:00:00+09:00"];
const DATE_SENSITIVE = ["e2e/requests.test.ts", "e2e/accounts.test.ts", "e2e/matching.test.ts"];

const hardDateProjects: TestProjectInlineConfiguration[] = HARD_DATES.map((now, i) => ({
  test: {
    name: `e2e@${now.slice(0, 16)}`,
    root: "tests",
    include: DATE_SENSITIVE,
    env: { TSUNAGU_TEST_NOW: now },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    sequence: { groupOrder: i + 1 },
  },
}));

// One vitest run covers every package; each folder is its own project so a
// failure names where it happened, and `vitest run --project geo` runs one.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "contract", root: "packages/contract", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "matching",
          root: "packages/matching",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "geo",
          root: "packages/geo",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "effects",
          root: "packages/effects",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "roads",
          root: "packages/roads",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "registers",
          root: "packages/registers",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      { test: { name: "db", root: "packages/db", include: ["src/**/*.test.ts"] } },
      { test: { name: "demo", root: "packages/demo", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "server",
          root: "server",
          include: ["src/**/*.test.ts"],
          testTimeout: 30_000,
          // Seeding the demo town takes ~2 s alone and much longer on a loaded 2-core machine.
          hookTimeout: 60_000,
        },
      },
      { test: { name: "web", root: "web", include: ["src/**/*.test.ts"] } },
      // The layer boundaries (ADR 0004): reads every source file's imports, no server or browser.
      { test: { name: "architecture", root: "tests/architecture", include: ["**/*.test.ts"] } },
      {
        test: {
          name: "e2e",
          root: "tests",
          include: ["**/*.test.ts"],
          exclude: ["**/node_modules/**", "architecture/**"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Browser tests share one server and one Chromium per file; run files one at a time.
          fileParallelism: false,
        },
      },
      ...hardDateProjects,
    ],
  },
});
