import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { apiJson, approvedDemoDay } from "../helpers/plans";
import { apiSignIn } from "../helpers/signIn";
import { describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

/**
 * Issue 17 item 7 in Chromium on the demo town: a vehicle nothing uses is
 * deleted from the 車両 screen; one an approved plan uses is kept (保管) with
 * the reason said, listed under 「保管済みも表示」 and brought back with 「元に戻す」.
 */
describeInChromium("deleting or archiving registry records from their screens", () => {
  const suite = useBrowserSuite();
  const { api } = suite;
  /** The name of a vehicle the approved plan of the demo day drives. */
  let planned = "";
  let staff: Record<string, string> = {};

  const json = apiJson(api);

  beforeAll(async () => {
    const plan = await approvedDemoDay(suite.server, api);
    staff = await apiSignIn(suite.server.url, "municipal_staff");
    const vehicles = (await json<{ items: { id: string; name: string }[] }>("/vehicles", staff)).items;
    const used = vehicles.find((v) => plan.routes.some((r) => r.vehicleId === v.id));
    if (!used) throw new Error("the approved plan drives one of the town's vehicles");
    planned = used.name;
  }, 180_000);

  const vehiclesPage = async (): Promise<Page> => {
    const page = await suite.signedInPage("municipal_staff", { ...desktop, locale: "ja-JP" });
    await page.goto(`${suite.server.url}/resources/vehicles/${suite.server.municipalityCode}`);
    await page.getByTestId("vehicle-table").waitFor();
    return page;
  };
  const listed = async (page: Page) => (await page.getByTestId("vehicle-table").textContent()) ?? "";

  it("deletes a vehicle nothing uses: asked first, said, and gone from the list", async () => {
    await json("/vehicles", staff, {
      method: "POST",
      body: JSON.stringify({
        kind: "car",
        name: "使わない試験車",
        seats: 4,
        wheelchairs: 0,
        features: [],
        fuel: "petrol",
        kmPerLitre: 15,
        depotPlaceId: null,
        availability: { weekly: [], exceptions: [] },
      }),
    });
    const page = await vehiclesPage();
    expect(await listed(page)).toContain("使わない試験車");
    await page.getByRole("button", { name: "使わない試験車を削除" }).click();
    // The question says what will happen before anything does.
    const question = page.getByRole("alertdialog", { name: "「使わない試験車」を削除しますか" });
    await question.waitFor();
    expect(await question.textContent()).toContain(
      "使われていなければ削除します。承認済みの計画や今後の依頼で使われている場合は、削除せずに保管（アーカイブ）します。",
    );
    expect(await axeViolations(page)).toEqual([]);
    // 「やめる」 leaves it as it was.
    await question.getByRole("button", { name: "やめる" }).click();
    expect(await page.getByRole("alertdialog").count()).toBe(0);
    expect(await listed(page)).toContain("使わない試験車");

    await page.getByRole("button", { name: "使わない試験車を削除" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "削除する" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "削除しました" }).count()).toBe(1);
    expect(await listed(page)).not.toContain("使わない試験車");
    // Deleted, not archived: not even under 保管済み.
    await page.getByLabel("保管済みも表示").check();
    await expect.poll(() => page.getByTestId("archived-badge").count()).toBe(0);
    expect(await listed(page)).not.toContain("使わない試験車");
    await page.close();
  });

  it("keeps a vehicle of the approved plan (保管, with the reason), lists it under 保管済み and restores it", async () => {
    const page = await vehiclesPage();
    expect(await listed(page)).toContain(planned);
    await page.getByRole("button", { name: `${planned}を削除` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "削除する" }).click();
    const outcome = page.getByRole("status").filter({ hasText: "保管にしました" });
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe("保管にしました：承認済みの計画で使われています");
    expect(await listed(page)).not.toContain(planned);

    await page.getByLabel("保管済みも表示").check();
    const row = page.getByTestId("vehicle-table").locator("tr", { hasText: planned });
    await row.getByTestId("archived-badge").waitFor();
    expect(await row.getByTestId("archived-badge").textContent()).toBe("保管済み");
    // An archived vehicle is not edited, only brought back.
    expect(await row.getByRole("button", { name: `${planned}を編集` }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("archive-vehicle.png"), fullPage: true });

    await row.getByRole("button", { name: `${planned}を元に戻す` }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "元に戻しました" }).count()).toBe(1);
    await page.getByLabel("保管済みも表示").uncheck();
    await expect.poll(() => listed(page)).toContain(planned);
    expect(await page.getByTestId("archived-badge").count()).toBe(0);
    const kept = (await json<{ items: { name: string; archived: unknown }[] }>("/vehicles", staff)).items;
    expect(kept.find((v) => v.name === planned)?.archived).toBeNull();
    await page.close();
  });

  it("keeps a resident (「保管する」, never 削除): said why, and brought back", async () => {
    const residents = (await json<{ items: { name: string | null }[] }>("/residents", staff)).items;
    const name = residents.find((r) => r.name !== null)?.name;
    if (!name) throw new Error("the demo town has residents");
    const page = await suite.signedInPage("municipal_staff", { ...desktop, locale: "ja-JP" });
    await page.goto(`${suite.server.url}/resources/residents/${suite.server.municipalityCode}`);
    await page.getByTestId("resident-table").waitFor();
    expect(await page.getByRole("button", { name: `${name}を削除` }).count()).toBe(0);
    await page.getByRole("button", { name: `${name}を保管する` }).click();
    const question = page.getByRole("alertdialog", { name: `「${name}」を保管しますか` });
    await question.waitFor();
    expect(await question.textContent()).toContain("個人情報の消去は別の手続きです");
    expect(await axeViolations(page)).toEqual([]);
    await question.getByRole("button", { name: "保管する" }).click();
    const outcome = page.getByRole("status").filter({ hasText: "保管にしました" });
    await outcome.waitFor();
    // A demo resident with a ride booked from today on is kept for that; one without, as personal data.
    expect(await outcome.textContent()).toMatch(
      /^保管にしました：(今日以降の依頼で使われています|住民の個人情報は削除せずに保管します)$/,
    );
    await page.getByLabel("保管済みも表示").check();
    await page.getByRole("button", { name: `${name}を元に戻す` }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "元に戻しました" }).count()).toBe(1);
    const after = (await json<{ items: { name: string | null; archived: unknown }[] }>("/residents", staff))
      .items;
    expect(after.find((r) => r.name === name)?.archived).toBeNull();
    await page.close();
  });
});
