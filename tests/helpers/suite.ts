import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { axeViolations } from "./axe";
import { browserAvailable, launchChromium, type TestBrowser } from "./browser";
import { type RunningServer, startServer } from "./server";
import { type Credentials, type DemoRole, signInThroughPage } from "./signIn";

/** A desktop window, the size the staff and coordinator screens are designed for. */
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
/** A phone, as residents, drivers and staff in the field use the app. */
export const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true };

/** Base-map tiles from a closed port: the test machine has no internet, and the maps must fall back. */
const OFFLINE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png";

/** A describe block that runs where Chromium is installed (see browserAvailable for elsewhere). */
export const describeInChromium = describe.runIf(browserAvailable());

export interface BrowserSuite {
  /** The product with the demo town (or empty: `useBrowserSuite({ seedDemo: false })`), started before the file's tests. */
  readonly server: RunningServer;
  /** Chromium, on the suite's clock. */
  readonly browser: TestBrowser;
  /** A fresh page (its own cookies), on a desktop unless told, signed in through the sign-in page. */
  signedInPage(who: DemoRole | Credentials, options?: BrowserContextOptions): Promise<Page>;
  /** The demo municipality's API URL of `path` ("/vehicles"). */
  api(path: string): string;
}

/**
 * The setup every browser test file shares: one server and one Chromium for
 * the file, started before its tests and stopped after them. Call it inside
 * the describe block; its hooks run before the file's own `beforeAll`.
 */
export function useBrowserSuite(options: { seedDemo?: boolean } = {}): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    server = await startServer({ tileUrl: OFFLINE_TILES, ...options });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} starts in beforeAll: use it in a test or a later hook`);
    return value;
  };
  const suite: BrowserSuite = {
    get server() {
      return started(server, "the server");
    },
    get browser() {
      return started(browser, "the browser");
    },
    async signedInPage(who, options = desktop) {
      const page = await suite.browser.newPage(options);
      await signInThroughPage(page, suite.server.url, who);
      return page;
    },
    api: (path) => `${suite.server.url}/api/v1/municipalities/${suite.server.municipalityCode}${path}`,
  };
  return suite;
}

/**
 * On a phone the header's menu, account and language switch are folded behind 「メニュー」:
 * opens it when it is folded (on a wide screen there is nothing to open), so a test can follow
 * a menu link as a person would.
 */
export async function openMenu(page: Page): Promise<void> {
  const toggle = page.getByRole("button", { name: "メニュー" });
  if ((await toggle.isVisible()) && (await toggle.getAttribute("aria-expanded")) === "false")
    await toggle.click();
}

/**
 * Opens a one-time link (an invitation, a password reset) as the person it was sent to does:
 * on their own phone, a fresh context without cookies. Waits for the page's heading, and checks
 * that the token has left the address bar once read and that the page is axe-clean. The caller
 * closes the context.
 */
export async function openOneTimeLink(
  browser: TestBrowser,
  link: string,
  heading: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("heading", { name: heading }).waitFor();
  expect(page.url()).not.toContain("token=");
  expect(await axeViolations(page)).toEqual([]);
  return { context, page };
}
