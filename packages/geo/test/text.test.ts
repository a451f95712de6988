import { describe, expect, it } from "vitest";
import { encodeCp932 } from "../../../tests/helpers/cp932";
import { decodeJapaneseText } from "../src/text";

describe("decodeJapaneseText", () => {
  const sample = "名称,緯度\r\n小菅村役場,35.76\r\n";

  it("reads UTF-8 with and without a BOM, CP932 and Excel's UTF-16", () => {
    const utf8 = new TextEncoder().encode(sample);
    expect(decodeJapaneseText(utf8)).toEqual({ text: sample, encoding: "utf-8" });
    expect(decodeJapaneseText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      text: sample,
      encoding: "utf-8",
    });
    expect(decodeJapaneseText(encodeCp932(sample))).toEqual({ text: sample, encoding: "shift_jis" });
    const utf16 = new Uint8Array(2 + sample.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < sample.length; i++) {
      utf16[2 + 2 * i] = sample.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = sample.charCodeAt(i) >> 8;
    }
    expect(decodeJapaneseText(utf16)).toEqual({ text: sample, encoding: "utf-16le" });
  });

  it("reads CP932's own characters (NEC specials, ①, ～) as Windows writes them", () => {
    const text = "①番地　～　髙橋";
    expect(decodeJapaneseText(encodeCp932(text))).toEqual({ text, encoding: "shift_jis" });
  });
});
