import { type Driver, DriverKindSchema } from "@tsunagu/contract";
import { createResource, For } from "solid-js";
import { api } from "../api/client";
import { t } from "../i18n";
import { AvailabilityEditor } from "../registry/AvailabilityEditor";
import { useEditor } from "../registry/editor";
import {
  availabilityFromRows,
  type ExceptionRow,
  rowsFromAvailability,
  type WeeklyRow,
} from "../registry/model";
import { RegistryList } from "../registry/RegistryList";
import { Loaded, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { CheckboxGroup, OptionalSelectField, SelectField, TextField } from "../ui/fields";

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
  const ed = useEditor("driver", { empty: emptyDriver, of: driverDraft });
  const { draft, setDraft } = ed;
  const save = (c: string) => {
    const id = ed.savedId();
    const body = {
      kind: draft.kind as Driver["kind"],
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
      organisationId: draft.organisationId,
      vehicleIds: [...draft.vehicleIds],
      availability: availabilityFromRows(draft.weekly, draft.exceptions),
    };
    return ed.save(
      () => (id ? api.replaceDriver(c, id, body) : api.createDriver(c, body)),
      () => refetch(),
      "drv.created",
    );
  };
  const vehicleNames = (ids: readonly string[]) => {
    const names = ids.map((id) => data()?.vehicles.find((v) => v.id === id)?.name ?? id);
    return names.length ? names.join("・") : t("res.none");
  };

  return (
    <ResourcePage title="drv.title" lead="drv.lead" wide>
      <Loaded data={data} code={code}>
        {(loaded) => (
          <RegistryList
            name="driver"
            editor={ed}
            caption={t("drv.caption", { n: loaded().drivers.length })}
            items={loaded().drivers}
            columns={[
              { header: t("drv.field.name"), cell: (d) => d.name },
              { header: t("drv.field.kind"), cell: (d) => t(`drv.kind.${d.kind}`) },
              { header: t("drv.field.vehicles"), cell: (d) => vehicleNames(d.vehicleIds) },
            ]}
            nameOf={(d) => d.name}
            newLabel={t("drv.new")}
            formTitle={ed.isNew() ? t("drv.newTitle") : t("drv.editTitle", { name: draft.name })}
            onSubmit={() => void save(loaded().code)}
          >
            <div class="field-row">
              <SelectField id="d-kind" label={t("drv.field.kind")} {...ed.select("kind")}>
                <For each={DriverKindSchema.options}>
                  {(k) => <option value={k}>{t(`drv.kind.${k}`)}</option>}
                </For>
              </SelectField>
              <TextField id="d-name" label={t("drv.field.name")} {...ed.input("name")} />
              <TextField id="d-kana" label={t("drv.field.nameKana")} {...ed.input("nameKana")} />
              <OptionalSelectField
                id="d-org"
                label={t("drv.field.organisation")}
                {...ed.optional("organisationId")}
              >
                <For each={loaded().organisations}>{(o) => <option value={o.id}>{o.name}</option>}</For>
              </OptionalSelectField>
            </div>
            <CheckboxGroup
              legend={t("drv.field.vehicles")}
              errors={ed.errors()}
              path="vehicleIds"
              options={loaded().vehicles.map((v) => ({ value: v.id, label: v.name }))}
              selected={draft.vehicleIds}
              onChange={(ids) => setDraft("vehicleIds", ids)}
            />
            <AvailabilityEditor editor={ed} />
          </RegistryList>
        )}
      </Loaded>
    </ResourcePage>
  );
}
