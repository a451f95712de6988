/**
 * Issue 17's "done when": two real municipalities onboarded from their public
 * files through the web app only, on an installation without the demo town
 * (SEED_DEMO=false, so no link is ever shown on screen: each person takes
 * theirs from their own mail). The only step off the web app is the one a
 * real installation has too: the first platform operator is invited from the
 * server's console (`npm run tsunagu -- operator invite`).
 */

import { main as cli } from "@tsunagu/server/cli";
import { inviteOperator } from "@tsunagu/server/domain/accounts/operators";
import { tokenMailedTo } from "@tsunagu/server/test/mail";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { testNow } from "../helpers/clock";
import { sharedDataFile } from "../helpers/sharedData";
import { type BrowserSuite, describeInChromium, desktop, useBrowserSuite } from "../helpers/suite";

const kosuge = {
  n03: sharedDataFile("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson"),
  population2020: sharedDataFile("yamanashi-kosuge/pop_2020_5338.zip"),
};
const suzu = {
  n03: sharedDataFile("ishikawa-suzu/boundary_n03_17205_suzu.geojson"),
  gtfs: sharedDataFile("ishikawa-suzu/suzucity_gtfs.zip"),
};
const filesPresent = [kosuge.n03, kosuge.population2020, suzu.n03, suzu.gtfs].every((f) => f !== undefined);
const file = (f: string | undefined): string => f ?? "";

/** Opens a link from a mail on a fresh device, chooses a password and waits until signed in. */
async function acceptInvitation(suite: BrowserSuite, path: string, password: string): Promise<Page> {
  const page = await suite.browser.newPage(desktop);
  await page.goto(`${suite.server.url}${path}`);
  await page.getByRole("heading", { name: "つなぐ へようこそ" }).waitFor();
  await page.getByLabel("新しいパスワード（12文字以上）").fill(password);
  await page.getByRole("button", { name: "パスワードを決めて始める" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/accept-invitation"));
  await page.getByRole("button", { name: "ログアウト" }).waitFor();
  return page;
}

/** The operator creates a municipality on 自治体の管理 from its 5-digit code and N03 file. */
async function createMunicipality(
  operator: Page,
  code5: string,
  n03: string,
  adminEmail: string,
): Promise<void> {
  await operator.getByLabel("全国地方公共団体コード").fill(code5);
  await operator.getByLabel("最初の管理者のメールアドレス").fill(adminEmail);
  await operator.getByLabel("行政区域ファイル（N03 GeoJSON、任意）").setInputFiles(n03);
  await operator.getByRole("button", { name: "自治体を作って管理者を招待する" }).click();
  await operator
    .getByTestId("invitation-notice")
    .filter({ hasText: adminEmail })
    .waitFor({ timeout: 60_000 });
}

/** The admin follows the menu to 自治体の準備 and waits for the checklist. */
async function openChecklist(admin: Page): Promise<void> {
  await admin.getByRole("link", { name: "自治体の準備", exact: true }).click();
  await admin.getByTestId("step-boundary").waitFor();
}

describeInChromium("a real municipality from its public files, in Chromium", () => {
  const suite = useBrowserSuite({ seedDemo: false });

  it.runIf(filesPresent)(
    "小菅村 (boundary + 2020 census mesh) and 珠洲市 (boundary + GTFS-JP) from an empty database, through the web app",
    async () => {
      const { server } = suite;
      // The installation's console: the first operator's invitation, printed there.
      const { invitation } = await inviteOperator(
        { db: server.database.db, now: testNow(), caller: undefined, trace: { requestId: null, ip: "cli" } },
        { email: "unei@example.jp" },
        { baseUrl: server.url, showLink: true },
      );
      const operator = await acceptInvitation(suite, invitation.resetPath ?? "", "unei-operator-2026");
      await operator.getByRole("link", { name: "自治体の管理", exact: true }).click();
      await operator.getByRole("heading", { name: "自治体の管理", exact: true }).waitFor();
      await operator.getByText("まだ自治体がありません").waitFor();

      await createMunicipality(operator, "19442", file(kosuge.n03), "admin@vill.kosuge.example.jp");
      await createMunicipality(operator, "17205", file(suzu.n03), "admin@city.suzu.example.jp");
      const list = await operator.getByTestId("municipality-list").textContent();
      expect(list).toContain("山梨県 小菅村");
      expect(list).toContain("石川県 珠洲市");
      // Not demo mode: the invitation went to the admin's mail, and the screen never shows it.
      expect(await operator.getByLabel(/招待のリンク/).count()).toBe(0);
      expect(await axeViolations(operator)).toEqual([]);

      // ── 小菅村: its admin opens the mailed link and loads the 2020 census mesh. ──────────────
      const kosugeAdmin = await acceptInvitation(
        suite,
        `/accept-invitation#token=${await tokenMailedTo(server.database, "admin@vill.kosuge.example.jp")}`,
        "kosuge-admin-2026",
      );
      await openChecklist(kosugeAdmin);
      // The boundary came with the municipality; the coverage map waits for population.
      expect(await kosugeAdmin.getByTestId("step-boundary").textContent()).toContain("完了");
      expect(await kosugeAdmin.getByTestId("step-population").textContent()).toContain("未完了");
      const population = kosugeAdmin.getByTestId("step-population");
      await population.getByLabel("ファイル（複数選べます）").setInputFiles(file(kosuge.population2020));
      await population.getByRole("button", { name: "取り込む" }).click();
      const report = kosugeAdmin.getByTestId("population-files-done");
      await report.waitFor({ timeout: 60_000 });
      expect(await report.textContent()).toContain("2020");
      await expect.poll(() => population.textContent()).toContain("完了");
      expect(await axeViolations(kosugeAdmin)).toEqual([]);

      // The 交通空白 page shows what the command line computes from the same files.
      const io = { out: [] as string[], err: [] as string[] };
      const exit = await cli(
        ["coverage", "--mesh", file(kosuge.population2020), "--boundary", file(kosuge.n03), "--json"],
        {
          cwd: process.cwd(),
          env: {},
          stdout: (t) => io.out.push(t),
          stderr: (t) => io.err.push(t),
        },
      );
      expect(io.err.join("")).toBe("");
      expect(exit).toBe(0);
      const fromCli = JSON.parse(io.out.join("")) as { population: number; blankPopulation: number };
      expect(Math.round(fromCli.population)).toBe(673);
      await kosugeAdmin.getByRole("link", { name: "交通空白", exact: true }).click();
      const blank = kosugeAdmin.getByTestId("blank-population");
      await blank.waitFor({ timeout: 60_000 });
      expect(Number(await blank.getAttribute("data-value"))).toBeCloseTo(fromCli.blankPopulation, 6);
      expect(await kosugeAdmin.locator(".coverage-totals").textContent()).toContain(
        `${Math.round(fromCli.population).toLocaleString("ja-JP")}人`,
      );
      // It says where its people come from, and why no stop counts.
      const basis = await kosugeAdmin.getByTestId("coverage-basis").textContent();
      expect(basis).toContain("国勢調査 2020 年");
      expect(basis).toContain("時刻表（GTFS-JP）がまだ登録されていない");
      expect(await axeViolations(kosugeAdmin)).toEqual([]);
      await kosugeAdmin.screenshot({ path: artefactPath("real-town-kosuge-coverage.png"), fullPage: true });

      // ── 珠洲市: its admin loads the city bus timetable (GTFS-JP) from the checklist's link. ─────
      const suzuAdmin = await acceptInvitation(
        suite,
        `/accept-invitation#token=${await tokenMailedTo(server.database, "admin@city.suzu.example.jp")}`,
        "suzu-admin-2026",
      );
      await openChecklist(suzuAdmin);
      expect(await suzuAdmin.getByTestId("step-boundary").textContent()).toContain("432");
      await suzuAdmin.getByRole("link", { name: /時刻表の取り込みと確認/ }).click();
      await suzuAdmin.getByLabel("zip ファイル").setInputFiles(file(suzu.gtfs));
      await suzuAdmin.getByRole("button", { name: "取り込む" }).click();
      const imported = suzuAdmin.getByTestId("gtfs-imported");
      await imported.waitFor({ timeout: 60_000 });
      expect(await imported.textContent()).toContain("停留所 50 か所");
      await suzuAdmin.getByRole("link", { name: "自治体の準備", exact: true }).waitFor();
      await openChecklist(suzuAdmin);
      await expect.poll(() => suzuAdmin.getByTestId("step-timetables").textContent()).toContain("完了");
      expect(await suzuAdmin.getByTestId("step-timetables").textContent()).toContain("時刻表 1");
      // Without census figures for Suzu in the shared data, the checklist says what the map still needs.
      expect(await suzuAdmin.getByTestId("step-population").textContent()).toContain(
        "人口がまだありません。",
      );
      expect(await suzuAdmin.getByTestId("onboarding-ready").textContent()).toContain(
        "交通空白の地図には、境界・人口・時刻表が必要です。",
      );
      expect(await axeViolations(suzuAdmin)).toEqual([]);
      await suzuAdmin.screenshot({ path: artefactPath("real-town-suzu-onboarding.png"), fullPage: true });

      // Each admin sees only their own municipality.
      const other = await suzuAdmin.request.get(`${server.url}/api/v1/municipalities/194425/onboarding`);
      expect(other.status()).toBe(404);
      for (const page of [operator, kosugeAdmin, suzuAdmin]) await page.close();
    },
  );
});
