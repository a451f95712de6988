import type { Client } from "@libsql/client";

/** What the load clients saw, per Idempotency-Key. */
export interface KeyObservations {
  /** Every key sent, with how many times it was sent (more than once: a deliberate retry). */
  sent: Map<string, number>;
  /** The request ids that 201 responses returned for each key. */
  created: Map<string, Set<string>>;
}

/** The database checked against what the clients saw. Every count but `keysWithoutResponse` must be 0. */
export interface Verification {
  /** Requests the load created (rows carrying a bench key). */
  requestsStored: number;
  /** Distinct keys that have a stored request. */
  keysStored: number;
  /** Keys sent more than once. */
  keysRetried: number;
  /** Ids a 201 returned that are not in the database. */
  lost: number;
  /** Keys with more than one stored request, plus extra 201 ids for one key. */
  duplicated: number;
  /** Keys whose stored request differs from the id the 201 returned. */
  mismatched: number;
  /** Stored requests whose key has no idempotency record (the two are written in one transaction). */
  orphans: number;
  /** Requests created in the municipality during the run that carry no bench key. */
  unexpected: number;
  /**
   * Stored keys whose client saw no 201 (the request was in flight when the
   * run ended, or a retry got the replay but the first answer was lost). Not a fault.
   */
  keysWithoutResponse: number;
}

/** The key a load request carries in its notes field, which is how a stored row is traced back to its key. */
export const NOTES_PREFIX = "load-bench ";

/**
 * Compares the database with the clients' observations: exactly one request
 * per key, every 201 id present, nothing stored without its key record.
 */
export async function verifyRequests(
  client: Client,
  municipalityCode: string,
  requestsBefore: number,
  seen: KeyObservations,
): Promise<Verification> {
  const rows = await client.execute({
    sql: "SELECT id, notes FROM requests WHERE municipality_code = ? AND notes LIKE ?",
    args: [municipalityCode, `${NOTES_PREFIX}%`],
  });
  const byKey = new Map<string, string[]>();
  for (const row of rows.rows) {
    const key = String(row.notes).slice(NOTES_PREFIX.length);
    byKey.set(key, [...(byKey.get(key) ?? []), String(row.id)]);
  }
  const keyRecords = await client.execute({
    sql: "SELECT key, response_body FROM idempotency_keys WHERE municipality_code = ?",
    args: [municipalityCode],
  });
  const recorded = new Map<string, string>();
  for (const row of keyRecords.rows) {
    const body = JSON.parse(String(row.response_body)) as { id?: string };
    recorded.set(String(row.key), body.id ?? "");
  }
  const total = await client.execute({
    sql: "SELECT count(*) AS n FROM requests WHERE municipality_code = ?",
    args: [municipalityCode],
  });
  const storedIds = new Set(rows.rows.map((r) => String(r.id)));

  let lost = 0;
  let duplicated = 0;
  let mismatched = 0;
  for (const [key, ids] of seen.created) {
    duplicated += ids.size - 1;
    for (const id of ids) {
      if (!storedIds.has(id)) lost++;
      else if (byKey.get(key)?.[0] !== id) mismatched++;
    }
  }
  let orphans = 0;
  let keysWithoutResponse = 0;
  for (const [key, ids] of byKey) {
    duplicated += ids.length - 1;
    if (recorded.get(key) !== ids[0]) orphans++;
    if (!seen.created.has(key)) keysWithoutResponse++;
  }
  return {
    requestsStored: rows.rows.length,
    keysStored: byKey.size,
    keysRetried: [...seen.sent.values()].filter((n) => n > 1).length,
    lost,
    duplicated,
    mismatched,
    orphans,
    unexpected: Number(total.rows[0]?.n ?? 0) - requestsBefore - rows.rows.length,
    keysWithoutResponse,
  };
}
