import { schema } from "@tsunagu/db";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { describeInChromium, phone, useBrowserSuite } from "../helpers/suite";

/** The narrowest phone the product is checked on. */
const phone375 = { ...phone, viewport: { width: 375, height: 812 } };

/** Every map of the page by its test id (web/src/map/baseMap.ts). */
type MapWindow = {
  tsunaguMaps: Record<string, { project(lngLat: [number, number]): { x: number; y: number } }>;
};

/** Waits for a LocationPicker's map, scrolled into view. */
async function pickerMap(page: Page, prefix: string) {
  const map = page.locator(`[data-testid="${prefix}-map"][data-ready="true"]`);
  await map.waitFor({ timeout: 60_000 });
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  if (!box) throw new Error("map not laid out");
  return box;
}

/** The field values as numbers. */
async function fields(page: Page, lat: string, lon: string) {
  return {
    lat: Number(await page.getByLabel(lat, { exact: true }).inputValue()),
    lon: Number(await page.getByLabel(lon, { exact: true }).inputValue()),
  };
}

/** Where the pin's tip stands on the page, against where the map draws `point`. */
async function pinAgainst(page: Page, prefix: string, point: { lat: number; lon: number }) {
  const pin = await page.getByTestId(`${prefix}-pin`).boundingBox();
  const map = await page.getByTestId(`${prefix}-map`).boundingBox();
  if (!pin || !map) throw new Error("pin not drawn");
  const at = await page.evaluate(
    ({ id, p }) =>
      (window as unknown as MapWindow).tsunaguMaps[id]?.project([p.lon, p.lat]) ?? { x: -1e6, y: -1e6 },
    { id: `${prefix}-map`, p: point },
  );
  return {
    dx: Math.abs(pin.x + pin.width / 2 - (map.x + at.x)),
    dy: Math.abs(pin.y + pin.height - (map.y + at.y)),
  };
}

describeInChromium("locations by map pin in Chromium", () => {
  const suite = useBrowserSuite();

  it("registers a hub at a new place: a dropped and dragged pin fills 緯度・経度, typed ones move the pin (375 px)", async () => {
    const page = await suite.signedInPage("municipal_staff", { ...phone375, locale: "ja-JP" });
    await page.goto(`${suite.server.url}/resources/hubs/${suite.server.municipalityCode}`);
    await page.getByTestId("hub-table").waitFor();
    await page.getByRole("button", { name: "拠点を登録する" }).click();
    await page.getByLabel("場所", { exact: true }).selectOption({ label: "新しい場所を地図で登録する" });
    await page.getByLabel("新しい場所の名前").fill("北沢集会所");

    // Tap the map: the pin drops and the fields follow.
    let box = await pickerMap(page, "hub");
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByLabel("緯度", { exact: true }).inputValue()).toMatch(/^\d+\.\d{6}$/);
    const dropped = await fields(page, "緯度", "経度");
    expect(await page.getByTestId("hub-outside").count()).toBe(0);

    // Drag the pin 40 px right: the longitude grows, the latitude barely moves.
    const pin = await page.getByTestId("hub-pin").boundingBox();
    if (!pin) throw new Error("pin not drawn");
    await page.mouse.move(pin.x + pin.width / 2, pin.y + pin.height / 2);
    await page.mouse.down();
    await page.mouse.move(pin.x + pin.width / 2 + 20, pin.y + pin.height / 2, { steps: 5 });
    await page.mouse.move(pin.x + pin.width / 2 + 40, pin.y + pin.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await fields(page, "緯度", "経度")).lon).toBeGreaterThan(dropped.lon);
    expect(Math.abs((await fields(page, "緯度", "経度")).lat - dropped.lat)).toBeLessThan(0.001);

    // Type a point far outside the town (in the next prefecture): the pin jumps there and it is pointed out.
    await page.getByLabel("緯度", { exact: true }).fill("34.5");
    await page.getByLabel("経度", { exact: true }).fill("135.5");
    await page.getByTestId("hub-outside").waitFor();
    expect(await page.getByTestId("hub-outside").textContent()).toBe("区域外です。よろしいですか？");
    await expect
      .poll(async () => (await pinAgainst(page, "hub", { lat: 34.5, lon: 135.5 })).dx)
      .toBeLessThan(3);
    // Saved unconfirmed, it is refused with what to do.
    await page.getByRole("button", { name: "保存する" }).click();
    await page.getByText("正しければ「区域外の場所で登録する」にチェックしてください").waitFor();

    // A pasted pair back inside the town: both fields, the pin follows, no warning.
    const inside = {
      lat: Number((dropped.lat + 0.001).toFixed(6)),
      lon: Number((dropped.lon + 0.001).toFixed(6)),
    };
    await page.getByLabel("緯度", { exact: true }).fill(`${inside.lat}, ${inside.lon}`);
    await expect.poll(() => fields(page, "緯度", "経度")).toEqual(inside);
    await expect.poll(() => page.getByTestId("hub-outside").count()).toBe(0);
    box = await pickerMap(page, "hub");
    const moved = await pinAgainst(page, "hub", inside);
    expect(moved.dx).toBeLessThan(3);
    expect(moved.dy).toBeLessThan(30);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("hub-new-place-phone.png"), fullPage: true });

    await page.getByRole("button", { name: "保存する" }).click();
    await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    expect(await page.getByTestId("hub-table").textContent()).toContain("北沢集会所");
    const places = await suite.server.database.db.select().from(schema.places);
    const place = places.find((p) => p.name === "北沢集会所");
    expect(place).toMatchObject({ kind: "hub", lat: inside.lat, lon: inside.lon });
    const hubs = await suite.server.database.db.select().from(schema.hubs);
    expect(hubs.filter((h) => h.placeId === place?.id)).toHaveLength(1);
    // No page-width scroll on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });

  it("phone intake registers a new caller on the spot and books for them, keeping what was typed (375 px)", async () => {
    const page = await suite.signedInPage("coordinator", { ...phone375, locale: "ja-JP" });
    await page.goto(`${suite.server.url}/intake/${suite.server.municipalityCode}`);
    await page.getByRole("heading", { name: "電話受付（代理入力）" }).waitFor();
    // The booking is begun before the caller turns out to be new.
    const to = page.getByLabel("どこへ");
    await to.locator("option", { hasText: "診療所" }).first().waitFor({ state: "attached" });
    const clinic = (await to.locator("option", { hasText: "診療所" }).first().getAttribute("value")) ?? "";
    await to.selectOption(clinic);
    await page.getByLabel("メモ（電話の内容など）").fill("初めての電話。玄関で待つ。");

    await page.getByRole("button", { name: "新しい方を登録" }).click();
    const form = page.getByTestId("new-caller");
    await form.getByLabel("名前", { exact: true }).fill("新田 はな");
    await form.getByLabel("ふりがな").fill("にった はな");
    await form.getByLabel("電話番号").fill("0554-98-7654");
    await form.getByLabel("住所（運行表に載ります）").fill("架空町大字北沢 9-9");
    const box = await pickerMap(page, "nc");
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => form.getByLabel("自宅の緯度").inputValue()).toMatch(/^\d+\.\d{6}$/);
    await form.getByLabel("車いす").check();
    await form.getByLabel("データの利用について、電話で同意をいただいた").check();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("intake-new-caller-phone.png"), fullPage: true });
    await form.getByRole("button", { name: "登録して、この方の予約にする" }).click();

    await page
      .getByRole("status")
      .filter({ hasText: "新田 はなさんを登録し、ご本人に選びました。" })
      .waitFor();
    expect(await page.getByTestId("new-caller").count()).toBe(0);
    const residents = await suite.server.database.db.select().from(schema.residents);
    const caller = residents.find((r) => r.name === "新田 はな");
    expect(caller).toMatchObject({ wheelchair: true, phone: "0554-98-7654" });
    // Chosen, and the booking typed before is still there.
    expect(await page.getByLabel("ご本人", { exact: true }).inputValue()).toBe(caller?.id);
    expect(await to.inputValue()).toBe(clinic);
    expect(await page.getByLabel("メモ（電話の内容など）").inputValue()).toBe("初めての電話。玄関で待つ。");
    expect(await page.getByLabel("車いすを使う").isChecked()).toBe(true);
    // Registering a resident is audited as every resident write is.
    const audit = await suite.server.database.db.select().from(schema.auditLog);
    expect(audit.some((a) => a.action === "create" && a.residentId === caller?.id)).toBe(true);

    await page.getByRole("button", { name: "確認へ" }).click();
    await page.getByTestId("request-confirm").waitFor();
    expect(await page.getByTestId("request-confirm").textContent()).toContain("新田 はな");
    await page.getByRole("button", { name: "この内容で頼む" }).click();
    await page.getByTestId("request-done").waitFor();
    const requests = await suite.server.database.db.select().from(schema.requests);
    expect(requests.filter((r) => r.residentId === caller?.id)).toEqual([
      expect.objectContaining({ source: "phone", pickupHome: true, wheelchair: true }),
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
