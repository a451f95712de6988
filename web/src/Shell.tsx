import { A, useLocation, useNavigate } from "@solidjs/router";
import type { Role } from "@tsunagu/contract";
import { createEffect, createSignal, For, on, onCleanup, onMount, type ParentProps, Show } from "solid-js";
import { authApi } from "./api/client";
import { clearSession, currentUser } from "./auth";
import { lang, type MessageId, setLang, t } from "./i18n";
import { canManageAccounts } from "./pages/accounts";

type Viewer = Role | "anonymous";
const everyone = () => true;
const only =
  (...viewers: Viewer[]) =>
  (viewer: Viewer) =>
    viewers.includes(viewer);

/**
 * The menu shows each person only the pages their role can use (docs/permissions.md), so a
 * resident on a phone sees a short menu instead of staff tools that would refuse them.
 */
const navItems: { href: string; label: MessageId; shownTo: (viewer: Viewer) => boolean; external?: true }[] =
  [
    { href: "/", label: "nav.home", shownTo: everyone },
    { href: "/map", label: "nav.map", shownTo: everyone },
    { href: "/request", label: "nav.request", shownTo: only("anonymous", "resident") },
    { href: "/intake", label: "nav.intake", shownTo: only("coordinator", "municipal_staff") },
    { href: "/plans", label: "nav.plans", shownTo: only("coordinator", "municipal_staff") },
    {
      href: "/run-sheets",
      label: "nav.runSheets",
      shownTo: only("driver", "coordinator", "municipal_staff"),
    },
    {
      href: "/coverage",
      label: "nav.coverage",
      shownTo: only("municipal_staff", "coordinator", "platform_admin"),
    },
    {
      href: "/resources",
      label: "nav.resources",
      shownTo: only("municipal_staff", "coordinator", "platform_admin"),
    },
    { href: "/onboarding", label: "nav.onboarding", shownTo: only("municipal_staff", "platform_admin") },
    { href: "/reports", label: "nav.reports", shownTo: everyone },
    { href: "/municipalities", label: "nav.municipalities", shownTo: only("platform_admin") },
    {
      href: "/accounts",
      label: "nav.accounts",
      shownTo: (viewer) => viewer !== "anonymous" && canManageAccounts(viewer),
    },
    {
      href: "/audit-log",
      label: "nav.auditLog",
      shownTo: (viewer) => viewer !== "anonymous" && canManageAccounts(viewer),
    },
    { href: "/my-requests", label: "nav.myRequests", shownTo: only("resident") },
    { href: "/my-data", label: "nav.myData", shownTo: only("resident") },
    { href: "/account/password", label: "nav.password", shownTo: (viewer) => viewer !== "anonymous" },
    { href: "/api/docs", label: "nav.apiDocs", shownTo: (viewer) => viewer !== "resident", external: true },
  ];

/**
 * Header, navigation and language switch around every page. On a phone (or with text so large
 * that the width holds less than ~50 characters: the breakpoint is in em, which follows the
 * reader's text setting) the menu, the account and the language switch fold behind one
 * 「メニュー」 button — a disclosure: aria-expanded, Escape closes it and gives the focus back
 * to the button, and following a link closes it — so the first screen is the page, not the menu.
 */
export function Shell(props: ParentProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = createSignal(false);
  let menuButton: HTMLButtonElement | undefined;
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  function closeMenu(event: KeyboardEvent) {
    if (event.key !== "Escape" || !menuOpen()) return;
    setMenuOpen(false);
    menuButton?.focus();
  }
  // Escape closes the open menu wherever the focus is (in the menu, or still on its button).
  onMount(() => document.addEventListener("keydown", closeMenu));
  onCleanup(() => document.removeEventListener("keydown", closeMenu));
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
        <button
          type="button"
          class="menu-toggle"
          ref={menuButton}
          aria-expanded={menuOpen() ? "true" : "false"}
          aria-controls="header-menu"
          onClick={() => setMenuOpen(!menuOpen())}
        >
          <span aria-hidden="true">{menuOpen() ? "✕" : "☰"}</span> {t("nav.menu")}
        </button>
        <div id="header-menu" class={`header-menu${menuOpen() ? " header-menu-open" : ""}`}>
          <nav aria-label={t("nav.label")}>
            <ul class="nav-list">
              <For each={navItems.filter((item) => item.shownTo(currentUser()?.role ?? "anonymous"))}>
                {(item) => (
                  <li>
                    <Show when={!item.external} fallback={<a href={item.href}>{t(item.label)}</a>}>
                      <A href={item.href} end={item.href === "/"}>
                        {t(item.label)}
                      </A>
                    </Show>
                  </li>
                )}
              </For>
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
        </div>
      </header>
      <main id="main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}
