import type { Page } from "playwright-core";

/** The demo accounts the demo town seeds (server/src/seed/demoTown.ts), one per role. */
export const DEMO_PASSWORD = "tsunagu-demo";
export const demoEmail = {
  platform_admin: "admin@demo.tsunagu.jp",
  municipal_staff: "staff@demo.tsunagu.jp",
  coordinator: "coordinator@demo.tsunagu.jp",
  driver: "driver@demo.tsunagu.jp",
  resident: "resident@demo.tsunagu.jp",
} as const;
export type DemoRole = keyof typeof demoEmail;

/**
 * Signs in through the real sign-in page, as a person would, and waits until
 * the header shows the account. Each Playwright page from browser.newPage()
 * has its own cookies, so every page signs in for itself.
 */
export async function signInThroughPage(page: Page, baseUrl: string, role: DemoRole): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByRole("heading", { name: "ログイン" }).waitFor();
  await page.getByLabel("メールアドレス").fill(demoEmail[role]);
  await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "ログインする" }).click();
  await page.getByRole("button", { name: "ログアウト" }).waitFor();
}

/** Signs a demo account in over HTTP (for direct API calls from a test) and returns the headers to send. */
export async function apiSignIn(baseUrl: string, role: DemoRole): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demoEmail[role], password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${role} failed: ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie, "x-csrf-token": csrfToken };
}
