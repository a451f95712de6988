import { describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { languageSwitchableInNode } from "../i18n/nodeLanguage";
import { importIssueText, importIssueWhere } from "./onboarding.issues";

languageSwitchableInNode();

describe("a refused file's problems in the page's language", () => {
  it("names a register's row and column in Japanese", () => {
    expect(importIssueWhere("row 3, column C 緯度")).toBe("3 行目・C 列（緯度）");
    expect(importIssueWhere("row 7, column 名称")).toBe("7 行目（名称）");
    expect(importIssueWhere("row 12")).toBe("12 行目");
    // N03 features and e-Stat file:line:field are locations in the file itself: shown as they are.
    expect(importIssueWhere("tblT001100S5339.txt:4:KEY_CODE")).toBe("tblT001100S5339.txt:4:KEY_CODE");
    expect(importIssueWhere("")).toBe("—");
  });

  it("words each code in Japanese, never the server's English sentence, and in English when switched", () => {
    expect(importIssueText({ code: "REGISTER_INVALID_VALUE" })).toContain("この欄の値が正しくありません");
    expect(importIssueText({ code: "N03_CODE_NOT_FOUND" })).toContain("N03_007");
    expect(importIssueText({ code: "ESTAT_OUTSIDE_BOUNDARY" })).toContain("区域の外");
    expect(importIssueText({ code: "SOMETHING_NEW" })).toBe("この箇所の内容を確かめてください。");
    expect(importIssueText({})).toBe("この箇所の内容を確かめてください。");
    setLang("en");
    expect(importIssueWhere("row 3, column C 緯度")).toBe("row 3, column C (緯度)");
    expect(importIssueText({ code: "REGISTER_REQUIRED" })).toBe("This cell is empty. Enter a value.");
  });
});
