import {
  type DatedWindowsLike,
  type MinuteWindow,
  type WeeklyWindowLike,
  windowsOn,
} from "@tsunagu/contract";

/** The stored availability of a vehicle (or driver): JSON text of weekly windows and dated exceptions. */
export interface StoredAvailability {
  availability: string;
  availabilityExceptions: string;
}

/**
 * The windows, in minutes after midnight, that a stored row is available on
 * `date` — the contract's one rule (`windowsOn`) applied to what the registry
 * stored. Entries that are not well-formed are skipped, never trusted.
 */
export function availableWindowsOn(row: StoredAvailability, date: string): MinuteWindow[] {
  const weekly = jsonList(row.availability).filter(
    (w) => Array.isArray(w.days) && typeof w.from === "string" && typeof w.to === "string",
  ) as unknown as WeeklyWindowLike[];
  const exceptions = jsonList(row.availabilityExceptions).filter(
    (e) => typeof e.date === "string" && Array.isArray(e.windows),
  ) as unknown as DatedWindowsLike[];
  return windowsOn(weekly, exceptions, date);
}

function jsonList(text: string): Record<string, unknown>[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null)
      : [];
  } catch {
    return [];
  }
}
