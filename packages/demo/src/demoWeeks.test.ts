/**
 * The demo week is whatever week `npm start` (or a test) runs in. What the
 * README and the other tests rely on must hold in every one of them, not in
 * the week someone happened to run the suite: one whole year of weeks,
 * starting with the year-end week and passing Golden Week.
 */

import { addDays, isoWeekday } from "@tsunagu/contract";
import { describe, expect, it } from "vitest";
import { generateDemoTown } from "./generate";
import { MIN_WEEKDAY_REQUESTS } from "./requests";

const FIRST_MONDAY = "2026-12-28"; // the week holding 12-31 and 1-1
const MONDAYS = Array.from({ length: 52 }, (_, i) => addDays(FIRST_MONDAY, 7 * i));

describe("every demo week of a year", () => {
  it("covers the year-end week and Golden Week", () => {
    expect(MONDAYS[0]).toBe("2026-12-28");
    expect(MONDAYS).toContain("2027-05-03"); // 憲法記念日, a Monday in Golden Week
    expect(MONDAYS.at(-1)).toBe("2027-12-20");
  });

  it.each(MONDAYS)("the week of %s gives the demo resident bookings and every weekday its load", (monday) => {
    // `today` is the Sunday before: the demo week is then the coming week.
    const sunday = addDays(monday, -1);
    const town = generateDemoTown({ today: sunday });
    expect(town.weekStart).toBe(monday);

    const countOn = (date: string) => town.requests.filter((r) => r.date === date).length;
    const weekdays = town.weekDates.slice(0, 5);
    for (const date of weekdays) expect(countOn(date), date).toBeGreaterThanOrEqual(MIN_WEEKDAY_REQUESTS);

    // The busiest day is a weekday, and no weekday has more requests.
    expect(weekdays).toContain(town.busiestDate);
    for (const date of weekdays) expect(countOn(date)).toBeLessThanOrEqual(countOn(town.busiestDate));

    // The demo resident: a clinic visit there and back on the busiest day, a parcel, a shopping trip.
    const resident = town.residents.find((r) => r.id === town.demoResidentId);
    expect(resident?.consent.given).toBe(true);
    const theirs = town.requests.filter((r) => r.residentId === town.demoResidentId);
    const clinic = theirs.filter((r) => r.kind === "ride" && r.purpose === "clinic");
    expect(clinic.map((r) => r.date)).toEqual([town.busiestDate, town.busiestDate]);
    expect(clinic.filter((r) => r.kind === "ride" && r.returnOf !== undefined)).toHaveLength(1);
    expect(theirs.filter((r) => r.kind === "ride" && r.purpose === "shopping")).toHaveLength(2);
    expect(theirs.filter((r) => r.kind === "parcel")).toHaveLength(1);
    // All on weekdays of the week, never two outings on one day.
    for (const r of theirs) expect(weekdays).toContain(r.date);
    const outings = theirs.filter((r) => r.kind === "ride" && r.returnOf === undefined).map((r) => r.date);
    expect(new Set(outings).size).toBe(outings.length);
  });
});

describe("the default week", () => {
  it("is the coming week on a Sunday, so a day ahead always has requests", () => {
    const town = generateDemoTown({ today: "2026-12-13" });
    expect(isoWeekday("2026-12-13")).toBe(7);
    expect(town.weekStart).toBe("2026-12-14");
  });

  it("is today's week from Monday to Saturday", () => {
    for (const today of ["2026-12-07", "2026-12-10", "2026-12-12"])
      expect(generateDemoTown({ today }).weekStart).toBe("2026-12-07");
  });
});
