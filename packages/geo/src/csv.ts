import { CsvError, parse } from "csv-parse/sync";

/** One CSV data row with its 1-based line number in the source text (the header is line 1). */
export interface CsvRow {
  line: number;
  values: string[];
}

export type CsvResult =
  | { ok: true; header: string[]; rows: CsvRow[] }
  | { ok: false; line: number; message: string };

/**
 * Parse CSV text into a trimmed header and rows with line numbers. A BOM is
 * dropped; ragged rows are kept (the caller reports missing fields by name, which
 * says more than "wrong column count"); blank lines are skipped.
 */
export function readCsv(text: string): CsvResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = e instanceof CsvError && typeof e.lines === "number" ? e.lines : 0;
    return { ok: false, line, message: (e as Error).message };
  }
  const first = records[0];
  if (!first) return { ok: true, header: [], rows: [] };
  const header = first.record.map((h) => h.trim());
  const rows = records.slice(1).map((r) => ({ line: r.info.lines, values: r.record }));
  return { ok: true, header, rows };
}
