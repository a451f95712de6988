/**
 * Step 1 of parsing a feed: the zip's files → raw tables of text. Finds the
 * folder holding the feed, checks that the required files are there, decodes
 * UTF-8, parses CSV and checks each file's required columns. No field is
 * looked at here.
 */
import { type CsvRow, readCsv } from "../csv";
import type { GtfsProblem } from "./types";

/** The files this engine reads, in the order they are validated (a file is checked after those it refers to). */
export const GTFS_FILES = [
  "agency.txt",
  "agency_jp.txt",
  "stops.txt",
  "routes.txt",
  "routes_jp.txt",
  "calendar.txt",
  "calendar_dates.txt",
  "trips.txt",
  "stop_times.txt",
  "translations.txt",
  "feed_info.txt",
] as const;
export type GtfsFileName = (typeof GTFS_FILES)[number];

const DAY_COLUMNS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** Columns a file must have in its header for its rows to be read at all. */
const REQUIRED_COLUMNS: Record<GtfsFileName, readonly string[]> = {
  "agency.txt": ["agency_name", "agency_url", "agency_timezone"],
  "agency_jp.txt": ["agency_id"],
  "stops.txt": ["stop_id", "stop_name"],
  "routes.txt": ["route_id", "route_type"],
  "routes_jp.txt": ["route_id"],
  "calendar.txt": ["service_id", ...DAY_COLUMNS, "start_date", "end_date"],
  "calendar_dates.txt": ["service_id", "date", "exception_type"],
  "trips.txt": ["route_id", "service_id", "trip_id"],
  "stop_times.txt": ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"],
  "translations.txt": [],
  "feed_info.txt": ["feed_publisher_name", "feed_publisher_url", "feed_lang"],
};

/** Files GTFS defines that this engine does not use: present is fine, not read. */
const IGNORED_FILES = new Set([
  "shapes.txt",
  "frequencies.txt",
  "transfers.txt",
  "fare_attributes.txt",
  "fare_rules.txt",
  "office_jp.txt",
  "pathways.txt",
  "levels.txt",
  "attributions.txt",
]);

/** One file's rows as text, with the column index of its header. */
export interface GtfsTable {
  readonly file: GtfsFileName;
  /** Column name (trimmed) → its position in each row. */
  readonly columns: ReadonlyMap<string, number>;
  /** Data rows with their line numbers; none when the file could not be read or lacks a required column. */
  readonly rows: readonly CsvRow[];
}

/** The feed's files that are present, by name. */
export type GtfsTables = Partial<Record<GtfsFileName, GtfsTable>>;

export type GtfsReadResult =
  | { ok: false; problems: GtfsProblem[] }
  | {
      ok: true;
      tables: GtfsTables;
      /** Problems with the feed as a whole: missing files. */
      feedProblems: GtfsProblem[];
      /** Problems reading a file: encoding, CSV syntax, missing columns. */
      fileProblems: GtfsProblem[];
      /** Files present that this engine does not read. */
      warnings: GtfsProblem[];
    };

const problem = (code: GtfsProblem["code"], file: string, line: number, field: string, message: string) => ({
  file,
  line,
  field,
  message,
  code,
});

/** Find the folder holding the feed: the root, or the single folder that contains stops.txt. */
function locateFeed(files: ReadonlyMap<string, Uint8Array>): { prefix: string } | { several: string[] } {
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    if (path.startsWith("__MACOSX/")) continue;
    const slash = path.lastIndexOf("/");
    if (path.slice(slash + 1) === "stops.txt") dirs.add(path.slice(0, slash + 1));
  }
  return dirs.size > 1 ? { several: [...dirs] } : { prefix: [...dirs][0] ?? "" };
}

function readTable(bytes: Uint8Array, file: GtfsFileName, problems: GtfsProblem[]): GtfsTable {
  const unreadable: GtfsTable = { file, columns: new Map(), rows: [] };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // translations.txt is kept as read, so it never had the Shift_JIS hint the timetable files give.
    const hint = file === "translations.txt" ? "" : " (GTFS-JP requires UTF-8; Shift_JIS export?)";
    problems.push(problem("GTFS_ENCODING", file, 0, "", `file is not valid UTF-8${hint}`));
    return unreadable;
  }
  const csv = readCsv(text);
  if (!csv.ok) {
    problems.push(problem("GTFS_CSV", file, csv.line, "", csv.message));
    return unreadable;
  }
  const columns = new Map(csv.header.map((h, i) => [h, i] as const));
  const missing = REQUIRED_COLUMNS[file].filter((col) => !columns.has(col));
  for (const col of missing) {
    problems.push(problem("GTFS_MISSING_COLUMN", file, 1, col, `column ${col} is missing from the header`));
  }
  return missing.length > 0 ? { file, columns, rows: [] } : { file, columns, rows: csv.rows };
}

/** Read a feed given as file name → bytes into raw tables, reporting what keeps a file from being read. */
export function readGtfsTables(files: ReadonlyMap<string, Uint8Array>): GtfsReadResult {
  const located = locateFeed(files);
  if ("several" in located) {
    const message = `the zip holds several feeds (stops.txt in: ${located.several.join(", ")})`;
    return { ok: false, problems: [problem("GTFS_LAYOUT", "", 0, "", message)] };
  }
  const { prefix } = located;
  const names: string[] = [];
  for (const path of files.keys()) {
    if (path.startsWith(prefix) && !path.slice(prefix.length).includes("/"))
      names.push(path.slice(prefix.length));
  }
  const get = (name: string) => files.get(prefix + name);

  const feedProblems: GtfsProblem[] = [];
  for (const required of ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"]) {
    if (!get(required))
      feedProblems.push(problem("GTFS_MISSING_FILE", required, 0, "", `${required} is required but missing`));
  }
  if (!get("calendar.txt") && !get("calendar_dates.txt")) {
    feedProblems.push(
      problem("GTFS_MISSING_FILE", "calendar.txt", 0, "", "calendar.txt or calendar_dates.txt is required"),
    );
  }
  const warnings: GtfsProblem[] = [];
  for (const n of names) {
    if (!(GTFS_FILES as readonly string[]).includes(n) && !IGNORED_FILES.has(n)) {
      warnings.push(
        problem("GTFS_UNUSED_FILE", n, 0, "", `${n} is not a GTFS-JP file this engine reads; ignored`),
      );
    }
  }

  const tables: GtfsTables = {};
  const fileProblems: GtfsProblem[] = [];
  for (const file of GTFS_FILES) {
    const bytes = get(file);
    if (bytes !== undefined) tables[file] = readTable(bytes, file, fileProblems);
  }
  return { ok: true, tables, feedProblems, fileProblems, warnings };
}
