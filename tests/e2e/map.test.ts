import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { renderedCounts } from "../helpers/map";
import { describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

describeInChromium("map page in Chromium", () => {
  const suite = useBrowserSuite();

  it("serves the Japanese UI at /", async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.url);
    await expect.poll(() => page.locator("h1").textContent()).toContain("つなぐ");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await page.getByText("架空").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("home.png"), fullPage: true });
    await page.close();
  });

  it("draws the demo town's boundary, bus route, stops, facilities and hub, even without tiles", async () => {
    const page = await suite.browser.newPage(desktop);
    await page.goto(`${suite.server.url}/map/${suite.server.municipalityCode}`);
    await page.locator('[data-testid="town-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "背景地図" }).waitFor({ timeout: 30_000 });
    // Counted once MapLibre has drawn a frame with the layers in view.
    const rendered = await renderedCounts(page, [
      "boundary-line",
      "routes",
      "stops",
      "places",
      "hubs",
      "drone-ports",
    ]);
    expect(rendered["boundary-line"]).toBeGreaterThan(0);
    expect(rendered.routes).toBeGreaterThan(0);
    expect(rendered.stops).toBeGreaterThan(10);
    expect(rendered.places).toBeGreaterThanOrEqual(7);
    expect(rendered.hubs).toBe(1);
    expect(rendered["drone-ports"]).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("map.png") });
    await page.close();
  });

  it("switches to English and back", async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.url);
    await page.getByRole("button", { name: "表示言語を英語に切り替える" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Welcome to Tsunagu");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.close();
  });
});
