import type { EffectsExportFormat, EffectsLegsRequest, EffectsLegsResponse } from "@tsunagu/contract";
import { createSignal, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { ApiError } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";
import { effectsApi, saveDownload } from "../reports/api";
import { BeforeAfterCharts, sideMetric } from "../reports/BarChart";
import { CostSharingSection } from "../reports/CostSharingSection";
import { errorMessage } from "../reports/Field";
import { oneDecimal, whole } from "../reports/format";
import { fieldLabel, type LegFieldName, LegFields, legInputId, sideLabel } from "../reports/LegFields";
import { LegTable } from "../reports/LegTable";
import {
  emptyLeg,
  type FieldErrors,
  fieldsFor,
  type LegDraft,
  legNumber,
  legToDraft,
  problemToFieldErrors,
  type Side,
  toLegsRequest,
} from "../reports/legForm";
import { PlanEffectsSection } from "../reports/PlanEffectsSection";
import { FigureRow, ReportTable } from "../reports/ReportTable";
import { WaitingSection } from "../reports/WaitingSection";
import { FormAlert } from "../ui/fields";

const SIDES: readonly Side[] = ["before", "after"];

/** One line of the error summary: where (side, leg, field) and what, linking to the input. */
interface SummaryItem {
  /** Id of the input to focus, when the error belongs to one. */
  href: string | null;
  text: string;
  order: [side: number, leg: number, field: number];
}

const CHOICE_FIELDS: readonly LegFieldName[] = ["label", "from", "to", "mode", "method", "fuel", "use"];

/** Where a field appears in its leg's form. */
const fieldOrder = (draft: LegDraft, field: LegFieldName) => {
  const choice = CHOICE_FIELDS.indexOf(field);
  if (choice >= 0) return choice;
  const numeric = fieldsFor(draft.method, draft.mode).findIndex((spec) => spec.field === field);
  return CHOICE_FIELDS.length + (numeric >= 0 ? numeric : 99);
};

/** Moves focus to a field from the error summary (the router would treat a #link as navigation). */
function focusField(event: MouseEvent, id: string) {
  event.preventDefault();
  const input = document.getElementById(id);
  input?.scrollIntoView({ block: "center" });
  input?.focus();
}

/**
 * The public CO₂ / 省力化 calculator (no sign-in): legs before and after,
 * the results as the 総合効率化計画 application's table with a chart, the
 * CSV / XLSX export and a printable A4 page, and the 荷待ち時間 calculation.
 */
export function ReportsPage() {
  const [legs, setLegs] = createStore<Record<Side, LegDraft[]>>({
    before: [emptyLeg(legNumber(1))],
    after: [emptyLeg(legNumber(1))],
  });
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [failure, setFailure] = createSignal<MessageId>();
  const [notice, setNotice] = createSignal<MessageId>();
  const [busy, setBusy] = createSignal(false);
  // The request behind the results on screen: the export must show exactly these figures.
  const [shown, setShown] = createSignal<{ request: EffectsLegsRequest; report: EffectsLegsResponse }>();
  const [exportFailed, setExportFailed] = createSignal(false);

  let summaryRef: HTMLDivElement | undefined;
  let resultsHeading: HTMLHeadingElement | undefined;

  /** Field errors in the order of the form (side, leg, field as shown), whatever order the API gave. */
  const summary = (): SummaryItem[] =>
    Object.entries(errors())
      .map(([path, error]): SummaryItem => {
        const [side, index, field] = path.split(".") as [Side, string | undefined, LegFieldName | undefined];
        const draft = index === undefined ? undefined : legs[side]?.[Number(index)];
        const sideText = t(sideLabel(side === "after" ? "after" : "before"));
        const order: SummaryItem["order"] = [
          SIDES.indexOf(side),
          Number(index ?? -1),
          draft && field ? fieldOrder(draft, field) : -1,
        ];
        if (!draft || !field) return { order, href: null, text: `${sideText}: ${errorMessage(error)}` };
        const leg = t("reports.legHeading", { side: sideText, n: Number(index) + 1 });
        return {
          order,
          href: legInputId(side, draft, field),
          text: `${leg}・${t(fieldLabel(field))}：${errorMessage(error)}`,
        };
      })
      .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]);

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    queueMicrotask(() => summaryRef?.focus());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    setNotice(undefined);
    const request = toLegsRequest(legs);
    if (request.status === "invalid") return showErrors(request.errors);
    setBusy(true);
    try {
      const report = await effectsApi.legs(request.body);
      setErrors({});
      setExportFailed(false);
      setShown({ request: request.body, report });
      queueMicrotask(() => resultsHeading?.focus());
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) showErrors(problemToFieldErrors(error.errors));
      else if (error instanceof ApiError && error.status === 429) setFailure("reports.errorRateLimited");
      else setFailure("reports.errorNetwork");
    } finally {
      setBusy(false);
    }
  };

  const loadExample = async () => {
    setFailure(undefined);
    try {
      const example = await effectsApi.workedExample();
      setLegs({ before: example.legs.before.map(legToDraft), after: example.legs.after.map(legToDraft) });
      setErrors({});
      setNotice("reports.loadExampleDone");
    } catch {
      setFailure("reports.errorNetwork");
    }
  };

  const download = async (format: EffectsExportFormat) => {
    const current = shown();
    if (!current) return;
    setExportFailed(false);
    try {
      saveDownload(await effectsApi.exportLegs(current.request, format));
    } catch {
      setExportFailed(true);
    }
  };

  // Error paths name legs by index, so adding or removing a leg makes them stale.
  const changeLegs = (change: () => void) => {
    change();
    setErrors({});
  };

  const pct = (value: number | null) =>
    value === null ? t("reports.noRate") : t("reports.pct", { value: oneDecimal(value) });

  return (
    <section class="page page-wide reports-page">
      <h1>{t("reports.title")}</h1>
      <p class="lead">{t("reports.lead")}</p>
      <p class="no-print">
        <button type="button" class="button-secondary" onClick={loadExample}>
          {t("reports.loadExample")}
        </button>
      </p>
      <Show when={notice()}>
        {(message) => (
          <p class="notice no-print" role="status">
            {t(message())}
          </p>
        )}
      </Show>

      <form class="reports-form no-print" onSubmit={submit} novalidate aria-label={t("reports.title")}>
        <Show when={Object.keys(errors()).length > 0}>
          <div
            class="error-summary"
            role="alert"
            tabindex="-1"
            ref={summaryRef}
            aria-labelledby="error-summary-title"
          >
            <h2 id="error-summary-title">{t("reports.errorSummary", { count: summary().length })}</h2>
            <ul>
              <For each={summary()}>
                {(item) => (
                  <li>
                    <Show when={item.href} fallback={item.text}>
                      {(id) => (
                        <a href={`#${id()}`} onClick={(e) => focusField(e, id())}>
                          {item.text}
                        </a>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <For each={SIDES}>
          {(side) => (
            <section class="legs-side" aria-labelledby={`legs-${side}-heading`}>
              <h2 id={`legs-${side}-heading`}>{t("reports.legsOf", { side: t(sideLabel(side)) })}</h2>
              <Show when={legs[side].length === 0}>
                <p class="muted">{t("reports.noLegs")}</p>
              </Show>
              <For each={legs[side]}>
                {(draft, index) => (
                  <LegFields
                    side={side}
                    index={index()}
                    draft={draft}
                    errors={errors()}
                    onChange={(key, value) => setLegs(side, index(), key, value)}
                    onValue={(field, value) => setLegs(side, index(), "values", field, value)}
                    onRemove={() =>
                      changeLegs(() => setLegs(side, (list) => list.filter((d) => d.key !== draft.key)))
                    }
                  />
                )}
              </For>
              <button
                type="button"
                class="button-secondary"
                onClick={() =>
                  changeLegs(() =>
                    setLegs(
                      side,
                      produce((list) => list.push(emptyLeg(legNumber(list.length + 1)))),
                    ),
                  )
                }
              >
                {t("reports.addLeg", { side: t(sideLabel(side)) })}
              </button>
            </section>
          )}
        </For>
        <FormAlert message={failure()} />
        <button type="submit" class="button button-big" disabled={busy()}>
          {busy() ? t("reports.calculating") : t("reports.calculate")}
        </button>
      </form>

      <Show when={shown()}>
        {(current) => {
          const r = () => current().report;
          return (
            <section class="results" aria-labelledby="results-heading" data-testid="results">
              <h2 id="results-heading" tabindex="-1" ref={resultsHeading}>
                {t("reports.results")}
              </h2>
              <p class="headline" data-testid="headline">
                {t("reports.summary.headline", {
                  tCO2: oneDecimal(r().reduction.tCO2),
                  pct: pct(r().reduction.tCO2Pct),
                })}
              </p>
              <ReportTable
                id="summary"
                testId="summary"
                caption={t("reports.summary.caption")}
                headers={[
                  t("reports.summary.item"),
                  t("reports.before"),
                  t("reports.after"),
                  t("reports.summary.reduction"),
                  t("reports.summary.rate"),
                ]}
              >
                <FigureRow
                  testId="summary-co2"
                  label={t("reports.summary.co2")}
                  figures={[
                    oneDecimal(r().before.tCO2),
                    oneDecimal(r().after.tCO2),
                    oneDecimal(r().reduction.tCO2),
                    pct(r().reduction.tCO2Pct),
                  ]}
                />
                <FigureRow
                  testId="summary-hours"
                  label={t("reports.summary.hours")}
                  figures={[
                    whole(r().before.driverHours),
                    whole(r().after.driverHours),
                    whole(r().reduction.driverHours),
                    pct(r().reduction.driverHoursPct),
                  ]}
                />
                <FigureRow
                  label={t("reports.summary.tonKm")}
                  figures={[
                    whole(r().before.truckTonKm),
                    whole(r().after.truckTonKm),
                    whole(r().reduction.truckTonKm),
                    pct(r().reduction.truckTonKmPct),
                  ]}
                />
              </ReportTable>

              <h3>{t("reports.chart.title")}</h3>
              <BeforeAfterCharts
                metrics={[
                  sideMetric(r(), (s) => s.tCO2, {
                    id: "chart-co2",
                    title: t("reports.chart.co2"),
                    text: oneDecimal,
                  }),
                  sideMetric(r(), (s) => s.driverHours, {
                    id: "chart-hours",
                    title: t("reports.chart.hours"),
                    text: whole,
                  }),
                ]}
                beforeLabel={t("reports.before")}
                afterLabel={t("reports.after")}
              />

              <For each={SIDES}>
                {(side) => (
                  <LegTable
                    id={`legs-table-${side}`}
                    testId={`legs-table-${side}`}
                    caption={t("reports.table.caption", { side: t(sideLabel(side)) })}
                    data={r()[side]}
                  />
                )}
              </For>
              <p class="muted">{t("reports.rounding")}</p>

              <section class="export no-print" aria-labelledby="export-heading">
                <h3 id="export-heading">{t("reports.export.title")}</h3>
                <div class="export-buttons">
                  <button type="button" class="button" onClick={() => download("csv")}>
                    {t("reports.export.csv")}
                  </button>
                  <button type="button" class="button" onClick={() => download("xlsx")}>
                    {t("reports.export.xlsx")}
                  </button>
                  <button type="button" class="button-secondary" onClick={() => window.print()}>
                    {t("reports.export.print")}
                  </button>
                </div>
                <Show when={exportFailed()}>
                  <p class="form-error" role="alert">
                    {t("reports.export.error")}
                  </p>
                </Show>
              </section>
            </section>
          );
        }}
      </Show>

      <WaitingSection />

      {/* The plan-based reports read a municipality's runs: staff and coordinators only (the API enforces it too). */}
      <Show when={planReportsCode()}>
        {(code) => (
          <>
            <PlanEffectsSection code={code()} />
            <CostSharingSection code={code()} />
          </>
        )}
      </Show>
    </section>
  );
}

/** The signed-in user's municipality when their role may read plan effects, else undefined. */
function planReportsCode(): string | undefined {
  const user = currentUser();
  if (!user?.municipalityCode) return undefined;
  return user.role === "municipal_staff" || user.role === "coordinator" ? user.municipalityCode : undefined;
}
