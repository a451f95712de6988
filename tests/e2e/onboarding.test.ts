import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { encodeCp932 } from "../helpers/cp932";
import { describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

describeInChromium("onboarding checklist in Chromium", () => {
  const suite = useBrowserSuite();

  it("shows each step's state and imports a facilities CSV, naming row and column of a bad one", async () => {
    const page = await suite.signedInPage("municipal_staff", { ...desktop, locale: "ja-JP" });
    await page.goto(`${suite.server.url}/onboarding/${suite.server.municipalityCode}`);
    await page.getByTestId("step-boundary").waitFor();
    // The demo town has its boundary, population, timetables, vehicles and residents.
    expect(await page.getByTestId("step-boundary").textContent()).toContain("完了");
    expect(await page.getByTestId("onboarding-ready").textContent()).toContain("交通空白の地図を使えます。");
    expect(await axeViolations(page)).toEqual([]);

    const facilities = page.getByTestId("step-facilities");
    const bad =
      "名称,種別,緯度,経度\r\n新しい診療所,診療所,３５．７６,１３８．９４\r\n北の薬局,薬局,135.7,138.9\r\n";
    await facilities
      .getByLabel("ファイル", { exact: true })
      .setInputFiles({ name: "facilities.csv", mimeType: "text/csv", buffer: Buffer.from(encodeCp932(bad)) });
    await facilities.getByRole("button", { name: "取り込む" }).click();
    const problems = page.getByTestId("register-places-problems");
    await problems.waitFor();
    expect(await problems.textContent()).toContain("3 行目・C 列（緯度）");
    expect(await problems.textContent()).toContain("この欄の値が正しくありません");
    expect(await axeViolations(page)).toEqual([]);

    const good = bad.replace("135.7", "35.7");
    await facilities.getByLabel("ファイル", { exact: true }).setInputFiles({
      name: "facilities.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(encodeCp932(good)),
    });
    await facilities.getByRole("button", { name: "取り込む" }).click();
    const done = page.getByTestId("register-places-done");
    await done.waitFor();
    expect(await done.textContent()).toContain("2 行を取り込みました（新規 2、更新 0）");
  });
});
