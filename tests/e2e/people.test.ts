import { beforeAll, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { apiSignIn } from "../helpers/signIn";
import { describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

/** The parts of the API's answers this test reads (the route tests check the full schemas). */
type DriverBody = {
  id: string;
  name: string;
  kind: string;
  vehicleIds: string[];
  availability: { weekly: { days: number[]; from: string; to: string }[] };
};
type ResidentBody = { id: string; name: string | null; wheelchair: boolean };
type VehicleBody = { id: string; name: string };

describeInChromium("staff screens for organisations, drivers and residents in Chromium", () => {
  const suite = useBrowserSuite();
  const { api } = suite;
  let staffHeaders: Record<string, string>;
  /** Reads the API as the municipality's staff, to check what the screens saved. */
  const json = async <T>(url: string) => (await (await fetch(url, { headers: staffHeaders })).json()) as T;

  beforeAll(async () => {
    staffHeaders = await apiSignIn(suite.server.url, "municipal_staff");
  });

  it("registers a volunteer driver with a vehicle and a weekday window, and saves a resident's wheelchair need", async () => {
    const page = await suite.signedInPage("municipal_staff", { ...desktop, locale: "ja-JP" });
    // A render error leaves a page blank without failing a locator quickly; collect them to name the cause.
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${suite.server.url}/resources`);
    for (const name of ["団体", "運転者・ボランティア", "住民"])
      expect(await page.getByRole("link", { name, exact: true }).count()).toBe(1);

    // Organisations: the list renders and is axe-clean.
    await page.getByRole("link", { name: "団体", exact: true }).click();
    await page.getByTestId("organisation-table").waitFor();
    await page.getByRole("button", { name: "団体を登録する" }).click();
    await page.getByTestId("organisation-form").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Drivers: a volunteer who may drive one demo vehicle on weekday mornings.
    const vehicles = (await json<{ items: VehicleBody[] }>(api("/vehicles"))).items;
    const van = vehicles[0];
    if (!van) throw new Error("the demo town has no vehicle");
    await page.goto(`${suite.server.url}/resources/drivers/${suite.server.municipalityCode}`);
    await page.getByTestId("driver-table").waitFor();
    await page.getByRole("button", { name: "運転者を登録する" }).click();
    const form = page.getByTestId("driver-form");
    await form.waitFor();
    await form.getByLabel("区分").selectOption("volunteer");
    await form.getByLabel("名前", { exact: true }).fill("山田 花子");
    await form.getByLabel(van.name).check();
    await form.getByRole("button", { name: "時間帯を追加" }).click();
    const row = form.getByRole("group", { name: "時間帯 1" });
    for (const day of ["月曜日", "火曜日", "水曜日", "木曜日", "金曜日"]) await row.getByLabel(day).check();
    await row.getByLabel("開始").fill("09:00");
    await row.getByLabel("終了").fill("12:00");
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole("button", { name: "保存する" }).click();
    await page.getByRole("status").filter({ hasText: "運転者を登録しました" }).waitFor();
    const table = page.getByTestId("driver-table");
    const listed = table.getByRole("row").filter({ hasText: "山田 花子" });
    expect(await listed.textContent()).toContain("ボランティア");
    expect(await listed.textContent()).toContain(van.name);
    const saved = (await json<{ items: DriverBody[] }>(api("/drivers"))).items.find(
      (d) => d.name === "山田 花子",
    );
    expect(saved?.kind).toBe("volunteer");
    expect(saved?.vehicleIds).toEqual([van.id]);
    expect(saved?.availability.weekly).toEqual([{ days: [1, 2, 3, 4, 5], from: "09:00", to: "12:00" }]);

    // Residents: turn on the wheelchair need of one who had none.
    const residents = (await json<{ items: ResidentBody[] }>(api("/residents"))).items;
    const resident = residents.find((r) => r.name && !r.wheelchair);
    if (!resident?.name) throw new Error("the demo town has no resident without a wheelchair need");
    await page.goto(`${suite.server.url}/resources/residents/${suite.server.municipalityCode}`);
    await page.getByTestId("resident-table").waitFor();
    await page.getByRole("button", { name: `${resident.name}を編集` }).click();
    const residentForm = page.getByTestId("resident-form");
    await residentForm.waitFor();
    await residentForm.getByLabel("車いす").check();
    expect(await axeViolations(page)).toEqual([]);
    await residentForm.getByRole("button", { name: "保存する" }).click();
    await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    const after = await json<ResidentBody>(api(`/residents/${resident.id}`));
    expect(after.wheelchair).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
