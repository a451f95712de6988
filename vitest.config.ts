import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

type ProjectTest = NonNullable<TestProjectInlineConfiguration["test"]>;

/** A package's own tests: beside the code in src/, and in test/ where it has one. */
const unit = (name: string, root: string, options: ProjectTest = {}): TestProjectInlineConfiguration => ({
  test: { name, root, include: ["src/**/*.test.ts", "test/**/*.test.ts"], ...options },
});

/** Browser tests share one server and one Chromium per file; run files one at a time. */
const browser = (name: string, options: ProjectTest): TestProjectInlineConfiguration => ({
  test: {
    name,
    root: "tests",
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    ...options,
  },
});

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

const hardDateProjects = HARD_DATES.map((now, i) =>
  browser(`e2e@${now.slice(0, 16)}`, {
    include: DATE_SENSITIVE,
    env: { TSUNAGU_TEST_NOW: now },
    sequence: { groupOrder: i + 1 },
  }),
);

// One vitest run covers every package; each folder is its own project so a
// failure names where it happened, and `vitest run --project geo` runs one.
export default defineConfig({
  test: {
    projects: [
      unit("contract", "packages/contract"),
      unit("matching", "packages/matching", { testTimeout: 60_000 }),
      unit("geo", "packages/geo", { testTimeout: 60_000 }),
      unit("effects", "packages/effects"),
      unit("roads", "packages/roads", { testTimeout: 60_000 }),
      unit("registers", "packages/registers", { testTimeout: 30_000 }),
      unit("db", "packages/db"),
      unit("demo", "packages/demo"),
      // Seeding the demo town takes ~2 s alone and much longer on a loaded 2-core machine.
      unit("server", "server", { testTimeout: 30_000, hookTimeout: 60_000 }),
      unit("web", "web"),
      // The layer boundaries (ADR 0004): reads every source file's imports, no server or browser.
      { test: { name: "architecture", root: "tests/architecture", include: ["**/*.test.ts"] } },
      browser("e2e", { include: ["**/*.test.ts"], exclude: ["**/node_modules/**", "architecture/**"] }),
      ...hardDateProjects,
    ],
  },
});
