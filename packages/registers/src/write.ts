/**
 * A register written in the layout {@link readRegister} reads: the same
 * columns, Japanese headers, one row per record with its ID, so a clerk can
 * export, edit in Excel and import again.
 */
import ExcelJS from "exceljs";
import { type CellValue, REGISTER_COLUMNS, type RegisterKind, type RegisterValue } from "./columns";

/** A record to write: its ID (null for one not stored yet) and value. */
export interface RegisterEntry<K extends RegisterKind> {
  id: string | null;
  value: RegisterValue<K>;
}

/** Sheet names of the exported workbooks. */
export const REGISTER_SHEET_NAMES: Record<RegisterKind, string> = {
  places: "施設",
  vehicles: "車両",
  drivers: "運転者",
  residents: "住民名簿",
};

function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path)
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** The register as a grid: the header row, then one row per entry ("" for a blank cell). */
export function registerGrid<K extends RegisterKind>(
  kind: K,
  entries: readonly RegisterEntry<K>[],
): CellValue[][] {
  const columns = REGISTER_COLUMNS[kind];
  const header = columns.map((c) => c.header);
  const rows = entries.map((e) =>
    columns.map((c, i): CellValue => {
      if (i === 0) return e.id ?? "";
      const v = valueAt(e.value, c.path);
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return "";
      return c.write(v);
    }),
  );
  return [header, ...rows];
}

function csvCell(cell: CellValue): string {
  if (typeof cell === "number") return String(cell);
  // A typed-in name starting with = + - @ would run as a formula in Excel (CSV injection): make it text
  // with a leading apostrophe, and add one to a name that already starts with apostrophes before such a sign,
  // so that the reader, which takes one off, gives every name back as typed.
  const text = /^'*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV, UTF-8 with a BOM (Excel then reads the Japanese) and CRLF
 * line ends. Written by hand: quoting is five lines and needs no library.
 */
export function writeRegisterCsv<K extends RegisterKind>(
  kind: K,
  entries: readonly RegisterEntry<K>[],
): Uint8Array {
  const lines = registerGrid(kind, entries).map((row) => row.map(csvCell).join(","));
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}

/** The same grid as an .xlsx workbook: one sheet, numbers kept numeric, the header row bold and frozen. */
export async function writeRegisterXlsx<K extends RegisterKind>(
  kind: K,
  entries: readonly RegisterEntry<K>[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Tsunagu";
  const sheet = workbook.addWorksheet(REGISTER_SHEET_NAMES[kind], {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const grid = registerGrid(kind, entries);
  for (const row of grid) sheet.addRow(row.map((c) => (c === "" ? null : c)));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((col, i) => {
    const widest = Math.max(...grid.map((r) => String(r[i] ?? "").length));
    // Japanese characters are about two columns wide.
    col.width = Math.min(60, Math.max(8, widest * 2 + 2));
  });
  // writeBuffer gives a Node Buffer (possibly a slice of a pooled one): copy into an array of its own.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
