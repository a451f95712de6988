/**
 * Text files from Japanese offices come as UTF-8 (with or without a BOM),
 * Shift_JIS/CP932 (Excel's 「CSV (コンマ区切り)」, older 国土数値情報 and e-Stat
 * downloads) or, from Excel's 「Unicode テキスト」, UTF-16 with a BOM.
 */

export type TextEncodingName = "utf-8" | "shift_jis" | "utf-16le" | "utf-16be";

export interface DecodedText {
  text: string;
  /** How the bytes were read; Shift_JIS is decoded as CP932 (WHATWG's "shift_jis" is CP932). */
  encoding: TextEncodingName;
}

/**
 * Decode bytes whose encoding nobody told us. A BOM decides; without one the
 * bytes are tried as strict UTF-8 and, when that fails, read as CP932. Japanese
 * text in CP932 is practically never valid UTF-8 (its lead bytes 0x81–0x9F and
 * 0xE0–0xFC are followed by bytes UTF-8 forbids there), so the order is safe;
 * pure ASCII is the same in both.
 */
export function decodeJapaneseText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("shift_jis").decode(bytes), encoding: "shift_jis" };
  }
}
