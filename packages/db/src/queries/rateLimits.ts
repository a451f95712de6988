import { eq, lt } from "drizzle-orm";
import type { Db } from "../client";
import { rateLimitBuckets } from "../schema";
import { withWriteLock } from "./writeLock";

/** What one take from a token bucket decided. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one token from the bucket `key` (capacity `capacity`, refilled at
 * `refillPerSecond`) in one write transaction, so every server process on
 * the database shares the bucket. Buckets that have refilled are deleted on
 * the way (they would start full anyway).
 */
export async function takeRateLimitToken(
  db: Db,
  key: string,
  capacity: number,
  refillPerSecond: number,
  nowMs: number,
): Promise<TakeResult> {
  return withWriteLock(db, () =>
    db.transaction(async (tx) => {
      await tx.delete(rateLimitBuckets).where(lt(rateLimitBuckets.fullAt, nowMs));
      const [row] = await tx.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
      const tokens = row
        ? Math.min(capacity, row.tokens + (Math.max(0, nowMs - row.at) / 1000) * refillPerSecond)
        : capacity;
      const left = tokens < 1 ? tokens : tokens - 1;
      const fullAt = nowMs + Math.ceil(((capacity - left) / refillPerSecond) * 1000);
      await tx
        .insert(rateLimitBuckets)
        .values({ key, tokens: left, at: nowMs, fullAt })
        .onConflictDoUpdate({ target: rateLimitBuckets.key, set: { tokens: left, at: nowMs, fullAt } });
      if (tokens < 1)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) };
      return { allowed: true };
    }),
  );
}
