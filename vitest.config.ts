import { defineConfig } from "vitest/config";

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
      { test: { name: "db", root: "packages/db", include: ["src/**/*.test.ts"] } },
      { test: { name: "demo", root: "packages/demo", include: ["src/**/*.test.ts"] } },
      { test: { name: "server", root: "server", include: ["src/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "web", root: "web", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "e2e",
          root: "tests",
          include: ["**/*.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Browser tests share one server and one Chromium per file; run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
