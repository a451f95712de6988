import { it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { startServer } from "../helpers/server";
it("debug", async () => {
  const server = await startServer();
  const browser = await launchChromium();
  const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await phone.goto(`${server.url}/reports`);
  console.log("initial", await phone.evaluate(() => document.documentElement.scrollWidth));
  const wide = await phone.evaluate(() => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".table-scroll")).slice(0, 10).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
  console.log(wide);
  await browser.close(); await server.stop();
}, 120000);
