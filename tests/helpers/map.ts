import type { Page } from "playwright-core";

/** What the web app exposes of its MapLibre map on `window.tsunaguMap` (web/src/map/baseMap.ts). */
type MapHandle = {
  tsunaguMap: { loaded(): boolean; queryRenderedFeatures(opts: { layers: string[] }): unknown[] };
};

/**
 * The features MapLibre has drawn in each layer, once the map has settled.
 * With `mapTestId`, first waits until that map has marked its data drawn (data-ready).
 */
export async function renderedCounts(
  page: Page,
  layers: string[],
  options: { mapTestId?: string } = {},
): Promise<Record<string, number>> {
  if (options.mapTestId)
    await page
      .locator(`[data-testid="${options.mapTestId}"][data-ready="true"]`)
      .waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as MapHandle).tsunaguMap.loaded(), null, {
    timeout: 30_000,
  });
  return page.evaluate((ids) => {
    const map = (window as unknown as MapHandle).tsunaguMap;
    return Object.fromEntries(ids.map((id) => [id, map.queryRenderedFeatures({ layers: [id] }).length]));
  }, layers);
}

/** The features MapLibre has drawn in one layer, once the map has settled. */
export async function renderedCount(page: Page, layer: string): Promise<number> {
  return (await renderedCounts(page, [layer]))[layer] ?? 0;
}
