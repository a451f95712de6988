import { strToU8, zipSync } from "fflate";
import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { renderedCounts } from "../helpers/map";
import { sharedDataFile } from "../helpers/sharedData";
import { apiSignIn } from "../helpers/signIn";
import { describeInChromium, desktop, openMenu, phone, useBrowserSuite } from "../helpers/suite";

/** The parts of the API's answers these tests read (the route tests check the full schemas). */
type VehicleBody = {
  availability: {
    weekly: { days: number[]; from: string; to: string }[];
    exceptions: { date: string; windows: { from: string; to: string }[] }[];
  };
};
type DroneRouteBody = { suspensions: { date: string; reason: string }[] };

/** Waits until the registry map has drawn its layers, then counts rendered features per layer. */
const resourceMapCounts = (page: Page, layers: string[]) =>
  renderedCounts(page, layers, { mapTestId: "resource-map" });

describeInChromium("staff registry screens in Chromium", () => {
  const suite = useBrowserSuite();
  const { api } = suite;
  let staffHeaders: Record<string, string>;
  /** Reads the API as the municipality's staff, to check what the screens saved. */
  const json = async <T>(url: string) => (await (await fetch(url, { headers: staffHeaders })).json()) as T;
  /** A fresh page (own cookies) signed in as the demo town's staff member. */
  const staffPage = (options: { phone?: boolean } = {}) =>
    suite.signedInPage("municipal_staff", { ...(options.phone ? phone : desktop), locale: "ja-JP" });

  beforeAll(async () => {
    staffHeaders = await apiSignIn(suite.server.url, "municipal_staff");
  });

  it("lists the four resource screens under one menu entry", async () => {
    const page = await staffPage({ phone: true });
    await page.goto(suite.server.url);
    await openMenu(page);
    await page.getByRole("link", { name: "地域の輸送資源" }).click();
    await page.getByRole("heading", { name: "地域の輸送資源" }).waitFor();
    for (const name of ["車両と空き時間", "バス路線と時刻表", "ドローンポートと航路", "配送拠点（ハブ）"])
      expect(await page.getByRole("link", { name }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("adds an idle window to a demo van, keeps it after a reload, and shows a reversed window's error", async () => {
    const page = await staffPage();
    await page.goto(`${suite.server.url}/resources/vehicles/${suite.server.municipalityCode}`);
    await page.getByTestId("vehicle-table").waitFor();
    expect(await page.getByTestId("vehicle-table").textContent()).toContain("ひだまり送迎車（ハイエース）");
    await page.getByRole("button", { name: "ひだまり送迎車（ハイエース）を編集" }).click();
    const editor = page.getByTestId("availability-editor");
    await editor.waitFor();
    // Focus moves to the form's heading, so a phone or a screen reader lands on what is being edited.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("vehicle-form-title");
    expect(await editor.getByTestId("weekly-row").count()).toBe(1);

    await editor.getByRole("button", { name: "時間帯を追加" }).click();
    const added = editor.getByRole("group", { name: "時間帯 2" });
    await added.getByLabel("土曜日").check();
    await added.getByLabel("開始").fill("16:00");
    await added.getByLabel("終了").fill("18:30");
    // The weekly grid's text equivalent follows the rows as they are typed.
    await expect.poll(() => page.getByTestId("week-grid-text").textContent()).toContain("土曜日：10:");
    expect(await page.getByTestId("week-grid-text").textContent()).toContain("16:00–18:30");
    // A dated exception: the van is away all day on New Year's Eve, and has other hours on the 30th.
    await editor.getByRole("button", { name: "例外の日を追加" }).click();
    const offDay = editor.getByRole("group", { name: "例外 1" });
    await offDay.getByLabel("日付").fill("2026-12-31");
    expect(await offDay.getByLabel("終日使えない").isChecked()).toBe(true);
    await editor.getByRole("button", { name: "例外の日を追加" }).click();
    const otherHours = editor.getByRole("group", { name: "例外 2" });
    await otherHours.getByLabel("日付").fill("2026-12-30");
    await otherHours.getByLabel("終日使えない").uncheck();
    await otherHours.getByLabel("開始").fill("13:00");
    await otherHours.getByLabel("終了").fill("14:30");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "保存する" }).click();
    await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor();

    // Persisted: the API has it, and a reload reopens the vehicle (?edit=) with two rows.
    const saved = await json<VehicleBody>(api("/vehicles/veh-day-care-1-van"));
    expect(saved.availability.weekly).toContainEqual({
      days: [1, 2, 3, 4, 5, 6],
      from: "16:00",
      to: "18:30",
    });
    expect(saved.availability.exceptions).toEqual([
      { date: "2026-12-31", windows: [] },
      { date: "2026-12-30", windows: [{ from: "13:00", to: "14:30" }] },
    ]);
    expect(page.url()).toContain("edit=veh-day-care-1-van");
    await page.reload();
    await page.getByTestId("availability-editor").waitFor();
    expect(await page.getByTestId("weekly-row").count()).toBe(2);
    expect(await page.getByRole("group", { name: "時間帯 2" }).getByLabel("開始").inputValue()).toBe("16:00");
    await page.screenshot({ path: artefactPath("staff-vehicle-availability.png"), fullPage: true });

    // A window that ends before it starts: the server's 422 shows next to that row's 終了.
    const row2 = page.getByRole("group", { name: "時間帯 2" });
    await row2.getByLabel("終了").fill("15:00");
    await page.getByRole("button", { name: "保存する" }).click();
    const error = page.locator("#err-availability-weekly-1-to");
    await error.waitFor();
    expect(await error.textContent()).toContain("終了は開始より後の時刻にしてください");
    expect(await row2.getByLabel("終了").getAttribute("aria-describedby")).toBe(
      "err-availability-weekly-1-to",
    );
    expect(await row2.locator("#err-availability-weekly-1-to").count()).toBe(1);
    expect(await page.getByRole("alert").textContent()).toContain("保存できませんでした");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("staff-vehicle-error.png"), fullPage: true });
    // Nothing was changed by the refused save.
    const after = await json<VehicleBody>(api("/vehicles/veh-day-care-1-van"));
    expect(after.availability).toEqual(saved.availability);
    await page.close();
  });

  it("reads in English too: the vehicle screen after the language switch", async () => {
    const page = await staffPage();
    await page.goto(
      `${suite.server.url}/resources/vehicles/${suite.server.municipalityCode}?edit=veh-volunteer-1`,
    );
    await page.getByTestId("availability-editor").waitFor();
    await page.getByRole("button", { name: /表示言語を英語に切り替える/ }).click();
    await page.getByRole("heading", { name: "Vehicles and idle time" }).waitFor();
    expect(await page.getByTestId("week-grid-text").textContent()).toContain("Tuesday: 09:00–16:00");
    expect(await axeViolations(page)).toEqual([]);
    // Back to Japanese for the other tests' pages (the choice is kept in localStorage per page context).
    await page.getByRole("button", { name: /Switch the display language to Japanese/ }).click();
    await page.close();
  });

  it("fits a phone: the vehicle editor at 390 px has no sideways page scroll and no axe findings", async () => {
    const page = await staffPage({ phone: true });
    await page.goto(
      `${suite.server.url}/resources/vehicles/${suite.server.municipalityCode}?edit=veh-shakyo-wheelchair`,
    );
    await page.getByTestId("availability-editor").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("staff-vehicle-phone-top.png") });
    await page.screenshot({ path: artefactPath("staff-vehicle-phone.png"), fullPage: true });
    await page.getByTestId("availability-editor").scrollIntoViewIfNeeded();
    await page.screenshot({ path: artefactPath("staff-vehicle-phone-editor.png") });
    await page.close();
  });

  it("shows the demo community bus timetable and draws its line and stops on the map", async () => {
    const page = await staffPage();
    await page.goto(`${suite.server.url}/resources/routes/${suite.server.municipalityCode}`);
    const timetable = page.getByTestId("timetable");
    await timetable.waitFor();
    const text = (await timetable.textContent()) ?? "";
    expect(text).toContain("役場前");
    expect(text).toMatch(/\d{2}:\d{2}/);
    expect(await timetable.locator("table").count()).toBeGreaterThanOrEqual(2); // both directions
    const counts = await resourceMapCounts(page, ["resource-lines", "resource-points"]);
    expect(counts["resource-lines"]).toBeGreaterThan(0);
    expect(counts["resource-points"]).toBeGreaterThan(5);

    // Spare room per trip: change the first trip's seats and see it saved through the API.
    const firstRow = page.getByTestId("spare-row").first();
    await firstRow.locator("input").first().fill("7");
    await firstRow.getByRole("button").click();
    await firstRow.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    const feeds = await json<{ items: { id: string }[] }>(api("/gtfs-feeds"));
    const tt = await json<{ routes: { trips: { spareSeats: number }[] }[] }>(
      api(`/gtfs-feeds/${feeds.items[0]?.id}/timetable`),
    );
    expect(tt.routes[0]?.trips[0]?.spareSeats).toBe(7);

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("staff-routes.png"), fullPage: true });
    await page.close();
  });

  it("refuses a broken GTFS zip with a problem table, and imports the real 池田町 feed (86 stops)", async () => {
    const page = await staffPage();
    await page.goto(`${suite.server.url}/resources/routes/${suite.server.municipalityCode}`);
    await page.getByTestId("timetable").waitFor();
    const feedsBefore = await json<{ items: unknown[] }>(api("/gtfs-feeds"));

    // A real zip whose feed has a latitude written in words and no calendar at all.
    const brokenFiles: Record<string, string> = {
      "agency.txt":
        "agency_id,agency_name,agency_url,agency_timezone\nA,テスト交通,https://example.jp,Asia/Tokyo\n",
      "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nS1,役場前,35.1,136.1\nS2,診療所前,北緯35度,136.2\n",
      "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,役場線,3\n",
      "trips.txt": "route_id,service_id,trip_id\nR1,WD,T1\n",
      "stop_times.txt":
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\n",
    };
    const broken = Buffer.from(
      zipSync(Object.fromEntries(Object.entries(brokenFiles).map(([name, text]) => [name, strToU8(text)]))),
    );
    await page
      .getByLabel("zip ファイル")
      .setInputFiles({ name: "broken.zip", mimeType: "application/zip", buffer: broken });
    await page.getByRole("button", { name: "取り込む" }).click();
    const problems = page.getByTestId("gtfs-problems");
    await problems.waitFor();
    expect(await page.getByTestId("gtfs-refused").textContent()).toContain("取り込めませんでした");
    const headers = await problems.locator("thead th").allTextContents();
    expect(headers).toEqual(["ファイル", "行", "項目", "内容"]);
    const latRow = problems.locator("tbody tr", { hasText: "stop_lat" });
    expect(await latRow.locator("th").textContent()).toBe("stops.txt");
    expect(await latRow.locator("td").first().textContent()).toBe("3");
    // Every problem is told in Japanese, by its code: the server's English sentence is not shown.
    expect(await latRow.textContent()).toContain("この項目の値の書き方が正しくありません");
    expect(await problems.textContent()).not.toMatch(/must be|is required|missing/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("staff-gtfs-refused.png"), fullPage: true });
    // A file that is not a zip at all: said in Japanese too.
    await page.getByLabel("zip ファイル").setInputFiles({
      name: "stops.zip",
      mimeType: "application/zip",
      buffer: Buffer.from("stop_id,stop_name\nS1,役場前\n"),
    });
    await page.getByRole("button", { name: "取り込む" }).click();
    await expect
      .poll(() => problems.textContent())
      .toContain("zip ファイルとして読めません。GTFS-JP の zip ファイルを選んでください。");
    const feedsAfterRefusal = await json<{ items: unknown[] }>(api("/gtfs-feeds"));
    expect(feedsAfterRefusal.items.length).toBe(feedsBefore.items.length);

    const ikeda = sharedDataFile("fukui-ikeda/fukui_ikeda_gtfs.zip");
    if (ikeda) {
      await page.getByLabel("zip ファイル").setInputFiles(ikeda);
      await page.getByRole("button", { name: "取り込む" }).click();
      const imported = page.getByTestId("gtfs-imported");
      await imported.waitFor({ timeout: 60_000 });
      expect(await imported.textContent()).toContain("停留所 86 か所");
      expect(await page.getByTestId("gtfs-problems").count()).toBe(0);
      // 池田町's feed in the demo town: stored, with warnings in Japanese that it does not fit.
      const warnings = await page.getByTestId("gtfs-warnings").textContent();
      expect(warnings).toContain("停留所 86 件のうち 86 件が市町村の区域外です");
      expect(warnings).toContain("運行カレンダーが 2019-03-31 で終わっています");
      // The new feed is listed and chosen, and its timetable is shown.
      await expect
        .poll(() => page.getByTestId("feed-table").locator("tbody tr").count())
        .toBe(feedsBefore.items.length + 1);
      // It opens on a route that runs (the feed also lists bus lines with no trips in this version).
      await expect.poll(() => page.getByTestId("timetable").textContent()).toContain("なかま号");
      expect(await page.getByLabel("路線").locator("option", { hasText: "便なし" }).count()).toBeGreaterThan(
        0,
      );
      const lines = await resourceMapCounts(page, ["resource-lines", "resource-points"]);
      expect(lines["resource-points"]).toBeGreaterThan(10);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artefactPath("staff-gtfs-ikeda.png"), fullPage: true });
    }
    await page.close();
  });

  it("suspends a drone route for a day (運休) and resumes it", async () => {
    const page = await staffPage();
    await page.goto(`${suite.server.url}/resources/drones/${suite.server.municipalityCode}`);
    await page.getByTestId("drone-route-table").waitFor();
    const counts = await resourceMapCounts(page, ["resource-points", "resource-lines-dashed"]);
    expect(counts["resource-points"]).toBe(2);
    expect(counts["resource-lines-dashed"]).toBeGreaterThan(0);

    // A Wednesday the demo routes fly (Mon–Sat), so before the switch the badge says 運航.
    const date = "2026-12-02";
    await page.getByLabel("対象の日").fill(date);
    const row = page.getByTestId("drone-route-row").first();
    await expect.poll(() => row.getByTestId("drone-status").textContent()).toBe("運航");
    await page.getByLabel("運休の理由").fill("強風のため");
    await row.getByRole("button", { name: /運休にする/ }).click();
    await expect.poll(() => row.getByTestId("drone-status").textContent()).toBe("運休");
    expect(await row.textContent()).toContain("強風のため");
    const routes = await json<{ items: DroneRouteBody[] }>(api("/drone-routes"));
    const suspended = routes.items.filter((r) => r.suspensions.length > 0);
    expect(suspended).toHaveLength(1);
    expect(suspended[0]?.suspensions).toEqual([{ date, reason: "強風のため" }]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("staff-drones-suspended.png"), fullPage: true });

    await row.getByRole("button", { name: /運休を取り消す/ }).click();
    await expect.poll(() => row.getByTestId("drone-status").textContent()).toBe("運航");
    await page.close();
  });

  it("adds a drone port by clicking the map and a route from it, and edits a hub's transfer time", async () => {
    const page = await staffPage();
    await page.goto(`${suite.server.url}/resources/drones/${suite.server.municipalityCode}`);
    // The new port's pin is dropped on the form's own map (LocationPicker).
    await page.locator('[data-testid="port-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId("port-map").scrollIntoViewIfNeeded();
    const box = await page.getByTestId("port-map").boundingBox();
    if (!box) throw new Error("map not laid out");
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
    await expect.poll(() => page.getByLabel("緯度").inputValue()).toMatch(/^\d+\.\d{6}$/);
    await page.getByLabel("ポートの名前").fill("公民館ドローンスタンド");
    await page.getByRole("button", { name: "ポートを追加" }).last().click();
    await page.getByRole("status").filter({ hasText: "ポートを追加しました" }).waitFor();
    expect(await page.getByTestId("port-table").textContent()).toContain("公民館ドローンスタンド");

    // A route from the new port; hours that end before they start are refused next to 運航終了.
    const from = page.getByLabel("出発ポート");
    await from.selectOption({ label: "公民館ドローンスタンド" });
    await page.getByLabel("到着ポート").selectOption({ label: "物流センター ドローンスタンド（架空）" });
    await page.getByLabel("最大積載（kg）").fill("3");
    await page.getByLabel("航続距離（km）").fill("8");
    await page.getByLabel("運航開始").fill("15:00");
    await page.getByLabel("運航終了").fill("09:00");
    await page.getByRole("button", { name: "航路を追加" }).click();
    await page.locator("#err-operatingTo").waitFor();
    expect(await page.locator("#err-operatingTo").textContent()).toContain(
      "終了は開始より後の時刻にしてください",
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("運航終了").fill("17:00");
    await page.getByRole("button", { name: "航路を追加" }).click();
    await page.getByRole("status").filter({ hasText: "航路を追加しました" }).waitFor();
    expect(await page.getByTestId("drone-route-row").count()).toBe(3);
    expect(await page.getByTestId("drone-route-table").textContent()).toContain("公民館ドローンスタンド →");
    await page.close();

    const hubs = await staffPage({ phone: true });
    await hubs.goto(`${suite.server.url}/resources/hubs/${suite.server.municipalityCode}`);
    await hubs.getByTestId("hub-table").waitFor();
    expect(await hubs.getByTestId("hub-table").textContent()).toContain("08:00–18:00");
    await hubs
      .getByRole("button", { name: /を編集$/ })
      .first()
      .click();
    await hubs.getByLabel("最短乗り継ぎ時間（分）").fill("20");
    await hubs.getByRole("button", { name: "保存する" }).click();
    await hubs.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    expect(await hubs.getByTestId("hub-table").textContent()).toContain("20 分");
    const list = await json<{ items: { minTransferMinutes: number }[] }>(api("/hubs"));
    expect(list.items[0]?.minTransferMinutes).toBe(20);
    expect(await axeViolations(hubs)).toEqual([]);
    await hubs.screenshot({ path: artefactPath("staff-hubs-phone.png"), fullPage: true });
    await hubs.close();
  });
});
