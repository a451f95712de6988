import { schema } from "@tsunagu/db";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { tokyoDate } from "../helpers/clock";
import { describeInChromium, phone, useBrowserSuite } from "../helpers/suite";

describeInChromium("request forms in Chromium", () => {
  const suite = useBrowserSuite();

  async function requestsFrom(source: string) {
    const rows = await suite.server.database.db.select().from(schema.requests);
    return rows.filter((r) => r.source === source);
  }

  /** Fills the shared part of the form: resident (phone intake only) and the clinic as destination. */
  async function fillResidentAndClinic(page: Page, chooseResident: boolean) {
    if (chooseResident) {
      const resident = page.getByLabel("ご本人", { exact: true });
      await resident.locator("option").nth(1).waitFor({ state: "attached" });
      const all = await resident.locator("option").count();
      // The caller is found by typing part of the name; each line tells namesakes apart (生年, 住所, 電話の下4桁).
      const label = (await resident.locator("option").nth(1).textContent()) ?? "";
      expect(label).toMatch(/年生 ・ .+ ・ ☎…\d{4}$/);
      await page.getByLabel("ご本人をさがす（お名前・ふりがな・電話番号）").fill(label.split("（")[0] ?? "");
      expect(await resident.locator("option").count()).toBeLessThan(all);
      const firstResident = await resident.locator("option").nth(1).getAttribute("value");
      await resident.selectOption(firstResident ?? "");
    }
    const to = page.getByLabel("どこへ");
    const clinic = await to.locator("option", { hasText: "診療所" }).first().getAttribute("value");
    await to.selectOption(clinic ?? "");
  }

  /** The shared part of the form, then the confirmation. */
  async function fillAndReview(page: Page, chooseResident: boolean) {
    await fillResidentAndClinic(page, chooseResident);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "確認へ" }).click();
    await page.getByTestId("request-confirm").waitFor();
    expect(await page.getByTestId("request-confirm").textContent()).toContain("自宅");
  }

  /**
   * The first day from tomorrow on which the demo resident has no request yet: the demo seed books
   * their clinic visit on the week's busiest weekday, which can be tomorrow (on 2026-12-31 it is),
   * and a second booking of that same trip is rightly asked about first.
   */
  async function dayWithoutBooking(residentId: string | null | undefined): Promise<string> {
    const rows = await suite.server.database.db.select().from(schema.requests);
    const booked = new Set(rows.filter((r) => r.residentId === residentId).map((r) => r.date));
    let plus = 1;
    while (booked.has(tokyoDate(plus))) plus++;
    return tokyoDate(plus);
  }

  it("a resident books a clinic ride on a phone, once even with a double tap", async () => {
    const before = (await requestsFrom("resident")).length;
    const account = (await suite.server.database.db.select().from(schema.users)).find(
      (u) => u.email === "resident@demo.tsunagu.jp",
    );
    const day = await dayWithoutBooking(account?.residentId);
    const page = await suite.signedInPage("resident", phone);
    await page.goto(`${suite.server.url}/request/${suite.server.municipalityCode}`);
    await page.getByRole("heading", { name: "送迎・荷物を頼む" }).waitFor();
    // The signed-in resident books for themselves: no list of other residents' names.
    await page.getByTestId("request-self").waitFor();
    expect(await page.getByLabel("ご本人", { exact: true }).count()).toBe(0);
    await page.getByLabel("日にち").fill(day);
    await fillAndReview(page, false);
    await page.screenshot({ path: artefactPath("request-confirm.png"), fullPage: true });
    await page.getByRole("button", { name: "この内容で頼む" }).dblclick();
    await page.getByTestId("request-done").waitFor();
    expect(await page.getByTestId("request-done").textContent()).toContain("受け付けました");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("request-done.png"), fullPage: true });
    const after = await requestsFrom("resident");
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({
      kind: "ride",
      purpose: "clinic",
      date: day,
      pickupHome: true,
      status: "submitted",
      residentId: account?.residentId,
    });
    const booked = after.at(-1);
    // The same trip once more: asked before anything is stored, with the first booking's number.
    await page.getByRole("button", { name: "もう一件頼む" }).click();
    await page.getByLabel("日にち").fill(day);
    await fillAndReview(page, false);
    await page.getByRole("button", { name: "この内容で頼む" }).click();
    const duplicate = page.getByTestId("request-duplicate");
    await duplicate.waitFor();
    expect(await duplicate.textContent()).toContain(
      `同じ予約がすでにあります（受付番号 ${booked?.id.slice(0, 8)}）。もう一件頼みますか？`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("request-duplicate.png"), fullPage: true });
    await page.getByRole("button", { name: "やめる" }).click();
    await page.getByRole("button", { name: "確認へ" }).waitFor();
    expect((await requestsFrom("resident")).length).toBe(before + 1);
    // 「わたしの予約」 lists it with its status in words.
    await page.goto(`${suite.server.url}/my-requests`);
    const card = page.locator(`[data-request-id="${booked?.id}"]`);
    await card.waitFor();
    expect(await card.getByTestId("my-request-status").textContent()).toBe("受付済み（計画を作っています）");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("my-requests.png"), fullPage: true });
    await page.close();
  });

  it("a coordinator enters a wheelchair ride taken by phone, and sees a field error at the step", async () => {
    const before = (await requestsFrom("phone")).length;
    const page = await suite.signedInPage("coordinator");
    await page.goto(`${suite.server.url}/intake/${suite.server.municipalityCode}`);
    await page.getByRole("heading", { name: "電話受付（代理入力）" }).waitFor();
    // Arrive-by before ready-from: caught at 「確認へ」, by the field, before anything is sent.
    await page.getByLabel("何時から乗れますか").fill("11:00");
    await page.getByLabel("何時までに着きたいですか").fill("10:00");
    await page.getByLabel("車いすを使う").check();
    await page.getByLabel("メモ（電話の内容など）").fill("娘さんから電話。玄関前で待つ。");
    await fillResidentAndClinic(page, true);
    await page.getByRole("button", { name: "確認へ" }).click();
    const latest = page.getByLabel("何時までに着きたいですか");
    expect(await page.locator("#latest-error").textContent()).toContain("より後の時刻にしてください");
    expect(await latest.getAttribute("aria-invalid")).toBe("true");
    expect(await latest.getAttribute("aria-describedby")).toBe("latest-error");
    expect(await page.getByTestId("request-confirm").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await latest.fill("12:00");
    await page.getByRole("button", { name: "確認へ" }).click();
    await page.getByTestId("request-confirm").waitFor();
    await page.getByRole("button", { name: "この内容で頼む" }).click();
    await page.getByTestId("request-done").waitFor();
    await page.screenshot({ path: artefactPath("intake-done.png"), fullPage: true });
    const after = await requestsFrom("phone");
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ wheelchair: true, latest: "12:00", source: "phone" });
    await page.close();
  });
});
