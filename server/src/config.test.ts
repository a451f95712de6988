import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("config", () => {
  it("has working defaults", () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(8787);
    expect(config.DATABASE_URL).toMatch(/^file:/);
  });

  it("takes a libSQL server URL", () => {
    expect(parseConfig({ DATABASE_URL: "libsql://db.example.jp" }).DATABASE_URL).toBe(
      "libsql://db.example.jp",
    );
  });

  it("names every bad value in one readable error", () => {
    expect(() =>
      parseConfig({ PORT: "eighty", DATABASE_URL: "postgres://x", LOG_LEVEL: "loud" }),
    ).toThrowError(ConfigError);
    try {
      parseConfig({ PORT: "eighty", DATABASE_URL: "postgres://x" });
    } catch (error) {
      expect((error as Error).message).toContain("PORT");
      expect((error as Error).message).toContain("DATABASE_URL");
    }
  });
});
