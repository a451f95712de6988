import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { clockIsShifted, testNow } from "./clock";

/** Debian's Chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Browser tests need a real Chromium. In CI its absence is a failure; on a
 * developer machine without it the tests are skipped with a loud warning.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI)
    throw new Error(`Chromium not found at ${chromiumPath}; .ci/run installs Debian's chromium.`);
  console.warn(
    `\n⚠️  SKIPPING browser tests: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH).\n`,
  );
  return false;
}

/**
 * The browser the tests drive: pages and contexts from it run on the suite's
 * clock (`./clock`), so the web app's "today" is the server's.
 */
export interface TestBrowser {
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  const browser = await launchRawChromium();
  const newContext = async (options?: BrowserContextOptions) => {
    const context = await browser.newContext(options);
    if (clockIsShifted) await context.clock.install({ time: testNow() });
    return context;
  };
  return {
    newContext,
    async newPage(options) {
      // Like Browser.newPage: the page owns its context and closing it closes both. A page closed
      // just before the suite closes the browser finds its context closing with the browser: that
      // rejection says what we want, so it is not left unhandled to fail the run.
      const context = await newContext(options);
      const page = await context.newPage();
      page.once("close", () => {
        context.close().catch(() => undefined);
      });
      return page;
    },
    close: () => browser.close(),
  };
}

function launchRawChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Flags that let MapLibre's WebGL render in a headless container and keep Chromium off the network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Screenshots are kept as test artefacts in test-results/ at the repo root. */
export function artefactPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, "../../test-results");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
