import {
  type EffectsHistoryResponse,
  type PlanBaselineKind,
  type PlanBaselineQueryInput,
  type PlanEffectsResponse,
  tokyoDate,
} from "@tsunagu/contract";
import { createSignal, For, Show } from "solid-js";
import { ApiError } from "../api/client";
import { type MessageId, t } from "../i18n";
import { FormAlert, InputField, SelectField, signalInput } from "../ui/fields";
import { BarChart, BeforeAfterCharts, sideMetric } from "./BarChart";
import { oneDecimal, whole } from "./format";
import { planEffectsApi, runOfDate } from "./planApi";
import { FigureRow, ReportTable } from "./ReportTable";

const pct = (value: number | null) => (value === null ? "—" : `${oneDecimal(value)} %`);
const kg = (value: number) =>
  value.toLocaleString("ja-JP", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const kg3 = (value: number) =>
  value.toLocaleString("ja-JP", { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/**
 * The plan summary's rows: a before/after total, how it is written, and its
 * reduction rate (none for counts of dispatches and vehicles).
 */
function summaryRows(e: PlanEffectsResponse) {
  return [
    { label: "effectsPlan.kgCO2", key: "kgCO2", text: kg, pct: e.reduction.kgCO2Pct },
    { label: "effectsPlan.vehicleKm", key: "vehicleKm", text: oneDecimal, pct: e.reduction.vehicleKmPct },
    {
      label: "effectsPlan.driverHours",
      key: "driverHours",
      text: oneDecimal,
      pct: e.reduction.driverHoursPct,
    },
    { label: "effectsPlan.dispatches", key: "dispatches", text: whole, pct: null },
    { label: "effectsPlan.vehicles", key: "vehicles", text: whole, pct: null },
  ] as const;
}

/** What "before" is, in one sentence (the report states its baseline). */
function statementOf(c: PlanEffectsResponse["comparedWith"]): string {
  if (c.kind === "own_vehicles")
    return t("effectsPlan.statement.own_vehicles", {
      organisations: c.organisations ?? 0,
      served: c.ownServed ?? 0,
    });
  if (c.kind === "modal_split") return t("effectsPlan.statement.modal_split", { pct: c.carSharePct ?? 100 });
  return t("effectsPlan.statement.private_car");
}

/**
 * The run a date's effects are shown for: its approved run (from the roll-up's list of approved
 * plans), else the newest finished run of the date from the match-run list.
 */
async function runFor(code: string, date: string): Promise<{ runId: string; approved: boolean } | null> {
  const history = await planEffectsApi.history(code, Number(date.slice(0, 4)));
  const approved = history.plans.find((p) => p.date === date);
  if (approved) return { runId: approved.runId, approved: true };
  const chosen = runOfDate((await planEffectsApi.runs(code, date)).items);
  return chosen ? { runId: chosen.run.id, approved: chosen.approved } : null;
}

/** The choices of what "before" is, in the order the select offers them. */
const BASELINE_KINDS: readonly PlanBaselineKind[] = ["own_vehicles", "private_car", "modal_split"];

const tokyoToday = () => tokyoDate(new Date());

/**
 * 計画の効果: a date's approved plan against every request travelling alone
 * (before/after bars, the per-request allocation, the rules as a footnote),
 * and the month / year roll-up of the approved plans.
 */
export function PlanEffectsSection(props: { code: string }) {
  const [date, setDate] = createSignal(tokyoToday());
  const [effects, setEffects] = createSignal<{ data: PlanEffectsResponse; approved: boolean }>();
  const [message, setMessage] = createSignal<MessageId>();
  const [busy, setBusy] = createSignal(false);
  const [year, setYear] = createSignal(Number(tokyoToday().slice(0, 4)));
  const [history, setHistory] = createSignal<EffectsHistoryResponse>();
  const [historyMessage, setHistoryMessage] = createSignal<MessageId>();
  // The comparison's assumptions; blank = the server's defaults (shown in the footnote once computed).
  const [rideKm, setRideKm] = createSignal("");
  const [parcelKm, setParcelKm] = createSignal("");
  const [passengerKg, setPassengerKg] = createSignal("");
  // What "before" is: each organisation with its own vehicles unless the user picks another.
  const [kind, setKind] = createSignal<PlanBaselineKind>("own_vehicles");
  const [carShare, setCarShare] = createSignal("");
  /** The assumptions as the API takes them, or null when one is not a number above 0. */
  const baseline = (): PlanBaselineQueryInput | null => {
    const out: PlanBaselineQueryInput = { baseline: kind() };
    if (kind() === "modal_split") {
      const share = Number(carShare());
      if (carShare().trim() === "" || !(share > 0 && share <= 100)) return null;
      out.carSharePct = share;
    }
    for (const [key, raw] of [
      ["rideKmPerLitre", rideKm()],
      ["parcelKmPerLitre", parcelKm()],
      ["passengerMassKg", passengerKg()],
    ] as const) {
      if (raw.trim() === "") continue;
      const value = Number(raw);
      if (!(value > 0)) return null;
      out[key] = value;
    }
    return out;
  };

  const show = async (event: SubmitEvent) => {
    event.preventDefault();
    setMessage(undefined);
    setEffects(undefined);
    const assumptions = baseline();
    if (!assumptions) {
      setMessage("effectsPlan.baselineInvalid");
      return;
    }
    setBusy(true);
    try {
      const chosen = await runFor(props.code, date());
      if (!chosen) {
        setMessage("effectsPlan.noRun");
        return;
      }
      setEffects({
        data: await planEffectsApi.effects(props.code, chosen.runId, assumptions),
        approved: chosen.approved,
      });
    } catch (error) {
      setMessage(
        error instanceof ApiError && error.code === "plan_effects_unavailable"
          ? "effectsPlan.unavailable"
          : "reports.errorNetwork",
      );
    } finally {
      setBusy(false);
    }
  };

  const showHistory = async (event: SubmitEvent) => {
    event.preventDefault();
    setHistoryMessage(undefined);
    const assumptions = baseline();
    if (!assumptions) {
      setHistoryMessage("effectsPlan.baselineInvalid");
      return;
    }
    try {
      setHistory(await planEffectsApi.history(props.code, year(), assumptions));
    } catch {
      setHistory(undefined);
      setHistoryMessage("reports.errorNetwork");
    }
  };

  return (
    <section class="plan-effects" aria-labelledby="plan-effects-heading" data-testid="plan-effects">
      <h2 id="plan-effects-heading">{t("effectsPlan.title")}</h2>
      <p>{t("effectsPlan.lead")}</p>
      <form class="field-row no-print" onSubmit={show}>
        <InputField
          id="plan-effects-date"
          label={t("effectsPlan.date")}
          type="date"
          required
          {...signalInput(date, setDate)}
        />
        <button type="submit" class="button" disabled={busy()}>
          {t("effectsPlan.show")}
        </button>
      </form>
      <fieldset class="card no-print" data-testid="plan-baseline">
        <legend>{t("effectsPlan.baseline")}</legend>
        <SelectField
          id="plan-baseline-kind"
          label={t("effectsPlan.baselineKind")}
          value={kind()}
          onChange={(value) => setKind(value as PlanBaselineKind)}
        >
          <For each={BASELINE_KINDS}>
            {(baseline) => <option value={baseline}>{t(`effectsPlan.kind.${baseline}`)}</option>}
          </For>
        </SelectField>
        <Show when={kind() === "modal_split"}>
          <InputField
            id="plan-baseline-car-share"
            label={t("effectsPlan.carShare")}
            inputmode="decimal"
            {...signalInput(carShare, setCarShare)}
          />
        </Show>
        <For
          each={
            [
              { id: "plan-baseline-ride", label: "effectsPlan.baselineRide", value: rideKm, set: setRideKm },
              {
                id: "plan-baseline-parcel",
                label: "effectsPlan.baselineParcel",
                value: parcelKm,
                set: setParcelKm,
              },
              {
                id: "plan-baseline-mass",
                label: "effectsPlan.baselineMass",
                value: passengerKg,
                set: setPassengerKg,
              },
            ] as const
          }
        >
          {(input) => (
            <InputField
              id={input.id}
              label={t(input.label)}
              inputmode="decimal"
              value={input.value()}
              onInput={(v) => input.set(v)}
            />
          )}
        </For>
      </fieldset>
      <FormAlert message={message()} />
      <Show when={effects()}>
        {(current) => {
          const e = () => current().data;
          return (
            <div data-testid="plan-effects-result">
              <p class="headline">
                {t(current().approved ? "effectsPlan.approvedRun" : "effectsPlan.unapprovedRun", {
                  date: e().date,
                  served: e().counts.served,
                  requests: e().counts.requests,
                  vehicles: e().counts.vehicles,
                  routes: e().counts.routes,
                })}
              </p>
              <p class="baseline-statement" data-testid="baseline-statement">
                {statementOf(e().comparedWith)}
              </p>
              <BeforeAfterCharts
                metrics={[
                  sideMetric(e(), (s) => s.kgCO2, {
                    id: "plan-co2",
                    title: t("effectsPlan.kgCO2"),
                    text: kg,
                  }),
                  sideMetric(e(), (s) => s.vehicleKm, {
                    id: "plan-km",
                    title: t("effectsPlan.vehicleKm"),
                    text: oneDecimal,
                  }),
                  sideMetric(e(), (s) => s.driverHours, {
                    id: "plan-hours",
                    title: t("effectsPlan.driverHours"),
                    text: oneDecimal,
                  }),
                ]}
                beforeLabel={t("effectsPlan.before")}
                afterLabel={t("effectsPlan.after")}
              />
              <ReportTable
                id="plan-summary"
                testId="plan-summary"
                caption={t("effectsPlan.summaryCaption")}
                headers={[
                  t("reports.summary.item"),
                  t("effectsPlan.before"),
                  t("effectsPlan.after"),
                  t("reports.summary.reduction"),
                  t("reports.summary.rate"),
                ]}
              >
                <For each={summaryRows(e())}>
                  {(row) => (
                    <FigureRow
                      label={t(row.label)}
                      figures={[
                        row.text(e().before[row.key]),
                        row.text(e().after[row.key]),
                        row.text(e().reduction[row.key]),
                        pct(row.pct),
                      ]}
                    />
                  )}
                </For>
              </ReportTable>
              <ReportTable
                id="plan-allocation"
                testId="plan-allocation"
                caption={t("effectsPlan.allocationCaption")}
                headers={[
                  t("effectsPlan.request"),
                  t("effectsPlan.kind"),
                  t("effectsPlan.aloneKg"),
                  t("effectsPlan.sharedKg"),
                  t("effectsPlan.savedKg"),
                ]}
              >
                <For each={e().allocation}>
                  {(a) => (
                    <tr>
                      <th scope="row">{a.requestId}</th>
                      <td>{t(a.kind === "ride" ? "effectsPlan.ride" : "effectsPlan.parcel")}</td>
                      <td class="num">{kg3(a.beforeKgCO2)}</td>
                      <td class="num">{kg3(a.afterKgCO2)}</td>
                      <td class="num">{kg3(a.savedKgCO2)}</td>
                    </tr>
                  )}
                </For>
              </ReportTable>
              <aside class="footnote muted" aria-label={t("effectsPlan.footnoteLabel")}>
                <p>
                  {t("effectsPlan.footnoteBaseline", {
                    rideKm: oneDecimal(e().baseline.ride.kmPerLitre ?? 0),
                    parcelKm: oneDecimal(e().baseline.parcel.kmPerLitre ?? 0),
                    circuity: e().baseline.roadCircuity,
                    mass: e().baseline.passengerMassKg,
                  })}
                </p>
                <p>{t("effectsPlan.footnoteAfter")}</p>
                <p>{t("effectsPlan.footnoteAllocation")}</p>
                <p>{t("effectsPlan.footnoteFuel")}</p>
                <For each={e().notes}>{(note) => <p>{note}</p>}</For>
              </aside>
            </div>
          );
        }}
      </Show>

      <h3>{t("effectsPlan.historyTitle")}</h3>
      <form class="field-row no-print" onSubmit={showHistory}>
        <InputField
          id="plan-effects-year"
          label={t("effectsPlan.year")}
          type="number"
          inputmode="numeric"
          min="2000"
          max="2100"
          value={year()}
          onInput={(value) => setYear(Number(value))}
        />
        <button type="submit" class="button">
          {t("effectsPlan.showHistory")}
        </button>
      </form>
      <FormAlert message={historyMessage()} />
      <Show when={history()}>
        {(h) => {
          const months = () => h().months.filter((m) => m.plans > 0);
          return (
            <div data-testid="plan-history">
              <Show
                when={months().length > 0}
                fallback={<p class="muted">{t("effectsPlan.noHistory", { year: h().year })}</p>}
              >
                <BarChart
                  id="plan-history-chart"
                  title={t("effectsPlan.historyChart", { year: h().year })}
                  description={months()
                    .map((m) =>
                      t("reports.chart.label", {
                        metric: m.period,
                        before: oneDecimal(m.before.tCO2),
                        after: oneDecimal(m.after.tCO2),
                      }),
                    )
                    .join(" ")}
                  bars={months().flatMap((m) => [
                    {
                      label: t("effectsPlan.monthBar", {
                        m: Number(m.period.slice(5)),
                        side: t("effectsPlan.before"),
                      }),
                      value: m.before.tCO2,
                      text: `${oneDecimal(m.before.tCO2)} t`,
                      tone: "before" as const,
                    },
                    {
                      label: t("effectsPlan.monthBar", {
                        m: Number(m.period.slice(5)),
                        side: t("effectsPlan.after"),
                      }),
                      value: m.after.tCO2,
                      text: `${oneDecimal(m.after.tCO2)} t`,
                      tone: "after" as const,
                    },
                  ])}
                />
              </Show>
              <ReportTable
                id="plan-history"
                caption={t("effectsPlan.historyCaption", { year: h().year })}
                headers={[
                  t("effectsPlan.period"),
                  t("effectsPlan.plans"),
                  t("effectsPlan.tCO2Before"),
                  t("effectsPlan.tCO2After"),
                  t("reports.summary.reduction"),
                  t("effectsPlan.kmSaved"),
                  t("effectsPlan.hoursSaved"),
                ]}
              >
                <For each={[...months(), h().total]}>
                  {(m) => (
                    <FigureRow
                      label={m.period}
                      figures={[
                        whole(m.plans),
                        oneDecimal(m.before.tCO2),
                        oneDecimal(m.after.tCO2),
                        <>
                          {oneDecimal(m.reduction.tCO2)} ({pct(m.reduction.tCO2Pct)})
                        </>,
                        whole(m.reduction.vehicleKm),
                        whole(m.reduction.driverHours),
                      ]}
                    />
                  )}
                </For>
              </ReportTable>
            </div>
          );
        }}
      </Show>
    </section>
  );
}
