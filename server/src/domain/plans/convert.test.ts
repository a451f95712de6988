import { UnassignedReasonSchema } from "@tsunagu/contract";
import type { PlanUnassignedRow } from "@tsunagu/db";
import { describe, expect, it } from "vitest";
import { reasonFromRow } from "./convert";

const row = (fields: Partial<PlanUnassignedRow>): PlanUnassignedRow => ({
  runId: "run-1",
  municipalityCode: "991503",
  requestId: "req-1",
  code: "TIME_WINDOW_UNREACHABLE",
  details: JSON.stringify({ lateBySeconds: 61, end: "delivery" }),
  relaxation: JSON.stringify({ kind: "delay_delivery_end", seconds: 61 }),
  ...fields,
});

describe("reasonFromRow", () => {
  it("reads the stored reason with its hint in whole minutes", () => {
    const reason = reasonFromRow(row({}), undefined);
    expect(UnassignedReasonSchema.parse(reason)).toEqual({
      code: "TIME_WINDOW_UNREACHABLE",
      details: { lateBySeconds: 61, end: "delivery" },
      hint: { kind: "delay_delivery_end", minutes: 2, until: "00:02" },
    });
  });

  it("loses only the hint or the numbers it cannot read, never the reason", () => {
    const noHint = reasonFromRow(row({ relaxation: JSON.stringify({ kind: "teleport" }) }), undefined);
    expect(noHint).toMatchObject({ code: "TIME_WINDOW_UNREACHABLE", hint: null });
    expect(noHint.details).toEqual({ lateBySeconds: 61, end: "delivery" });
    const noNumbers = reasonFromRow(row({ details: "{broken", relaxation: null }), undefined);
    expect(noNumbers).toEqual({ code: "TIME_WINDOW_UNREACHABLE", details: {}, hint: null });
  });

  it("refuses a reason code the contract does not know", () => {
    expect(() => reasonFromRow(row({ code: "SOMETHING_ELSE" }), undefined)).toThrow();
  });
});
