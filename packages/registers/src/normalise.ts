/**
 * What people type into a Japanese spreadsheet, made comparable: 全角 digits
 * and letters, 全角 spaces, and the many dashes an IME offers for "-"
 * (‐ − – — ― ー ｰ －). Names are never touched beyond trimming: NFKC would turn
 * half-width ｶﾅ into full-width and ㈱ into (株), which is not ours to decide.
 */

/** Hyphen-like characters other than the ASCII one; ー/ｰ (長音) are handled apart, since words use them. */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D\u2500\u2501\u207B\u208B]/g;
/** 長音 between digits ("1ー2"), where it can only be a mistyped hyphen. */
const CHOON_BETWEEN_DIGITS = /(?<=\d)[\u30FC\uFF70](?=\d)/g;

/** NFKC, every run of spaces (全角 included) made one space, trimmed: for codes, numbers, kinds, dates. */
export function normaliseCell(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/**
 * A number, phone number, time, date or address as typed: {@link normaliseCell},
 * then every dash is "-" (番地 "1−2−3"), and so is a 長音 between digits
 * ("１ー２"); a 長音 inside a katakana word (コーポ) is kept.
 */
export function normaliseNumberish(s: string): string {
  return normaliseCell(s).replace(DASHES, "-").replace(CHOON_BETWEEN_DIGITS, "-");
}

/** A header for comparison: NFKC, no spaces, lower case ("緯度 (WGS84)" and "緯度(wgs84)" match). */
export function normaliseHeader(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/** A name: as written, without surrounding spaces (全角 ones included). */
export function normaliseName(s: string): string {
  return s.trim();
}
