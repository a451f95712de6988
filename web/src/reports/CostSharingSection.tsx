import {
  addDays,
  type CostSharingResponse,
  EXACT_SHAPLEY_PARTIES,
  MAX_COST_SHARING_PARTIES,
  type Organisation,
  tokyoDate,
} from "@tsunagu/contract";

import { createResource, createSignal, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { ApiError } from "../api/client";
import { type MessageId, t } from "../i18n";
import { InputField, signalInput } from "../ui/fields";
import { oneDecimal } from "./format";
import { planEffectsApi } from "./planApi";
import { FigureRow, ReportTable } from "./ReportTable";

const MAX_PARTIES = MAX_COST_SHARING_PARTIES;
/**
 * The form starts with the town and one party per organisation up to this
 * many (63 coalitions: seconds); more can be added, and the wait grows with
 * them (the progress is shown).
 */
const INITIAL_PARTIES = 6;

interface PartyDraft {
  key: number;
  name: string;
  organisationIds: string[];
  residents: boolean;
}

/** The server's rule codes for cost-sharing input, as sentences; `{n}` is the participant's number. */
const ERROR_TEXTS: Record<string, MessageId> = {
  period_reversed: "costShare.error.periodReversed",
  period_too_long: "costShare.error.periodTooLong",
  duplicate_party: "costShare.error.duplicateParty",
  unknown_organisation: "costShare.error.unknownOrganisation",
  organisation_taken: "costShare.error.organisationTaken",
  residents_party: "costShare.error.residentsParty",
  no_requests: "costShare.error.noRequests",
  too_many_matchings: "costShare.tooManyMatchings",
};

/** A field error in words; a rule the page does not know keeps the server's text. */
function errorText(e: { path: string; message: string; code?: string }): string {
  const id = e.code ? ERROR_TEXTS[e.code] : undefined;
  if (!id) return `${e.path}: ${e.message}`;
  const party = /parties\.(\d+)/.exec(e.path)?.[1];
  return t(id, { n: party === undefined ? "" : Number(party) + 1 });
}

const yen = (value: number) => `${value.toLocaleString("ja-JP")} 円`;

/** The four weeks up to today in Japan, both days included. */
function monthBefore(): { from: string; to: string } {
  const to = tokyoDate(new Date());
  return { from: addDays(to, -27), to };
}

/**
 * 費用分担: split a yearly cost among the parties by usage and by the Shapley
 * value of "what each group would pay alone", computed by re-running the
 * matching per coalition; shows each party's saving against going alone.
 */
export function CostSharingSection(props: { code: string }) {
  let nextKey = 1;
  const period = monthBefore();
  const [from, setFrom] = createSignal(period.from);
  const [to, setTo] = createSignal(period.to);
  const [yearlyCost, setYearlyCost] = createSignal("12000000");
  const [parties, setParties] = createStore<PartyDraft[]>([
    { key: nextKey++, name: t("costShare.townDefault"), organisationIds: [], residents: true },
  ]);
  const [organisations] = createResource(
    () => props.code,
    async (code) => {
      const items = (await planEffectsApi.organisations(code)).items;
      // One party per organisation to start with (as many as fit), which the user can merge or rename.
      setParties(
        produce((list) => {
          for (const org of items.slice(0, INITIAL_PARTIES - list.length)) {
            list.push({ key: nextKey++, name: org.name, organisationIds: [org.id], residents: false });
          }
        }),
      );
      return items;
    },
  );
  const [result, setResult] = createSignal<CostSharingResponse>();
  const [message, setMessage] = createSignal<MessageId>();
  const [fieldErrors, setFieldErrors] = createSignal<{ path: string; message: string; code?: string }[]>([]);
  const [busy, setBusy] = createSignal(false);
  /** Matchings done of planned, while the server computes. */
  const [progress, setProgress] = createSignal<{ done: number; total: number }>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    setFieldErrors([]);
    try {
      setResult(
        await planEffectsApi.costSharing(
          props.code,
          {
            from: from(),
            to: to(),
            yearlyCost: Math.round(Number(yearlyCost())),
            parties: parties.map((p, i) => ({
              id: `party-${i + 1}`,
              name: p.name.trim() || t("costShare.partyN", { n: i + 1 }),
              organisationIds: [...p.organisationIds],
              residents: p.residents,
            })),
          },
          (done, total) => setProgress({ done, total }),
        ),
      );
    } catch (error) {
      setResult(undefined);
      if (error instanceof ApiError && error.status === 422) {
        setMessage("costShare.invalid");
        setFieldErrors([...error.errors]);
      } else if (error instanceof ApiError && error.status === 429) setMessage("costShare.busy");
      else if (error instanceof ApiError && error.code === "nothing_to_share")
        setMessage("costShare.nothingToShare");
      else setMessage("reports.errorNetwork");
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  const orgName = (org: Organisation) => org.name;

  return (
    <section class="cost-sharing" aria-labelledby="cost-sharing-heading" data-testid="cost-sharing">
      <h2 id="cost-sharing-heading">{t("costShare.title")}</h2>
      <p>{t("costShare.lead")}</p>
      <form class="no-print" onSubmit={submit} novalidate>
        <div class="field-row">
          <InputField
            id="cost-from"
            label={t("costShare.from")}
            type="date"
            {...signalInput(from, setFrom)}
          />
          <InputField id="cost-to" label={t("costShare.to")} type="date" {...signalInput(to, setTo)} />
          <InputField
            id="cost-yearly"
            label={t("costShare.yearlyCost")}
            inputmode="numeric"
            {...signalInput(yearlyCost, setYearlyCost)}
          />
        </div>
        <For each={parties}>
          {(party, i) => (
            <fieldset class="card" data-testid="cost-party">
              <legend>{t("costShare.partyN", { n: i() + 1 })}</legend>
              <div class="field">
                <label for={`cost-party-${party.key}-name`}>{t("costShare.partyName")}</label>
                <input
                  id={`cost-party-${party.key}-name`}
                  value={party.name}
                  onInput={(e) => setParties(i(), "name", e.currentTarget.value)}
                />
              </div>
              <div class="field">
                <label>
                  <input
                    type="radio"
                    name="cost-residents"
                    checked={party.residents}
                    onChange={() =>
                      setParties(
                        produce((list) => {
                          for (const p of list) p.residents = p.key === party.key;
                        }),
                      )
                    }
                  />{" "}
                  {t("costShare.residents")}
                </label>
              </div>
              <Show when={(organisations() ?? []).length > 0}>
                <fieldset class="checkbox-group">
                  <legend>{t("costShare.organisations")}</legend>
                  <For each={organisations() ?? []}>
                    {(org) => (
                      <label class="checkbox">
                        <input
                          type="checkbox"
                          checked={party.organisationIds.includes(org.id)}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            // An organisation belongs to one party: taking it here removes it elsewhere.
                            setParties(
                              produce((list) => {
                                for (const p of list) {
                                  p.organisationIds = p.organisationIds.filter((id) => id !== org.id);
                                  if (on && p.key === party.key) p.organisationIds.push(org.id);
                                }
                              }),
                            );
                          }}
                        />{" "}
                        {orgName(org)}
                      </label>
                    )}
                  </For>
                </fieldset>
              </Show>
              <Show when={parties.length > 1}>
                <button
                  type="button"
                  class="button-secondary button-small"
                  onClick={() => setParties((list) => list.filter((p) => p.key !== party.key))}
                >
                  {t("costShare.removeParty", { n: i() + 1 })}
                </button>
              </Show>
            </fieldset>
          )}
        </For>
        <Show when={parties.length < MAX_PARTIES}>
          <button
            type="button"
            class="button-secondary"
            onClick={() =>
              setParties(
                produce((list) =>
                  list.push({ key: nextKey++, name: "", organisationIds: [], residents: false }),
                ),
              )
            }
          >
            {t("costShare.addParty")}
          </button>
        </Show>
        <p class="muted">{t("costShare.limit", { n: MAX_PARTIES, exact: EXACT_SHAPLEY_PARTIES })}</p>
        <Show when={message()}>
          {(id) => (
            <div class="form-error" role="alert">
              <p>{t(id())}</p>
              <Show when={fieldErrors().length > 0}>
                <ul>
                  <For each={fieldErrors()}>{(e) => <li>{errorText(e)}</li>}</For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
        <button type="submit" class="button button-big" disabled={busy()}>
          {busy() ? t("costShare.computing") : t("costShare.compute")}
        </button>
        <Show when={progress()}>
          {(p) => (
            <div class="cost-progress" role="status" data-testid="cost-sharing-progress">
              <label for="cost-progress-bar">
                {t("costShare.progress", {
                  done: p().done.toLocaleString("ja-JP"),
                  total: p().total.toLocaleString("ja-JP"),
                })}
              </label>
              <progress id="cost-progress-bar" value={p().done} max={Math.max(1, p().total)} />
            </div>
          )}
        </Show>
      </form>
      <Show when={result()}>
        {(r) => (
          <div data-testid="cost-sharing-result">
            <ReportTable
              id="cost-result"
              caption={t("costShare.caption", { from: r().from, to: r().to, cost: yen(r().yearlyCost) })}
              headers={[
                t("costShare.party"),
                t("costShare.requests"),
                t("costShare.vehicles"),
                t("costShare.byUsage"),
                t("costShare.byShapley"),
                t("costShare.alone"),
                t("costShare.saving"),
              ]}
            >
              <For each={r().parties}>
                {(p) => (
                  <FigureRow
                    label={p.name}
                    figures={[
                      p.requests,
                      p.vehicles,
                      `${yen(p.usageShare)} (${oneDecimal(p.usagePct)} %)`,
                      <>
                        {yen(p.shapleyShare)}
                        <Show when={p.shapleyStandardError !== null}>
                          <br />
                          <small>
                            {t("costShare.plusMinus", {
                              yen: yen(Math.round(1.96 * (p.shapleyStandardError ?? 0))),
                            })}
                          </small>
                        </Show>
                      </>,
                      yen(p.standAlone),
                      yen(p.savingVsAlone),
                    ]}
                  />
                )}
              </For>
            </ReportTable>
            <aside class="footnote muted" aria-label={t("effectsPlan.footnoteLabel")}>
              <p>{t("costShare.footnoteUsage")}</p>
              <p>{t("costShare.footnoteShapley")}</p>
              <p data-testid="cost-sharing-method">
                {r().method === "exact"
                  ? t("costShare.methodExact", { coalitions: r().coalitions.toLocaleString("ja-JP") })
                  : t("costShare.methodSampled", {
                      samples: r().samples ?? 0,
                      coalitions: r().coalitions.toLocaleString("ja-JP"),
                    })}
              </p>
              <p>{t("costShare.footnoteAttribution")}</p>
              <Show when={r().unattributedRequests > 0}>
                <p>{t("costShare.unattributed", { n: r().unattributedRequests })}</p>
              </Show>
            </aside>
          </div>
        )}
      </Show>
    </section>
  );
}
