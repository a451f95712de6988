import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { describeInChromium, useBrowserSuite } from "../helpers/suite";

describeInChromium("sign-in page in Chromium", () => {
  const suite = useBrowserSuite();

  it("has no axe findings in Japanese, with its error shown, and in English", async () => {
    const page = await suite.browser.newPage({ locale: "ja-JP" });
    await page.goto(`${suite.server.url}/signin`);
    await page.getByRole("heading", { name: "ログイン" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    expect(await axeViolations(page)).toEqual([]);

    // The announced error is part of the page a person meets: it is checked too.
    await page.getByRole("button", { name: "ログインする" }).click();
    await page.getByRole("alert").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("signin-ja.png"), fullPage: true });

    await page.getByRole("button", { name: "表示言語を英語に切り替える" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getByLabel("Email address").count()).toBe(1);
    expect(await page.getByLabel("Password").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("signin-en.png"), fullPage: true });
    await page.close();
  });
});
