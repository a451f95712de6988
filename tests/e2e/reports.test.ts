import { readFileSync } from "node:fs";
import { schema } from "@tsunagu/db";
import ExcelJS from "exceljs";
import type { Download, Locator, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { MODAL_SHIFT_EXAMPLE } from "../helpers/effectsExamples";
import type { RunningServer } from "../helpers/server";
import { describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

/** Types into an input key by key, as a person would (fill() would set the value at once). */
async function type(input: Locator, text: string) {
  await input.click();
  await input.press("ControlOrMeta+a");
  await input.press("Backspace");
  await input.pressSequentially(text);
}

/** A leg's fieldset, named by its heading (現行 区間1, …). */
const leg = (page: Page, side: "現行" | "計画" | "Before (current)", n: number) =>
  page.getByRole("group", {
    name: new RegExp(
      side === "Before (current)" ? `^Before \\(current\\), leg ${n}(\\s|$)` : `^${side} 区間${n}(\\s|$)`,
    ),
  });

async function downloadBytes(page: Page, button: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  const file = await download.path();
  return { download, bytes: readFileSync(file) };
}

describeInChromium("effects reports page in Chromium", () => {
  const suite = useBrowserSuite();
  let page: Page;

  beforeAll(async () => {
    // axe is injected as an inline script, which the app's CSP (script-src 'self') rightly refuses;
    // the last test runs the page under the real CSP.
    page = await suite.browser.newPage({ ...desktop, acceptDownloads: true, bypassCSP: true });
  });

  it("is reachable from the navigation", async () => {
    await page.goto(suite.server.url);
    await page.getByRole("navigation").getByRole("link", { name: "効果（CO₂・省力化）" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("効果の計算（CO₂・省力化）");
    expect(new URL(page.url()).pathname).toBe("/reports");
  });

  it("calculates legs typed in by hand: a truck leg (改良トンキロ法) replaced by rail, as the API does", async () => {
    const before = leg(page, "現行", 1);
    await type(before.getByLabel("区間名（例：①）"), "トラック直行");
    await type(before.getByLabel("発地"), "工場");
    await type(before.getByLabel("着地"), "市場");
    // Defaults: トラック, 改良トンキロ法, 軽油, 営業用.
    expect(await before.getByLabel("主な輸送方法").inputValue()).toBe("truck");
    expect(await before.getByLabel("算定方法").inputValue()).toBe("improved-ton-km");
    await type(before.getByLabel("距離（km）"), "500");
    await type(before.getByLabel("輸送量（t/年）"), "2,000"); // grouped, as people write it
    await type(before.getByLabel("最大積載量（kg）"), "10000");
    await type(before.getByLabel("積載率（%）"), "60");
    await type(before.getByLabel("運行回数（回/年）"), "200");
    await type(before.getByLabel("1回の運転時間（時間）"), "8");

    const after = leg(page, "計画", 1);
    await type(after.getByLabel("区間名（例：①）"), "鉄道");
    await type(after.getByLabel("発地"), "工場駅");
    await type(after.getByLabel("着地"), "市場駅");
    await after.getByLabel("主な輸送方法").selectOption({ label: "鉄道" });
    // Rail has no 改良トンキロ法 table: the form moves it to 従来トンキロ法 and hides payload and fuel.
    expect(await after.getByLabel("算定方法").inputValue()).toBe("conventional-ton-km");
    expect(await after.getByLabel("最大積載量（kg）").count()).toBe(0);
    expect(await after.getByLabel("燃料").count()).toBe(0);
    await type(after.getByLabel("距離（km）"), "480");
    await type(after.getByLabel("輸送量（t/年）"), "２０００"); // full-width digits from a Japanese IME

    await page.getByRole("button", { name: "計算する", exact: true }).click();
    const beforeTable = page.getByTestId("legs-table-before");
    await beforeTable.waitFor();

    const api = (await (
      await fetch(`${suite.server.url}/api/v1/effects/legs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(MODAL_SHIFT_EXAMPLE),
      })
    ).json()) as {
      before: { tCO2: number; rows: { tCO2: number; unitLPerTkm: number }[] };
      after: { tCO2: number };
      reduction: { tCO2: number; tCO2Pct: number };
    };
    // 1,000,000 t·km × 0.0518 ℓ/t·km = 51.8 kℓ × 38.2 × 0.0187 × 3.6667 = 135.7 t; rail 960,000 × 22 g = 21.1 t.
    expect(api.before.tCO2).toBe(135.7);
    const row = beforeTable.locator("tbody tr").first();
    const cells = await row.locator("th, td").allTextContents();
    expect(cells.slice(0, 8)).toEqual([
      "トラック直行",
      "工場",
      "市場",
      "トラック",
      "500",
      "60",
      "2,000",
      "0.0518",
    ]);
    expect(cells[11]).toBe(api.before.rows[0]?.tCO2.toFixed(1));
    expect(await beforeTable.locator('[data-col="tCO2-total"]').textContent()).toBe(
      api.before.tCO2.toFixed(1),
    );
    const afterCells = await page
      .getByTestId("legs-table-after")
      .locator("tbody tr")
      .first()
      .locator("td")
      .allTextContents();
    expect(afterCells).toContain("22 g-CO₂/t·km");
    const co2 = await page.getByTestId("summary-co2").locator("td").allTextContents();
    expect(co2).toEqual([
      api.before.tCO2.toFixed(1),
      api.after.tCO2.toFixed(1),
      api.reduction.tCO2.toFixed(1),
      `${api.reduction.tCO2Pct.toFixed(1)}%`,
    ]);
    expect(await page.getByTestId("summary-hours").locator("td").allTextContents()).toEqual([
      "1,600",
      "0",
      "1,600",
      "100.0%",
    ]);
    // The chart: an image named by its values, with the values also written beside the bars.
    const chart = page.getByRole("img", { name: "CO₂排出量（t-CO₂/年）：現行 135.7、計画 21.1" });
    await chart.waitFor();
    expect(await chart.locator("text").allTextContents()).toEqual(["現行", "135.7", "計画", "21.1"]);
    expect(await page.locator("figure figcaption").first().textContent()).toBe("CO₂排出量（t-CO₂/年）");

    const { download, bytes } = await downloadBytes(page, "CSV（Excelで開けます）");
    expect(download.suggestedFilename()).toBe("tsunagu-co2-report.csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString("utf8");
    expect(csv).toContain("\r\n");
    expect(csv).toContain(
      "トラック直行,工場,市場,トラック,500,60,2000,0.0518,38.2,0.0187,3.6667,135.7,改良トンキロ法,",
    );
    expect(csv).toContain(`CO₂排出量(t-CO₂/年),135.7,21.1,${api.reduction.tCO2.toFixed(1)},`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("loads the MLIT worked example: 566.9 → 394.3 t-CO₂, 172.6 t less, 30.4 %, and exports it as XLSX", async () => {
    await page.getByRole("button", { name: "国土交通省の記載例を入れる" }).click();
    await page.getByRole("status").filter({ hasText: "記載例を入れました" }).waitFor();
    expect(await leg(page, "現行", 5).getByLabel("距離（km）").inputValue()).toBe("25");
    expect(await leg(page, "計画", 4).getByLabel("原単位（ℓ/t·km）").inputValue()).toBe("0.041");
    await page.getByRole("button", { name: "計算する", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("summary-co2").locator("td").allTextContents())
      .toEqual(["566.9", "394.3", "172.6", "30.4%"]);
    expect(await page.getByTestId("headline").textContent()).toBe("CO₂を年間 172.6 t-CO₂ 削減（30.4%）");
    const beforeRows = page.getByTestId("legs-table-before").locator("tbody tr");
    expect(await beforeRows.count()).toBe(5);
    expect(await beforeRows.locator('[data-col="tCO2"]').allTextContents()).toEqual([
      "84.0",
      "360.8",
      "20.4",
      "50.9",
      "50.9",
    ]);
    await page.getByRole("img", { name: "CO₂排出量（t-CO₂/年）：現行 566.9、計画 394.3" }).waitFor();

    const { download, bytes } = await downloadBytes(page, "Excel（xlsx）");
    expect(download.suggestedFilename()).toBe("tsunagu-co2-report.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell("A3").value).toBe("①");
    expect(sheet?.getCell("B3").value).toBe("東京湾");
    expect(sheet?.getCell("L3").value).toBe(84);
    const totals: unknown[] = [];
    sheet?.eachRow((r) => {
      if (r.getCell(1).value === "合計") totals.push(r.getCell(12).value);
    });
    expect(totals).toEqual([566.9, 394.3]);

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("reports.png"), fullPage: true });
  });

  it("prints on A4 without the navigation, the form or the buttons", async () => {
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.locator(".app-header").isVisible()).toBe(false);
      expect(await page.locator(".reports-form").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "印刷" }).isVisible()).toBe(false);
      expect(await page.getByTestId("legs-table-before").isVisible()).toBe(true);
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
      // A4 is 595.28 × 841.89 pt; Chromium writes the page box with its own float rounding.
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf);
      expect(Math.abs(Number(box?.[1]) - 595.28)).toBeLessThan(1);
      expect(Math.abs(Number(box?.[2]) - 841.89)).toBeLessThan(1);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("shows each field error next to its input, with a summary at the top", async () => {
    const second = leg(page, "現行", 2);
    await type(second.getByLabel("輸送量（t/年）"), " ");
    await type(second.getByLabel("積載率（%）"), "140");
    await type(leg(page, "計画", 1).getByLabel("距離（km）"), "4km");
    await page.getByRole("button", { name: "計算する", exact: true }).click();

    // A typo is caught in the page before anything is sent.
    const summary = page.getByRole("alert").filter({ hasText: "入力を直してください" });
    await summary.waitFor();
    expect(await summary.locator("li").allTextContents()).toEqual([
      "計画 区間1・距離（km）：数字で入力してください",
    ]);
    const distance = leg(page, "計画", 1).getByLabel("距離（km）");
    expect(await distance.getAttribute("aria-invalid")).toBe("true");

    // Fixed; now the API's 422 names the other two fields (body.before.1.tonsPerYear, …loadingRatePct).
    await type(distance, "4");
    await page.getByRole("button", { name: "計算する", exact: true }).click();
    await expect
      .poll(() => summary.locator("li").allTextContents())
      .toEqual([
        "現行 区間2・輸送量（t/年）：入力してください（この算定方法に必要です）",
        "現行 区間2・積載率（%）：0より大きく100以下の数字を入れてください",
      ]);
    const tons = second.getByLabel("輸送量（t/年）");
    expect(await tons.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await tons.getAttribute("aria-describedby")) ?? "";
    const message = page.locator(`[id="${describedBy.split(" ").at(-1)}"]`);
    expect(await message.textContent()).toBe("入力してください（この算定方法に必要です）");
    // "Next to the input": the message sits right below it in the same field.
    const [inputBox, messageBox] = [await tons.boundingBox(), await message.boundingBox()];
    expect(messageBox && inputBox && messageBox.y - (inputBox.y + inputBox.height)).toBeLessThan(40);
    // The summary links to the input.
    await summary.getByRole("link", { name: /輸送量/ }).click();
    expect(await tons.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("calculates 荷待ち時間 from the example: 54 minutes, over the 30-minute rule", async () => {
    await page.getByRole("button", { name: "荷待ちの例を入れる" }).click();
    await expect.poll(() => page.locator("#waiting-target").inputValue()).toBe("50");
    await page.getByRole("button", { name: "荷待ち時間を計算する" }).click();
    await expect.poll(() => page.getByTestId("waiting-minutes").textContent()).toBe("54.0分");
    await page.getByText("30分を超えています").waitFor();
  });

  it("fits a phone screen: only the tables scroll sideways", async () => {
    const phone = await suite.browser.newPage({ viewport: { width: 375, height: 740 }, bypassCSP: true });
    await phone.goto(`${suite.server.url}/reports`);
    await phone.getByRole("button", { name: "国土交通省の記載例を入れる" }).click();
    await phone.getByRole("status").filter({ hasText: "記載例を入れました" }).waitFor();
    await phone.getByRole("button", { name: "計算する", exact: true }).click();
    await phone.getByTestId("legs-table-after").waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(phone)).toEqual([]);
    await phone.screenshot({ path: artefactPath("reports-phone.png"), fullPage: true });
    await phone.close();
  });

  it("works under the app's Content-Security-Policy: calculating and downloading break no rule", async () => {
    const strict = await suite.browser.newPage({ acceptDownloads: true });
    const violations: string[] = [];
    strict.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await strict.goto(`${suite.server.url}/reports`);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await strict.getByRole("button", { name: "国土交通省の記載例を入れる" }).click();
    await strict.getByRole("status").filter({ hasText: "記載例を入れました" }).waitFor();
    await strict.getByRole("button", { name: "計算する", exact: true }).click();
    await strict.getByTestId("legs-table-before").waitFor();
    const { bytes } = await downloadBytes(strict, "CSV（Excelで開けます）");
    expect(bytes.toString("utf8")).toContain("合計,,,,,,,,,,,566.9");
    expect(violations).toEqual([]);
    await strict.close();
  });

  it("switches to English, labels and results included", async () => {
    const english = await suite.browser.newPage();
    await english.goto(`${suite.server.url}/reports`);
    await english.getByRole("button", { name: "表示言語を英語に切り替える" }).click();
    await expect
      .poll(() => english.locator("h1").textContent())
      .toBe("Effects calculator (CO₂ and labour saving)");
    await english.getByRole("button", { name: "Load the MLIT worked example" }).click();
    await english.getByRole("status").filter({ hasText: "The worked example is filled in" }).waitFor();
    expect(await leg(english, "Before (current)", 1).getByLabel("Distance (km)").inputValue()).toBe("20");
    await english.getByRole("button", { name: "Calculate", exact: true }).click();
    await expect
      .poll(() => english.getByTestId("headline").textContent())
      .toBe("172.6 t-CO₂ less per year (30.4 %)");
    await english.close();
  });
});

/**
 * An approved plan for today written straight into the tables (as the match-run worker would): one
 * demo vehicle carrying two of today's demo rides one after the other.
 */
async function seedApprovedRun(server: RunningServer): Promise<{ runId: string; date: string }> {
  const db = server.database.db;
  const code = server.municipalityCode;
  // Filtered here rather than in SQL: the tests package does not depend on drizzle-orm.
  const vehicle = (await db.select().from(schema.vehicles)).find(
    (v) => v.municipalityCode === code && v.kind !== "drone" && v.kmPerLitre !== null,
  );
  if (!vehicle) throw new Error("the demo town has no combustion vehicle");
  const rides = (await db.select().from(schema.requests)).filter(
    (r) => r.municipalityCode === code && r.kind === "ride",
  );
  const date = rides[0]?.date;
  const two = rides.filter((r) => r.date === date).slice(0, 2);
  if (!date || two.length < 2) throw new Error("the demo town has no two rides on one day");
  const runId = "e2e-effects-run";
  await db
    .insert(schema.matchRuns)
    .values({ id: runId, municipalityCode: code, date, status: "done", timeLimitSeconds: 10 });
  const depot = { lat: two[0]?.pickupLat ?? 0, lon: two[0]?.pickupLon ?? 0 };
  type Point = { kind: string; requestId: string | null; lat: number; lon: number };
  const points: Point[] = [
    { kind: "start", requestId: null, ...depot },
    ...two.flatMap((r): Point[] => [
      { kind: "pickup", requestId: r.id, lat: r.pickupLat, lon: r.pickupLon },
      { kind: "dropoff", requestId: r.id, lat: r.dropoffLat, lon: r.dropoffLon },
    ]),
    { kind: "end", requestId: null, ...depot },
  ];
  await db.insert(schema.planRoutes).values({
    runId,
    municipalityCode: code,
    vehicleId: vehicle.id,
    shift: 0,
    distanceM: 25_000,
    approvedAt: new Date().toISOString(),
  });
  await db.insert(schema.planStops).values(
    points.map(({ kind, requestId, lat, lon }, seq) => ({
      id: `${runId}-${seq}`,
      runId,
      municipalityCode: code,
      vehicleId: vehicle.id,
      shift: 0,
      seq,
      kind,
      requestId,
      legIndex: requestId ? 0 : null,
      lat,
      lon,
      arrivalSec: 32_400 + seq * 600,
      departureSec: 32_400 + seq * 600 + 60,
      load: "{}",
    })),
  );
  await db.insert(schema.planLegs).values(
    two.map((r) => ({
      runId,
      municipalityCode: code,
      requestId: r.id,
      legIndex: 0,
      mode: "vehicle",
      vehicleId: vehicle.id,
      shift: 0,
      label: vehicle.name,
      fromLat: r.pickupLat,
      fromLon: r.pickupLon,
      toLat: r.dropoffLat,
      toLon: r.dropoffLon,
      departureSec: 32_400,
      arrivalSec: 34_000,
    })),
  );
  return { runId, date };
}

describeInChromium("plan effects and cost sharing on the reports page in Chromium", () => {
  const suite = useBrowserSuite();
  let page: Page;
  let date: string;

  beforeAll(async () => {
    ({ date } = await seedApprovedRun(suite.server));
    page = await suite.signedInPage("coordinator", { ...desktop, bypassCSP: true });
  });

  it("shows a date's approved plan against travelling alone, with the allocation and its rule", async () => {
    await page.goto(`${suite.server.url}/reports`);
    const section = page.getByTestId("plan-effects");
    await section.getByRole("heading", { name: "計画の効果" }).waitFor();
    await section.getByLabel("運行日").fill(date);
    await section.getByRole("button", { name: "効果を表示" }).click();
    const result = page.getByTestId("plan-effects-result");
    await result.waitFor();
    expect(await result.textContent()).toContain(
      `${date} の承認済み計画（2 件中 2 件を配車・車両 1 台・1 便）`,
    );
    expect(await page.getByTestId("plan-allocation").locator("tbody tr").count()).toBe(2);
    // The plan's route is 25 km (the fixture's distance).
    expect(await page.getByTestId("plan-summary").locator("tbody tr").nth(1).textContent()).toContain("25.0");
    expect(await result.textContent()).toContain("ISO 14083");
    // The comparison's assumptions are the municipality's to change: a thirstier private car
    // makes "alone" emit more, and the footnote states the figure used.
    const co2Row = page.getByTestId("plan-summary").locator("tbody tr").first();
    const co2Before = await co2Row.textContent();
    expect(await result.textContent()).toContain("10.6 km/ℓ");
    await page.getByLabel("送迎を単独でした場合の自家用車の燃費（km/ℓ、既定 10.6）").fill("5.3");
    await section.getByRole("button", { name: "効果を表示" }).click();
    await expect.poll(() => page.getByTestId("plan-effects-result").textContent()).toContain("5.3 km/ℓ");
    expect(await co2Row.textContent()).not.toBe(co2Before);
    await section.getByLabel("年").fill(date.slice(0, 4));
    await section.getByRole("button", { name: "集計を表示" }).click();
    await page.getByTestId("plan-history").waitFor();
    expect(await page.getByTestId("plan-history").textContent()).toContain(date.slice(0, 7));
    await page.screenshot({ path: artefactPath("reports-plan-effects.png"), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it("splits a yearly cost among the participants by use and by Shapley", async () => {
    const section = page.getByTestId("cost-sharing");
    await section.getByLabel("対象期間（開始）").fill(date);
    await section.getByLabel("対象期間（終了・31 日以内）").fill(date);
    await section.getByRole("button", { name: "分担を計算" }).click();
    const result = page.getByTestId("cost-sharing-result");
    await result.waitFor({ timeout: 60_000 });
    const rows = result.locator("tbody tr");
    expect(await rows.count()).toBe(await section.getByTestId("cost-party").count());
    expect(await result.textContent()).toContain("12,000,000 円");
    // Six participants: the exact value over all 63 groups, said in words.
    expect(await page.getByTestId("cost-sharing-method").textContent()).toContain("全 63 通り");
    expect(await axeViolations(page)).toEqual([]);
  });
});
