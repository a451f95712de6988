import { readFile } from "node:fs/promises";
import { schema } from "@tsunagu/db";
import { expect, it } from "vitest";
import { axeViolations } from "../helpers/axe";
import { artefactPath } from "../helpers/browser";
import { tokyoDate } from "../helpers/clock";
import { apiSignIn, DEMO_PASSWORD, demoEmail, submitSignIn } from "../helpers/signIn";
import { describeInChromium, openMenu, openOneTimeLink, phone, useBrowserSuite } from "../helpers/suite";

describeInChromium("accounts, access log and resident data rights in Chromium", () => {
  const suite = useBrowserSuite();

  async function residentIdOfDemoResident(): Promise<string> {
    const account = (await suite.server.database.db.select().from(schema.users)).find(
      (u) => u.email === demoEmail.resident,
    );
    if (!account?.residentId) throw new Error("the demo resident account has no resident record");
    return account.residentId;
  }

  it("staff creates a coordinator, who sets a password from the one-time link and signs in", async () => {
    const staff = await suite.signedInPage("municipal_staff");
    await staff.getByRole("link", { name: "アカウント", exact: true }).click();
    await staff.getByRole("heading", { name: "アカウント", exact: true }).waitFor();
    await staff.getByTestId("account-list").waitFor();
    expect(await staff.getByTestId("account-list").textContent()).toContain(demoEmail.coordinator);
    expect(await axeViolations(staff)).toEqual([]);

    // A taken email comes back as a field error on the email field.
    await staff.getByLabel("メールアドレス").fill(demoEmail.driver);
    await staff.getByLabel("名前（画面に表示）").fill("重複 太郎");
    await staff.getByRole("button", { name: "アカウントを作る" }).click();
    await staff.locator("#err-email").waitFor();
    expect(await staff.locator("#err-email").textContent()).toContain("すでにあります");

    const email = "new.coordinator@demo.tsunagu.jp";
    await staff.getByLabel("メールアドレス").fill(email);
    await staff.getByLabel("名前（画面に表示）").fill("新任 コーディネーター");
    await staff.getByLabel("役割").selectOption("coordinator");
    await staff.getByRole("button", { name: "アカウントを作る" }).click();
    const box = staff.getByTestId("reset-link");
    await box.waitFor();
    expect(await box.textContent()).toContain("もう一度は表示できません");
    const link = await staff.getByLabel("パスワード設定用のリンク", { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${suite.server.url}/reset-password#token=.{20,}`));
    expect(await staff.getByTestId("account-list").textContent()).toContain(email);
    expect(await axeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: artefactPath("accounts-link.png"), fullPage: true });
    // Closing the panel forgets the link: it is nowhere on the page any more.
    await staff.getByRole("button", { name: "伝えたので閉じる" }).click();
    expect(await staff.getByTestId("reset-link").count()).toBe(0);
    expect(await staff.content()).not.toContain(link.split("#token=")[1]);

    // The new person opens the link on their own device; the token leaves the address bar once read.
    const { context, page: person } = await openOneTimeLink(suite.browser, link, "パスワードを決める");
    await person.getByLabel("新しいパスワード（12文字以上）").fill("short");
    await person.getByRole("button", { name: "このパスワードにする" }).click();
    expect(await person.locator("#err-newPassword").textContent()).toContain("12文字以上");
    const password = "yamanami-basu-2026";
    await person.getByLabel("新しいパスワード（12文字以上）").fill(password);
    await person.getByRole("button", { name: "このパスワードにする" }).click();
    await person.getByTestId("reset-done").waitFor();
    expect(await axeViolations(person)).toEqual([]);
    await person.screenshot({ path: artefactPath("reset-password-done.png"), fullPage: true });
    await person.getByRole("link", { name: "ログイン画面へ" }).click();
    await person.getByRole("heading", { name: "ログイン" }).waitFor();
    await submitSignIn(person, { email, password });
    expect(await person.getByTestId("account").textContent()).toContain("新任 コーディネーター");
    // A coordinator is not shown the account screens.
    await openMenu(person);
    expect(await person.getByRole("link", { name: "アカウント", exact: true }).count()).toBe(0);

    // Any signed-in account changes its own password; the server's error shows on the field.
    await person.getByRole("link", { name: "パスワード変更" }).click();
    await person.getByRole("heading", { name: "パスワード変更" }).waitFor();
    await person.getByLabel("今のパスワード").fill("not-my-password-at-all");
    await person.getByLabel("新しいパスワード（12文字以上）").fill("kawa-no-nagare-2026");
    await person.getByRole("button", { name: "パスワードを変える" }).click();
    await person.locator("#err-currentPassword").waitFor();
    expect(await person.locator("#err-currentPassword").textContent()).toContain("今のパスワードが違います");
    expect(await axeViolations(person)).toEqual([]);
    await person.getByLabel("今のパスワード").fill(password);
    await person.getByRole("button", { name: "パスワードを変える" }).click();
    await person.getByTestId("password-changed").waitFor();
    await person.screenshot({ path: artefactPath("password-changed.png"), fullPage: true });
    await person.getByRole("button", { name: "すべての端末でログアウト" }).click();
    await person.getByRole("heading", { name: "ログイン" }).waitFor();
    const session = await person.request.get(`${suite.server.url}/api/v1/auth/session`);
    expect(session.status()).toBe(401);

    // The link was for one use only.
    const again = await fetch(`${suite.server.url}/api/v1/auth/password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: link.split("#token=")[1], newPassword: "another-long-password" }),
    });
    expect(again.status).toBe(422);
    await context.close();
    await staff.close();
  });

  it("staff stops the driver's account after a confirmation, ending its session at once, then restores it", async () => {
    const driverAuth = await apiSignIn(suite.server.url, "driver");
    const driverSession = async () =>
      (await fetch(`${suite.server.url}/api/v1/auth/session`, { headers: driverAuth })).status;
    expect(await driverSession()).toBe(200);
    const staff = await suite.signedInPage("municipal_staff");
    await staff.getByRole("link", { name: "アカウント", exact: true }).click();
    await staff.getByTestId("account-list").waitFor();
    // Nobody stops their own account: the staff's own line has no 利用停止.
    expect(await staff.getByRole("button", { name: `${demoEmail.municipal_staff} の利用停止` }).count()).toBe(
      0,
    );
    const stop = staff.getByRole("button", { name: `${demoEmail.driver} の利用停止` });
    await stop.click();
    const question = staff.getByRole("alertdialog");
    expect(await question.textContent()).toContain("の利用を停止しますか？");
    expect(await axeViolations(staff)).toEqual([]);
    // 「やめる」 changes nothing.
    await question.getByRole("button", { name: "やめる" }).click();
    await question.waitFor({ state: "detached" });
    expect(await driverSession()).toBe(200);

    await stop.click();
    await staff.getByRole("button", { name: "利用を停止する" }).click();
    await staff.getByText(`${demoEmail.driver} の利用を停止しました。`).waitFor();
    const row = staff.getByTestId("account-list").locator("tr", { hasText: demoEmail.driver });
    // The list reloads after the outcome is announced: wait for the row, don't race it.
    await expect.poll(() => row.textContent()).toContain("停止中");
    expect(await driverSession()).toBe(401);
    await expect(apiSignIn(suite.server.url, "driver")).rejects.toThrow("401");
    expect(await axeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: artefactPath("accounts-stopped.png"), fullPage: true });

    await staff.getByRole("button", { name: `${demoEmail.driver} の利用再開` }).click();
    await staff.getByRole("button", { name: "利用を再開する" }).click();
    await staff.getByText(`${demoEmail.driver} の利用を再開しました。`).waitFor();
    await expect.poll(() => row.textContent()).toContain("有効");
    expect(await apiSignIn(suite.server.url, "driver")).toHaveProperty("cookie");
    await staff.close();
  });

  it("staff sees a read of a resident's request in the access log, filtered by resident", async () => {
    const residentId = await residentIdOfDemoResident();
    const [request] = (await suite.server.database.db.select().from(schema.requests)).filter(
      (r) => r.residentId === residentId,
    );
    if (!request) throw new Error("the demo resident has no seeded request");
    const headers = await apiSignIn(suite.server.url, "municipal_staff");
    const read = await fetch(suite.api(`/requests/${request.id}`), { headers });
    expect(read.status).toBe(200);

    const page = await suite.signedInPage("municipal_staff", phone);
    await page.goto(`${suite.server.url}/audit-log`);
    await page.getByRole("heading", { name: "アクセス記録" }).waitFor();
    await page.getByTestId("audit-list").waitFor();
    await page.getByLabel("住民ID").fill(residentId);
    await page.getByLabel("操作").selectOption("read");
    await page.getByRole("button", { name: "この条件で見る" }).click();
    // The actor's email appears once the account list has loaded (the entry itself holds only the id).
    const row = page
      .getByTestId("audit-list")
      .locator("tbody tr", { hasText: request.id })
      .filter({ hasText: demoEmail.municipal_staff });
    await row.first().waitFor();
    const text = await row.first().textContent();
    expect(text).toContain("閲覧");
    expect(text).toContain(residentId);
    expect(text).toContain(`自治体職員 ${demoEmail.municipal_staff}`);
    // Every row shown matches the filter.
    for (const cell of await page
      .getByTestId("audit-list")
      .locator("tbody tr td:nth-child(5)")
      .allTextContents())
      expect(cell).toBe(residentId);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("audit-log-phone.png"), fullPage: true });

    // A date range that ended yesterday holds none of today's entries.
    // Two days back, so no reading of the boundary's time zone can take in today's entries.
    const yesterday = tokyoDate(-2);
    await page.getByLabel("この日まで").fill(yesterday);
    await page.getByRole("button", { name: "この条件で見る" }).click();
    await page.getByText("条件に合う記録はありません。").waitFor();
    await page.close();
  });

  it("a resident downloads their data, then erases it and can no longer sign in", async () => {
    const residentId = await residentIdOfDemoResident();
    const theirRequests = (await suite.server.database.db.select().from(schema.requests)).filter(
      (r) => r.residentId === residentId,
    );
    expect(theirRequests.length).toBeGreaterThan(0);

    const page = await suite.signedInPage("resident", { ...phone, acceptDownloads: true });
    await openMenu(page);
    await page.getByRole("link", { name: "わたしのデータ" }).click();
    await page.getByRole("heading", { name: "わたしのデータ" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "データをダウンロード" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("tsunagu-my-data.json");
    const data = JSON.parse(await readFile(await download.path(), "utf8")) as {
      resident: { id: string };
      requests: { id: string; residentId: string }[];
    };
    expect(data.resident.id).toBe(residentId);
    expect(data.requests.map((r) => r.id).sort()).toEqual(theirRequests.map((r) => r.id).sort());

    // Two steps: reading what is erased and kept, then the irreversible button.
    expect(await page.getByRole("button", { name: "削除する（元に戻せません）" }).count()).toBe(0);
    await page.getByRole("button", { name: "削除について読む" }).click();
    await page.getByTestId("erase-confirm").waitFor();
    expect(await page.textContent("main")).toContain("個人がわからない形の統計");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("my-data-confirm.png"), fullPage: true });
    await page.getByRole("button", { name: "削除する（元に戻せません）" }).click();
    await page.getByTestId("erased").waitFor();
    await openMenu(page);
    await page.getByRole("link", { name: "ログイン", exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artefactPath("my-data-erased.png"), fullPage: true });
    await page.close();

    const signIn = await fetch(`${suite.server.url}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: demoEmail.resident, password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(401);
  });
});
