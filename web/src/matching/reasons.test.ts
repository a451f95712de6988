import type { UnassignedReason } from "@tsunagu/contract";
import { UnassignedReasonSchema, unassignedReasonSentence } from "@tsunagu/contract";
import { describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { languageSwitchableInNode } from "../i18n/nodeLanguage";
import { reasonText } from "./reasons";

const reason = (r: Partial<UnassignedReason> & Pick<UnassignedReason, "code">): UnassignedReason => ({
  details: {},
  hint: null,
  ...r,
});

languageSwitchableInNode();

describe("unassigned reasons as sentences", () => {
  it("names the busy kind of vehicle and the delay that would make a ride fit", () => {
    const text = reasonText(
      reason({
        code: "NO_ROOM_IN_PLAN",
        details: { requiredSkills: ["wheelchair"], feasibleVehicles: 2 },
        hint: { kind: "delay_delivery_end", minutes: 12, until: "10:40" },
      }),
      "ride",
    );
    expect(text.reason).toBe("車いす対応車はすべて使用中です。");
    expect(text.hint).toBe("到着希望を10:40まで遅らせれば配車可能です。");
  });

  it("says when the needed vehicles are busy, from the engine's seconds", () => {
    const text = reasonText(
      reason({
        code: "NO_ROOM_IN_PLAN",
        details: { requiredSkills: ["lift"], busyFrom: 32_400, busyTo: 39_600 },
      }),
      "ride",
    );
    expect(text.reason).toBe("車いす対応車は09:00〜11:00使用中です。");
  });

  it("says no driver can drive at the request's time (NO_DRIVER, #19)", () => {
    expect(
      reasonText(
        reason({ code: "NO_DRIVER", details: { from: 32_400, to: 35_100, rule: "overlap" } }),
        "ride",
      ).reason,
    ).toBe("09:00〜09:45に運転できる運転者がいません。");
    expect(reasonText(reason({ code: "NO_DRIVER" }), "parcel").reason).toBe(
      "この時間に運転できる運転者がいません。",
    );
  });

  it("words a parcel's hints as deliveries and collections", () => {
    expect(
      reasonText(
        reason({
          code: "TIME_WINDOW_UNREACHABLE",
          hint: { kind: "delay_delivery_end", minutes: 20, until: null },
        }),
        "parcel",
      ).hint,
    ).toBe("お届けの希望を 20 分遅らせれば配送可能です。");
    expect(
      reasonText(
        reason({
          code: "TIME_WINDOW_UNREACHABLE",
          hint: { kind: "delay_pickup_end", minutes: null, until: "14:05" },
        }),
        "parcel",
      ).hint,
    ).toBe("集荷の時間を14:05まで広げれば配送可能です。");
  });

  it("puts the engine's numbers into the sentence", () => {
    expect(
      reasonText(
        reason({ code: "CAPACITY", details: { dimension: 2, load: 40, largestCapacity: 25 } }),
        "parcel",
      ).reason,
    ).toBe("荷物の重さ（kg）が 40 必要ですが、いちばん大きい車両でも 25 までです。");
    expect(
      reasonText(
        reason({ code: "MAX_RIDE_TIME", details: { directSeconds: 3_700, maxRideSeconds: 3_600 } }),
        "ride",
      ).reason,
    ).toBe("直行しても 62 分かかり、乗車時間の上限（60 分）を超えます。");
    expect(
      reasonText(
        reason({ code: "TIME_WINDOW_UNREACHABLE", details: { lateBySeconds: 601, end: "pickup" } }),
        "ride",
      ).reason,
    ).toBe("お迎えが希望より 11 分遅れてしまいます。");
    expect(
      reasonText(
        reason({ code: "NO_VEHICLE_AVAILABLE", details: { earliestPickup: 30_600, latestDelivery: 36_000 } }),
        "ride",
      ).reason,
    ).toBe("希望の時間（08:30〜10:00）に動ける車両がありません。");
  });

  it("never shows a machine code, for every code and hint, with or without details, in both languages", () => {
    const codes = UnassignedReasonSchema.shape.code.options;
    const hints = [null, ...UnassignedReasonSchema.shape.hint.unwrap().shape.kind.options];
    for (const lang of ["ja", "en"] as const) {
      setLang(lang);
      for (const code of codes)
        for (const kind of hints)
          for (const details of [
            {},
            { requiredSkills: ["mystery_skill"], dimension: 9, end: "x" },
          ] as UnassignedReason["details"][]) {
            const text = reasonText(
              reason({ code, details, hint: kind ? { kind, minutes: 5, until: null } : null }),
              "ride",
            );
            const all = `${text.reason} ${text.hint ?? ""}`;
            expect(all).not.toMatch(/[A-Z]{2,}_[A-Z_]+|[a-z]+_[a-z_]+|\{\w+\}|undefined|NaN/);
            expect(text.reason.length).toBeGreaterThan(5);
            expect(text.hint === null).toBe(kind === null);
          }
    }
  });

  it("speaks English when the page does", () => {
    setLang("en");
    const text = reasonText(
      reason({
        code: "NO_ROOM_IN_PLAN",
        details: { requiredSkills: ["wheelchair"] },
        hint: { kind: "delay_delivery_end", minutes: 12, until: "10:40" },
      }),
      "ride",
    );
    expect(text).toEqual({
      reason: "All wheelchair-accessible vehicles are busy.",
      hint: "Would work if the arrival could be as late as 10:40.",
    });
  });
});

describe("one wording for the plan review and the resident's answer", () => {
  it("shows, for every code and hint, the sentence the server stores as the answer", () => {
    const codes = UnassignedReasonSchema.shape.code.options;
    const hints = [null, ...UnassignedReasonSchema.shape.hint.unwrap().shape.kind.options];
    for (const code of codes)
      for (const kind of hints) {
        const r = reason({
          code,
          details: { requiredSkills: ["wheelchair"], busyFrom: 32_400, busyTo: 39_600, lateBySeconds: 300 },
          hint: kind ? { kind, minutes: 5, until: "10:40" } : null,
        });
        const text = reasonText(r, "parcel");
        expect([text.reason, text.hint].filter(Boolean).join("")).toBe(
          unassignedReasonSentence(r, "parcel", "ja"),
        );
      }
  });
});
