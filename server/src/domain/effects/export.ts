import type { EffectsLegsResponse, EffectsRow } from "@tsunagu/contract";
import ExcelJS from "exceljs";

/*
 * The calculator's answer as the 総合効率化計画 application's CO₂ table, for
 * download. CSV and XLSX are written from one cell grid (`effectsTable`), so
 * the two files cannot disagree. The files are in Japanese only: they are
 * pasted into a Japanese application form.
 */

/** One cell: a number stays a number (XLSX keeps it numeric), null is an empty cell. */
export type Cell = string | number | null;

/** What a grid row is, so the XLSX writer can style headers, totals and section titles. */
export type GridRowKind = "title" | "header" | "leg" | "total" | "blank";

export interface GridRow {
  kind: GridRowKind;
  cells: Cell[];
  /** Columns (0-based) printed with one decimal: t-CO₂ (84.0, not 84) and rates in %. */
  oneDecimal?: number[];
}

/** Columns of the leg table, in the application's order; the last two make each figure traceable. */
export const LEG_TABLE_HEADER = [
  "区間",
  "発地",
  "着地",
  "主な輸送方法",
  "距離(km)",
  "積載率(%)",
  "輸送量(t/年)",
  "原単位(ℓ/t·km)",
  "発熱量(GJ/kℓ)",
  "排出係数(tC/GJ)",
  "44/12",
  "排出CO₂(t-CO₂/年)",
  "算定方法",
  "備考",
] as const;

/** Index of the 排出CO₂ column (the XLSX writer gives it the 0.0 format). */
export const CO2_COLUMN = LEG_TABLE_HEADER.indexOf("排出CO₂(t-CO₂/年)");

export const SUMMARY_HEADER = ["項目", "現行", "計画", "削減量", "削減率(%)"] as const;

const MODE_JA: Record<NonNullable<EffectsRow["mode"]>, string> = {
  truck: "トラック",
  trailer: "トレーラー",
  rail: "鉄道",
  ship: "船舶",
  air: "航空",
  bus: "バス",
  car: "乗用車",
  van: "バン",
  drone: "ドローン",
};

const METHOD_JA: Record<NonNullable<EffectsRow["method"]>, string> = {
  fuel: "燃料法",
  "fuel-economy": "燃費法",
  "improved-ton-km": "改良トンキロ法",
  "conventional-ton-km": "従来トンキロ法",
  electricity: "電力",
};

/** Six significant digits: keeps a regression unit traceable without float noise (0.05183…). */
const significant = (value: number | undefined): number | null =>
  value === undefined ? null : Number(value.toPrecision(6));

const grouped = (value: number) => value.toLocaleString("ja-JP", { maximumFractionDigits: 1 });

/** The 備考 cell: where the row's unit or factor came from, and the factor a non-ℓ/t·km row used. */
function note(row: EffectsRow): string {
  const parts: string[] = [];
  if (row.gCO2PerTkm !== undefined) parts.push(`${row.gCO2PerTkm} g-CO₂/t·km`);
  if (row.method === "fuel" || row.method === "fuel-economy") {
    if (row.litres !== undefined) parts.push(`燃料 ${grouped(row.litres)} ℓ/年`);
  }
  if (row.kWh !== undefined)
    parts.push(`電力 ${grouped(row.kWh)} kWh/年 × ${row.tCO2PerKWh ?? ""} t-CO₂/kWh`);
  if (row.factorBasis === "explicit") parts.push("原単位・係数は指定値");
  if (row.factorBasis === "regression") parts.push("原単位は回帰式による");
  if (row.factorBasis === "default-loading-rate") parts.push("積載率不明のため平均積載率の原単位");
  return parts.join("、");
}

function legCells(row: EffectsRow): Cell[] {
  return [
    row.label,
    row.from ?? null,
    row.to ?? null,
    row.mode === undefined ? null : MODE_JA[row.mode],
    significant(row.distanceKm),
    significant(row.loadingRatePct),
    significant(row.tonsPerYear),
    significant(row.unitLPerTkm),
    significant(row.heatGJPerKl),
    significant(row.carbonTCPerGJ),
    significant(row.carbonToCO2),
    row.tCO2,
    row.method === undefined ? null : METHOD_JA[row.method],
    note(row) || null,
  ];
}

function totalCells(tCO2: number): Cell[] {
  const cells: Cell[] = LEG_TABLE_HEADER.map(() => null);
  cells[0] = "合計";
  cells[CO2_COLUMN] = tCO2;
  return cells;
}

/**
 * The whole report as one grid: 現行 then 計画 (title, header, a row per leg,
 * the total rounded per EMISSIONS.md), then the summary of before, after,
 * reduction and rate for t-CO₂, driver hours and truck ton-km.
 */
export function effectsTable(report: EffectsLegsResponse): GridRow[] {
  const grid: GridRow[] = [];
  const side = (title: string, data: EffectsLegsResponse["before"]) => {
    grid.push({ kind: "title", cells: [title] });
    grid.push({ kind: "header", cells: [...LEG_TABLE_HEADER] });
    for (const row of data.rows) grid.push({ kind: "leg", cells: legCells(row), oneDecimal: [CO2_COLUMN] });
    grid.push({ kind: "total", cells: totalCells(data.tCO2), oneDecimal: [CO2_COLUMN] });
    grid.push({ kind: "blank", cells: [] });
  };
  side("現行", report.before);
  side("計画", report.after);
  const { before, after, reduction } = report;
  grid.push({ kind: "title", cells: ["削減効果"] });
  grid.push({ kind: "header", cells: [...SUMMARY_HEADER] });
  grid.push({
    kind: "total",
    cells: ["CO₂排出量(t-CO₂/年)", before.tCO2, after.tCO2, reduction.tCO2, reduction.tCO2Pct],
    oneDecimal: [1, 2, 3, 4],
  });
  grid.push({
    kind: "total",
    cells: [
      "運転時間(時間/年)",
      before.driverHours,
      after.driverHours,
      reduction.driverHours,
      reduction.driverHoursPct,
    ],
    oneDecimal: [4],
  });
  grid.push({
    kind: "total",
    cells: [
      "トラック輸送量(t·km/年)",
      before.truckTonKm,
      after.truckTonKm,
      reduction.truckTonKm,
      reduction.truckTonKmPct,
    ],
    oneDecimal: [4],
  });
  return grid;
}

function csvValue(cell: Cell, oneDecimal: boolean): string {
  if (cell === null) return "";
  if (typeof cell === "number") return oneDecimal ? cell.toFixed(1) : String(cell);
  // A typed-in name starting with = + - @ would run as a formula in Excel (CSV injection): make it text.
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV, UTF-8 with a BOM (so Excel reads the Japanese) and CRLF line ends. */
export function effectsCsv(report: EffectsLegsResponse): string {
  const lines = effectsTable(report).map((row) =>
    row.cells.map((cell, i) => csvValue(cell, row.oneDecimal?.includes(i) ?? false)).join(","),
  );
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The same grid as an .xlsx workbook (one sheet, numbers kept numeric, t-CO₂ shown to 0.1). */
export async function effectsXlsx(report: EffectsLegsResponse): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Tsunagu";
  const sheet = workbook.addWorksheet("CO2排出量", { pageSetup: { paperSize: 9, orientation: "landscape" } });
  for (const row of effectsTable(report)) {
    const added = sheet.addRow(row.cells);
    if (row.kind === "title" || row.kind === "header" || row.kind === "total") added.font = { bold: true };
    for (const column of row.oneDecimal ?? []) added.getCell(column + 1).numFmt = "0.0";
  }
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 24 : i >= LEG_TABLE_HEADER.length - 2 ? 30 : 14;
  });
  // writeBuffer gives a Node Buffer (possibly a slice of a pooled one): copy into a buffer of its own.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
