import { type MessageId, t } from "../i18n";

/** The codes of a refused boundary, population or register file that have a sentence of their own. */
const IMPORT_ISSUE_CODES: ReadonlySet<string> = new Set([
  "EMPTY",
  "N03_JSON",
  "N03_NOT_FEATURES",
  "N03_CODE",
  "N03_CODE_NOT_FOUND",
  "N03_NOT_POLYGON",
  "N03_BROKEN_RING",
  "N03_NO_NAME",
  "N03_AMBIGUOUS",
  "N03_PREFECTURE_MISMATCH",
  "N03_NAME_MISMATCH",
  "ESTAT_ZIP",
  "ESTAT_NO_TABLE",
  "ESTAT_HEADER",
  "ESTAT_MIXED_TABLES",
  "ESTAT_DUPLICATE_CELL",
  "ESTAT_OUTSIDE_BOUNDARY",
  "ESTAT_CONCEALMENT",
  "ESTAT_CENSUS_YEAR",
  "REGISTER_FILE",
  "REGISTER_NO_HEADER",
  "REGISTER_NO_ROWS",
  "REGISTER_TOO_MANY_ROWS",
  "REGISTER_MISSING_COLUMN",
  "REGISTER_DUPLICATE_COLUMN",
  "REGISTER_UNKNOWN_COLUMN",
  "REGISTER_REQUIRED",
  "REGISTER_INVALID_VALUE",
  "REGISTER_DUPLICATE_ID",
]);

/**
 * A problem of an imported file in the page's language, by its code (the server's `message` is an
 * English sentence for developers and scripts); where it is stands beside it.
 */
export function importIssueText(issue: { code?: string | undefined }): string {
  const code = issue.code && IMPORT_ISSUE_CODES.has(issue.code) ? issue.code : "other";
  return t(`onb.issue.${code}` as MessageId);
}

/**
 * Where a problem is, in the page's language: a register's `row 3, column C 緯度` reads
 * 「3 行目・C 列（緯度）」; an N03 feature or an e-Stat `file:line:field` is shown as the file names it.
 */
export function importIssueWhere(path: string): string {
  const cell = /^row (\d+), column (?:([A-Z]+) )?(.+)$/.exec(path);
  if (cell) {
    const [, row = "", letter, column = ""] = cell;
    return letter
      ? t("onb.where.rowColumn", { row, letter, column })
      : t("onb.where.rowNamed", { row, column });
  }
  const row = /^row (\d+)$/.exec(path);
  if (row) return t("onb.where.row", { row: row[1] ?? "" });
  return path || "—";
}
