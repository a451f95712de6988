import { describe, expect, it } from "vitest";
import { UnassignedReasonSchema } from "./matching";
import {
  UNASSIGNED_HINT_WORDS,
  UNASSIGNED_REASON_WORDS,
  unassignedReasonSentence,
  unassignedReasonText,
} from "./reasonWords";

const codes = UnassignedReasonSchema.shape.code.options;
const hintKinds = UnassignedReasonSchema.shape.hint.unwrap().shape.kind.options;

describe("the one table of reason words", () => {
  it("has Japanese and English words for every reason code and every hint kind", () => {
    expect(Object.keys(UNASSIGNED_REASON_WORDS).sort()).toEqual([...codes].sort());
    expect(Object.keys(UNASSIGNED_HINT_WORDS).sort()).toEqual([...hintKinds].sort());
    const tables = [...Object.values(UNASSIGNED_REASON_WORDS), ...Object.values(UNASSIGNED_HINT_WORDS)];
    for (const entry of tables)
      for (const words of Object.values(entry)) {
        expect(words.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
        expect(words.en).toMatch(/^[\x20-\x7e–]+$/);
        // Both languages fill the same placeholders.
        const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(slots(words.ja)).toEqual(slots(words.en));
      }
  });

  it("gives every code a sentence with no code or placeholder left in it", () => {
    for (const code of codes)
      for (const lang of ["ja", "en"] as const) {
        const text = unassignedReasonSentence({ code, details: {}, hint: null }, "parcel", lang);
        expect(text).toBe(
          UNASSIGNED_REASON_WORDS[code].plain[lang].replace(
            "{noun}",
            lang === "ja" ? "車両" : "suitable vehicles",
          ),
        );
        expect(text).not.toMatch(/[A-Z]{2,}_|\{\w+\}/);
      }
  });

  it("joins the reason and the hint into the resident's answer", () => {
    const reason = {
      code: "TIME_WINDOW_UNREACHABLE" as const,
      details: { lateBySeconds: 601, end: "delivery" },
      hint: { kind: "delay_delivery_end" as const, minutes: 12, until: "10:40" },
    };
    expect(unassignedReasonText(reason, "ride", "ja")).toEqual({
      reason: "到着が希望より 11 分遅れてしまいます。",
      hint: "到着希望を10:40まで遅らせれば配車可能です。",
    });
    expect(unassignedReasonSentence(reason, "ride", "ja")).toBe(
      "到着が希望より 11 分遅れてしまいます。到着希望を10:40まで遅らせれば配車可能です。",
    );
    expect(unassignedReasonSentence(reason, "parcel", "en")).toBe(
      "The arrival would be 11 min later than asked. Would work if the delivery could be as late as 10:40.",
    );
  });

  it("says when a parcel is over the drone's limit and nothing else can carry it", () => {
    const reason = {
      code: "NO_MODE_POSSIBLE" as const,
      details: { droneDimension: "cargoKg", droneLoad: 8, droneLimit: 5 },
      hint: null,
    };
    expect(unassignedReasonSentence(reason, "parcel", "ja")).toBe(
      "荷物の重さ（8 kg）がドローンで運べる上限（5 kg）を超え、車両・バスでも運べません。",
    );
  });
});
