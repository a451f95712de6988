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

/** An account a test made itself (created by staff, its one-time link redeemed). */
export interface Credentials {
  email: string;
  password: string;
}

/** Fills in and sends the sign-in form on screen, and waits until the header shows the account. */
export async function submitSignIn(page: Page, who: DemoRole | Credentials): Promise<void> {
  const { email, password } =
    typeof who === "string" ? { email: demoEmail[who], password: DEMO_PASSWORD } : who;
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログインする" }).click();
  // On a phone the account sits behind the header's 「メニュー」 button: signed in is when it is there.
  await page.getByRole("button", { name: "ログアウト", includeHidden: true }).waitFor({ state: "attached" });
}

/**
 * Signs in through the real sign-in page, as a person would: a demo account
 * by its role, or an account the test made. Each Playwright page from
 * browser.newPage() has its own cookies, so every page signs in for itself.
 */
export async function signInThroughPage(
  page: Page,
  baseUrl: string,
  who: DemoRole | Credentials,
): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByRole("heading", { name: "ログイン" }).waitFor();
  await submitSignIn(page, who);
}

/** The headers an API call sends for a signed-in account: its session cookie and CSRF token. */
export type ApiSession = {
  cookie: string;
  "x-csrf-token": string;
};

/** Signs an account in over HTTP (for direct API calls) and returns the headers to send. */
export async function httpSignIn(baseUrl: string, { email, password }: Credentials): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie, "x-csrf-token": csrfToken };
}

/** Signs a demo account in over HTTP (for direct API calls from a test) and returns the headers to send. */
export function apiSignIn(baseUrl: string, role: DemoRole): Promise<ApiSession> {
  return httpSignIn(baseUrl, { email: demoEmail[role], password: DEMO_PASSWORD });
}
