import { useParams } from "@solidjs/router";
import type {
  CoverageRequest,
  CoverageResponse,
  CoverageTotals,
  GeoPolygon,
  MapConfig,
  MapLayers,
  Place,
} from "@tsunagu/contract";
import { createMemo, createResource, createSignal, For, Show } from "solid-js";
import { ApiError, api } from "../api/client";
import { municipalityKey, resolveMunicipality } from "../auth";
import { coverageApi } from "../coverageAnalysis/api";
import {
  CoverageMap,
  type CoverageMetric,
  coverageColours,
  metricBreaks,
} from "../coverageAnalysis/CoverageMap";
import { circleZone, draftPolygon } from "../coverageAnalysis/zones";
import { type MessageId, t } from "../i18n";
import { InputField, LoadError, SelectField, signalInput } from "../ui/fields";

const PRESETS = { rural: { bus: 500, rail: 1000 }, urban: { bus: 300, rail: 500 } } as const;

const people = (n: number) => t("coverage.people", { n: Math.round(n).toLocaleString("ja-JP") });
const percent = (share: number) => t("coverage.percent", { n: (share * 100).toFixed(1) });

/** The 交通空白 page: where public transport does not reach, and how much a new service would change it. */
export function CoveragePage() {
  const params = useParams<{ code?: string }>();
  const [base] = createResource(
    () => municipalityKey(params.code),
    async (key) => {
      const chosen = await resolveMunicipality(key);
      if (!chosen) return undefined;
      const [config, layers, places] = await Promise.all([
        api.mapConfig(),
        api.mapLayers(chosen),
        api.places(chosen),
      ]);
      return { code: chosen, config, layers, places: places.items };
    },
  );
  return (
    <section class="page page-wide">
      <Show when={!base.error} fallback={<LoadError error={base.error} />}>
        <Show when={base()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <CoverageView
              code={loaded().code}
              config={loaded().config}
              layers={loaded().layers}
              places={loaded().places}
            />
          )}
        </Show>
      </Show>
    </section>
  );
}

interface Zone {
  name: string;
  polygon: GeoPolygon;
}

function CoverageView(props: { code: string; config: MapConfig; layers: MapLayers; places: Place[] }) {
  const name = () => props.layers.municipality.name;
  // The form's fields; applied only on 再計算, so typing does not start a run per keystroke.
  const [preset, setPreset] = createSignal<"rural" | "urban">("rural");
  const [busRadius, setBusRadius] = createSignal("500");
  const [railRadius, setRailRadius] = createSignal("1000");
  const [minDepartures, setMinDepartures] = createSignal("1");
  const [bandFrom, setBandFrom] = createSignal("08:00");
  const [bandTo, setBandTo] = createSignal("18:00");
  const [date, setDate] = createSignal("");
  const [applied, setApplied] = createSignal<CoverageRequest>({ preset: "rural" });
  // What-if supply: applied at once, each change is an explicit action.
  const [zones, setZones] = createSignal<Zone[]>([]);
  const [useVans, setUseVans] = createSignal(false);
  const [vanRadius] = createSignal(3000);
  const [useDrones, setUseDrones] = createSignal(false);
  const [drawing, setDrawing] = createSignal(false);
  const [draft, setDraft] = createSignal<[number, number][]>([]);
  const [placeId, setPlaceId] = createSignal(props.places[0]?.id ?? "");
  const [placeRadius, setPlaceRadius] = createSignal("1500");
  const [metric, setMetric] = createSignal<CoverageMetric>("population");
  const [exportError, setExportError] = createSignal(false);

  const body = createMemo<CoverageRequest>(() => {
    const whatIf: NonNullable<CoverageRequest["whatIf"]> = {
      ...(zones().length ? { onDemandZones: zones() } : {}),
      ...(useVans() ? { useFacilityVans: { radiusM: vanRadius() } } : {}),
      ...(useDrones() ? { useDronePorts: { radiusM: 5000 } } : {}),
    };
    return { ...applied(), ...(Object.keys(whatIf).length ? { whatIf } : {}) };
  });
  const [result] = createResource(
    () => ({ code: props.code, body: body() }),
    ({ code, body }) => coverageApi.run(code, body),
  );
  const latest = () => (result.error ? undefined : result.latest);

  const choosePreset = (value: "rural" | "urban") => {
    setPreset(value);
    setBusRadius(String(PRESETS[value].bus));
    setRailRadius(String(PRESETS[value].rail));
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
    const bus = num(busRadius());
    const rail = num(railRadius());
    const min = num(minDepartures());
    setApplied({
      preset: preset(),
      ...(bus !== undefined ? { busRadiusM: bus } : {}),
      ...(rail !== undefined ? { railRadiusM: rail } : {}),
      ...(min !== undefined ? { minDepartures: min } : {}),
      band: `${bandFrom()}-${bandTo()}`,
      ...(date() ? { date: date() } : {}),
    });
  };
  const addPlaceZone = () => {
    const place = props.places.find((p) => p.id === placeId());
    const radius = Number(placeRadius());
    if (!place || !(radius > 0)) return;
    setZones([
      ...zones(),
      {
        name: t("coverage.whatIf.zoneAround", { place: place.name, radius }),
        polygon: circleZone(place.lat, place.lon, radius),
      },
    ]);
  };
  const confirmDraft = () => {
    const polygon = draftPolygon(draft());
    if (!polygon) return;
    setZones([...zones(), { name: t("coverage.whatIf.zoneName", { n: zones().length + 1 }), polygon }]);
    setDraft([]);
    setDrawing(false);
  };
  const download = async (format: "csv" | "geojson") => {
    setExportError(false);
    try {
      await coverageApi.download(props.code, body(), format);
    } catch {
      setExportError(true);
    }
  };
  const fieldErrors = () => (result.error instanceof ApiError ? result.error.errors : []);

  return (
    <>
      <h1>
        {t("coverage.title", { name: name() })}
        <Show when={props.layers.municipality.fictional}>
          <span class="badge">{t("common.fictional")}</span>
        </Show>
      </h1>
      <p class="lead">{t("coverage.lead")}</p>
      <Show when={props.layers.municipality.fictional}>
        <p class="muted">{t("common.fictionalNote")}</p>
      </Show>

      <Show when={result.error}>
        <div class="form-error" role="alert">
          <p>{t("coverage.error")}</p>
          <ul>
            <For each={fieldErrors()}>
              {(e) => (
                <li>
                  <code>{e.path}</code>: {e.message}
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>

      <div class="coverage-layout">
        <div class="coverage-main">
          <Totals result={latest()} loading={result.loading} />
          <CoverageMap
            config={props.config}
            centre={props.layers.municipality.centre}
            boundary={props.layers.boundary}
            result={latest()}
            metric={metric()}
            draft={draft()}
            drawing={drawing()}
            onMapClick={(p) => setDraft([...draft(), p])}
            label={t("coverage.mapLabel", { name: name() })}
          />
          <Show when={latest()}>
            {(r) => (
              <p class="muted" data-testid="coverage-basis">
                {t("coverage.basis", {
                  date: r().params.date,
                  band: r().params.band,
                  bus: r().params.busRadiusM,
                  rail: r().params.railRadiusM,
                  min: r().params.minDepartures,
                })}
                <Show when={r().params.dateSource === "firstServiceDay"}>
                  {t("coverage.dateSource.firstServiceDay")}
                </Show>
                <Show when={r().inputs.feeds === 0}> {t("coverage.noFeeds")}</Show>{" "}
                <span data-testid="coverage-population-source">
                  {r().inputs.censusYear === null
                    ? t("coverage.source.generated")
                    : t("coverage.source.census", { year: r().inputs.censusYear ?? "" })}
                </span>
              </p>
            )}
          </Show>
        </div>

        <aside class="coverage-side">
          <fieldset class="coverage-fieldset">
            <legend>{t("coverage.metric")}</legend>
            <For each={["population", "share75"] as const}>
              {(m) => (
                <label class="choice">
                  <input
                    type="radio"
                    name="coverage-metric"
                    value={m}
                    checked={metric() === m}
                    onChange={() => setMetric(m)}
                  />
                  {t(`coverage.metric.${m}`)}
                </label>
              )}
            </For>
          </fieldset>

          <h2>{t("coverage.legend")}</h2>
          <Legend metric={metric()} />

          <h2>{t("coverage.whatIf")}</h2>
          <p class="muted">{t("coverage.whatIf.lead")}</p>
          <div class="field">
            <label for="coverage-place">{t("coverage.whatIf.place")}</label>
            <select id="coverage-place" value={placeId()} onChange={(e) => setPlaceId(e.currentTarget.value)}>
              <For each={props.places}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
          </div>
          <InputField
            id="coverage-place-radius"
            label={t("coverage.whatIf.radius")}
            type="number"
            inputmode="numeric"
            min="100"
            max="20000"
            step="100"
            {...signalInput(placeRadius, setPlaceRadius)}
          />
          <button type="button" class="button" data-testid="add-place-zone" onClick={addPlaceZone}>
            {t("coverage.whatIf.addAroundPlace")}
          </button>

          <div class="coverage-draw">
            <Show
              when={drawing()}
              fallback={
                <button type="button" class="button-secondary" onClick={() => setDrawing(true)}>
                  {t("coverage.whatIf.draw")}
                </button>
              }
            >
              <p role="status">
                {t("coverage.whatIf.drawHelp")} {t("coverage.whatIf.drawPoints", { n: draft().length })}
              </p>
              <div class="coverage-buttons">
                <button type="button" class="button" disabled={draft().length < 3} onClick={confirmDraft}>
                  {t("coverage.whatIf.confirm")}
                </button>
                <button
                  type="button"
                  class="button-secondary"
                  onClick={() => {
                    setDraft([]);
                    setDrawing(false);
                  }}
                >
                  {t("coverage.whatIf.cancel")}
                </button>
              </div>
            </Show>
          </div>

          <Show when={zones().length > 0}>
            <h3>{t("coverage.whatIf.zones")}</h3>
            <ul class="coverage-zones">
              <For each={zones()}>
                {(z, i) => (
                  <li>
                    <span>{z.name}</span>
                    <button
                      type="button"
                      class="button-secondary"
                      aria-label={t("coverage.whatIf.removeLabel", { name: z.name })}
                      onClick={() => setZones(zones().filter((_, k) => k !== i()))}
                    >
                      {t("coverage.whatIf.remove")}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>

          <label class="choice">
            <input
              type="checkbox"
              checked={useVans()}
              onChange={(e) => setUseVans(e.currentTarget.checked)}
            />
            {t("coverage.whatIf.vans", { radius: vanRadius().toLocaleString("ja-JP") })}
          </label>
          <Show when={latest()?.whatIf?.facilityVans.length}>
            <p class="muted">
              {t("coverage.whatIf.vansUsed", {
                used: latest()?.whatIf?.facilityVans.filter((v) => v.used).length ?? 0,
                total: latest()?.whatIf?.facilityVans.length ?? 0,
              })}
            </p>
          </Show>
          <label class="choice">
            <input
              type="checkbox"
              checked={useDrones()}
              onChange={(e) => setUseDrones(e.currentTarget.checked)}
            />
            {t("coverage.whatIf.drones")}
          </label>
          <Show when={useDrones() && latest()?.whatIf}>
            {(w) => (
              <p class="muted">{t("coverage.whatIf.droneReach", { n: people(w().drone.blankPopulation) })}</p>
            )}
          </Show>

          <h2>{t("coverage.params")}</h2>
          <form class="coverage-form" onSubmit={submit}>
            <SelectField
              id="coverage-preset"
              label={t("coverage.preset")}
              value={preset()}
              onChange={(value) => choosePreset(value === "urban" ? "urban" : "rural")}
            >
              <option value="rural">{t("coverage.preset.rural")}</option>
              <option value="urban">{t("coverage.preset.urban")}</option>
            </SelectField>
            <NumberField
              id="coverage-bus"
              label="coverage.busRadius"
              value={busRadius()}
              onInput={setBusRadius}
            />
            <NumberField
              id="coverage-rail"
              label="coverage.railRadius"
              value={railRadius()}
              onInput={setRailRadius}
            />
            <NumberField
              id="coverage-min"
              label="coverage.minDepartures"
              value={minDepartures()}
              onInput={setMinDepartures}
            />
            <div class="coverage-band">
              <InputField
                id="coverage-band-from"
                label={t("coverage.bandFrom")}
                type="time"
                {...signalInput(bandFrom, setBandFrom)}
              />
              <InputField
                id="coverage-band-to"
                label={t("coverage.bandTo")}
                type="time"
                {...signalInput(bandTo, setBandTo)}
              />
            </div>
            <InputField
              id="coverage-date"
              label={t("coverage.date")}
              type="date"
              {...signalInput(date, setDate)}
            />
            <button type="submit" class="button">
              {t("coverage.run")}
            </button>
          </form>

          <h2>{t("coverage.export")}</h2>
          <div class="coverage-buttons">
            <button type="button" class="button-secondary" onClick={() => download("csv")}>
              {t("coverage.export.csv")}
            </button>
            <button type="button" class="button-secondary" onClick={() => download("geojson")}>
              {t("coverage.export.geojson")}
            </button>
          </div>
          <Show when={exportError()}>
            <p class="form-error" role="alert">
              {t("common.error")}
            </p>
          </Show>
        </aside>
      </div>
    </>
  );
}

function NumberField(props: { id: string; label: MessageId; value: string; onInput: (v: string) => void }) {
  return (
    <InputField
      id={props.id}
      label={t(props.label)}
      type="number"
      inputmode="numeric"
      min="0"
      value={props.value}
      onInput={(v) => props.onInput(v)}
    />
  );
}

/** The totals in large text: people, 65+ and 75+ in blank cells, and the share; before → after with a what-if. */
function Totals(props: { result: CoverageResponse | undefined; loading: boolean }) {
  const shown = (): CoverageTotals | undefined => props.result?.whatIf?.after ?? props.result?.totals;
  const before = () => props.result?.totals;
  return (
    <section class="coverage-totals" aria-labelledby="coverage-totals-title" aria-busy={props.loading}>
      <h2 id="coverage-totals-title">{t("coverage.totals")}</h2>
      <Show when={shown()} fallback={<p>{t("common.loading")}</p>}>
        {(now) => (
          <>
            <dl class="coverage-figures" aria-live="polite">
              <div>
                <dt>{t("coverage.totals.blankPopulation")}</dt>
                <dd data-testid="blank-population" data-value={now().blankPopulation}>
                  {people(now().blankPopulation)}
                </dd>
              </div>
              <div>
                <dt>{t("coverage.totals.blank65")}</dt>
                <dd data-testid="blank-65">{people(now().blank65plus)}</dd>
              </div>
              <div>
                <dt>{t("coverage.totals.blank75")}</dt>
                <dd data-testid="blank-75">{people(now().blank75plus)}</dd>
              </div>
              <div>
                <dt>{t("coverage.totals.share")}</dt>
                <dd data-testid="blank-share">{percent(now().blankShare)}</dd>
              </div>
            </dl>
            <p class="muted">
              {t("coverage.totals.population")}: {people(now().population)}・
              {t("coverage.cells", { blank: now().blankCells, total: now().cells })}
            </p>
            <Show when={props.result?.whatIf && before()}>
              {(b) => (
                <p class="coverage-change" data-testid="blank-before" data-value={b().blankPopulation}>
                  {t("coverage.totals.beforeAfter", {
                    before: people(b().blankPopulation),
                    after: people(now().blankPopulation),
                  })}{" "}
                  <strong>
                    {t("coverage.whatIf.reduced", { n: people(b().blankPopulation - now().blankPopulation) })}
                  </strong>
                </p>
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function Legend(props: { metric: CoverageMetric }) {
  const breaks = () => metricBreaks[props.metric];
  const label = (b: number) =>
    props.metric === "population" ? `${b.toLocaleString("ja-JP")}` : `${Math.round(b * 100)}%`;
  return (
    <ul class="legend coverage-legend">
      <li>
        <span class="coverage-ramp" aria-hidden="true">
          <For each={coverageColours.ramp}>{(c) => <span style={{ "background-color": c }} />}</For>
        </span>
        {t(
          props.metric === "population" ? "coverage.legend.ramp.population" : "coverage.legend.ramp.share75",
        )}{" "}
        <span class="muted">
          ({label(breaks()[0] ?? 0)}–{label(breaks().at(-1) ?? 0)}+)
        </span>
      </li>
      <li>
        <span
          class="swatch-square swatch-hatch"
          aria-hidden="true"
          style={{ "border-color": coverageColours.blank }}
        />
        {t("coverage.legend.blank")}
      </li>
      <li>
        <span
          class="swatch-square"
          aria-hidden="true"
          style={{ "background-color": coverageColours.changed }}
        />
        {t("coverage.legend.changed")}
      </li>
      <li>
        <span class="swatch" aria-hidden="true" style={{ "background-color": coverageColours.stop }} />
        {t("coverage.legend.stop")}
      </li>
      <li>
        <span class="swatch" aria-hidden="true" style={{ "background-color": coverageColours.stopIdle }} />
        {t("coverage.legend.stopIdle")}
      </li>
      <li>
        <span
          class="swatch-square"
          aria-hidden="true"
          style={{ "border-color": coverageColours.zone, "border-style": "dashed" }}
        />
        {t("coverage.legend.zone")}
      </li>
    </ul>
  );
}
