import {
  type Driver,
  DriverKindSchema,
  type Organisation,
  OrganisationKindSchema,
  type Resident,
} from "@tsunagu/contract";
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { ja } from "../i18n/ja";
import { AvailabilityEditor } from "../registry/AvailabilityEditor";
import {
  availabilityFromRows,
  type ExceptionRow,
  rowsFromAvailability,
  type WeeklyRow,
} from "../registry/model";
import {
  describedBy,
  Field,
  FieldError,
  focusHeading,
  ResourceForm,
  ResourcePage,
  ScrollTable,
  saveFailure,
  useMunicipalityCode,
} from "../registry/ui";

/**
 * Staff screens for the people side of the registry: organisations, drivers
 * (staff and volunteers) and residents. Each is a list plus one create/edit
 * form, with the server's field errors shown next to their control, as on
 * the vehicle and hub screens.
 */

/** A number field's text as the API wants it; empty stays NaN so the server names the field. */
const numberOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** State shared by the three forms: which record is open, the errors, the status line. */
function useEditor<T>(formTitleId: string) {
  const [editing, setEditing] = createSignal<string | null>(null);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [done, setDone] = createSignal<MessageId | null>(null);
  const [saving, setSaving] = createSignal(false);
  return {
    editing,
    errors,
    setErrors,
    formError,
    done,
    saving,
    open(id: string | null) {
      setEditing(id ?? "new");
      setErrors({});
      setFormError(null);
      setDone(null);
      focusHeading(formTitleId);
    },
    close: () => setEditing(null),
    /** Runs a save; on success keeps the saved record open, on failure shows its errors. */
    async save(
      run: () => Promise<T & { id: string }>,
      after: (saved: T & { id: string }) => Promise<void>,
      created: MessageId,
    ) {
      setSaving(true);
      setDone(null);
      const wasNew = editing() === "new";
      try {
        const saved = await run();
        setErrors({});
        setFormError(null);
        await after(saved);
        setEditing(saved.id);
        setDone(wasNew ? created : "res.saved");
      } catch (error) {
        const failure = saveFailure(error);
        setErrors(failure.fields);
        setFormError(failure.form);
      } finally {
        setSaving(false);
      }
    },
  };
}

/** The edit button of a list row, named after the record so a screen reader can tell rows apart. */
function EditButton(props: { name: string; onClick: () => void }) {
  return (
    <button
      type="button"
      class="button-secondary button-small"
      aria-label={t("res.editNamed", { name: props.name })}
      onClick={() => props.onClick()}
    >
      {t("res.edit")}
    </button>
  );
}

/** A labelled text input bound to one draft field. */
function TextField(props: {
  id: string;
  label: string;
  path: string;
  errors: Record<string, string>;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "number" | "tel";
  step?: string;
}): JSX.Element {
  return (
    <Field id={props.id} label={props.label} errors={props.errors} path={props.path}>
      <input
        id={props.id}
        type={props.type ?? "text"}
        inputmode={props.type === "number" ? "decimal" : undefined}
        step={props.step}
        maxLength={props.type === "number" ? undefined : 200}
        value={props.value}
        aria-describedby={describedBy(props.errors, props.path)}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

// ——— organisations ———

interface OrganisationDraft {
  kind: string;
  name: string;
  nameKana: string;
}
const emptyOrganisation = (): OrganisationDraft => ({ kind: "facility", name: "", nameKana: "" });
const organisationDraft = (o: Organisation): OrganisationDraft => ({
  kind: o.kind,
  name: o.name,
  nameKana: o.nameKana ?? "",
});

/** 「団体」: the organisations that hold resources, by kind and name. */
export function OrganisationsPage() {
  const code = useMunicipalityCode();
  const [data, { refetch }] = createResource(code, async (c) =>
    c ? { code: c, items: (await api.organisations(c)).items } : undefined,
  );
  const [draft, setDraft] = createStore<OrganisationDraft>(emptyOrganisation());
  const ed = useEditor<Organisation>("org-form-title");
  const open = (o: Organisation | null) => {
    setDraft(reconcile(o ? organisationDraft(o) : emptyOrganisation()));
    ed.open(o?.id ?? null);
  };
  const save = (c: string) => {
    const id = ed.editing();
    // The kind comes from the select, which only offers the contract's kinds; the server re-checks it.
    const body = {
      kind: draft.kind as Organisation["kind"],
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
    };
    return ed.save(
      () => (id && id !== "new" ? api.replaceOrganisation(c, id, body) : api.createOrganisation(c, body)),
      async (saved) => {
        await refetch();
        setDraft(reconcile(organisationDraft(saved)));
      },
      "org.created",
    );
  };
  // A kind without a message (data imported from elsewhere) is shown by its code rather than hidden.
  const kindLabel = (k: string) => {
    const id = `org.kind.${k}`;
    return id in ja ? t(id as MessageId) : k;
  };

  return (
    <ResourcePage title="org.title" lead="org.lead">
      <Show when={!data.error && !code.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <ScrollTable label={t("org.caption", { n: loaded().items.length })}>
                <table class="data-table" data-testid="organisation-table">
                  <caption>{t("org.caption", { n: loaded().items.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("org.field.name")}</th>
                      <th scope="col">{t("org.field.kind")}</th>
                      <th scope="col">{t("res.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={loaded().items}>
                      {(o) => (
                        <tr classList={{ "row-selected": ed.editing() === o.id }}>
                          <th scope="row">{o.name}</th>
                          <td>{kindLabel(o.kind)}</td>
                          <td>
                            <EditButton name={o.name} onClick={() => open(o)} />
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </ScrollTable>
              <button type="button" class="button" onClick={() => open(null)}>
                ＋ {t("org.new")}
              </button>
              <Show when={ed.editing()}>
                <ResourceForm
                  name="organisation"
                  title={
                    ed.editing() === "new" ? t("org.newTitle") : t("org.editTitle", { name: draft.name })
                  }
                  errors={ed.errors()}
                  status={{ error: ed.formError(), done: ed.done() }}
                  saving={ed.saving()}
                  onSubmit={() => void save(loaded().code)}
                  onCancel={ed.close}
                >
                  <div class="field-row">
                    <Field id="o-kind" label={t("org.field.kind")} errors={ed.errors()} path="kind">
                      <select
                        id="o-kind"
                        value={draft.kind}
                        aria-describedby={describedBy(ed.errors(), "kind")}
                        onChange={(e) => setDraft("kind", e.currentTarget.value)}
                      >
                        {/* A stored kind the contract no longer lists stays visible until it is changed. */}
                        <Show
                          when={!(OrganisationKindSchema.options as readonly string[]).includes(draft.kind)}
                        >
                          <option value={draft.kind}>{kindLabel(draft.kind)}</option>
                        </Show>
                        <For each={OrganisationKindSchema.options}>
                          {(k) => <option value={k}>{kindLabel(k)}</option>}
                        </For>
                      </select>
                    </Field>
                    <TextField
                      id="o-name"
                      label={t("org.field.name")}
                      path="name"
                      errors={ed.errors()}
                      value={draft.name}
                      onInput={(v) => setDraft("name", v)}
                    />
                    <TextField
                      id="o-kana"
                      label={t("org.field.nameKana")}
                      path="nameKana"
                      errors={ed.errors()}
                      value={draft.nameKana}
                      onInput={(v) => setDraft("nameKana", v)}
                    />
                  </div>
                </ResourceForm>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </ResourcePage>
  );
}

// ——— drivers ———

interface DriverDraft {
  kind: string;
  name: string;
  nameKana: string;
  organisationId: string | null;
  vehicleIds: string[];
  weekly: WeeklyRow[];
  exceptions: ExceptionRow[];
}
const emptyDriver = (): DriverDraft => ({
  kind: "volunteer",
  name: "",
  nameKana: "",
  organisationId: null,
  vehicleIds: [],
  weekly: [],
  exceptions: [],
});
const driverDraft = (d: Driver): DriverDraft => ({
  kind: d.kind,
  name: d.name,
  nameKana: d.nameKana ?? "",
  organisationId: d.organisationId,
  vehicleIds: [...d.vehicleIds],
  ...rowsFromAvailability(d.availability),
});

/** 「運転者・ボランティア」: who may drive which vehicle, and when they are available. */
export function DriversPage() {
  const code = useMunicipalityCode();
  const [data, { refetch }] = createResource(code, async (c) => {
    if (!c) return undefined;
    const [drivers, vehicles, organisations] = await Promise.all([
      api.drivers(c),
      api.vehicles(c),
      api.organisations(c),
    ]);
    return { code: c, drivers: drivers.items, vehicles: vehicles.items, organisations: organisations.items };
  });
  const [draft, setDraft] = createStore<DriverDraft>(emptyDriver());
  const ed = useEditor<Driver>("driver-form-title");
  const open = (d: Driver | null) => {
    setDraft(reconcile(d ? driverDraft(d) : emptyDriver()));
    ed.open(d?.id ?? null);
  };
  const save = (c: string) => {
    const id = ed.editing();
    const body = {
      kind: draft.kind as Driver["kind"],
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
      organisationId: draft.organisationId,
      vehicleIds: [...draft.vehicleIds],
      availability: availabilityFromRows(draft.weekly, draft.exceptions),
    };
    return ed.save(
      () => (id && id !== "new" ? api.replaceDriver(c, id, body) : api.createDriver(c, body)),
      async (saved) => {
        await refetch();
        setDraft(reconcile(driverDraft(saved)));
      },
      "drv.created",
    );
  };
  const vehicleNames = (ids: readonly string[]) => {
    const names = ids.map((id) => data()?.vehicles.find((v) => v.id === id)?.name ?? id);
    return names.length ? names.join("・") : t("res.none");
  };

  return (
    <ResourcePage title="drv.title" lead="drv.lead" wide>
      <Show when={!data.error && !code.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <ScrollTable label={t("drv.caption", { n: loaded().drivers.length })}>
                <table class="data-table" data-testid="driver-table">
                  <caption>{t("drv.caption", { n: loaded().drivers.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("drv.field.name")}</th>
                      <th scope="col">{t("drv.field.kind")}</th>
                      <th scope="col">{t("drv.field.vehicles")}</th>
                      <th scope="col">{t("res.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={loaded().drivers}>
                      {(d) => (
                        <tr classList={{ "row-selected": ed.editing() === d.id }}>
                          <th scope="row">{d.name}</th>
                          <td>{t(`drv.kind.${d.kind}`)}</td>
                          <td>{vehicleNames(d.vehicleIds)}</td>
                          <td>
                            <EditButton name={d.name} onClick={() => open(d)} />
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </ScrollTable>
              <button type="button" class="button" onClick={() => open(null)}>
                ＋ {t("drv.new")}
              </button>
              <Show when={ed.editing()}>
                <ResourceForm
                  name="driver"
                  title={
                    ed.editing() === "new" ? t("drv.newTitle") : t("drv.editTitle", { name: draft.name })
                  }
                  errors={ed.errors()}
                  status={{ error: ed.formError(), done: ed.done() }}
                  saving={ed.saving()}
                  onSubmit={() => void save(loaded().code)}
                  onCancel={ed.close}
                >
                  <div class="field-row">
                    <Field id="d-kind" label={t("drv.field.kind")} errors={ed.errors()} path="kind">
                      <select
                        id="d-kind"
                        value={draft.kind}
                        aria-describedby={describedBy(ed.errors(), "kind")}
                        onChange={(e) => setDraft("kind", e.currentTarget.value)}
                      >
                        <For each={DriverKindSchema.options}>
                          {(k) => <option value={k}>{t(`drv.kind.${k}`)}</option>}
                        </For>
                      </select>
                    </Field>
                    <TextField
                      id="d-name"
                      label={t("drv.field.name")}
                      path="name"
                      errors={ed.errors()}
                      value={draft.name}
                      onInput={(v) => setDraft("name", v)}
                    />
                    <TextField
                      id="d-kana"
                      label={t("drv.field.nameKana")}
                      path="nameKana"
                      errors={ed.errors()}
                      value={draft.nameKana}
                      onInput={(v) => setDraft("nameKana", v)}
                    />
                    <Field
                      id="d-org"
                      label={t("drv.field.organisation")}
                      errors={ed.errors()}
                      path="organisationId"
                    >
                      <select
                        id="d-org"
                        value={draft.organisationId ?? ""}
                        aria-describedby={describedBy(ed.errors(), "organisationId")}
                        onChange={(e) => setDraft("organisationId", e.currentTarget.value || null)}
                      >
                        <option value="">{t("res.none")}</option>
                        <For each={loaded().organisations}>
                          {(o) => <option value={o.id}>{o.name}</option>}
                        </For>
                      </select>
                    </Field>
                  </div>
                  <fieldset class="choice-group" aria-describedby={describedBy(ed.errors(), "vehicleIds")}>
                    <legend>{t("drv.field.vehicles")}</legend>
                    <For each={loaded().vehicles}>
                      {(v) => (
                        <label class="choice">
                          <input
                            type="checkbox"
                            checked={draft.vehicleIds.includes(v.id)}
                            onChange={(e) =>
                              setDraft("vehicleIds", (list) =>
                                e.currentTarget.checked ? [...list, v.id] : list.filter((x) => x !== v.id),
                              )
                            }
                          />
                          {v.name}
                        </label>
                      )}
                    </For>
                  </fieldset>
                  <FieldError errors={ed.errors()} path="vehicleIds" />
                  <AvailabilityEditor
                    draft={draft}
                    setDraft={setDraft}
                    errors={ed.errors()}
                    onRowsChanged={() => ed.setErrors({})}
                  />
                </ResourceForm>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </ResourcePage>
  );
}

// ——— residents ———

interface ResidentDraft {
  name: string;
  nameKana: string;
  lat: string;
  lon: string;
  phone: string;
  birthYear: string;
  wheelchair: boolean;
  escort: boolean;
  maxWalkM: string;
  consent: boolean;
}
const emptyResident = (): ResidentDraft => ({
  name: "",
  nameKana: "",
  lat: "",
  lon: "",
  phone: "",
  birthYear: "",
  wheelchair: false,
  escort: false,
  maxWalkM: "300",
  consent: false,
});
const residentDraft = (r: Resident): ResidentDraft => ({
  name: r.name ?? "",
  nameKana: r.nameKana ?? "",
  lat: r.home ? String(r.home.lat) : "",
  lon: r.home ? String(r.home.lon) : "",
  phone: r.phone ?? "",
  birthYear: r.birthYear === null ? "" : String(r.birthYear),
  wheelchair: r.wheelchair,
  escort: r.escort,
  maxWalkM: String(r.maxWalkM),
  consent: r.consentAt !== null,
});

/**
 * 「住民」: personal data. The API lets only staff and coordinators read it
 * and writes every read to the audit log; this screen adds no other copy.
 */
export function ResidentsPage() {
  const code = useMunicipalityCode();
  const [data, { refetch }] = createResource(code, async (c) =>
    c ? { code: c, items: (await api.residents(c)).items } : undefined,
  );
  const [draft, setDraft] = createStore<ResidentDraft>(emptyResident());
  const ed = useEditor<Resident>("resident-form-title");
  const open = (r: Resident | null) => {
    setDraft(reconcile(r ? residentDraft(r) : emptyResident()));
    ed.open(r?.id ?? null);
  };
  const save = (c: string) => {
    const id = ed.editing();
    const body = {
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
      home: { lat: numberOf(draft.lat), lon: numberOf(draft.lon) },
      phone: draft.phone.trim() || null,
      birthYear: draft.birthYear.trim() ? numberOf(draft.birthYear) : null,
      wheelchair: draft.wheelchair,
      escort: draft.escort,
      maxWalkM: numberOf(draft.maxWalkM),
      consent: draft.consent,
    };
    return ed.save(
      () => (id && id !== "new" ? api.replaceResident(c, id, body) : api.createResident(c, body)),
      async (saved) => {
        await refetch();
        setDraft(reconcile(residentDraft(saved)));
      },
      "rsd.created",
    );
  };
  const yesNo = (v: boolean) => (v ? t("rsd.yes") : t("rsd.no"));
  const check = (field: "wheelchair" | "escort" | "consent", label: MessageId) => (
    <label class="choice">
      <input
        type="checkbox"
        checked={draft[field]}
        aria-describedby={describedBy(ed.errors(), field)}
        onChange={(e) => setDraft(field, e.currentTarget.checked)}
      />
      {t(label)}
    </label>
  );

  return (
    <ResourcePage title="rsd.title" lead="rsd.lead" wide>
      <Show when={!data.error && !code.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <ScrollTable label={t("rsd.caption", { n: loaded().items.length })}>
                <table class="data-table" data-testid="resident-table">
                  <caption>{t("rsd.caption", { n: loaded().items.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("rsd.field.name")}</th>
                      <th scope="col">{t("rsd.field.nameKana")}</th>
                      <th scope="col">{t("rsd.field.wheelchair")}</th>
                      <th scope="col">{t("rsd.field.escort")}</th>
                      <th scope="col">{t("rsd.field.consent")}</th>
                      <th scope="col">{t("res.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={loaded().items}>
                      {(r) => (
                        <tr classList={{ "row-selected": ed.editing() === r.id }}>
                          <th scope="row">{r.name ?? t("rsd.erased")}</th>
                          <td>{r.nameKana ?? ""}</td>
                          <td>{yesNo(r.wheelchair)}</td>
                          <td>{yesNo(r.escort)}</td>
                          <td>{r.consentAt ? t("rsd.consentYes") : t("rsd.consentNo")}</td>
                          <td>
                            {/* An erased resident has nothing left to edit. */}
                            <Show when={r.name}>
                              {(name) => <EditButton name={name()} onClick={() => open(r)} />}
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </ScrollTable>
              <button type="button" class="button" onClick={() => open(null)}>
                ＋ {t("rsd.new")}
              </button>
              <Show when={ed.editing()}>
                <ResourceForm
                  name="resident"
                  title={
                    ed.editing() === "new" ? t("rsd.newTitle") : t("rsd.editTitle", { name: draft.name })
                  }
                  errors={ed.errors()}
                  status={{ error: ed.formError(), done: ed.done() }}
                  saving={ed.saving()}
                  onSubmit={() => void save(loaded().code)}
                  onCancel={ed.close}
                >
                  <div class="field-row">
                    <TextField
                      id="r-name"
                      label={t("rsd.field.name")}
                      path="name"
                      errors={ed.errors()}
                      value={draft.name}
                      onInput={(v) => setDraft("name", v)}
                    />
                    <TextField
                      id="r-kana"
                      label={t("rsd.field.nameKana")}
                      path="nameKana"
                      errors={ed.errors()}
                      value={draft.nameKana}
                      onInput={(v) => setDraft("nameKana", v)}
                    />
                    <TextField
                      id="r-phone"
                      label={t("rsd.field.phone")}
                      path="phone"
                      type="tel"
                      errors={ed.errors()}
                      value={draft.phone}
                      onInput={(v) => setDraft("phone", v)}
                    />
                    <TextField
                      id="r-birth"
                      label={t("rsd.field.birthYear")}
                      path="birthYear"
                      type="number"
                      step="1"
                      errors={ed.errors()}
                      value={draft.birthYear}
                      onInput={(v) => setDraft("birthYear", v)}
                    />
                  </div>
                  <div class="field-row">
                    <TextField
                      id="r-lat"
                      label={t("rsd.field.lat")}
                      path="home.lat"
                      type="number"
                      step="any"
                      errors={ed.errors()}
                      value={draft.lat}
                      onInput={(v) => setDraft("lat", v)}
                    />
                    <TextField
                      id="r-lon"
                      label={t("rsd.field.lon")}
                      path="home.lon"
                      type="number"
                      step="any"
                      errors={ed.errors()}
                      value={draft.lon}
                      onInput={(v) => setDraft("lon", v)}
                    />
                  </div>
                  <FieldError errors={ed.errors()} path="home" />
                  <fieldset class="choice-group">
                    <legend>{t("rsd.field.needs")}</legend>
                    {check("wheelchair", "rsd.field.wheelchair")}
                    {check("escort", "rsd.field.escort")}
                  </fieldset>
                  <div class="field-row">
                    <TextField
                      id="r-walk"
                      label={t("rsd.field.maxWalkM")}
                      path="maxWalkM"
                      type="number"
                      step="1"
                      errors={ed.errors()}
                      value={draft.maxWalkM}
                      onInput={(v) => setDraft("maxWalkM", v)}
                    />
                  </div>
                  {check("consent", "rsd.field.consent")}
                  <FieldError errors={ed.errors()} path="consent" />
                </ResourceForm>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </ResourcePage>
  );
}
