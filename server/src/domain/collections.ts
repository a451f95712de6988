/** Small collection helpers the domain's converters share. */

/** The items grouped by `keyOf`, each group in the items' order (`Map.groupBy`, which ES2023 lacks). */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A stored JSON text parsed, or `fallback` when there is none or it does not parse. */
export function parseJsonOr(text: string | null, fallback: unknown): unknown {
  if (text === null) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
