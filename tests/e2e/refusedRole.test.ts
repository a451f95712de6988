import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

/**
 * Issue 24 item 8: a role the API refuses a page is told so in words
 * (「このアカウントでは、この画面は使えません。」), not 「読み込めませんでした…」 as if broken.
 */
const REFUSED = "このアカウントでは、この画面は使えません。";

describeInChromium("a refused role is told in words", () => {
  const suite = useBrowserSuite();

  it("the plan page and the bus routes page tell a driver this account may not open them", async () => {
    const page = await suite.signedInPage("driver", { ...desktop, locale: "ja-JP" });
    for (const path of ["/plans", `/resources/routes/${suite.server.municipalityCode}`]) {
      await page.goto(`${suite.server.url}${path}`);
      const alert = page.getByRole("alert").filter({ hasText: REFUSED });
      await alert.first().waitFor();
      expect(await page.locator("body").textContent()).not.toContain("読み込めませんでした");
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.close();
  });

  it("the plan page tells the platform operator too (planning is the municipality's)", async () => {
    const page = await suite.signedInPage("platform_admin", { ...desktop, locale: "ja-JP" });
    await page.goto(`${suite.server.url}/plans`);
    await page.getByRole("alert").filter({ hasText: REFUSED }).first().waitFor();
    expect(await page.locator("body").textContent()).not.toContain("読み込めませんでした");
    await page.close();
  });
});
