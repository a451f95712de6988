import { schema } from "@tsunagu/db";
import type { BrowserContextOptions, Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { describeInChromium, useBrowserSuite } from "../helpers/suite";

/** A small phone (iPhone SE width), used with a finger. */
const smallPhone: BrowserContextOptions = {
  viewport: { width: 375, height: 667 },
  isMobile: true,
  hasTouch: true,
};

/**
 * Text at 200 %, the way a reader sets it. Chromium's text-size setting (Settings → フォントサイズ,
 * and Android's 文字サイズ, which Chrome applies the same way) is the browser's default font size,
 * 16 px at 100 %: 32 px is 200 %. CDP `Page.setFontSizes` sets exactly that preference for the
 * page, so what is tested is whether the page follows it (a percent root, rem sizes). Page zoom
 * or a device scale factor would test something else: they scale the whole layout, px included.
 */
async function doubleTheText(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
}

/**
 * A full-page screenshot as a test artefact. Playwright takes it by changing the page's device
 * metrics, and Chromium then applies its font preferences anew, back at 16 px: the text is set to
 * 200 % again afterwards (problemsOnScreen checks that it is).
 */
async function keepScreenshot(page: Page, name: string) {
  await page.screenshot({ path: artefactPath(name), fullPage: true });
  await doubleTheText(page);
}

/** The root's font size in px: 125 % of the reader's setting. */
const rootFontPx = (page: Page) =>
  page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));

/**
 * What an elderly reader with large text would trip over on this screen: a page wider than the
 * phone, a control that a finger cannot reach because something else lies on it (each control is
 * scrolled to the middle of the screen and `elementFromPoint` at its centre must be itself or
 * inside it), text cut off inside its box, and anything axe-core finds.
 */
async function problemsOnScreen(page: Page): Promise<string[]> {
  const root = await rootFontPx(page);
  if (root !== 40) return [`the text is not at 200 %: the root font is ${root} px, not 40 px`];
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth)
      found.push(`horizontal scroll: ${root.scrollWidth} > ${root.clientWidth}`);
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 20)}"`;
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    for (const el of document.querySelectorAll("button, input, select, textarea, a[href]")) {
      if (!visible(el) || el.closest(".skip-link")) continue;
      el.scrollIntoView({ block: "center", inline: "nearest" });
      const box = el.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit)))
        found.push(`covered: ${name(el)} by ${hit ? name(hit) : "nothing"}`);
      if (box.right > root.clientWidth + 1 || box.left < -1) found.push(`off screen: ${name(el)}`);
    }
    for (const el of document.querySelectorAll("label, legend, button, h1, h2, dt, dd, p, option")) {
      if (!visible(el) || el.tagName === "OPTION") continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
        found.push(`clipped: ${name(el)}`);
      if (el.getBoundingClientRect().right > root.clientWidth + 1) found.push(`past the edge: ${name(el)}`);
    }
    window.scrollTo(0, 0);
    return found;
  });
  const axe = await axeViolations(page);
  return [
    ...problems,
    ...axe.map((v) => `axe ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ];
}

describeInChromium("a resident on a 375 px phone with text at 200 %", () => {
  const suite = useBrowserSuite();

  it("books a parcel and a ride with every step usable, and sees both in 「わたしの予約」", async () => {
    const page = await suite.signedInPage("resident", smallPhone);
    await doubleTheText(page);
    await page.goto(`${suite.server.url}/request/${suite.server.municipalityCode}`);
    await page.getByTestId("request-self").waitFor();
    expect(await rootFontPx(page)).toBe(40);

    // The menu is one button: the header takes a small part of the first screen.
    const menu = page.getByRole("button", { name: "メニュー" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await page.screenshot({ path: artefactPath("large-text-first-screen.png") });
    const header = await page.locator(".app-header").boundingBox();
    expect(header?.height ?? 999).toBeLessThan(667 / 4);
    expect(await page.getByRole("link", { name: "わたしの予約" }).isVisible()).toBe(false);
    await menu.tap();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await page.getByRole("link", { name: "わたしの予約" }).waitFor();
    await page.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("menu-toggle"))).toBe(true);
    expect(await page.getByRole("link", { name: "わたしの予約" }).isVisible()).toBe(false);
    expect(await problemsOnScreen(page)).toEqual([]);
    await keepScreenshot(page, "large-text-form.png");

    // A parcel. 「確認へ」 with nothing filled in: told at the step, by each field, what to do.
    await page.getByLabel("荷物（届けてほしい）").tap();
    await page.getByRole("button", { name: "確認へ" }).tap();
    const description = page.getByLabel("何を送りますか（短く）");
    expect(await description.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#description-error").textContent()).toContain(
      "何を送るか、短く書いてください",
    );
    expect(await page.locator("#sizeClass-error").textContent()).toContain("小・中・大 から選んでください");
    expect(await page.locator("#dropoff-error").textContent()).toContain("届け先を一覧から選んでください");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-description");
    expect(await page.getByTestId("request-confirm").count()).toBe(0);
    expect(await problemsOnScreen(page)).toEqual([]);
    await keepScreenshot(page, "large-text-parcel-errors.png");

    await description.fill("野菜の箱");
    await page.getByLabel(/^中（10 kg まで/).tap();
    const to = page.getByLabel("どこへ届けますか（配達）");
    await to.selectOption(
      (await to.locator("option", { hasText: "診療所" }).first().getAttribute("value")) ?? "",
    );
    await page.getByLabel("受け取る方のお名前（ご本人なら空けたまま）").fill("診療所 受付");
    await page.getByLabel("置き配でよい（玄関先に置く）").tap();
    await page.getByRole("button", { name: "確認へ" }).tap();
    const confirm = page.getByTestId("request-confirm");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("野菜の箱");
    expect(await problemsOnScreen(page)).toEqual([]);
    await keepScreenshot(page, "large-text-parcel-confirm.png");
    await page.getByRole("button", { name: "この内容で頼む" }).tap();
    await page.getByTestId("request-done").waitFor();
    expect(await problemsOnScreen(page)).toEqual([]);

    // Then a ride, from the same page.
    await page.getByRole("button", { name: "もう一件頼む" }).tap();
    await page.getByLabel("送迎（車で送ってほしい）").tap();
    const rideTo = page.getByLabel("どこへ", { exact: true });
    await rideTo.selectOption(
      (await rideTo.locator("option", { hasText: "診療所" }).first().getAttribute("value")) ?? "",
    );
    await page.getByRole("button", { name: "確認へ" }).tap();
    await page.getByTestId("request-confirm").waitFor();
    expect(await problemsOnScreen(page)).toEqual([]);
    await page.getByRole("button", { name: "この内容で頼む" }).tap();
    await page.getByTestId("request-done").waitFor();

    const rows = (await suite.server.database.db.select().from(schema.requests)).filter(
      (r) => r.source === "resident",
    );
    const parcel = rows.find((r) => r.kind === "parcel" && r.parcelDescription === "野菜の箱");
    expect(parcel).toMatchObject({
      parcelSizeClass: "medium",
      weightKg: 10,
      passengers: 0,
      receiverName: "診療所 受付",
      parcelHandover: "leave_at_door",
    });
    const ride = rows.filter((r) => r.kind === "ride").at(-1);
    expect(ride?.residentId).toBe(parcel?.residentId);

    // 「わたしの予約」 shows both, the parcel as a parcel.
    await page.goto(`${suite.server.url}/my-requests`);
    const parcelCard = page.locator(`[data-request-id="${parcel?.id}"]`);
    await parcelCard.waitFor();
    expect(await parcelCard.getByTestId("my-request-what").textContent()).toBe("荷物：野菜の箱（中）");
    expect(await parcelCard.textContent()).toContain("置き配でよい");
    const rideCard = page.locator(`[data-request-id="${ride?.id}"]`);
    expect(await rideCard.getByTestId("my-request-what").textContent()).toBe("送迎");
    expect(await problemsOnScreen(page)).toEqual([]);
    await keepScreenshot(page, "large-text-my-requests.png");
    await page.close();
  });
});
