import type { FeatureCollection, MatchRun, Plan } from "@tsunagu/contract";
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from "solid-js";
import { ApiError, api } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";
import { layerColours } from "../map/TownMap";
import { matchingApi } from "../matching/api";
import { CallList, DayApproval } from "../matching/DayAnswers";
import { DayField, useDayParam } from "../matching/DayParam";
import { Gantt } from "../matching/Gantt";
import { BUS_COLOUR, DRONE_COLOUR, planGeoJson, preferredRun, routeKey } from "../matching/model";
import { PlanMap } from "../matching/PlanMap";
import { RequestSearch } from "../matching/RequestSearch";
import { type MoveTarget, RouteDetail } from "../matching/RouteDetail";
import { isActive, RunProgress } from "../matching/RunProgress";
import { UnassignedList } from "../matching/Unassigned";
import { FormAlert, LoadError } from "../ui/fields";
import { DataTable } from "../ui/tables";
import { gatedPage, tokyoTime } from "./accounts";

/** Who plans and approves: coordinators and the municipality's staff (docs/permissions.md). */
export const canReviewPlans = (role: string | undefined) =>
  role === "coordinator" || role === "municipal_staff";

/** Solver budgets offered; a short one for a quick look, longer ones for a better plan. */
const BUDGETS = [3, 10, 20, 60, 120, 300] as const;

/** 配車計画: start a match run for a day, follow it, and review, change and approve its plan. */
export const PlanReviewPage = gatedPage(canReviewPlans, PlanReviewScreen);

function PlanReviewScreen() {
  const code = () => currentUser()?.municipalityCode ?? "";
  const day = useDayParam();
  const { date } = day;
  const [budget, setBudget] = createSignal<number>(20);
  const [starting, setStarting] = createSignal(false);
  const [startError, setStartError] = createSignal<MessageId | null>(null);
  const [chosenRunId, setChosenRunId] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal<string | null>(null);

  const [runs, { refetch: refetchRuns, mutate: mutateRuns }] = createResource(
    () => (code() ? { code: code(), date: date() } : undefined),
    async ({ code, date }) => (await matchingApi.runs(code, date)).items,
  );
  const [context] = createResource(code, async (c) => {
    if (!c) return undefined;
    const [config, hubs] = await Promise.all([api.mapConfig(), api.hubs(c)]);
    return { config, hubs: hubs.items };
  });

  const currentRun = createMemo(() => {
    const list = runs() ?? [];
    return list.find((r) => r.id === chosenRunId()) ?? preferredRun(list);
  });
  const [plan, { mutate: setPlan }] = createResource(
    () => {
      const run = currentRun();
      return run && run.status === "done" ? { code: code(), runId: run.id } : undefined;
    },
    async ({ code, runId }) => matchingApi.plan(code, runId),
  );

  // A new date shows that date's newest run, with nothing highlighted.
  createEffect(
    on(date, () => {
      setChosenRunId(null);
      setSelected(null);
    }),
  );
  // Highlight the first route of a newly loaded plan, so its detail panel is never empty.
  createEffect(() => {
    const p = plan();
    if (p && !p.routes.some((r) => routeKey(r) === selected())) {
      const first = p.routes[0];
      setSelected(first ? routeKey(first) : null);
    }
  });

  function replaceRun(run: MatchRun) {
    mutateRuns((list) => (list ?? []).map((r) => (r.id === run.id ? run : r)));
  }

  async function start(event: SubmitEvent) {
    event.preventDefault();
    setStarting(true);
    setStartError(null);
    try {
      const run = await matchingApi.startRun(code(), { date: date(), timeLimitSeconds: budget() });
      mutateRuns((list) => [run, ...(list ?? [])]);
      setChosenRunId(run.id);
    } catch (error) {
      setStartError(
        error instanceof ApiError && error.code === "plan_already_approved"
          ? "plan.alreadyApproved"
          : "plan.startError",
      );
    } finally {
      setStarting(false);
    }
  }

  async function retry(run: MatchRun) {
    try {
      replaceRun(await matchingApi.retry(code(), run.id));
      setChosenRunId(run.id);
    } catch {
      setStartError("plan.startError");
    }
  }

  /** Every action answers with the whole plan; the run's flags (approved) come from the list. */
  function updatePlan(next: Plan) {
    setPlan(next);
    void refetchRuns();
  }

  const geo = createMemo(() => {
    const p = plan();
    return p ? planGeoJson(p) : undefined;
  });
  const hubPoints = (): FeatureCollection => ({
    type: "FeatureCollection",
    features: (context()?.hubs ?? []).map((h) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [h.lon, h.lat] },
      properties: { name: `${t("plan.hub")}: ${h.name}` },
    })),
  });
  // Where a request may go: every window of every road vehicle the day's plan was made with (the
  // server refuses others), with the window's hours when a vehicle has several, unused ones marked.
  const targets = createMemo((): MoveTarget[] => {
    const p = plan();
    if (!p) return [];
    const used = new Set(p.routes.map(routeKey));
    return p.vehicles.flatMap((v) =>
      v.windows.map((w) => {
        const key = routeKey({ vehicleId: v.vehicleId, shift: w.shift });
        const name = v.windows.length > 1 ? `${v.vehicleName} ${w.from}〜${w.to}` : v.vehicleName;
        return {
          key,
          vehicleId: v.vehicleId,
          shift: w.shift,
          label: used.has(key) ? name : `${name}（${t("plan.unused")}）`,
        };
      }),
    );
  });
  const selectedRoute = () => plan()?.routes.find((r) => routeKey(r) === selected());
  const readOnly = () => currentRun()?.superseded === true;

  return (
    <section class="page page-wide plan-page">
      <h1>{t("plan.title")}</h1>
      <p class="lead">{t("plan.lead")}</p>

      <form class="plan-start no-print" onSubmit={start} aria-labelledby="plan-start-title">
        <h2 id="plan-start-title" class="visually-hidden">
          {t("plan.startTitle")}
        </h2>
        <DayField id="plan-date" day={day} />
        <div class="field">
          <label for="plan-budget">{t("plan.budget")}</label>
          <select
            id="plan-budget"
            value={budget()}
            onChange={(e) => setBudget(Number(e.currentTarget.value))}
          >
            <For each={BUDGETS}>{(s) => <option value={s}>{t("plan.seconds", { n: s })}</option>}</For>
          </select>
        </div>
        <button type="submit" class="button" disabled={starting() || !code() || runs()?.some(isActive)}>
          {t("plan.start")}
        </button>
        <FormAlert message={startError()} />
      </form>

      <Show when={code()}>{(c) => <RequestSearch code={c()} date={date()} />}</Show>

      <Show when={runs.error}>
        <LoadError error={runs.error} />
      </Show>

      <Show when={currentRun() && isActive(currentRun() as MatchRun) ? currentRun() : undefined}>
        {(run) => (
          <RunProgress
            code={code()}
            run={run()}
            onUpdate={replaceRun}
            onEnd={(ended) => {
              replaceRun(ended);
              void refetchRuns();
            }}
          />
        )}
      </Show>

      <Show when={(runs() ?? []).length > 0}>
        <DataTable
          caption={t("plan.runsCaption", { date: date() })}
          testId="runs-table"
          items={runs() ?? []}
          selected={(run) => currentRun()?.id === run.id}
          columns={[
            { header: t("plan.col.created"), cell: (run) => tokyoTime.format(new Date(run.createdAt)) },
            {
              header: t("plan.col.status"),
              cell: (run) => (
                <>
                  {t(`plan.run.${run.status}` as MessageId)}
                  <Show when={run.approved}> · {t("plan.approvedBadge")}</Show>
                  <Show when={run.superseded}> · {t("plan.superseded")}</Show>
                </>
              ),
            },
            {
              header: t("plan.col.served"),
              cell: (run) =>
                run.summary
                  ? t("plan.servedOf", { served: run.summary.served, requests: run.summary.requests })
                  : "—",
              class: "num",
            },
            {
              header: t("res.actions"),
              cell: (run) => (
                <>
                  <Show when={currentRun()?.id !== run.id}>
                    <button
                      type="button"
                      class="button-secondary button-small"
                      onClick={() => setChosenRunId(run.id)}
                    >
                      {t("plan.show")}
                    </button>
                  </Show>
                  <Show when={run.status === "failed" || run.status === "cancelled"}>
                    <button type="button" class="button-secondary button-small" onClick={() => retry(run)}>
                      {t("plan.retry")}
                    </button>
                  </Show>
                </>
              ),
            },
          ]}
        />
      </Show>
      <Show when={runs() && runs()?.length === 0}>
        <p>{t("plan.noRuns")}</p>
      </Show>
      <Show when={currentRun()?.status === "failed"}>
        <p role="alert" class="form-error">
          {t("plan.failed")}
        </p>
      </Show>

      <Show when={plan.error}>
        <LoadError error={plan.error} />
      </Show>
      <Show when={plan()}>
        {(p) => (
          <div class="plan-review" data-testid="plan-review">
            <h2>{t("plan.summaryTitle")}</h2>
            <Show when={readOnly()}>
              <p class="notice">{t("plan.supersededNote")}</p>
            </Show>
            <dl class="plan-figures">
              <div>
                <dt>{t("plan.fig.served")}</dt>
                <dd>{t("plan.servedOf", { served: p().summary.served, requests: p().summary.requests })}</dd>
              </div>
              <div>
                <dt>{t("plan.fig.vehicles")}</dt>
                <dd>{p().summary.vehicles}</dd>
              </div>
              <div>
                <dt>{t("plan.fig.routes")}</dt>
                <dd>{p().summary.routes}</dd>
              </div>
              <div>
                <dt>{t("plan.fig.km")}</dt>
                <dd>{p().summary.distanceKm.toFixed(1)} km</dd>
              </div>
              <div>
                <dt>{t("plan.fig.bus")}</dt>
                <dd>{p().summary.byMode.route_bus + p().summary.byMode.school_bus}</dd>
              </div>
              <div>
                <dt>{t("plan.fig.drone")}</dt>
                <dd>{p().summary.byMode.drone}</dd>
              </div>
              <div>
                <dt>{t("plan.fig.transfers")}</dt>
                <dd>{p().summary.transfers}</dd>
              </div>
            </dl>
            <DayApproval code={code()} plan={p()} readOnly={readOnly()} onPlan={updatePlan} />

            <div class="plan-map-layout">
              <Show when={context() && geo()}>
                <PlanMap
                  config={context()?.config ?? { tileUrl: "", tileAttribution: "" }}
                  lines={geo()?.lines ?? { type: "FeatureCollection", features: [] }}
                  points={geo()?.points ?? { type: "FeatureCollection", features: [] }}
                  hubs={hubPoints()}
                  selected={selected()}
                  onSelect={setSelected}
                  label={t("plan.mapLabel", { date: p().date })}
                />
              </Show>
              <ul class="legend plan-legend" aria-label={t("map.legend")}>
                <li>
                  <span class="swatch swatch-line" style={{ background: "#1d4ed8" }} aria-hidden="true" />
                  {t("plan.legend.vehicle")}
                </li>
                <li>
                  <span
                    class="swatch swatch-dashed"
                    style={{ "border-color": BUS_COLOUR }}
                    aria-hidden="true"
                  />
                  {t("plan.legend.bus")}
                </li>
                <li>
                  <span
                    class="swatch swatch-dotted"
                    style={{ "border-color": DRONE_COLOUR }}
                    aria-hidden="true"
                  />
                  {t("plan.legend.drone")}
                </li>
                <li>
                  <span
                    class="swatch swatch-hub"
                    style={{ background: layerColours.hub }}
                    aria-hidden="true"
                  />
                  {t("plan.legend.hub")}
                </li>
              </ul>
            </div>

            <Gantt plan={p()} selected={selected()} onSelect={setSelected} />

            <Show when={selectedRoute()}>
              {(route) => (
                <RouteDetail
                  code={code()}
                  plan={p()}
                  route={route()}
                  targets={targets()}
                  readOnly={readOnly()}
                  onPlan={updatePlan}
                />
              )}
            </Show>
            <UnassignedList plan={p()} />
            <CallList code={code()} plan={p()} />
          </div>
        )}
      </Show>
    </section>
  );
}
