/**
 * Statements over many rows or keys, cut into pieces SQLite takes: it binds
 * at most 32 766 variables per statement, and a plan stop row has 17 columns.
 * Internal to the query modules (not exported from the package).
 */
const CHUNK = 400;

/** Inserts `rows` with one `insert` statement per CHUNK rows. */
export async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** The rows `select` finds for `keys`, asking for CHUNK keys at a time. */
export async function selectChunked<K, R>(keys: readonly K[], select: (chunk: K[]) => Promise<R[]>) {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await select(keys.slice(i, i + CHUNK))));
  return out;
}

/** Rows keyed by their id. */
export const byId = <R extends { id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.id, r]));
