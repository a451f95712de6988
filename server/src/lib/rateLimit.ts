import { getConnInfo } from "@hono/node-server/conninfo";
import { type TakeResult, takeRateLimitToken } from "@tsunagu/db";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { problemJson } from "./problem";

/** Options of `rateLimit`. */
export interface RateLimitOptions {
  /** Requests a client may make in a burst. */
  capacity: number;
  /** Tokens added back per second (the sustained rate). */
  refillPerSecond: number;
  /** Who a request counts against; default the TCP peer address (never a client-supplied header). */
  keyOf?: (c: Context<AppEnv>) => string;
  /** Clock in ms, for tests. Default `Date.now`. */
  now?: () => number;
  /** Remember at most this many clients, forgetting the least recently seen (it starts afresh). Default 10,000. In memory only. */
  maxClients?: number;
  /** Keep the buckets in the database under this limiter name, shared by every server process. */
  shared?: { name: string };
}

/**
 * Per-client token bucket. Past the burst a client gets 429 problem+json with
 * Retry-After in whole seconds. In memory (this process) by default; with
 * `shared`, the bucket lives in the database, so every server process on it
 * counts against the same bucket (limits that guard accounts: sign-in,
 * password reset, request creation). It does not trust X-Forwarded-For:
 * behind a proxy, pass a `keyOf` that reads the header the proxy sets.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { capacity, refillPerSecond } = options;
  const now = options.now ?? Date.now;
  const keyOf = options.keyOf ?? peerAddress;
  const inMemory = memoryBuckets(capacity, refillPerSecond, options.maxClients ?? 10_000);

  return async (c, next) => {
    const key = keyOf(c);
    const result = options.shared
      ? await takeRateLimitToken(
          c.get("deps").database.db,
          `${options.shared.name}:${key}`,
          capacity,
          refillPerSecond,
          now(),
        )
      : inMemory(key, now());
    if (!result.allowed) {
      const retryAfter = result.retryAfterSeconds;
      return problemJson(c, 429, "rate_limited", `Too many requests; retry in ${retryAfter} s.`, {
        headers: { "retry-after": String(retryAfter) },
      });
    }
    await next();
  };
}

/** Token buckets in this process's memory, forgetting the least recently seen client past `maxClients`. */
function memoryBuckets(capacity: number, refillPerSecond: number, maxClients: number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key: string, t: number): TakeResult => {
    const previous = buckets.get(key);
    const tokens = previous
      ? Math.min(capacity, previous.tokens + ((t - previous.at) / 1000) * refillPerSecond)
      : capacity;
    if (tokens < 1) {
      buckets.set(key, { tokens, at: t });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) };
    }
    buckets.delete(key); // re-insert so Map order is least-recently-used first
    buckets.set(key, { tokens: tokens - 1, at: t });
    if (buckets.size > maxClients) {
      const oldest = buckets.keys().next().value;
      if (oldest !== undefined) buckets.delete(oldest);
    }
    return { allowed: true };
  };
}

function peerAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests has no socket; all such requests share one bucket.
    return "unknown";
  }
}
