import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseCell, normaliseNumberish } from "../src/normalise";
import { formatExceptions, formatWeekly, parseExceptions, parseWeekly } from "../src/schedule";

describe("normalisation", () => {
  it("makes 全角 digits, spaces and every dash plain, keeping 長音 inside words", () => {
    expect(normaliseNumberish("０４２８ー８７ー０１１１")).toBe("0428-87-0111");
    expect(normaliseNumberish("小菅村４６９８−１")).toBe("小菅村4698-1");
    expect(normaliseNumberish("川池１‐２―３")).toBe("川池1-2-3");
    expect(normaliseNumberish("コーポ小菅　１０１")).toBe("コーポ小菅 101");
    expect(normaliseCell("　３５．７６２　")).toBe("35.762");
  });
});

describe("weekly hours in one cell", () => {
  it("reads the ways people write them", () => {
    const cases: [string, { days: number[]; from: string; to: string }[]][] = [
      ["月-金 08:30-17:00", [{ days: [1, 2, 3, 4, 5], from: "08:30", to: "17:00" }]],
      [
        "月〜金　９：００～１２：００、１３：００～１７：００",
        [
          { days: [1, 2, 3, 4, 5], from: "09:00", to: "12:00" },
          { days: [1, 2, 3, 4, 5], from: "13:00", to: "17:00" },
        ],
      ],
      [
        "月・水・金 9時-12時; 土 9時30分-11時",
        [
          { days: [1, 3, 5], from: "09:00", to: "12:00" },
          { days: [6], from: "09:30", to: "11:00" },
        ],
      ],
      [
        "平日 8:30-17:15、土日 9:00-12:00",
        [
          { days: [1, 2, 3, 4, 5], from: "08:30", to: "17:15" },
          { days: [6, 7], from: "09:00", to: "12:00" },
        ],
      ],
      ["毎日 6:00-22:00", [{ days: [1, 2, 3, 4, 5, 6, 7], from: "06:00", to: "22:00" }]],
      ["10:00-15:30", [{ days: [1, 2, 3, 4, 5, 6, 7], from: "10:00", to: "15:30" }]],
      ["金-月 10:00-11:00", [{ days: [1, 5, 6, 7], from: "10:00", to: "11:00" }]],
      [
        "Mon-Fri 9:00-17:00; Sat 9:00-12:00",
        [
          { days: [1, 2, 3, 4, 5], from: "09:00", to: "17:00" },
          { days: [6], from: "09:00", to: "12:00" },
        ],
      ],
      ["月水金 10:00-11:00", [{ days: [1, 3, 5], from: "10:00", to: "11:00" }]],
    ];
    for (const [cell, windows] of cases)
      expect(parseWeekly(cell), cell).toEqual({ ok: true, value: windows });
  });

  it("says what it cannot read", () => {
    expect(parseWeekly("月-金 朝")).toEqual({
      ok: false,
      message: 'cannot read "朝" (write e.g. 月-金 08:30-17:00; 土 08:30-12:00)',
    });
    expect(parseWeekly("月-金")).toEqual({
      ok: false,
      message: "names weekdays without a time range after them",
    });
    expect(parseWeekly("土日祝 9:00-12:00")).toMatchObject({
      ok: false,
      message: expect.stringContaining("祝"),
    });
  });

  it("writes what it reads back to the same windows (property)", () => {
    const clock = fc.integer({ min: 0, max: 23 * 60 + 58 }).map((m) => m);
    const window = fc
      .record({
        days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        a: clock,
        b: clock,
      })
      .filter((w) => w.a !== w.b)
      .map((w) => {
        const hhmm = (m: number) =>
          `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        return {
          days: [...w.days].sort((x, y) => x - y),
          from: hhmm(Math.min(w.a, w.b)),
          to: hhmm(Math.max(w.a, w.b)),
        };
      });
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 6 }), (windows) => {
        expect(parseWeekly(formatWeekly(windows))).toEqual({ ok: true, value: windows });
      }),
    );
    expect(
      formatWeekly([
        { days: [1, 2, 3, 4, 5], from: "08:30", to: "12:00" },
        { days: [6, 7], from: "09:00", to: "10:00" },
      ]),
    ).toBe("月-金 08:30-12:00; 土・日 09:00-10:00");
  });
});

describe("dated changes in one cell", () => {
  it("reads days off, other hours and notes, in western or 令和 dates", () => {
    expect(
      parseExceptions("2026-06-01 なし（車検）; 2026/6/2 10:00-12:00, 13:00-15:00\n令和8年6月3日 休み"),
    ).toEqual({
      ok: true,
      value: [
        { date: "2026-06-01", windows: [], note: "車検" },
        {
          date: "2026-06-02",
          windows: [
            { from: "10:00", to: "12:00" },
            { from: "13:00", to: "15:00" },
          ],
        },
        { date: "2026-06-03", windows: [] },
      ],
    });
    expect(parseExceptions("6月1日 なし")).toMatchObject({
      ok: false,
      message: expect.stringContaining("date"),
    });
    expect(parseExceptions("2026-06-01 月 10:00-12:00")).toMatchObject({ ok: false });
  });

  it("writes them back the same", () => {
    const value = [
      { date: "2026-06-01", windows: [], note: "車検" },
      { date: "2026-06-02", windows: [{ from: "10:00", to: "12:00" }] },
    ];
    expect(formatExceptions(value)).toBe("2026-06-01 なし (車検); 2026-06-02 10:00-12:00");
    expect(parseExceptions(formatExceptions(value))).toEqual({ ok: true, value });
  });
});
