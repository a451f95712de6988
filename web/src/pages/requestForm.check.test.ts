import { describe, expect, it } from "vitest";
import { ja } from "../i18n/ja";
import { checkRequestDraft, type RequestDraft, serverErrorMessage } from "./requestForm.check";

// 2026-12-07 15:00 in Japan.
const NOW = new Date("2026-12-07T06:00:00Z");

const ride: RequestDraft = {
  kind: "ride",
  mode: "resident",
  residentId: "r1",
  from: "home",
  to: "clinic",
  date: "2026-12-08",
  earliest: "09:00",
  latest: "11:00",
  passengers: 1,
  description: "",
  sizeClass: "",
  receiverName: "",
  receiverPhone: "",
};
const parcel: RequestDraft = { ...ride, kind: "parcel", description: "野菜の箱", sizeClass: "medium" };

describe("checkRequestDraft (the form step)", () => {
  it("lets a complete ride and a complete parcel through", () => {
    expect(checkRequestDraft(ride, NOW)).toEqual({});
    expect(
      checkRequestDraft({ ...ride, to: "point", toPoint: { lat: "３５．２", lon: "136.6" } }, NOW),
    ).toEqual({});
    expect(checkRequestDraft(parcel, NOW)).toEqual({});
    expect(checkRequestDraft({ ...parcel, receiverPhone: "0765-22-1234" }, NOW)).toEqual({});
  });

  it.each<[string, Partial<RequestDraft>, Record<string, string>]>([
    [
      "a window that ends before it starts",
      { earliest: "11:00", latest: "09:00" },
      { latest: "request.err.windowOrder" },
    ],
    ["an empty date", { date: "" }, { date: "request.err.dateEmpty" }],
    ["a past date", { date: "2026-12-06" }, { date: "request.err.dateInPast" }],
    ["a date years ahead", { date: "2029-12-08" }, { date: "request.err.dateTooFar" }],
    [
      "today with the window closed",
      { date: "2026-12-07", latest: "14:00", earliest: "13:00" },
      { latest: "request.err.timeInPast" },
    ],
    ["an empty time", { earliest: "" }, { earliest: "request.err.timeEmpty" }],
    ["no destination", { to: "" }, { dropoff: "request.err.chooseTo" }],
    ["the same place twice", { to: "home" }, { dropoff: "request.err.samePlace" }],
    [
      "another place without its pin",
      { from: "point", fromPoint: { lat: "", lon: "" }, to: "point", toPoint: { lat: "35.1", lon: "abc" } },
      { pickup: "request.err.pointEmpty", dropoff: "request.err.pointEmpty" },
    ],
    [
      "the same pin twice",
      {
        from: "point",
        fromPoint: { lat: "35.1", lon: "136.5" },
        to: "point",
        toPoint: { lat: "35.1", lon: "136.5" },
      },
      { dropoff: "request.err.samePlace" },
    ],
  ])("catches %s by its field", (_name, change, expected) => {
    expect(checkRequestDraft({ ...ride, ...change }, NOW)).toEqual(expected);
  });

  it("asks a parcel for what it is, its size and a phone number that is one", () => {
    expect(
      checkRequestDraft(
        { ...parcel, description: "  ", sizeClass: "", receiverPhone: "山田さん", to: "" },
        NOW,
      ),
    ).toEqual({
      description: "request.err.description",
      sizeClass: "request.err.sizeClass",
      receiverPhone: "request.err.phone",
      dropoff: "request.err.chooseParcelTo",
    });
  });

  it("asks the coordinator whose home it is and a passenger count in range", () => {
    const phone = { ...ride, mode: "phone" as const, residentId: "", passengers: 0 };
    expect(checkRequestDraft(phone, NOW)).toEqual({
      residentId: "request.err.whoseHome",
      passengers: "request.err.passengers",
    });
  });
});

describe("serverErrorMessage", () => {
  it("says what to do for every field of the form, never a bare 'please check'", () => {
    for (const field of [
      "date",
      "latest",
      "dropoff",
      "pickup",
      "description",
      "sizeClass",
      "receiverPhone",
      "notes",
    ])
      expect(serverErrorMessage(field, undefined)).toBeDefined();
    expect(serverErrorMessage("latest", "window_ends_before_start")).toBe("request.err.windowOrder");
    expect(serverErrorMessage("weightKg", "over_size_class")).toBe("request.err.sizeClass");
    expect(serverErrorMessage("somethingElse", undefined)).toBeUndefined();
    expect(Object.values(ja)).not.toContain("この項目をご確認ください。");
  });
});
