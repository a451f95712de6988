import { z } from "zod";

/**
 * Configuration, parsed once from the environment at start. Nothing else in
 * the server reads `process.env`; the parsed object is passed in.
 */
const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** 0 picks a free port (used by tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** libSQL URL: `file:` (embedded, default) or `libsql:`/`http(s):` for a libSQL server. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, "must start with file:, libsql:, http(s): or ws(s):")
    .default("file:.data/tsunagu.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Raster base-map tiles; default 地理院タイル 淡色地図. */
  TILE_URL: z.string().url().default("https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"),
  TILE_ATTRIBUTION: z
    .string()
    .default('<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank">地理院タイル</a>'),
  /** Largest JSON body accepted, in bytes. */
  MAX_JSON_BYTES: z.coerce.number().int().positive().default(1_000_000),
  /** Largest upload (GTFS zip, mesh statistics), in bytes. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(50_000_000),
  /** Seed the fictional demo town on first start when the database has no municipality. */
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Where the built web app lives (served in production). */
  WEB_DIST: z.string().default("../web/dist"),
  /** Seconds to let in-flight requests finish on SIGTERM before exiting. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(10),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
