import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDigitOf,
  hasValidCheckDigit,
  MunicipalityCodeInputSchema,
  MunicipalityCodeSchema,
  PREFECTURES,
  parseMunicipalityCode,
  withCheckDigit,
} from "./municipality";

describe("全国地方公共団体コード check digit", () => {
  it("computes JIS X 0401 check digits as real codes have them", () => {
    expect(withCheckDigit("01100")).toBe("011002"); // 札幌市
    expect(withCheckDigit("13101")).toBe("131016"); // 千代田区
    expect(withCheckDigit("19442")).toBe("194425"); // 小菅村
    expect(withCheckDigit("17205")).toBe("172057"); // 珠洲市
    expect(withCheckDigit("18382")).toBe("183822"); // 池田町
    expect(withCheckDigit("01633")).toBe("016331"); // 上士幌町
    expect(withCheckDigit("99001")).toBe("990019"); // the fictional demo town
  });

  it("maps both remainders 0 and 10 to the digit 1, as the rule's mod 10 says", () => {
    // The first code with each weighted-sum remainder, found by search.
    const byRemainder = new Map<number, string>();
    for (let n = 0; n < 100_000 && byRemainder.size < 11; n++) {
      const c = String(n).padStart(5, "0");
      let sum = 0;
      for (let i = 0; i < 5; i++) sum += Number(c[i]) * (6 - i);
      if (!byRemainder.has(sum % 11)) byRemainder.set(sum % 11, c);
    }
    expect(checkDigitOf(byRemainder.get(0) as string)).toBe(1);
    expect(checkDigitOf(byRemainder.get(10) as string)).toBe(1);
    expect(checkDigitOf(byRemainder.get(1) as string)).toBe(0);
    expect(checkDigitOf(byRemainder.get(2) as string)).toBe(9);
  });

  it("catches every single mistyped digit (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        (n, at, delta) => {
          const code = withCheckDigit(String(n).padStart(5, "0"));
          const typo = `${code.slice(0, at)}${(Number(code[at]) + delta) % 10}${code.slice(at + 1)}`;
          // Weights 6..2 are all below 11 and non-zero, so one changed digit always changes the remainder;
          // only the mod-10 fold (remainders 0 and 10 both → 1) can hide it.
          const r = (s: string) => [...s.slice(0, 5)].reduce((a, d, i) => a + Number(d) * (6 - i), 0) % 11;
          const folded = new Set([r(code), r(typo), 0, 10]).size === 2;
          expect(hasValidCheckDigit(typo)).toBe(folded);
        },
      ),
    );
  });
});

describe("parseMunicipalityCode", () => {
  it("accepts 6 digits with the right check digit, and 5 digits", () => {
    expect(parseMunicipalityCode("194425")).toEqual({
      ok: true,
      code: "194425",
      code5: "19442",
      prefecture: "山梨県",
    });
    expect(parseMunicipalityCode("19442")).toEqual(parseMunicipalityCode("194425"));
    expect(parseMunicipalityCode(" １７２０５ ")).toMatchObject({
      ok: true,
      code: "172057",
      prefecture: "石川県",
    });
    expect(parseMunicipalityCode("990019")).toMatchObject({ ok: true, prefecture: null });
  });

  it("says which check digit was expected", () => {
    expect(parseMunicipalityCode("194421")).toEqual({
      ok: false,
      problem: {
        code: "MUNICIPALITY_CODE_CHECK_DIGIT",
        message: "check digit of 194421 is wrong: 19442 ends in 5 (194425); is a digit mistyped?",
        expected: "194425",
      },
    });
  });

  it("refuses other lengths, letters and prefectures that do not exist", () => {
    for (const bad of ["1944", "1944250", "19a42", "", "19442-5"])
      expect(parseMunicipalityCode(bad)).toMatchObject({
        ok: false,
        problem: { code: "MUNICIPALITY_CODE_FORMAT" },
      });
    expect(parseMunicipalityCode("48001")).toMatchObject({
      ok: false,
      problem: {
        code: "MUNICIPALITY_CODE_PREFECTURE",
        message: "48001 starts with 48, which is no prefecture (01–47)",
      },
    });
    expect(Object.keys(PREFECTURES)).toHaveLength(47);
  });
});

describe("the schemas", () => {
  it("MunicipalityCodeSchema takes 6 digits with a valid check digit only", () => {
    expect(MunicipalityCodeSchema.safeParse("194425").success).toBe(true);
    expect(MunicipalityCodeSchema.safeParse("990019").success).toBe(true);
    const wrong = MunicipalityCodeSchema.safeParse("194421");
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]).toMatchObject({ params: { code: "check_digit" } });
    expect(MunicipalityCodeSchema.safeParse("19442").success).toBe(false);
  });

  it("MunicipalityCodeInputSchema turns what a user types into the 6-digit code", () => {
    expect(MunicipalityCodeInputSchema.parse("19442")).toBe("194425");
    expect(MunicipalityCodeInputSchema.parse("１９４４２５")).toBe("194425");
    const wrong = MunicipalityCodeInputSchema.safeParse("194421");
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]).toMatchObject({
      code: "custom",
      params: { code: "check_digit", expected: "194425" },
    });
    expect(MunicipalityCodeInputSchema.safeParse("00001").error?.issues[0]).toMatchObject({
      params: { code: "prefecture" },
    });
  });
});
