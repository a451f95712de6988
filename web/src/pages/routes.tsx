import type { FeatureCollection, GtfsTimetable } from "@tsunagu/contract";
import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { GtfsUpload } from "../registry/GtfsUpload";
import { firstDeparture, numberOrNaN, timetablePatterns } from "../registry/model";
import { ResourceMap } from "../registry/ResourceMap";
import { Loaded, ResourcePage, saveFailure, useMunicipalityCode } from "../registry/ui";
import { describedBy, FieldError, LoadError } from "../ui/fields";
import { DataTable, TableFrame } from "../ui/tables";

type RouteTimetable = GtfsTimetable["routes"][number];
type Trip = RouteTimetable["trips"][number];

/** One trip's spare room, edited in place and saved on its own (PUT spare-capacity). */
function SpareRow(props: { code: string; feedId: string; trip: Trip }) {
  const [seats, setSeats] = createSignal(String(props.trip.spareSeats));
  const [kg, setKg] = createSignal(String(props.trip.spareCargoKg));
  const [litres, setLitres] = createSignal(String(props.trip.spareCargoLitres));
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [status, setStatus] = createSignal<MessageId | null>(null);
  const time = () => firstDeparture(props.trip);
  const key = (field: string) => `${props.trip.tripId}.${field}`;
  // Errors arrive as "spareSeats"; keyed per trip so ids stay unique on the page.
  const rowErrors = () => Object.fromEntries(Object.entries(errors()).map(([k, v]) => [key(k), v]));

  async function save() {
    setStatus(null);
    try {
      await api.setSpareCapacity(props.code, props.feedId, props.trip.tripId, {
        spareSeats: numberOrNaN(seats()),
        spareCargoKg: numberOrNaN(kg()),
        spareCargoLitres: numberOrNaN(litres()),
      });
      setErrors({});
      setStatus("res.saved");
    } catch (error) {
      const failure = saveFailure(error);
      setErrors(failure.fields);
      setStatus(failure.form);
    }
  }

  const input = (
    field: string,
    what: MessageId,
    value: () => string,
    set: (v: string) => void,
    step: string,
  ) => {
    const id = `spare-${props.trip.tripId}-${field}`.replace(/[^A-Za-z0-9_-]/g, "_");
    return (
      <td>
        <label for={id} class="visually-hidden">
          {t("rt.fieldLabel", { time: time(), what: t(what) })}
        </label>
        <input
          id={id}
          class="cell-input"
          type="number"
          inputmode="decimal"
          min="0"
          step={step}
          value={value()}
          aria-invalid={rowErrors()[key(field)] ? "true" : undefined}
          aria-describedby={describedBy(rowErrors(), key(field))}
          onInput={(e) => set(e.currentTarget.value)}
        />
        <FieldError errors={rowErrors()} path={key(field)} />
      </td>
    );
  };

  return (
    <tr data-testid="spare-row">
      <th scope="row">{t("rt.tripAt", { time: time() })}</th>
      <td>{props.trip.headsign ?? "—"}</td>
      {input("spareSeats", "rt.col.seats", seats, setSeats, "1")}
      {input("spareCargoKg", "rt.col.kg", kg, setKg, "any")}
      {input("spareCargoLitres", "rt.col.litres", litres, setLitres, "any")}
      <td>
        <button type="button" class="button-secondary button-small" onClick={() => void save()}>
          {t("rt.saveTrip", { time: time() })}
        </button>
        <Show when={status()}>
          {(s) => (
            <span role="status" class={s() === "res.saved" ? "form-done" : "form-error"}>
              {t(s())}
            </span>
          )}
        </Show>
      </td>
    </tr>
  );
}

/** The route as map layers: its line through the stops of its longest trip, and the stops. */
function routeLayers(route: RouteTimetable | undefined): {
  lines: FeatureCollection;
  points: FeatureCollection;
} {
  if (!route || route.line.length === 0)
    return {
      lines: { type: "FeatureCollection", features: [] },
      points: { type: "FeatureCollection", features: [] },
    };
  return {
    lines: {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          geometry: { type: "LineString", coordinates: route.line.map((s) => [s.lon, s.lat]) },
          properties: { name: route.name, ...(route.color ? { color: route.color } : {}) },
        },
      ],
    },
    points: {
      type: "FeatureCollection",
      features: route.line.map((s) => ({
        type: "Feature" as const,
        geometry: { type: "Point", coordinates: [s.lon, s.lat] },
        properties: { name: s.name, stopId: s.stopId },
      })),
    },
  };
}

/**
 * Bus routes from the imported GTFS-JP feeds: the feeds, one route's
 * timetable (stops × trips, one table per direction) and its line on a map,
 * the spare room each trip offers, and the upload of a new feed.
 */
export function RoutesPage() {
  const code = useMunicipalityCode();
  const [feeds, { refetch: refetchFeeds }] = createResource(code, async (c) =>
    c ? { code: c, items: (await api.gtfsFeeds(c)).items } : undefined,
  );
  const [feedId, setFeedId] = createSignal("");
  const [routeId, setRouteId] = createSignal("");
  const [config] = createResource(api.mapConfig);
  const [municipality] = createResource(code, async (c) =>
    c ? (await api.municipalities()).items.find((m) => m.code === c) : undefined,
  );

  // A refused or failed list is shown by <Loaded>; reading an errored resource would throw here.
  const feedList = () => (feeds.error ? undefined : feeds());
  // Default to the first feed, and keep the choice valid when the list changes (a new import).
  createEffect(() => {
    const list = feedList()?.items ?? [];
    if (list.length && !list.some((f) => f.id === feedId())) setFeedId(list[0]?.id ?? "");
  });
  const [timetable] = createResource(
    () => (feedList()?.code && feedId() ? { c: feedList()?.code ?? "", f: feedId() } : false),
    ({ c, f }) => api.gtfsTimetable(c, f),
  );
  const loadedTimetable = () => (timetable.error ? undefined : timetable());
  createEffect(() => {
    const routes = loadedTimetable()?.routes ?? [];
    // Real feeds list routes that have no trips in this version (e.g. another operator's line): start with one that runs.
    if (routes.length && !routes.some((r) => r.routeId === routeId()))
      setRouteId((routes.find((r) => r.trips.length > 0) ?? routes[0])?.routeId ?? "");
  });
  const route = () => loadedTimetable()?.routes.find((r) => r.routeId === routeId());
  const layers = () => routeLayers(route());

  return (
    <ResourcePage title="rt.title" wide>
      <Loaded data={feeds} code={code}>
        {(loaded) => (
          <>
            <h2>{t("rt.feeds")}</h2>
            <Show when={loaded().items.length > 0} fallback={<p>{t("rt.noFeeds")}</p>}>
              <DataTable
                caption={t("rt.feedsCaption")}
                testId="feed-table"
                items={loaded().items}
                selected={(f) => f.id === feedId()}
                columns={[
                  { header: t("rt.col.name"), cell: (f) => f.name },
                  { header: t("rt.col.version"), cell: (f) => f.version ?? "—" },
                  {
                    header: t("rt.col.period"),
                    cell: (f) => (
                      <>
                        {f.startDate ?? "—"} 〜 {f.endDate ?? "—"}
                      </>
                    ),
                  },
                  { header: t("rt.col.stops"), cell: (f) => f.counts.stops, class: "num" },
                  { header: t("rt.col.routes"), cell: (f) => f.counts.routes, class: "num" },
                  { header: t("rt.col.trips"), cell: (f) => f.counts.trips, class: "num" },
                ]}
              />
              <div class="field-row">
                <div class="field">
                  <label for="rt-feed">{t("rt.feed")}</label>
                  <select id="rt-feed" value={feedId()} onChange={(e) => setFeedId(e.currentTarget.value)}>
                    <For each={loaded().items}>{(f) => <option value={f.id}>{f.name}</option>}</For>
                  </select>
                </div>
                <div class="field">
                  <label for="rt-route">{t("rt.route")}</label>
                  <select id="rt-route" value={routeId()} onChange={(e) => setRouteId(e.currentTarget.value)}>
                    <For each={loadedTimetable()?.routes ?? []}>
                      {(r) => (
                        <option value={r.routeId}>
                          {r.trips.length > 0 ? r.name : t("rt.routeNoTrips", { route: r.name })}
                        </option>
                      )}
                    </For>
                  </select>
                </div>
              </div>
            </Show>
            <Show when={timetable.error}>
              <LoadError error={timetable.error} />
            </Show>
            <Show when={route()}>
              {(r) => (
                <>
                  <h2>{t("rt.timetable", { route: r().name })}</h2>
                  <div class="route-layout">
                    <div>
                      <Show when={config() && municipality()}>
                        <ResourceMap
                          config={config() ?? { tileUrl: "", tileAttribution: "" }}
                          centre={municipality()?.centre ?? { lat: 35, lon: 136 }}
                          lines={layers().lines}
                          points={layers().points}
                          label={t("rt.mapLabel", { route: r().name })}
                        />
                      </Show>
                      <p class="muted">{t("rt.mapLegend", { n: r().line.length })}</p>
                    </div>
                    <div class="timetables" data-testid="timetable">
                      <Show when={r().trips.length === 0}>
                        <p>{t("rt.noTrips")}</p>
                      </Show>
                      <For each={timetablePatterns(r())}>
                        {(pattern) => {
                          const caption = t("rt.patternCaption", {
                            route: r().name,
                            from: pattern.stops[0]?.name ?? "",
                            to: pattern.stops.at(-1)?.name ?? "",
                            n: pattern.trips.length,
                          });
                          // One row per stop, one column per trip: the departures as a printed timetable shows them.
                          return (
                            <DataTable
                              caption={caption}
                              class="data-table timetable"
                              items={pattern.stops}
                              columns={[
                                { header: t("rt.stop"), cell: (stop) => stop.name },
                                ...pattern.trips.map((trip) => ({
                                  header: t("rt.tripAt", { time: firstDeparture(trip) }),
                                  cell: (_: unknown, i: number) => trip.calls[i]?.departure ?? "—",
                                  class: "num",
                                })),
                              ]}
                            />
                          );
                        }}
                      </For>
                    </div>
                  </div>
                  <h2>{t("rt.spare")}</h2>
                  <p>{t("rt.spareLead")}</p>
                  <TableFrame
                    caption={t("rt.spareCaption", { route: r().name })}
                    testId="spare-table"
                    headers={[
                      t("rt.col.trip"),
                      t("rt.col.headsign"),
                      t("rt.col.seats"),
                      t("rt.col.kg"),
                      t("rt.col.litres"),
                      t("res.actions"),
                    ]}
                  >
                    <For each={r().trips}>
                      {(trip) => <SpareRow code={loaded().code} feedId={feedId()} trip={trip} />}
                    </For>
                  </TableFrame>
                </>
              )}
            </Show>
            <GtfsUpload
              code={loaded().code}
              onImported={async (result) => {
                // Choose the new feed only once the list holds it, or the default would undo the choice.
                await refetchFeeds();
                setFeedId(result.feedId);
              }}
            />
          </>
        )}
      </Loaded>
    </ResourcePage>
  );
}
