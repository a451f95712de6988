import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import { ApiError } from "./client";
import { loadErrorMessage } from "./loadError";

describe("a page that does not load says why (#24 item 8)", () => {
  it("tells a refused role that this account cannot use the screen, in words", () => {
    expect(t(loadErrorMessage(new ApiError(403, "forbidden")))).toBe(
      "このアカウントでは、この画面は使えません。",
    );
  });

  it("keeps 「読み込めませんでした…」 for what is really a failure", () => {
    expect(loadErrorMessage(new ApiError(500, "internal"))).toBe("common.error");
    expect(loadErrorMessage(new TypeError("Failed to fetch"))).toBe("common.error");
  });
});
