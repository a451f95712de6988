import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { windowsOn } from "./availability";
import {
  addDays,
  clockOfMinutes,
  clockOfSeconds,
  datesBetween,
  isoWeekday,
  isRealDate,
  minutesOfDay,
  parseClock,
  tokyoDate,
  tokyoDayBounds,
  tokyoNow,
} from "./time";

describe("clock times", () => {
  it("round-trips every minute of a GTFS service day", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 48 * 60 }), (m) => parseClock(clockOfMinutes(m)) === m));
  });
  it("refuses what is not HH:MM", () => {
    for (const bad of ["9:00", "09:60", "0900", "49:00", "", "09:00:00"])
      expect(parseClock(bad)).toBeUndefined();
    expect(minutesOfDay("10:30")).toBe(630);
  });
  it("floors seconds to the minute, as a clock shows them", () => {
    expect(clockOfSeconds(8 * 3600 + 59)).toBe("08:00");
    expect(clockOfSeconds(8 * 3600 + 60)).toBe("08:01");
    expect(clockOfSeconds(25 * 3600)).toBe("25:00");
  });
});

describe("dates", () => {
  it("knows real dates", () => {
    expect(isRealDate("2028-02-29")).toBe(true);
    expect(isRealDate("2027-02-29")).toBe(false);
    expect(isRealDate("0000-00-00")).toBe(false);
    expect(isRealDate("2026-13-01")).toBe(false);
  });
  it("moves across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(datesBetween("2026-12-30", "2027-01-02")).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(datesBetween("2027-01-02", "2027-01-01")).toEqual([]);
    expect(() => addDays("2027-02-30", 1)).toThrow(RangeError);
  });
  it("names weekdays the ISO way", () => {
    expect(isoWeekday("2026-12-07")).toBe(1);
    expect(isoWeekday("2026-12-13")).toBe(7);
  });
});

describe("Japan's service day", () => {
  it("turns at midnight in Tokyo, not in UTC", () => {
    expect(tokyoNow(new Date("2026-12-13T14:59:00Z"))).toEqual({ date: "2026-12-13", minutes: 23 * 60 + 59 });
    expect(tokyoNow(new Date("2026-12-13T15:00:00Z"))).toEqual({ date: "2026-12-14", minutes: 0 });
    expect(tokyoDate(new Date("2026-12-31T15:30:00Z"), 1)).toBe("2027-01-02");
  });
  it("bounds a day in UTC instants", () => {
    expect(tokyoDayBounds("2027-01-01")).toEqual({
      start: "2026-12-31T15:00:00.000Z",
      end: "2027-01-01T14:59:59.999Z",
    });
  });
});

describe("availability on a date", () => {
  const weekly = [
    { days: [1, 2, 3, 4, 5], from: "10:00", to: "12:00" },
    { days: [1], from: "11:30", to: "15:30" },
    { days: [6], from: "09:00", to: "08:00" },
  ];
  it("takes the weekday's windows, merged", () => {
    expect(windowsOn(weekly, [], "2026-12-07")).toEqual([{ from: 600, to: 930 }]);
    expect(windowsOn(weekly, [], "2026-12-08")).toEqual([{ from: 600, to: 720 }]);
  });
  it("ignores windows that end before they start", () => {
    expect(windowsOn(weekly, [], "2026-12-12")).toEqual([]);
  });
  it("lets a dated exception replace the week, an empty one meaning not that day", () => {
    const exceptions = [
      { date: "2026-12-07", windows: [] },
      { date: "2026-12-13", windows: [{ from: "13:00", to: "14:00" }] },
    ];
    expect(windowsOn(weekly, exceptions, "2026-12-07")).toEqual([]);
    expect(windowsOn(weekly, exceptions, "2026-12-13")).toEqual([{ from: 780, to: 840 }]);
  });
});
