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
  /**
   * Embedded file: `normal` (default) syncs the write-ahead log at checkpoints, so a commit never
   * waits for the disk on the event loop and survives a crash of the process (kill -9, tested);
   * `full` also survives a power loss of the machine, at a disk sync per commit (docs/operations.md).
   */
  DATABASE_SYNCHRONOUS: z.enum(["normal", "full"]).default("normal"),
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
  /**
   * The web app's public address, for the links in mail (invitations, password
   * resets). Default http://localhost:<PORT>.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /**
   * SMTP server that delivers the mail outbox, e.g. smtp://user:pass@mail.example.jp:587
   * (smtps:// for TLS). Unset: messages stay in the outbox as 未送信 (the operator sees them).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  /** The From address of the product's mail. */
  MAIL_FROM: z.string().min(3).default("つなぐ Tsunagu <no-reply@tsunagu.invalid>"),
  /** Where the built web app lives (served in production). */
  WEB_DIST: z.string().default("../web/dist"),
  /** Sign a session out after this many minutes without a request (ASVS 7.3.1). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** Sign a session out this many hours after sign-in, however active (ASVS 7.3.2). */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  /** `auto`: Secure cookies when the request came over https; `true` behind a TLS-terminating proxy. */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** Sign-in attempts a client may make in a burst, then SIGNIN_PER_MINUTE. */
  SIGNIN_BURST: z.coerce.number().int().positive().default(10),
  SIGNIN_PER_MINUTE: z.coerce.number().positive().default(5),
  /** Transport requests one account may submit in a burst, then REQUEST_CREATE_PER_MINUTE. */
  REQUEST_CREATE_BURST: z.coerce.number().int().positive().default(20),
  REQUEST_CREATE_PER_MINUTE: z.coerce.number().positive().default(6),
  /**
   * An OSRM routing server, from configuration only: the server never fetches
   * a URL a client supplied (SSRF). Unset: straight-line distances.
   */
  OSRM_URL: z.string().url().optional(),
  /** Seconds to let in-flight requests finish on SIGTERM before exiting. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(10),
  /**
   * Bearer token a Prometheus scraper sends to GET /api/metrics
   * (`Authorization: Bearer <token>`). Unset (the default): the endpoint is off
   * and answers 404. At least 32 characters, e.g. `openssl rand -hex 32`.
   */
  METRICS_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)")
    .regex(/^[\x21-\x7e]+$/, "must be visible ASCII characters without spaces")
    .optional(),
  /**
   * `on` (default): this process also works the match-run queue (claims runs,
   * solves them in a worker thread). `off`: API only — run several API
   * processes and fewer (or separate) job processes on one database.
   */
  JOB_RUNNER: z
    .enum(["on", "off"])
    .default("on")
    .transform((v) => v === "on"),
  /** Match runs one process solves at a time (each takes one CPU core). Default 1. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * How long a claimed run stays a process's without a heartbeat; after that
   * another process takes it over (its worker is assumed dead). Default 30 s.
   */
  JOB_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /**
   * Starts after which a run whose process died is marked failed (a coordinator retries it) instead
   * of being taken over again. Default 3; 1 = never resume a run a crash interrupted.
   */
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** How often an idle runner looks for queued runs, in milliseconds. Default 1000. */
  JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
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
