import type { EffectsWaitingResponse } from "@tsunagu/contract";
import { createSignal, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { ApiError } from "../api/client";
import { type MessageId, t } from "../i18n";
import { FormAlert } from "../ui/fields";
import { effectsApi } from "./api";
import { Field, TextInput } from "./Field";
import { oneDecimal, whole } from "./format";
import {
  AFTER_FIELDS,
  emptySite,
  emptyWaiting,
  type FieldErrors,
  SITE_FIELDS,
  toWaitingRequest,
  type WaitingDraft,
  waitingProblemToFieldErrors,
  waitingToDraft,
} from "./legForm";

const siteLabel = (field: (typeof SITE_FIELDS)[number] | "site"): MessageId =>
  `reports.waiting.field.${field}`;

/** 荷待ち時間: sites today, the target cut and the arrivals after, then the form's lines and the 30-minute rule. */
export function WaitingSection() {
  const [draft, setDraft] = createStore<WaitingDraft>(emptyWaiting());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [result, setResult] = createSignal<EffectsWaitingResponse>();
  const [failure, setFailure] = createSignal<MessageId>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const request = toWaitingRequest(draft);
    if (request.status === "invalid") {
      setErrors(request.errors);
      setResult(undefined);
      return;
    }
    setBusy(true);
    try {
      setResult(await effectsApi.waiting(request.body));
      setErrors({});
    } catch (error) {
      setResult(undefined);
      if (error instanceof ApiError && error.status === 422)
        setErrors(waitingProblemToFieldErrors(error.errors));
      else
        setFailure(
          error instanceof ApiError && error.status === 429
            ? "reports.errorRateLimited"
            : "reports.errorNetwork",
        );
    } finally {
      setBusy(false);
    }
  };

  const loadExample = async () => {
    try {
      const example = await effectsApi.workedExample();
      setDraft(waitingToDraft(example.waiting));
      setErrors({});
      setResult(undefined);
    } catch {
      setFailure("reports.errorNetwork");
    }
  };

  return (
    <section
      class="waiting"
      // Nothing to print until there is a result.
      classList={{ "no-print": !result() }}
      aria-labelledby="waiting-heading"
    >
      <h2 id="waiting-heading">{t("reports.waiting.title")}</h2>
      <p>{t("reports.waiting.lead")}</p>
      <p class="no-print">
        <button type="button" class="button-secondary" onClick={loadExample}>
          {t("reports.waiting.loadExample")}
        </button>
      </p>
      <form class="waiting-form no-print" onSubmit={submit} novalidate>
        <fieldset class="card">
          <legend>{t("reports.waiting.beforeTitle")}</legend>
          <For each={draft.sites}>
            {(site, i) => {
              const id = (field: string) => `waiting-site-${site.key}-${field}`;
              return (
                <div class="waiting-site">
                  <div class="leg-head">
                    <h3 class="leg-title">{t("reports.waiting.site", { n: i() + 1 })}</h3>
                    <Show when={draft.sites.length > 1}>
                      <button
                        type="button"
                        class="button-secondary button-small"
                        onClick={() => {
                          setDraft("sites", (sites) => sites.filter((s) => s.key !== site.key));
                          setErrors({});
                        }}
                      >
                        {t("reports.waiting.removeSite", { n: i() + 1 })}
                      </button>
                    </Show>
                  </div>
                  <div class="field-row">
                    <For each={["site", ...SITE_FIELDS] as const}>
                      {(field) => (
                        <Field
                          id={id(field)}
                          label={t(siteLabel(field))}
                          error={errors()[`before.${i()}.${field}`]}
                        >
                          <TextInput
                            id={id(field)}
                            numeric={field !== "site"}
                            value={site[field]}
                            error={errors()[`before.${i()}.${field}`]}
                            onInput={(value) => setDraft("sites", i(), field, value)}
                          />
                        </Field>
                      )}
                    </For>
                  </div>
                </div>
              );
            }}
          </For>
          <button
            type="button"
            class="button-secondary"
            onClick={() => {
              setDraft(
                "sites",
                produce((sites) => sites.push(emptySite())),
              );
              setErrors({});
            }}
          >
            {t("reports.waiting.addSite")}
          </button>
        </fieldset>
        <fieldset class="card">
          <legend>{t("reports.waiting.afterTitle")}</legend>
          <div class="field-row">
            <Field
              id="waiting-target"
              label={t("reports.waiting.field.targetCutPct")}
              error={errors().targetCutPct}
            >
              <TextInput
                id="waiting-target"
                numeric
                value={draft.targetCutPct}
                error={errors().targetCutPct}
                onInput={(value) => setDraft("targetCutPct", value)}
              />
            </Field>
            <For each={AFTER_FIELDS}>
              {(field) => (
                <Field
                  id={`waiting-after-${field}`}
                  label={t(siteLabel(field))}
                  error={errors()[`after.${field}`]}
                >
                  <TextInput
                    id={`waiting-after-${field}`}
                    numeric
                    value={draft.after[field]}
                    error={errors()[`after.${field}`]}
                    onInput={(value) => setDraft("after", field, value)}
                  />
                </Field>
              )}
            </For>
          </div>
        </fieldset>
        <FormAlert message={failure()} />
        <button type="submit" class="button button-big" disabled={busy()}>
          {busy() ? t("reports.calculating") : t("reports.waiting.calculate")}
        </button>
      </form>
      <Show when={result()}>
        {(r) => (
          <div class="card waiting-result" aria-live="polite">
            <h3>{t("reports.waiting.results")}</h3>
            <dl class="confirm-list">
              <dt>{t("reports.waiting.beforeHours")}</dt>
              <dd>{whole(r().beforeHours)}</dd>
              <dt>{t("reports.waiting.cutHours")}</dt>
              <dd>{whole(r().cutHours)}</dd>
              <dt>{t("reports.waiting.targetHours")}</dt>
              <dd>{whole(r().targetHours)}</dd>
              <dt>{t("reports.waiting.handlingsAfter")}</dt>
              <dd>{whole(r().handlingsAfter)}</dd>
              <dt>{t("reports.waiting.avgAfter")}</dt>
              <dd data-testid="waiting-minutes">
                {r().avgWaitMinutesAfter === null
                  ? t("reports.waiting.none")
                  : t("reports.waiting.minutes", { value: oneDecimal(r().avgWaitMinutesAfter ?? 0) })}
              </dd>
            </dl>
            <p class={r().meetsThirtyMinuteRule ? "verdict-ok" : "verdict-bad"}>
              {r().meetsThirtyMinuteRule ? t("reports.waiting.meets") : t("reports.waiting.misses")}
            </p>
          </div>
        )}
      </Show>
    </section>
  );
}
