import type { DronePort, DroneRoute, FeatureCollection } from "@tsunagu/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { type RouteStatus, statusOn, todayInJapan, WEEKDAYS } from "../registry/model";
import { ResourceMap } from "../registry/ResourceMap";
import {
  describedBy,
  Field,
  FieldError,
  FormStatus,
  ResourcePage,
  ScrollTable,
  saveFailure,
  useMunicipalityCode,
} from "../registry/ui";

const SUSPENDED_COLOUR = "#b91c1c";
const PORT_COLOUR = "#047857";

const statusMessage: Record<RouteStatus, MessageId> = {
  suspended: "dr.suspended",
  running: "dr.running",
  notScheduled: "dr.notScheduled",
};

function droneLayers(ports: DronePort[], routes: DroneRoute[], date: string) {
  const byId = new Map(ports.map((p) => [p.id, p]));
  const lines: FeatureCollection = {
    type: "FeatureCollection",
    features: routes.flatMap((r) => {
      const a = byId.get(r.fromPortId);
      const b = byId.get(r.toPortId);
      if (!a || !b) return [];
      const suspended = statusOn(r, date) === "suspended";
      return [
        {
          type: "Feature" as const,
          geometry: {
            type: "LineString",
            coordinates: [
              [a.lon, a.lat],
              [b.lon, b.lat],
            ],
          },
          // A suspended route is drawn solid red; the table says 運休 in words too.
          properties: { id: r.id, dashed: !suspended, color: suspended ? SUSPENDED_COLOUR : PORT_COLOUR },
        },
      ];
    }),
  };
  const points: FeatureCollection = {
    type: "FeatureCollection",
    features: ports.map((p) => ({
      type: "Feature" as const,
      geometry: { type: "Point", coordinates: [p.lon, p.lat] },
      properties: { name: p.name, color: PORT_COLOUR },
    })),
  };
  return { lines, points };
}

/**
 * Drone ports and the routes between them, on a map and in tables, with
 * forms to add a port (typing or clicking the map) and a route, and the
 * day's weather switch: suspend (運休) or resume a route for a date.
 */
export function DronesPage() {
  const code = useMunicipalityCode();
  const [data, { refetch, mutate }] = createResource(code, async (c) => {
    if (!c) return undefined;
    const [ports, routes, municipalities, config] = await Promise.all([
      api.dronePorts(c),
      api.droneRoutes(c),
      api.municipalities(),
      api.mapConfig(),
    ]);
    return {
      code: c,
      ports: ports.items,
      routes: routes.items,
      centre: municipalities.items.find((m) => m.code === c)?.centre ?? { lat: 35, lon: 136 },
      config,
    };
  });
  const [date, setDate] = createSignal(todayInJapan());
  const [reason, setReason] = createSignal(t("dr.reasonDefault"));
  const [switchErrors, setSwitchErrors] = createSignal<Record<string, string>>({});
  const [switchStatus, setSwitchStatus] = createSignal<MessageId | null>(null);

  const [port, setPort] = createStore({ name: "", lat: "", lon: "" });
  const [portErrors, setPortErrors] = createSignal<Record<string, string>>({});
  const [portStatus, setPortStatus] = createStore<{ error: MessageId | null; done: MessageId | null }>({
    error: null,
    done: null,
  });
  const [route, setRoute] = createStore({
    fromPortId: "",
    toPortId: "",
    maxPayloadKg: "5",
    rangeKm: "10",
    operatingFrom: "09:00",
    operatingTo: "16:00",
    days: [1, 2, 3, 4, 5] as number[],
  });
  const [routeErrors, setRouteErrors] = createSignal<Record<string, string>>({});
  const [routeStatus, setRouteStatus] = createStore<{ error: MessageId | null; done: MessageId | null }>({
    error: null,
    done: null,
  });
  const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
  const portName = (id: string) => data()?.ports.find((p) => p.id === id)?.name ?? id;
  const routeName = (r: DroneRoute) => `${portName(r.fromPortId)} → ${portName(r.toPortId)}`;

  /** Replaces one route in the loaded list with the server's answer, so the badge changes at once. */
  function replaceRoute(updated: DroneRoute) {
    const current = data();
    if (current)
      mutate({ ...current, routes: current.routes.map((r) => (r.id === updated.id ? updated : r)) });
  }

  async function toggle(c: string, r: DroneRoute) {
    setSwitchStatus(null);
    try {
      const updated =
        statusOn(r, date()) === "suspended"
          ? await api.liftDroneSuspension(c, r.id, date())
          : await api.suspendDroneRoute(c, r.id, date(), reason());
      setSwitchErrors({});
      replaceRoute(updated);
      setSwitchStatus("res.saved");
    } catch (error) {
      const failure = saveFailure(error);
      // The date travels in the path ("param.date"), the reason in the body ("reason").
      setSwitchErrors(
        Object.fromEntries(
          Object.entries(failure.fields).map(([k, v]) => [k.startsWith("param.") ? k.slice(6) : k, v]),
        ),
      );
      setSwitchStatus(failure.form);
    }
  }

  async function addPort(c: string) {
    setPortStatus({ error: null, done: null });
    try {
      await api.createDronePort(c, {
        name: port.name,
        lat: num(port.lat),
        lon: num(port.lon),
        placeId: null,
      });
      setPortErrors({});
      setPort({ name: "", lat: "", lon: "" });
      await refetch();
      setPortStatus({ error: null, done: "dr.portCreated" });
    } catch (error) {
      const failure = saveFailure(error);
      setPortErrors(failure.fields);
      setPortStatus({ error: failure.form, done: null });
    }
  }

  async function addRoute(c: string) {
    setRouteStatus({ error: null, done: null });
    try {
      await api.createDroneRoute(c, {
        fromPortId: route.fromPortId,
        toPortId: route.toPortId,
        maxPayloadKg: num(route.maxPayloadKg),
        rangeKm: num(route.rangeKm),
        operatingFrom: route.operatingFrom,
        operatingTo: route.operatingTo,
        days: [...route.days].sort((a, b) => a - b),
      });
      setRouteErrors({});
      await refetch();
      setRouteStatus({ error: null, done: "dr.routeCreated" });
    } catch (error) {
      const failure = saveFailure(error);
      setRouteErrors(failure.fields);
      setRouteStatus({ error: failure.form, done: null });
    }
  }

  const layers = () => {
    const d = data();
    return d ? droneLayers(d.ports, d.routes, date()) : undefined;
  };

  const portSelect = (field: "fromPortId" | "toPortId", label: MessageId) => (
    <Field id={`dr-${field}`} label={t(label)} errors={routeErrors()} path={field}>
      <select
        id={`dr-${field}`}
        value={route[field]}
        aria-describedby={describedBy(routeErrors(), field)}
        onChange={(e) => setRoute(field, e.currentTarget.value)}
      >
        <option value="">{t("res.choose")}</option>
        <For each={data()?.ports ?? []}>{(p) => <option value={p.id}>{p.name}</option>}</For>
      </select>
    </Field>
  );
  const routeInput = (
    field: "maxPayloadKg" | "rangeKm" | "operatingFrom" | "operatingTo",
    label: MessageId,
    type: "number" | "time",
  ) => (
    <Field id={`dr-${field}`} label={t(label)} errors={routeErrors()} path={field}>
      <input
        id={`dr-${field}`}
        type={type}
        min={type === "number" ? "0" : undefined}
        step={type === "number" ? "any" : undefined}
        value={route[field]}
        aria-describedby={describedBy(routeErrors(), field)}
        onInput={(e) => setRoute(field, e.currentTarget.value)}
      />
    </Field>
  );

  return (
    <ResourcePage title="dr.title" wide>
      <Show when={!data.error && !code.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <div class="map-layout">
                <div>
                  <ResourceMap
                    config={loaded().config}
                    centre={loaded().centre}
                    lines={layers()?.lines ?? { type: "FeatureCollection", features: [] }}
                    points={layers()?.points ?? { type: "FeatureCollection", features: [] }}
                    label={t("dr.mapLabel")}
                    onPick={(lat, lon) => {
                      setPort({ lat: lat.toFixed(6), lon: lon.toFixed(6) });
                      setPortStatus({ error: null, done: null });
                    }}
                  />
                  <p class="muted">{t("dr.mapHint")}</p>
                </div>
                <form
                  class="resource-form side-form"
                  aria-labelledby="port-form-title"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void addPort(loaded().code);
                  }}
                >
                  <h2 id="port-form-title">{t("dr.addPort")}</h2>
                  <FieldError errors={portErrors()} path="" />
                  <Field id="port-name" label={t("dr.portName")} errors={portErrors()} path="name">
                    <input
                      id="port-name"
                      type="text"
                      maxLength={200}
                      value={port.name}
                      aria-describedby={describedBy(portErrors(), "name")}
                      onInput={(e) => setPort("name", e.currentTarget.value)}
                    />
                  </Field>
                  <div class="field-row">
                    <For each={["lat", "lon"] as const}>
                      {(field) => (
                        <Field
                          id={`port-${field}`}
                          label={t(`dr.${field}`)}
                          errors={portErrors()}
                          path={field}
                        >
                          <input
                            id={`port-${field}`}
                            type="number"
                            inputmode="decimal"
                            step="any"
                            value={port[field]}
                            aria-describedby={describedBy(portErrors(), field)}
                            onInput={(e) => setPort(field, e.currentTarget.value)}
                          />
                        </Field>
                      )}
                    </For>
                  </div>
                  <FormStatus error={portStatus.error} done={portStatus.done} />
                  <button type="submit" class="button">
                    ＋ {t("dr.addPort")}
                  </button>
                </form>
              </div>

              <ScrollTable label={t("dr.portsCaption", { n: loaded().ports.length })}>
                <table class="data-table" data-testid="port-table">
                  <caption>{t("dr.portsCaption", { n: loaded().ports.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("dr.col.name")}</th>
                      <th scope="col">{t("dr.col.lat")}</th>
                      <th scope="col">{t("dr.col.lon")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={loaded().ports}>
                      {(p) => (
                        <tr>
                          <th scope="row">{p.name}</th>
                          <td class="num">{p.lat.toFixed(5)}</td>
                          <td class="num">{p.lon.toFixed(5)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </ScrollTable>

              <h2>{t("dr.routesCaption", { n: loaded().routes.length })}</h2>
              <div class="field-row">
                <Field id="dr-date" label={t("dr.date")} errors={switchErrors()} path="date">
                  <input
                    id="dr-date"
                    type="date"
                    value={date()}
                    aria-describedby={describedBy(switchErrors(), "date")}
                    onInput={(e) => setDate(e.currentTarget.value)}
                  />
                </Field>
                <Field id="dr-reason" label={t("dr.reason")} errors={switchErrors()} path="reason">
                  <input
                    id="dr-reason"
                    type="text"
                    maxLength={200}
                    value={reason()}
                    aria-describedby={describedBy(switchErrors(), "reason")}
                    onInput={(e) => setReason(e.currentTarget.value)}
                  />
                </Field>
              </div>
              <FormStatus error={switchStatus() === "res.saved" ? null : switchStatus()} done={null} />
              <ScrollTable label={t("dr.routesCaption", { n: loaded().routes.length })}>
                <table class="data-table" data-testid="drone-route-table">
                  <caption>{t("dr.routesCaption", { n: loaded().routes.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("dr.col.route")}</th>
                      <th scope="col">{t("dr.col.payload")}</th>
                      <th scope="col">{t("dr.col.range")}</th>
                      <th scope="col">{t("dr.col.hours")}</th>
                      <th scope="col">{t("dr.col.days")}</th>
                      <th scope="col">{t("dr.col.status", { date: date() })}</th>
                      <th scope="col">{t("res.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={loaded().routes}>
                      {(r) => {
                        const status = () => statusOn(r, date());
                        return (
                          <tr data-testid="drone-route-row">
                            <th scope="row">{routeName(r)}</th>
                            <td class="num">{t("dr.kg", { n: r.maxPayloadKg })}</td>
                            <td class="num">{t("dr.km", { n: r.rangeKm })}</td>
                            <td>
                              {r.operatingFrom}–{r.operatingTo}
                            </td>
                            <td>{r.days.map((d) => t(`wd.${d}` as MessageId)).join("・")}</td>
                            <td>
                              <span class={`status-badge status-${status()}`} data-testid="drone-status">
                                {t(statusMessage[status()])}
                              </span>
                              <Show when={r.suspensions.length > 0}>
                                <span class="muted small">
                                  {" "}
                                  {t("dr.suspendedDays", {
                                    dates: r.suspensions.map((s) => `${s.date}（${s.reason}）`).join("、"),
                                  })}
                                </span>
                              </Show>
                            </td>
                            <td>
                              <button
                                type="button"
                                class="button-secondary button-small"
                                aria-label={t(status() === "suspended" ? "dr.resume" : "dr.suspend", {
                                  route: routeName(r),
                                })}
                                onClick={() => void toggle(loaded().code, r)}
                              >
                                {t(status() === "suspended" ? "dr.resumeShort" : "dr.suspendShort")}
                              </button>
                            </td>
                          </tr>
                        );
                      }}
                    </For>
                  </tbody>
                </table>
              </ScrollTable>

              <form
                class="resource-form"
                aria-labelledby="route-form-title"
                onSubmit={(event) => {
                  event.preventDefault();
                  void addRoute(loaded().code);
                }}
              >
                <h2 id="route-form-title">{t("dr.addRoute")}</h2>
                <FieldError errors={routeErrors()} path="" />
                <div class="field-row">
                  {portSelect("fromPortId", "dr.from")}
                  {portSelect("toPortId", "dr.to")}
                </div>
                <div class="field-row">
                  {routeInput("maxPayloadKg", "dr.maxPayloadKg", "number")}
                  {routeInput("rangeKm", "dr.rangeKm", "number")}
                  {routeInput("operatingFrom", "dr.operatingFrom", "time")}
                  {routeInput("operatingTo", "dr.operatingTo", "time")}
                </div>
                <fieldset class="choice-group" aria-describedby={describedBy(routeErrors(), "days")}>
                  <legend>{t("dr.days")}</legend>
                  <For each={WEEKDAYS}>
                    {(day) => (
                      <label class="choice">
                        <input
                          type="checkbox"
                          checked={route.days.includes(day)}
                          onChange={(e) =>
                            setRoute("days", (days) =>
                              e.currentTarget.checked ? [...days, day] : days.filter((d) => d !== day),
                            )
                          }
                        />
                        {t(`wdLong.${day}` as MessageId)}
                      </label>
                    )}
                  </For>
                </fieldset>
                <FieldError errors={routeErrors()} path="days" />
                <FormStatus error={routeStatus.error} done={routeStatus.done} />
                <button type="submit" class="button">
                  ＋ {t("dr.addRoute")}
                </button>
              </form>
            </>
          )}
        </Show>
      </Show>
    </ResourcePage>
  );
}
