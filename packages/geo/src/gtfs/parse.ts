/**
 * Parsing a GTFS-JP feed in three steps, each with its own module:
 * read (zip/CSV → raw tables, read.ts), validate (field and reference checks →
 * problems with file, line and field, validate.ts) and normalise (→ the feed
 * model, normalise.ts).
 */
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from "../zip";
import { normaliseGtfs } from "./normalise";
import { GTFS_FILES, readGtfsTables } from "./read";
import type { GtfsParseResult, GtfsProblem } from "./types";
import { validateGtfs } from "./validate";

export { JAPAN_BBOX, parseGtfsTime } from "./validate";

/** Options for {@link parseGtfs}. */
export interface GtfsParseOptions {
  /** Zip limits; default {@link DEFAULT_ZIP_LIMITS}. */
  zipLimits?: ZipLimits;
}

/**
 * Parse and validate a GTFS-JP feed from the bytes of its zip. Every problem
 * found is reported (not only the first); a feed with any problem is refused,
 * warnings (unused files, trips with fewer than two stops) do not block.
 */
export function parseGtfs(zipBytes: Uint8Array, options: GtfsParseOptions = {}): GtfsParseResult {
  const zip = readZip(zipBytes, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
  if (!zip.ok) {
    return {
      ok: false,
      problems: [{ file: zip.entry ?? "", line: 0, field: "", message: zip.message, code: "GTFS_ZIP" }],
    };
  }
  return parseGtfsFiles(zip.files);
}

/** Parse and validate a GTFS-JP feed given as file name → bytes (e.g. an unpacked folder). */
export function parseGtfsFiles(files: Map<string, Uint8Array>): GtfsParseResult {
  const read = readGtfsTables(files);
  if (!read.ok) return { ok: false, problems: read.problems };
  const validation = validateGtfs(read.tables);
  const problems = [...read.feedProblems, ...fileByFile([...read.fileProblems, ...validation.problems])];
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    feed: normaliseGtfs(validation.checked),
    warnings: [...read.warnings, ...validation.warnings],
  };
}

/**
 * Problems in the order a person fixes them: file by file, in the order the
 * files are checked, and within a file the reading problems before its rows'.
 * (Both lists are already in that order within each file; the sort is stable.)
 */
function fileByFile(problems: GtfsProblem[]): GtfsProblem[] {
  const rank = (p: GtfsProblem) => (GTFS_FILES as readonly string[]).indexOf(p.file);
  return problems.sort((a, b) => rank(a) - rank(b));
}
