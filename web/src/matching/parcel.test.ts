import type { ParcelDetails } from "@tsunagu/contract";
import { describe, expect, it } from "vitest";
import { parcelFacts, parcelLine, receiverFacts } from "./parcel";

const parcel: ParcelDetails = {
  description: "処方薬",
  sizeClass: "medium",
  receiverName: "川上 一郎",
  receiverPhone: "0761-11-2222",
  handover: "leave_at_door",
};

describe("a parcel on the plan review (#24 item 1)", () => {
  it("says what it is, its size class and to whom, as the run sheet does", () => {
    expect(parcelFacts(parcel)).toEqual(["処方薬", "中サイズ"]);
    expect(receiverFacts(parcel)).toEqual(["受取：川上 一郎", "☎ 0761-11-2222", "置き配可"]);
    expect(parcelLine(parcel)).toBe("処方薬 ・ 中サイズ ・ 受取：川上 一郎 ・ ☎ 0761-11-2222 ・ 置き配可");
  });

  it("leaves out what was not given, and hands over in person by default", () => {
    const bare: ParcelDetails = {
      description: null,
      sizeClass: null,
      receiverName: null,
      receiverPhone: null,
      handover: "hand_to_person",
    };
    expect(parcelLine(bare)).toBe("手渡し");
  });
});
