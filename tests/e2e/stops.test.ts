import { schema } from "@tsunagu/db";
import { beforeAll, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { apiJson, approvedDemoDay } from "../helpers/plans";
import { apiSignIn } from "../helpers/signIn";
import { describeInChromium, phone as phoneScreen, useBrowserSuite } from "../helpers/suite";

/** The part of a run sheet (packages/contract/src/matching.ts) these tests read. */
interface SheetView {
  stops: {
    id: string;
    kind: string;
    requestId: string | null;
    requestKind: string | null;
    place: { name: string | null; address: string | null };
    residentName: string | null;
    status: string;
    handover: { mode: string } | null;
  }[];
}
interface SheetSummary {
  runId: string;
  vehicleId: string;
  vehicleName: string;
  shift: number;
}

/**
 * Issue 24, items 2, 4 and 6 in Chromium on the demo town: a demo day is
 * planned and approved; the demo driver's run sheets say where every stop is
 * (a place name and an address, on screen and on the A4 print; the clinic by
 * its name); a 不在 at a pick-up takes the drop-off off the sheet; the
 * coordinator finds a request by the resident's name.
 */
describeInChromium("every stop says where, names for the coordinator, a consistent driver's sheet", () => {
  const suite = useBrowserSuite();
  const { api } = suite;
  let date = "";
  let sheets: SheetSummary[] = [];
  let driver: Record<string, string> = {};

  const json = apiJson(api);
  const sheetOf = (s: SheetSummary) =>
    json<SheetView>(`/run-sheets/${s.runId}/${s.vehicleId}/${s.shift}`, driver);
  const sheetUrl = (s: SheetSummary) =>
    `${suite.server.url}/run-sheets/${encodeURIComponent(s.runId)}/${encodeURIComponent(s.vehicleId)}/${s.shift}?date=${date}`;

  beforeAll(async () => {
    // The demo day: the first day from tomorrow (Japan) with seeded requests, planned and approved.
    date = (await approvedDemoDay(suite.server, api)).date;
    // The demo driver account may drive every road vehicle of the town: all the day's sheets are his.
    driver = await apiSignIn(suite.server.url, "driver");
    sheets = (await json<{ items: SheetSummary[] }>(`/run-sheets?date=${date}`, driver)).items;
  }, 180_000);

  it("the demo driver's sheets name every stop with an address, on screen and on the A4 print, the clinic by its name", async () => {
    expect(sheets.length).toBeGreaterThan(0);
    const clinic = (await suite.server.database.db.select().from(schema.places)).find(
      (p) => p.kind === "clinic",
    );
    if (!clinic) throw new Error("the demo town has a clinic");
    let clinicStops = 0;
    const page = await suite.signedInPage("driver", phoneScreen);
    for (const summary of sheets) {
      const sheet = await sheetOf(summary);
      for (const stop of sheet.stops) {
        expect(stop.place.name, `stop ${stop.id} (${stop.kind}) has a name`).toBeTruthy();
        // A hand-over at a bus stop or port has the stop's name; its address is the nearest registered
        // place's (「…付近」) when there is one — GTFS stops carry no address (not yet: see the report).
        if (stop.handover === null)
          expect(stop.place.address, `stop ${stop.id} (${stop.place.name}) has an address`).toBeTruthy();
        expect(stop.place.name).not.toBe("自宅・指定地点");
      }
      // The clinic's requests stop at the clinic, and the sheet says so.
      const atClinic = sheet.stops.filter((s) => s.place.name === clinic.name);
      clinicStops += atClinic.length;

      await page.goto(sheetUrl(summary));
      const cards = page.getByTestId("sheet-stops").locator("li");
      await cards.first().waitFor();
      expect(await cards.count()).toBe(sheet.stops.length);
      for (const [i, stop] of sheet.stops.entries()) {
        const card = cards.nth(i);
        expect(await card.locator(".sheet-place").textContent()).toBe(stop.place.name);
        expect(await card.locator(".sheet-address").textContent()).toContain(
          stop.place.address ?? "住所の登録なし",
        );
        // An https maps link: it opens on Android and on an iPhone.
        expect(await card.getByRole("link", { name: "地図アプリで開く" }).getAttribute("href")).toMatch(
          /^https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=-?\d+\.\d+,-?\d+\.\d+$/,
        );
      }
      // The A4 print: one row a stop, with the place name and the address in their columns.
      await page.emulateMedia({ media: "print" });
      const rows = page.getByTestId("sheet-print").locator("tbody tr");
      expect(await rows.count()).toBe(sheet.stops.length);
      const headers = await page.getByTestId("sheet-print").locator("thead th").allTextContents();
      expect(headers).toEqual([
        "時刻",
        "乗車/降車",
        "お名前",
        "場所",
        "住所",
        "電話",
        "車いす・付き添い",
        "メモ",
        "確認",
      ]);
      for (const [i, stop] of sheet.stops.entries()) {
        const cells = await rows.nth(i).locator("td").allTextContents();
        expect(cells[3]).toBe(stop.place.name);
        expect(cells[4]).toBe(stop.place.address ?? "");
      }
      await page.emulateMedia({ media: "screen" });
    }
    expect(clinicStops).toBeGreaterThan(0);
    await page.screenshot({ path: artefactPath("run-sheet-addresses.png"), fullPage: true });
    await page.close();
  });

  it("the driver's 不在 at a pick-up removes the drop-off; the next stop is highlighted; undo brings both back", async () => {
    // A rider whose pick-up and drop-off are both on one sheet.
    let chosen: { summary: SheetSummary; pickup: string; dropoff: string } | undefined;
    for (const summary of sheets) {
      const sheet = await sheetOf(summary);
      for (const stop of sheet.stops) {
        if (stop.kind !== "pickup" || stop.requestKind !== "ride" || stop.status !== "pending") continue;
        const dropoff = sheet.stops.find((s) => s.kind === "dropoff" && s.requestId === stop.requestId);
        if (dropoff) {
          chosen = { summary, pickup: stop.id, dropoff: dropoff.id };
          break;
        }
      }
      if (chosen) break;
    }
    if (!chosen) throw new Error("the demo day has a ride picked up and dropped off by one vehicle");
    const page = await suite.signedInPage("driver", phoneScreen);
    await page.goto(sheetUrl(chosen.summary));
    const next = page.locator("li.sheet-stop-next");
    await next.waitFor();
    expect(await next.count()).toBe(1);
    expect(await next.textContent()).toContain("次はここ");
    const pickup = page.locator(`li[data-stop-id="${chosen.pickup}"]`);
    const dropoff = page.locator(`li[data-stop-id="${chosen.dropoff}"]`);
    await dropoff.getByRole("button", { name: "降車・配達済み" }).waitFor();
    await pickup.getByRole("button", { name: "不在" }).click();
    await pickup.locator(".sheet-status-no_show").waitFor();
    // The drop-off is off: marked as called off, with nothing left to press.
    await dropoff.locator(".sheet-status-cancelled").waitFor();
    expect(await dropoff.getByRole("button").count()).toBe(0);
    expect(await page.getByRole("status").textContent()).toContain("5 分以内");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("run-sheet-no-show.png"), fullPage: true });
    // Pressed by mistake: undone within the 5 minutes, the drop-off is back.
    await pickup.getByRole("button", { name: /取り消す/ }).click();
    await dropoff.getByRole("button", { name: "降車・配達済み" }).waitFor();
    expect(await pickup.locator(".sheet-status-no_show").count()).toBe(0);
    await page.close();
  });

  it("the coordinator finds a request by the resident's name on the plan page", async () => {
    const request = (await suite.server.database.db.select().from(schema.requests)).find(
      (r) => r.date === date && r.residentId !== null,
    );
    if (!request?.residentId) throw new Error("the demo day has a resident's request");
    const resident = (await suite.server.database.db.select().from(schema.residents)).find(
      (r) => r.id === request.residentId,
    );
    if (!resident?.name) throw new Error("the resident has a name");
    const page = await suite.signedInPage("coordinator");
    await page.goto(`${suite.server.url}/plans?date=${date}`);
    const search = page.getByTestId("request-search");
    await search.getByLabel("お名前・ふりがな・電話番号・依頼番号").fill(resident.name);
    await search.getByRole("button", { name: "さがす" }).click();
    const hit = search.locator(`li[data-request-id="${request.id}"]`);
    await hit.waitFor();
    const text = (await hit.textContent()) ?? "";
    expect(text).toContain(`${resident.name} さん`);
    expect(text).toContain(resident.phone ?? "");
    expect(text).toContain(`依頼番号 ${request.id}`);
    expect(text).not.toContain("自宅・指定地点");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("plan-request-search.png"), fullPage: true });
    await page.close();
  });
});
