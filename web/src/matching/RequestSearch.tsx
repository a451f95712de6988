import type { RequestSearchResult } from "@tsunagu/contract";
import { createSignal, For, Show } from "solid-js";
import { type MessageId, t } from "../i18n";
import { FormAlert, InputField, loadErrorMessage, signalInput } from "../ui/fields";
import { matchingApi } from "./api";

/**
 * 依頼をさがす: a caller on the phone is found by name, kana, phone or request
 * number among the day's requests — who, from where to where, when, and how it stands.
 */
export function RequestSearch(props: { code: string; date: string }) {
  const [q, setQ] = createSignal("");
  const [result, setResult] = createSignal<RequestSearchResult | null>(null);
  const [error, setError] = createSignal<MessageId | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function find(event: SubmitEvent) {
    event.preventDefault();
    if (!q().trim()) {
      setError("search.empty");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await matchingApi.searchRequests(props.code, props.date, q().trim()));
    } catch (error) {
      setError(loadErrorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      class="request-search no-print"
      aria-labelledby="request-search-title"
      data-testid="request-search"
    >
      <h2 id="request-search-title">{t("search.title", { date: props.date })}</h2>
      <form onSubmit={find} class="search-form">
        <InputField id="request-search-q" label={t("search.label")} type="search" {...signalInput(q, setQ)} />
        <button type="submit" class="button" disabled={busy()}>
          {t("search.submit")}
        </button>
      </form>
      <FormAlert message={error()} />
      <Show when={result()}>
        {(r) => (
          <Show when={r().items.length > 0} fallback={<p role="status">{t("search.none")}</p>}>
            <p role="status">{t("search.count", { n: r().items.length })}</p>
            <ul class="card-list search-hits">
              <For each={r().items}>
                {(hit) => (
                  <li class="card" data-request-id={hit.requestId}>
                    <p class="search-who">
                      {hit.person?.name ? t("sheet.who", { name: hit.person.name }) : t("search.noName")}
                      <Show when={hit.person?.phone}>
                        {" "}
                        <a href={`tel:${hit.person?.phone}`}>☎ {hit.person?.phone}</a>
                      </Show>
                    </p>
                    <p>
                      {t(`plan.kind.${hit.kind}` as MessageId)} {hit.earliest}〜{hit.latest}{" "}
                      {hit.from.name ?? t("plan.door")} → {hit.to.name ?? t("plan.door")}
                    </p>
                    <p class="muted">
                      {t("plan.requestId", { id: hit.requestId })} ・{" "}
                      {t(`plan.status.${hit.status}` as MessageId)}
                    </p>
                  </li>
                )}
              </For>
            </ul>
            <Show when={r().truncated}>
              <p>{t("search.truncated")}</p>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
