import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { api } from "../api/client";
import { t } from "../i18n";

export function HomePage() {
  const [municipalities] = createResource(api.municipalities);
  return (
    <section class="page">
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.lead")}</p>
      <h2>{t("home.town.title")}</h2>
      <Show when={!municipalities.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={municipalities()} fallback={<p>{t("common.loading")}</p>}>
          {(list) => (
            <ul class="card-list">
              <For each={list().items}>
                {(m) => (
                  <li class="card">
                    <p class="card-title">
                      {m.name}
                      <Show when={m.fictional}>
                        <span class="badge">{t("common.fictional")}</span>
                      </Show>
                    </p>
                    <p class="muted">
                      {m.prefecture} · {m.code}
                    </p>
                    <A class="button" href={`/map/${m.code}`}>
                      {t("home.town.openMap")}
                    </A>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Show>
      </Show>
      <h2>{t("home.roles.title")}</h2>
      <ul class="role-list">
        <li>{t("home.roles.staff")}</li>
        <li>{t("home.roles.coordinator")}</li>
        <li>{t("home.roles.resident")}</li>
        <li>{t("home.roles.driver")}</li>
      </ul>
    </section>
  );
}
