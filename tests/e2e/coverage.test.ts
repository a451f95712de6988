import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { renderedCount } from "../helpers/map";
import { apiSignIn, signInThroughPage } from "../helpers/signIn";
import { describeInChromium, openMenu, phone, useBrowserSuite } from "../helpers/suite";

async function blankPopulation(page: Page): Promise<number> {
  const value = await page.getByTestId("blank-population").getAttribute("data-value");
  return Number(value);
}

describeInChromium("交通空白 page in Chromium", () => {
  const suite = useBrowserSuite();

  it("shows the blank cells and totals, and a what-if zone over the unserved hamlet lowers them", async () => {
    const page = await suite.browser.newPage({
      viewport: { width: 1280, height: 1000 },
      acceptDownloads: true,
    });
    const firstRun = page.waitForResponse(
      (r) => r.url().endsWith("/coverage") && r.request().method() === "POST",
    );
    await signInThroughPage(page, suite.server.url, "municipal_staff");
    await page.goto(`${suite.server.url}/coverage/${suite.server.municipalityCode}`);
    const baseline = (await (await firstRun).json()) as {
      totals: { blankPopulation: number; population: number };
      cells: { features: { properties: { served: boolean } }[] };
    };
    await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "背景地図" }).waitFor({ timeout: 30_000 });

    // The blank-cell layer and the stops are drawn.
    const blankCells = baseline.cells.features.filter((f) => !f.properties.served).length;
    expect(blankCells).toBeGreaterThan(0);
    expect(await renderedCount(page, "coverage-blank-line")).toBeGreaterThan(0);
    expect(await renderedCount(page, "coverage-stops")).toBeGreaterThan(10);
    expect(await renderedCount(page, "coverage-cells")).toBeGreaterThan(0);

    // The totals panel shows what the API computed.
    const before = await blankPopulation(page);
    expect(before).toBe(baseline.totals.blankPopulation);
    expect(before).toBeGreaterThan(0);
    expect(await page.getByTestId("blank-population").textContent()).toBe(
      `${before.toLocaleString("ja-JP")}人`,
    );

    // A zone of 1.5 km around the remote hamlet's hall (大萱, no bus).
    await page.getByLabel("場所").selectOption({ label: "大萱集落センター（架空）" });
    await page.getByLabel("半径（m）").fill("1500");
    const whatIfRun = page.waitForResponse(
      (r) => r.url().endsWith("/coverage") && r.request().method() === "POST" && r.status() === 200,
    );
    await page.getByTestId("add-place-zone").click();
    const response = await whatIfRun;
    const requestBody = response.request().postData() ?? "";
    expect(JSON.parse(requestBody).whatIf.onDemandZones).toHaveLength(1);
    await expect.poll(() => blankPopulation(page), { timeout: 30_000 }).toBeLessThan(before);
    const after = await blankPopulation(page);
    expect(Number(await page.getByTestId("blank-before").getAttribute("data-value"))).toBe(before);

    // The panel equals what the API returns for the same request, asked independently.
    const direct = await fetch(suite.api("/coverage"), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(await apiSignIn(suite.server.url, "municipal_staff")),
      },
      body: requestBody,
    });
    const fromApi = (await direct.json()) as {
      whatIf: {
        before: { blankPopulation: number };
        after: { blankPopulation: number };
        changedCells: string[];
      };
    };
    expect(fromApi.whatIf.before.blankPopulation).toBe(before);
    expect(fromApi.whatIf.after.blankPopulation).toBe(after);
    expect(fromApi.whatIf.changedCells.length).toBeGreaterThan(0);

    // The changed cells and the zone are on the map.
    await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => renderedCount(page, "coverage-changed"), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await renderedCount(page, "coverage-zones-line")).toBeGreaterThan(0);

    // CSV download: UTF-8 with a BOM, one row per cell, the changed cells marked.
    const downloadEvent = page.waitForEvent("download");
    await page.getByRole("button", { name: "CSV（Excel 用）" }).click();
    const download = await downloadEvent;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines).toHaveLength(baseline.cells.features.length + 1);
    expect(lines.slice(1).filter((l) => l.endsWith(",1"))).toHaveLength(fromApi.whatIf.changedCells.length);

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("coverage.png"), fullPage: true });
    await page.getByTestId("coverage-map").screenshot({ path: artefactPath("coverage-map.png") });
    await page.close();
  });

  it("draws an on-demand zone by clicking corners on the map, then 確定", async () => {
    const page = await suite.signedInPage("municipal_staff", { viewport: { width: 1280, height: 1000 } });
    await page.goto(`${suite.server.url}/coverage/${suite.server.municipalityCode}`);
    await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "地図をクリックして区域を描く" }).click();
    const map = page.getByTestId("coverage-map");
    for (const position of [
      { x: 300, y: 200 },
      { x: 450, y: 220 },
      { x: 420, y: 380 },
      { x: 280, y: 360 },
    ]) {
      await map.click({ position });
    }
    await page.getByText("いま 4 点。").waitFor();
    const run = page.waitForResponse((r) => r.url().endsWith("/coverage") && r.request().method() === "POST");
    await page.getByRole("button", { name: "確定" }).click();
    const body = JSON.parse((await run).request().postData() ?? "{}") as {
      whatIf: { onDemandZones: { name: string; polygon: { coordinates: number[][][] } }[] };
    };
    const zone = body.whatIf.onDemandZones[0];
    expect(zone?.name).toBe("デマンド区域 1");
    expect(zone?.polygon.coordinates[0]).toHaveLength(5);
    expect(zone?.polygon.coordinates[0]?.[0]).toEqual(zone?.polygon.coordinates[0]?.[4]);
    await page.getByRole("button", { name: "デマンド区域 1を削除" }).waitFor();
    await page.getByTestId("blank-before").waitFor();
    await page.close();
  });

  it("fits a phone screen and stays accessible", async () => {
    const page = await suite.signedInPage("municipal_staff", { ...phone, hasTouch: true });
    await page.goto(`${suite.server.url}/coverage/${suite.server.municipalityCode}`);
    await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await openMenu(page);
    expect(await page.getByRole("link", { name: "交通空白" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("coverage-phone.png"), fullPage: true });
    await page.close();
  });
});
