import type { DronePort, DroneRoute, FeatureCollection } from "@tsunagu/contract";
import { createResource, createSignal, For, type ParentProps, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { LocationPicker, outsideUnconfirmed } from "../map/LocationPicker";
import { ArchiveButtons, ArchivedToggle, ArchivePanel, useArchive } from "../registry/archive";
import { numberOrNaN, optional, type RouteStatus, statusOn, todayInJapan, WEEKDAYS } from "../registry/model";
import { ResourceMap } from "../registry/ResourceMap";
import { FormStatus, Loaded, ResourcePage, saveFailure, useMunicipalityCode } from "../registry/ui";
import {
  bindFields,
  CheckboxGroup,
  FieldError,
  type FieldErrors,
  InputField,
  SelectField,
  signalInput,
  TextField,
} from "../ui/fields";
import { DataTable } from "../ui/tables";

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

/** An "add" form: its heading, the form-level error, the fields, the status line and a ＋ button named like the heading. */
function AddForm(
  props: ParentProps<{
    name: string;
    title: string;
    /** Beside the map rather than under it. */
    side?: boolean;
    errors: FieldErrors;
    status: { error: MessageId | null; done: MessageId | null };
    onSubmit: () => void;
  }>,
) {
  return (
    <form
      class={`resource-form${props.side ? " side-form" : ""}`}
      aria-labelledby={`${props.name}-form-title`}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <h2 id={`${props.name}-form-title`}>{props.title}</h2>
      <FieldError errors={props.errors} path="" />
      {props.children}
      <FormStatus error={props.status.error} done={props.status.done} />
      <button type="submit" class="button">
        ＋ {props.title}
      </button>
    </form>
  );
}

/**
 * Drone ports and the routes between them, on a map and in tables, with
 * forms to add a port (typing or clicking the map) and a route, and the
 * day's weather switch: suspend (運休) or resume a route for a date.
 */
export function DronesPage() {
  const code = useMunicipalityCode();
  const portArchive = useArchive("drone-ports");
  const routeArchive = useArchive("drone-routes");
  const [data, { refetch, mutate }] = createResource(
    () => ({ code: code(), ports: portArchive.shown(), routes: routeArchive.shown() }),
    async ({ code: c, ports: archivedPorts, routes: archivedRoutes }) => {
      if (!c) return undefined;
      const [ports, routes, municipalities, config] = await Promise.all([
        api.dronePorts(c, archivedPorts),
        api.droneRoutes(c, archivedRoutes),
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
    },
  );
  /** The ports a new route may join and the map draws: archived ones are listed only. */
  const activePorts = () => (data()?.ports ?? []).filter((p) => !p.archived);
  const [date, setDate] = createSignal(todayInJapan());
  const [reason, setReason] = createSignal(t("dr.reasonDefault"));
  const [switchErrors, setSwitchErrors] = createSignal<Record<string, string>>({});
  const [switchStatus, setSwitchStatus] = createSignal<MessageId | null>(null);

  const [port, setPort] = createStore({ name: "", lat: "", lon: "", outsideOk: false });
  const [portErrors, setPortErrors] = createSignal<Record<string, string>>({});
  const [portStatus, setPortStatus] = createStore<{ error: MessageId | null; done: MessageId | null }>({
    error: null,
    done: null,
  });
  const [route, setRoute] = createStore({
    fromPortId: "",
    toPortId: "",
    maxPayloadKg: "5",
    maxPayloadLitres: "",
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
    if (await outsideUnconfirmed(c, "place", port, port.outsideOk)) {
      setPortErrors({ "": t("loc.err.confirm") });
      return;
    }
    try {
      await api.createDronePort(c, {
        name: port.name,
        lat: numberOrNaN(port.lat),
        lon: numberOrNaN(port.lon),
        placeId: null,
      });
      setPortErrors({});
      setPort({ name: "", lat: "", lon: "", outsideOk: false });
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
        maxPayloadKg: numberOrNaN(route.maxPayloadKg),
        maxPayloadLitres: optional(route.maxPayloadLitres),
        rangeKm: numberOrNaN(route.rangeKm),
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
    return d
      ? droneLayers(
          activePorts(),
          d.routes.filter((r) => !r.archived),
          date(),
        )
      : undefined;
  };

  const portFields = bindFields(port, setPort, portErrors);
  const routeFields = bindFields(route, setRoute, routeErrors);
  const portSelect = (field: "fromPortId" | "toPortId", label: MessageId) => (
    <SelectField id={`dr-${field}`} label={t(label)} {...routeFields.select(field)}>
      <option value="">{t("res.choose")}</option>
      <For each={activePorts()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
    </SelectField>
  );
  const routeInput = (
    field: "maxPayloadKg" | "maxPayloadLitres" | "rangeKm" | "operatingFrom" | "operatingTo",
    label: MessageId,
    type: "number" | "time",
  ) => (
    <InputField
      id={`dr-${field}`}
      label={t(label)}
      type={type}
      min={type === "number" ? "0" : undefined}
      step={type === "number" ? "any" : undefined}
      {...routeFields.input(field)}
    />
  );

  return (
    <ResourcePage title="dr.title" wide>
      <Loaded data={data} code={code}>
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
                />
              </div>
              <AddForm
                name="port"
                title={t("dr.addPort")}
                side
                errors={portErrors()}
                status={portStatus}
                onSubmit={() => void addPort(loaded().code)}
              >
                <TextField id="port-name" label={t("dr.portName")} {...portFields.input("name")} />
                <LocationPicker
                  code={loaded().code}
                  idPrefix="port"
                  legend={t("dr.portPlace")}
                  labels={{ lat: t("dr.lat"), lon: t("dr.lon") }}
                  paths={{ lat: "lat", lon: "lon" }}
                  errors={portErrors()}
                  value={port}
                  onChange={(at) => {
                    setPort(at);
                    setPortStatus({ error: null, done: null });
                  }}
                  purpose="place"
                  confirmOutside={{ checked: port.outsideOk, onChange: (on) => setPort("outsideOk", on) }}
                />
              </AddForm>
            </div>

            <ArchivedToggle archive={portArchive} />
            <DataTable
              caption={t("dr.portsCaption", { n: loaded().ports.length })}
              testId="port-table"
              items={loaded().ports}
              columns={[
                { header: t("dr.col.name"), cell: (p) => p.name },
                { header: t("dr.col.lat"), cell: (p) => p.lat.toFixed(5), class: "num" },
                { header: t("dr.col.lon"), cell: (p) => p.lon.toFixed(5), class: "num" },
                {
                  header: t("res.actions"),
                  cell: (p) => (
                    <ArchiveButtons
                      archive={portArchive}
                      item={p}
                      name={p.name}
                      code={loaded().code}
                      reload={refetch}
                    />
                  ),
                },
              ]}
            />
            <ArchivePanel archive={portArchive} code={loaded().code} reload={refetch} />

            <h2>{t("dr.routesCaption", { n: loaded().routes.length })}</h2>
            <div class="field-row">
              <InputField
                id="dr-date"
                label={t("dr.date")}
                errors={switchErrors()}
                path="date"
                type="date"
                {...signalInput(date, setDate)}
              />
              <TextField
                id="dr-reason"
                label={t("dr.reason")}
                errors={switchErrors()}
                path="reason"
                {...signalInput(reason, setReason)}
              />
            </div>
            <FormStatus error={switchStatus() === "res.saved" ? null : switchStatus()} done={null} />
            <ArchivedToggle archive={routeArchive} />
            <DataTable
              caption={t("dr.routesCaption", { n: loaded().routes.length })}
              testId="drone-route-table"
              rowTestId="drone-route-row"
              items={loaded().routes}
              columns={[
                { header: t("dr.col.route"), cell: (r) => routeName(r) },
                {
                  header: t("dr.col.payload"),
                  cell: (r) =>
                    r.maxPayloadLitres === null
                      ? t("dr.kg", { n: r.maxPayloadKg })
                      : t("dr.kgLitres", { kg: r.maxPayloadKg, litres: r.maxPayloadLitres }),
                  class: "num",
                },
                { header: t("dr.col.range"), cell: (r) => t("dr.km", { n: r.rangeKm }), class: "num" },
                {
                  header: t("dr.col.hours"),
                  cell: (r) => (
                    <>
                      {r.operatingFrom}–{r.operatingTo}
                    </>
                  ),
                },
                {
                  header: t("dr.col.days"),
                  cell: (r) => r.days.map((d) => t(`wd.${d}` as MessageId)).join("・"),
                },
                {
                  header: t("dr.col.status", { date: date() }),
                  cell: (r) => (
                    <>
                      <span class={`status-badge status-${statusOn(r, date())}`} data-testid="drone-status">
                        {t(statusMessage[statusOn(r, date())])}
                      </span>
                      <Show when={r.suspensions.length > 0}>
                        <span class="muted small">
                          {" "}
                          {t("dr.suspendedDays", {
                            dates: r.suspensions.map((s) => `${s.date}（${s.reason}）`).join("、"),
                          })}
                        </span>
                      </Show>
                    </>
                  ),
                },
                {
                  header: t("res.actions"),
                  cell: (r) => {
                    const suspended = () => statusOn(r, date()) === "suspended";
                    return (
                      <>
                        <Show when={!r.archived}>
                          <button
                            type="button"
                            class="button-secondary button-small"
                            aria-label={t(suspended() ? "dr.resume" : "dr.suspend", { route: routeName(r) })}
                            onClick={() => void toggle(loaded().code, r)}
                          >
                            {t(suspended() ? "dr.resumeShort" : "dr.suspendShort")}
                          </button>{" "}
                        </Show>
                        <ArchiveButtons
                          archive={routeArchive}
                          item={r}
                          name={routeName(r)}
                          code={loaded().code}
                          reload={refetch}
                        />
                      </>
                    );
                  },
                },
              ]}
            />
            <ArchivePanel archive={routeArchive} code={loaded().code} reload={refetch} />

            <AddForm
              name="route"
              title={t("dr.addRoute")}
              errors={routeErrors()}
              status={routeStatus}
              onSubmit={() => void addRoute(loaded().code)}
            >
              <div class="field-row">
                {portSelect("fromPortId", "dr.from")}
                {portSelect("toPortId", "dr.to")}
              </div>
              <div class="field-row">
                {routeInput("maxPayloadKg", "dr.maxPayloadKg", "number")}
                {routeInput("maxPayloadLitres", "dr.maxPayloadLitres", "number")}
                {routeInput("rangeKm", "dr.rangeKm", "number")}
                {routeInput("operatingFrom", "dr.operatingFrom", "time")}
                {routeInput("operatingTo", "dr.operatingTo", "time")}
              </div>
              <CheckboxGroup
                legend={t("dr.days")}
                errors={routeErrors()}
                path="days"
                options={WEEKDAYS.map((day) => ({
                  value: day as number,
                  label: t(`wdLong.${day}` as MessageId),
                }))}
                selected={route.days}
                onChange={(days) => setRoute("days", days)}
              />
            </AddForm>
          </>
        )}
      </Loaded>
    </ResourcePage>
  );
}
