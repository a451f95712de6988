/**
 * A spreadsheet as rows of cell text, numbered as the spreadsheet numbers
 * them (row 1 is the first line or row, blank ones included), from CSV
 * (UTF-8 with or without BOM, CP932, Excel's UTF-16 text) or XLSX.
 */
import {
  DEFAULT_ZIP_LIMITS,
  decodeJapaneseText,
  readZip,
  type TextEncodingName,
  type ZipLimits,
} from "@tsunagu/geo";
import { CsvError, parse } from "csv-parse/sync";
import ExcelJS from "exceljs";

export interface TableRow {
  /** As the spreadsheet numbers it: CSV record number (a quoted line break stays in its row), XLSX row number. */
  row: number;
  cells: string[];
}

export interface Table {
  format: "csv" | "xlsx";
  /** How a CSV's bytes were read; null for XLSX. */
  encoding: TextEncodingName | null;
  /** The sheet read from an XLSX; null for CSV. */
  sheet: string | null;
  rows: TableRow[];
}

export type TableResult = { ok: true; table: Table } | { ok: false; row: number; message: string };

export interface TableLimits {
  /** Most data rows read before refusing the file. */
  maxRows: number;
  /** Limits on the XLSX zip (it is a zip of XML parts). */
  zipLimits: ZipLimits;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOleXls = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

function readCsvTable(bytes: Uint8Array, limits: TableLimits): TableResult {
  const { text, encoding } = decodeJapaneseText(bytes);
  // Excel's 「Unicode テキスト」 is tab-separated; tell by the first line.
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? "\t" : ",";
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      // Blank lines are kept so that row numbers match what Excel shows.
      skip_empty_lines: false,
      to: limits.maxRows + 20,
    }) as string[][];
  } catch (e) {
    const row = e instanceof CsvError && typeof e.records === "number" ? e.records + 1 : 0;
    return { ok: false, row, message: `not a readable CSV: ${(e as Error).message}` };
  }
  return {
    ok: true,
    table: { format: "csv", encoding, sheet: null, rows: records.map((cells, i) => ({ row: i + 1, cells })) },
  };
}

/** A cell's value as text: what Excel shows, for dates an ISO date (or a clock time for a time-only cell). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    const iso = value.toISOString();
    // Excel keeps a time of day as a fraction of 1899-12-30.
    return iso.startsWith("1899-12-30") || iso.startsWith("1899-12-31")
      ? iso.slice(11, 16)
      : iso.slice(0, 10);
  }
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText(value.result ?? null);
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}

async function readXlsxTable(
  bytes: Uint8Array,
  limits: TableLimits,
  sheetName?: string,
): Promise<TableResult> {
  // Our zip reader first: it refuses a zip bomb before exceljs inflates anything.
  const zip = readZip(bytes, limits.zipLimits);
  if (!zip.ok) return { ok: false, row: 0, message: `not a readable XLSX: ${zip.message}` };
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs hands the bytes to JSZip, which takes a Uint8Array.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return { ok: false, row: 0, message: `not a readable XLSX: ${(e as Error).message}` };
  }
  const sheet =
    sheetName === undefined
      ? workbook.worksheets.find((w) => w.actualRowCount > 0)
      : workbook.worksheets.find((w) => w.name === sheetName);
  if (!sheet)
    return {
      ok: false,
      row: 0,
      message:
        sheetName === undefined
          ? "the workbook has no sheet with data"
          : `the workbook has no sheet named "${sheetName}" (it has ${workbook.worksheets.map((w) => w.name).join("、")})`,
    };
  const rows: TableRow[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (r) => {
    if (rows.length > limits.maxRows + 20) {
      tooMany = true;
      return;
    }
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
    rows.push({ row: r.number, cells });
  });
  if (tooMany) rows.length = limits.maxRows + 20;
  return { ok: true, table: { format: "xlsx", encoding: null, sheet: sheet.name, rows } };
}

/** Read a CSV or XLSX file into rows of cell text. */
export async function readTable(
  bytes: Uint8Array,
  limits: TableLimits,
  sheet?: string,
): Promise<TableResult> {
  if (isOleXls(bytes))
    return {
      ok: false,
      row: 0,
      message: "this is the old Excel format (.xls): save it as .xlsx or CSV first",
    };
  if (isZip(bytes)) return readXlsxTable(bytes, limits, sheet);
  return readCsvTable(bytes, limits);
}

/** Default limits: 10,000 data rows (a town's register is a few thousand at most); the geo package's zip limits. */
export const DEFAULT_TABLE_LIMITS: Readonly<TableLimits> = {
  maxRows: 10_000,
  zipLimits: DEFAULT_ZIP_LIMITS,
};
