import { A, useNavigate } from "@solidjs/router";
import { type ParentProps, Show } from "solid-js";
import { authApi } from "./api/client";
import { clearSession, currentUser } from "./auth";
import { lang, type MessageId, setLang, t } from "./i18n";
import { canManageAccounts } from "./pages/accounts";

/** Header, navigation and language switch around every page. */
export function Shell(props: ParentProps) {
  const navigate = useNavigate();
  async function signOut() {
    await authApi.signOut();
    clearSession();
    navigate("/signin");
  }
  return (
    <>
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header class="app-header">
        <A href="/" class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◎
          </span>
          <span>{t("app.name")}</span>
        </A>
        <nav aria-label={t("nav.label")}>
          <ul class="nav-list">
            <li>
              <A href="/" end>
                {t("nav.home")}
              </A>
            </li>
            <li>
              <A href="/map">{t("nav.map")}</A>
            </li>
            <li>
              <A href="/coverage">{t("nav.coverage")}</A>
            </li>
            <li>
              <A href="/request">{t("nav.request")}</A>
            </li>
            <li>
              <A href="/intake">{t("nav.intake")}</A>
            </li>
            <li>
              <A href="/reports">{t("nav.reports")}</A>
            </li>
            <li>
              <A href="/resources">{t("nav.resources")}</A>
            </li>
            <Show when={canManageAccounts(currentUser()?.role)}>
              <li>
                <A href="/accounts">{t("nav.accounts")}</A>
              </li>
              <li>
                <A href="/audit-log">{t("nav.auditLog")}</A>
              </li>
            </Show>
            <Show when={currentUser()?.role === "resident"}>
              <li>
                <A href="/my-data">{t("nav.myData")}</A>
              </li>
            </Show>
            <Show when={currentUser()}>
              <li>
                <A href="/account/password">{t("nav.password")}</A>
              </li>
            </Show>
            <li>
              <a href="/api/docs">{t("nav.apiDocs")}</a>
            </li>
          </ul>
        </nav>
        <div class="account" data-testid="account">
          <Show
            when={currentUser()}
            fallback={
              <A href="/signin" class="signin-link">
                {t("signin.title")}
              </A>
            }
          >
            {(user) => (
              <>
                <span class="account-name">
                  {t("auth.signedInAs", {
                    name: user().displayName,
                    role: t(`role.${user().role}` as MessageId),
                  })}
                </span>
                <button type="button" class="sign-out" onClick={signOut}>
                  {t("auth.signOut")}
                </button>
              </>
            )}
          </Show>
        </div>
        <button
          type="button"
          class="lang-switch"
          lang={lang() === "ja" ? "en" : "ja"}
          aria-label={`${t("lang.switch")}: ${t("lang.switchLabel")}`}
          onClick={() => setLang(lang() === "ja" ? "en" : "ja")}
        >
          {t("lang.switch")}
        </button>
      </header>
      <main id="main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}
