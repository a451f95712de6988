import type { Resident } from "@tsunagu/contract";
import { createResource, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { useEditor } from "../registry/editor";
import { numberOrNaN } from "../registry/model";
import { EditButton, Loaded, ResourceForm, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { Checkbox, describedBy, FieldError, InputField, LatLonFields, TextField } from "../ui/fields";
import { DataTable } from "../ui/tables";

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
  const ed = useEditor<Resident>("resident");
  const open = (r: Resident | null) => {
    setDraft(reconcile(r ? residentDraft(r) : emptyResident()));
    ed.open(r?.id ?? null);
  };
  const save = (c: string) => {
    const id = ed.savedId();
    const body = {
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
      home: { lat: numberOrNaN(draft.lat), lon: numberOrNaN(draft.lon) },
      phone: draft.phone.trim() || null,
      birthYear: draft.birthYear.trim() ? numberOrNaN(draft.birthYear) : null,
      wheelchair: draft.wheelchair,
      escort: draft.escort,
      maxWalkM: numberOrNaN(draft.maxWalkM),
      consent: draft.consent,
    };
    return ed.save(
      () => (id ? api.replaceResident(c, id, body) : api.createResident(c, body)),
      async (saved) => {
        await refetch();
        setDraft(reconcile(residentDraft(saved)));
      },
      "rsd.created",
    );
  };
  const yesNo = (v: boolean) => (v ? t("rsd.yes") : t("rsd.no"));
  const check = (field: "wheelchair" | "escort" | "consent", label: MessageId) => (
    <Checkbox
      label={t(label)}
      checked={draft[field]}
      describedBy={describedBy(ed.errors(), field)}
      onChange={(on) => setDraft(field, on)}
    />
  );
  const numberField = (id: string, field: "birthYear" | "maxWalkM", label: MessageId) => (
    <InputField
      id={id}
      label={t(label)}
      errors={ed.errors()}
      path={field}
      type="number"
      inputmode="decimal"
      step="1"
      value={draft[field]}
      onInput={(v) => setDraft(field, v)}
    />
  );

  return (
    <ResourcePage title="rsd.title" lead="rsd.lead" wide>
      <Loaded data={data} code={code}>
        {(loaded) => (
          <>
            <DataTable
              caption={t("rsd.caption", { n: loaded().items.length })}
              testId="resident-table"
              items={loaded().items}
              selected={(r) => ed.editing() === r.id}
              columns={[
                { header: t("rsd.field.name"), cell: (r) => r.name ?? t("rsd.erased") },
                { header: t("rsd.field.nameKana"), cell: (r) => r.nameKana ?? "" },
                { header: t("rsd.field.wheelchair"), cell: (r) => yesNo(r.wheelchair) },
                { header: t("rsd.field.escort"), cell: (r) => yesNo(r.escort) },
                {
                  header: t("rsd.field.consent"),
                  cell: (r) => (r.consentAt ? t("rsd.consentYes") : t("rsd.consentNo")),
                },
                {
                  header: t("res.actions"),
                  // An erased resident has nothing left to edit.
                  cell: (r) => (
                    <Show when={r.name}>
                      {(name) => <EditButton name={name()} onClick={() => open(r)} />}
                    </Show>
                  ),
                },
              ]}
            />
            <button type="button" class="button" onClick={() => open(null)}>
              ＋ {t("rsd.new")}
            </button>
            <Show when={ed.editing()}>
              <ResourceForm
                name="resident"
                title={ed.isNew() ? t("rsd.newTitle") : t("rsd.editTitle", { name: draft.name })}
                errors={ed.errors()}
                status={ed.status()}
                saving={ed.saving()}
                onSubmit={() => void save(loaded().code)}
                onCancel={ed.close}
              >
                <div class="field-row">
                  <TextField
                    id="r-name"
                    label={t("rsd.field.name")}
                    errors={ed.errors()}
                    path="name"
                    value={draft.name}
                    onInput={(v) => setDraft("name", v)}
                  />
                  <TextField
                    id="r-kana"
                    label={t("rsd.field.nameKana")}
                    errors={ed.errors()}
                    path="nameKana"
                    value={draft.nameKana}
                    onInput={(v) => setDraft("nameKana", v)}
                  />
                  <TextField
                    id="r-phone"
                    label={t("rsd.field.phone")}
                    errors={ed.errors()}
                    path="phone"
                    type="tel"
                    value={draft.phone}
                    onInput={(v) => setDraft("phone", v)}
                  />
                  {numberField("r-birth", "birthYear", "rsd.field.birthYear")}
                </div>
                <LatLonFields
                  idPrefix="r"
                  labels={{ lat: t("rsd.field.lat"), lon: t("rsd.field.lon") }}
                  paths={{ lat: "home.lat", lon: "home.lon" }}
                  errors={ed.errors()}
                  value={draft}
                  onInput={(field, v) => setDraft(field, v)}
                />
                <FieldError errors={ed.errors()} path="home" />
                <fieldset class="choice-group">
                  <legend>{t("rsd.field.needs")}</legend>
                  {check("wheelchair", "rsd.field.wheelchair")}
                  {check("escort", "rsd.field.escort")}
                </fieldset>
                <div class="field-row">{numberField("r-walk", "maxWalkM", "rsd.field.maxWalkM")}</div>
                {check("consent", "rsd.field.consent")}
                <FieldError errors={ed.errors()} path="consent" />
              </ResourceForm>
            </Show>
          </>
        )}
      </Loaded>
    </ResourcePage>
  );
}
