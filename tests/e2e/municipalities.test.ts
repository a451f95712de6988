import { schema } from "@tsunagu/db";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { sharedDataFile } from "../helpers/sharedData";
import { describeInChromium, openMenu, openOneTimeLink, useBrowserSuite } from "../helpers/suite";

const kosugeN03 = sharedDataFile("yamanashi-kosuge/boundary_n03_19442_kosuge.geojson");

describeInChromium("the platform operator's municipalities in Chromium", () => {
  const suite = useBrowserSuite();

  it.runIf(kosugeN03 !== undefined)(
    "the operator creates 小菅村 from its code and N03 file; its admin accepts the invitation and is signed in",
    async () => {
      const n03 = kosugeN03 ?? "";
      const operator = await suite.signedInPage("platform_admin");
      await operator.getByRole("link", { name: "自治体の管理", exact: true }).click();
      await operator.getByRole("heading", { name: "自治体の管理", exact: true }).waitFor();
      await operator.getByTestId("municipality-list").waitFor();
      // The operator has no account list (residents' names) in the menu.
      expect(await operator.getByRole("link", { name: "アカウント", exact: true }).count()).toBe(0);
      expect(await axeViolations(operator)).toEqual([]);

      // A mistyped check digit is named on the code field.
      await operator.getByLabel("全国地方公共団体コード").fill("194426");
      await operator.getByLabel("最初の管理者のメールアドレス").fill("admin@kosuge.example.jp");
      await operator.getByLabel("行政区域ファイル（N03 GeoJSON、任意）").setInputFiles(n03);
      await operator.getByRole("button", { name: "自治体を作って管理者を招待する" }).click();
      await operator.locator("#err-code").waitFor();
      expect(await operator.locator("#err-code").textContent()).toContain(
        "6 桁目（検査数字）が違います。正しくは 194425 です。",
      );

      await operator.getByLabel("全国地方公共団体コード").fill("19442");
      await operator.getByLabel("行政区域ファイル（N03 GeoJSON、任意）").setInputFiles(n03);
      await operator.getByRole("button", { name: "自治体を作って管理者を招待する" }).click();
      const notice = operator.getByTestId("invitation-notice");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("admin@kosuge.example.jp");
      expect(await operator.getByTestId("municipality-list").textContent()).toContain("山梨県 小菅村");
      expect(await operator.getByTestId("outbox").textContent()).toContain("未送信");
      expect(await axeViolations(operator)).toEqual([]);
      await operator.screenshot({ path: artefactPath("municipalities-created.png"), fullPage: true });
      // Demo mode only: the link is shown too (the demo town has no mailboxes).
      const link = await operator.getByLabel("デモ用：招待のリンク（デモの町だけで表示）").inputValue();
      expect(link).toMatch(new RegExp(`^${suite.server.url}/accept-invitation#token=.{20,}`));

      // The admin opens the link on their own device, chooses a password and is signed in.
      const { context, page: admin } = await openOneTimeLink(suite.browser, link, "つなぐ へようこそ");
      await admin.getByLabel("新しいパスワード（12文字以上）").fill("kosuge-admin-2026");
      await admin.getByRole("button", { name: "パスワードを決めて始める" }).click();
      // On a phone the account and ログアウト sit in the folded menu: open it to see them.
      // Signed in, the page moves on to the admin's home.
      await admin.waitForURL((url) => !url.pathname.startsWith("/accept-invitation"));
      await openMenu(admin);
      await admin.getByRole("button", { name: "ログアウト" }).waitFor();
      expect(await admin.getByTestId("account").textContent()).toContain("小菅村 管理者");

      // Archiving ends the admin's session and keeps the row.
      await operator.reload();
      await operator.getByRole("button", { name: "小菅村 をアーカイブする" }).click();
      await operator.getByRole("button", { name: "小菅村 を再開する" }).waitFor();
      const session = await admin.request.get(`${suite.server.url}/api/v1/auth/session`);
      expect(session.status()).toBe(401);
      const rows = await suite.server.database.db.select().from(schema.municipalities);
      expect(rows.find((m) => m.code === "194425")?.archivedAt).not.toBeNull();
      await context.close();
      await operator.close();
    },
  );
});
