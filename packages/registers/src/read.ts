/**
 * A register (facility list, vehicles, drivers, residents' 名簿) from a
 * spreadsheet: all or nothing. Every problem names the row as the
 * spreadsheet numbers it and the column as its header says, so a clerk can
 * fix the file in Excel and upload it again; any problem means no rows.
 */
import { IdSchema } from "@tsunagu/contract";
import type { TextEncodingName, ZipLimits } from "@tsunagu/geo";
import type { z } from "zod";
import {
  type Column,
  REGISTER_COLUMNS,
  REGISTER_SCHEMAS,
  type RegisterKind,
  type RegisterValue,
} from "./columns";
import { normaliseCell, normaliseHeader } from "./normalise";
import { DEFAULT_TABLE_LIMITS, readTable, type TableRow } from "./table";

export type RegisterProblemCode =
  | "REGISTER_FILE"
  | "REGISTER_TOO_MANY_ROWS"
  | "REGISTER_NO_HEADER"
  | "REGISTER_MISSING_COLUMN"
  | "REGISTER_DUPLICATE_COLUMN"
  | "REGISTER_UNKNOWN_COLUMN"
  | "REGISTER_NO_ROWS"
  | "REGISTER_INVALID_VALUE"
  | "REGISTER_REQUIRED"
  | "REGISTER_DUPLICATE_ID";

export interface RegisterProblem {
  /** Row as the spreadsheet numbers it (the header row included); 0 for the whole file. */
  row: number;
  /** Column as the file's header says it (or the header expected, for a missing one); "" for the whole row. */
  column: string;
  /** Spreadsheet column letter ("C"), when the column is in the file. */
  columnLetter?: string;
  code: RegisterProblemCode;
  message: string;
}

/** One imported row: the person's or thing's spreadsheet row, the ID given (or null: a new one), the value. */
export interface RegisterRow<K extends RegisterKind> {
  row: number;
  id: string | null;
  value: RegisterValue<K>;
}

export type RegisterReadResult<K extends RegisterKind> =
  | {
      ok: true;
      rows: RegisterRow<K>[];
      /** Columns not read (e.g. a 備考 column), said so rather than dropped in silence. */
      warnings: RegisterProblem[];
      format: "csv" | "xlsx";
      encoding: TextEncodingName | null;
      sheet: string | null;
      /** The row holding the headers (a title may sit above it). */
      headerRow: number;
    }
  | { ok: false; problems: RegisterProblem[] };

export interface RegisterReadOptions {
  /** Most data rows; default 10,000. */
  maxRows?: number;
  /** Limits on an XLSX's zip; default the geo package's. */
  zipLimits?: ZipLimits;
  /** The sheet to read from an XLSX; default the first with data. */
  sheet?: string;
}

/** How many rows above the header a title or a note may take. */
const MAX_HEADER_SEARCH = 10;
/** The longest cell text quoted back in a message. */
const QUOTE_MAX = 40;

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The exporter writes a CSV cell that Excel would run as a formula with one
 * more leading apostrophe (see write.ts); take it off again. XLSX cells are
 * typed text and carry no guard.
 */
const unguard = (cell: string) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function headerIndex(columns: readonly Column[]): Map<string, Column> {
  const byHeader = new Map<string, Column>();
  for (const c of columns)
    for (const h of [c.header, c.key, ...c.aliases]) byHeader.set(normaliseHeader(h), c);
  return byHeader;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let t = target;
  for (const key of path.slice(0, -1)) {
    if (typeof t[key] !== "object" || t[key] === null) t[key] = {};
    t = t[key] as Record<string, unknown>;
  }
  t[path[path.length - 1] as string] = value;
}

/**
 * Read a register of `kind` from CSV or XLSX bytes. Columns are found by
 * header (Japanese or the contract's English field names, after NFKC), in any
 * order; the header row may sit under a title. Residents' rows are personal
 * data: their problems never quote a cell.
 */
export async function readRegister<K extends RegisterKind>(
  kind: K,
  bytes: Uint8Array,
  options: RegisterReadOptions = {},
): Promise<RegisterReadResult<K>> {
  const maxRows = options.maxRows ?? DEFAULT_TABLE_LIMITS.maxRows;
  const read = await readTable(
    bytes,
    { maxRows, zipLimits: options.zipLimits ?? DEFAULT_TABLE_LIMITS.zipLimits },
    options.sheet,
  );
  const fileProblem = (code: RegisterProblemCode, message: string, row = 0): RegisterReadResult<K> => ({
    ok: false,
    problems: [{ row, column: "", code, message }],
  });
  if (!read.ok) return fileProblem("REGISTER_FILE", read.message, read.row);
  const { table } = read;
  const columns = REGISTER_COLUMNS[kind];
  const byHeader = headerIndex(columns);
  const personal = kind === "residents";
  const quote = (cell: string) =>
    personal ? "" : ` (got "${cell.length > QUOTE_MAX ? `${cell.slice(0, QUOTE_MAX)}…` : cell}")`;

  // The header row: the first of the top rows naming two known columns.
  const isBlank = (r: TableRow) => r.cells.every((c) => c.trim() === "");
  const header = table.rows
    .slice(0, MAX_HEADER_SEARCH)
    .find((r) => r.cells.filter((c) => byHeader.has(normaliseHeader(c))).length >= 2);
  if (!header)
    return fileProblem(
      "REGISTER_NO_HEADER",
      `no header row in the first ${MAX_HEADER_SEARCH} rows: expected columns such as ${columns
        .filter((c) => c.required)
        .map((c) => c.header)
        .join("、")}`,
      table.rows[0]?.row ?? 1,
    );

  const problems: RegisterProblem[] = [];
  const warnings: RegisterProblem[] = [];
  const found = new Map<Column, { index: number; title: string }>();
  header.cells.forEach((title, index) => {
    if (title.trim() === "") return;
    const at = { row: header.row, column: title.trim(), columnLetter: columnLetter(index) };
    const c = byHeader.get(normaliseHeader(title));
    if (!c) {
      warnings.push({ ...at, code: "REGISTER_UNKNOWN_COLUMN", message: "this column is not read" });
      return;
    }
    const before = found.get(c);
    if (before) {
      problems.push({
        ...at,
        code: "REGISTER_DUPLICATE_COLUMN",
        message: `is the same column as "${before.title}" (${columnLetter(before.index)})`,
      });
      return;
    }
    found.set(c, { index, title: title.trim() });
  });
  for (const c of columns)
    if (c.required && !found.has(c))
      problems.push({
        row: header.row,
        column: c.header,
        code: "REGISTER_MISSING_COLUMN",
        message: `the file has no ${c.header} column (${c.key})`,
      });
  if (problems.length > 0) return { ok: false, problems };

  const dataRows = table.rows.filter((r) => r.row > header.row && !isBlank(r));
  if (dataRows.length === 0)
    return fileProblem("REGISTER_NO_ROWS", "the file has a header but no rows", header.row);
  if (dataRows.length > maxRows)
    return fileProblem("REGISTER_TOO_MANY_ROWS", `the file has more than ${maxRows} rows; split it`);

  const schema = REGISTER_SCHEMAS[kind] as unknown as z.ZodType<RegisterValue<K>>;
  const idColumn = columns[0] as Column;
  const rows: RegisterRow<K>[] = [];
  const ids = new Map<string, number>();
  for (const r of dataRows) {
    const raw: Record<string, unknown> = {};
    const failed = new Set<Column>();
    const at = (c: Column) => {
      const f = found.get(c);
      return f
        ? { row: r.row, column: f.title, columnLetter: columnLetter(f.index) }
        : { row: r.row, column: c.header };
    };
    let id: string | null = null;
    for (const [c, f] of found) {
      const typed = r.cells[f.index] ?? "";
      const cell = (table.format === "csv" ? unguard(typed) : typed).trim();
      if (cell === "") continue;
      if (c === idColumn) {
        const parsed = IdSchema.safeParse(normaliseCell(cell));
        if (!parsed.success) {
          problems.push({
            ...at(c),
            code: "REGISTER_INVALID_VALUE",
            message: "must be an ID of at most 100 characters",
          });
          continue;
        }
        id = parsed.data;
        const seen = ids.get(id);
        if (seen !== undefined)
          problems.push({ ...at(c), code: "REGISTER_DUPLICATE_ID", message: `the same ID as row ${seen}` });
        else ids.set(id, r.row);
        continue;
      }
      const v = c.read(cell);
      if (v.ok) setAt(raw, c.path, v.value);
      else {
        failed.add(c);
        problems.push({ ...at(c), code: "REGISTER_INVALID_VALUE", message: `${v.message}${quote(cell)}` });
      }
    }
    const checked = schema.safeParse(raw);
    if (checked.success) {
      rows.push({ row: r.row, id, value: checked.data });
      continue;
    }
    const reported = new Set<string>();
    for (const issue of checked.error.issues) {
      // The column whose path is the longest prefix of the issue's path.
      const c = columns
        .filter((col) => col.path.every((p, i) => issue.path[i] === p))
        .sort((a, b) => b.path.length - a.path.length)[0];
      if (c && failed.has(c)) continue;
      // A blank cell the schema has no default for; other issues on a blank cell (a rule across fields) keep their message.
      const blank = c !== undefined && issue.code === "invalid_type" && valueAt(raw, c.path) === undefined;
      const message = blank ? "is required" : issue.message;
      const key = `${c?.key ?? ""}:${message}`;
      if (reported.has(key)) continue;
      reported.add(key);
      problems.push(
        c
          ? { ...at(c), code: blank ? "REGISTER_REQUIRED" : "REGISTER_INVALID_VALUE", message }
          : { row: r.row, column: "", code: "REGISTER_INVALID_VALUE", message },
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort(byPlace) };
  return {
    ok: true,
    rows,
    warnings,
    format: table.format,
    encoding: table.encoding,
    sheet: table.sheet,
    headerRow: header.row,
  };
}

/** Row, then column as the spreadsheet orders them (A … Z, AA …), then columns not in the file. */
function byPlace(a: RegisterProblem, b: RegisterProblem): number {
  const col = (p: RegisterProblem) =>
    p.columnLetter === undefined ? "~" : `${String(p.columnLetter.length).padStart(2, "0")}${p.columnLetter}`;
  return a.row - b.row || (col(a) < col(b) ? -1 : col(a) > col(b) ? 1 : 0);
}

function valueAt(target: Record<string, unknown>, path: readonly string[]): unknown {
  let t: unknown = target;
  for (const key of path) {
    if (typeof t !== "object" || t === null) return undefined;
    t = (t as Record<string, unknown>)[key];
  }
  return t;
}
