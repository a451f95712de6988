import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath, browserAvailable, launchChromium, type TestBrowser } from "../helpers/browser";
import { type RunningServer, startServer } from "../helpers/server";

const hasBrowser = browserAvailable();

describe.runIf(hasBrowser)("map page in Chromium", () => {
  let server: RunningServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    // Tiles from a closed port: the test machine has no internet, and the page must fall back.
    server = await startServer({ tileUrl: "http://127.0.0.1:9/{z}/{x}/{y}.png" });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("serves the Japanese UI at /", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.locator("h1").textContent()).toContain("つなぐ");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await page.getByText("架空").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("home.png"), fullPage: true });
    await page.close();
  });

  it("draws the demo town's boundary, bus route, stops, facilities and hub, even without tiles", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/map/${server.municipalityCode}`);
    await page.locator('[data-testid="town-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "背景地図" }).waitFor({ timeout: 30_000 });
    // Wait until MapLibre has drawn a frame with the layers in view.
    await page.waitForFunction(
      () => (window as unknown as { tsunaguMap: { loaded(): boolean } }).tsunaguMap.loaded(),
      null,
      {
        timeout: 30_000,
      },
    );
    const rendered = await page.evaluate(() => {
      const map = (
        window as unknown as {
          tsunaguMap: { queryRenderedFeatures(opts: { layers: string[] }): unknown[] };
        }
      ).tsunaguMap;
      const count = (layer: string) => map.queryRenderedFeatures({ layers: [layer] }).length;
      return {
        boundary: count("boundary-line"),
        routes: count("routes"),
        stops: count("stops"),
        places: count("places"),
        hubs: count("hubs"),
        dronePorts: count("drone-ports"),
      };
    });
    expect(rendered.boundary).toBeGreaterThan(0);
    expect(rendered.routes).toBeGreaterThan(0);
    expect(rendered.stops).toBeGreaterThan(10);
    expect(rendered.places).toBeGreaterThanOrEqual(7);
    expect(rendered.hubs).toBe(1);
    expect(rendered.dronePorts).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("map.png") });
    await page.close();
  });

  it("switches to English and back", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByRole("button", { name: "表示言語を英語に切り替える" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Welcome to Tsunagu");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.close();
  });
});
