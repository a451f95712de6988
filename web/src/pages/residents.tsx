import type { Resident } from "@tsunagu/contract";
import { createResource } from "solid-js";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { LocationPicker, outsideUnconfirmed } from "../map/LocationPicker";
import { useArchive } from "../registry/archive";
import { useEditor } from "../registry/editor";
import { numberOrNaN } from "../registry/model";
import { RegistryList } from "../registry/RegistryList";
import { Loaded, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { Checkbox, describedBy, FieldError, InputField, TextField } from "../ui/fields";

interface ResidentDraft {
  name: string;
  nameKana: string;
  lat: string;
  lon: string;
  address: string;
  phone: string;
  birthYear: string;
  wheelchair: boolean;
  escort: boolean;
  maxWalkM: string;
  consent: boolean;
  /** A home outside the municipality was confirmed (「区域外の場所で登録する」). */
  outsideOk: boolean;
}
const emptyResident = (): ResidentDraft => ({
  name: "",
  nameKana: "",
  lat: "",
  lon: "",
  address: "",
  phone: "",
  birthYear: "",
  wheelchair: false,
  escort: false,
  maxWalkM: "300",
  consent: false,
  outsideOk: false,
});
const residentDraft = (r: Resident): ResidentDraft => ({
  name: r.name ?? "",
  nameKana: r.nameKana ?? "",
  lat: r.home ? String(r.home.lat) : "",
  lon: r.home ? String(r.home.lon) : "",
  address: r.address ?? "",
  phone: r.phone ?? "",
  birthYear: r.birthYear === null ? "" : String(r.birthYear),
  wheelchair: r.wheelchair,
  escort: r.escort,
  maxWalkM: String(r.maxWalkM),
  consent: r.consentAt !== null,
  // A stored home was accepted when it was saved; moving the pin asks again.
  outsideOk: true,
});

/**
 * 「住民」: personal data. The API lets only staff and coordinators read it
 * and writes every read to the audit log; this screen adds no other copy.
 */
export function ResidentsPage() {
  const code = useMunicipalityCode();
  // A resident is never deleted here: 「保管する」 archives; erasing the data is its own staff action.
  const archive = useArchive("residents", { keepOnly: true });
  const [data, { refetch }] = createResource(
    () => ({ code: code(), archived: archive.shown() }),
    async ({ code: c, archived }) =>
      c ? { code: c, items: (await api.residents(c, archived)).items } : undefined,
  );
  const ed = useEditor("resident", { empty: emptyResident, of: residentDraft });
  const { draft, setDraft } = ed;
  const save = async (c: string) => {
    if (await outsideUnconfirmed(c, "home", draft, draft.outsideOk)) {
      ed.setErrors({ home: t("loc.err.confirm") });
      return;
    }
    const id = ed.savedId();
    const body = {
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
      home: { lat: numberOrNaN(draft.lat), lon: numberOrNaN(draft.lon) },
      address: draft.address.trim() || null,
      phone: draft.phone.trim() || null,
      birthYear: draft.birthYear.trim() ? numberOrNaN(draft.birthYear) : null,
      wheelchair: draft.wheelchair,
      escort: draft.escort,
      maxWalkM: numberOrNaN(draft.maxWalkM),
      consent: draft.consent,
    };
    return ed.save(
      () => (id ? api.replaceResident(c, id, body) : api.createResident(c, body)),
      () => refetch(),
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
    <InputField id={id} label={t(label)} type="number" inputmode="decimal" step="1" {...ed.input(field)} />
  );

  return (
    <ResourcePage title="rsd.title" lead="rsd.lead" wide>
      <Loaded data={data} code={code}>
        {(loaded) => (
          <RegistryList
            name="resident"
            editor={ed}
            caption={t("rsd.caption", { n: loaded().items.length })}
            items={loaded().items}
            columns={[
              { header: t("rsd.field.name"), cell: (r) => r.name ?? t("rsd.erased") },
              { header: t("rsd.field.nameKana"), cell: (r) => r.nameKana ?? "" },
              { header: t("rsd.field.wheelchair"), cell: (r) => yesNo(r.wheelchair) },
              { header: t("rsd.field.escort"), cell: (r) => yesNo(r.escort) },
              {
                header: t("rsd.field.consent"),
                cell: (r) => (r.consentAt ? t("rsd.consentYes") : t("rsd.consentNo")),
              },
            ]}
            // An erased resident has nothing left to edit.
            nameOf={(r) => r.name}
            newLabel={t("rsd.new")}
            formTitle={ed.isNew() ? t("rsd.newTitle") : t("rsd.editTitle", { name: draft.name })}
            onSubmit={() => void save(loaded().code)}
            archive={archive}
            code={loaded().code}
            reload={refetch}
          >
            <div class="field-row">
              <TextField id="r-name" label={t("rsd.field.name")} {...ed.input("name")} />
              <TextField id="r-kana" label={t("rsd.field.nameKana")} {...ed.input("nameKana")} />
              <TextField id="r-address" label={t("rsd.field.address")} {...ed.input("address")} />
              <TextField id="r-phone" label={t("rsd.field.phone")} type="tel" {...ed.input("phone")} />
              {numberField("r-birth", "birthYear", "rsd.field.birthYear")}
            </div>
            <LocationPicker
              code={loaded().code}
              idPrefix="r"
              legend={t("rsd.field.home")}
              labels={{ lat: t("rsd.field.lat"), lon: t("rsd.field.lon") }}
              paths={{ lat: "home.lat", lon: "home.lon" }}
              errors={ed.errors()}
              value={draft}
              onChange={(at) => setDraft(at)}
              purpose="home"
              confirmOutside={{ checked: draft.outsideOk, onChange: (on) => setDraft("outsideOk", on) }}
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
          </RegistryList>
        )}
      </Loaded>
    </ResourcePage>
  );
}
