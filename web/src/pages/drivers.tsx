import { type Driver, DriverKindSchema } from "@tsunagu/contract";
import { For } from "solid-js";
import { api } from "../api/client";
import { t } from "../i18n";
import { AvailabilityEditor } from "../registry/AvailabilityEditor";
import {
  availabilityFromRows,
  type ExceptionRow,
  rowsFromAvailability,
  type WeeklyRow,
} from "../registry/model";
import { RegistryPage, useRegistry } from "../registry/RegistryPage";
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
  const registry = useRegistry({
    name: "driver",
    messages: "drv",
    collection: "drivers",
    load: async (c, archived) => {
      const [drivers, vehicles, organisations] = await Promise.all([
        api.drivers(c, archived),
        api.vehicles(c),
        api.organisations(c),
      ]);
      return { drivers: drivers.items, vehicles: vehicles.items, organisations: organisations.items };
    },
    items: (loaded) => loaded.drivers,
    drafts: { empty: emptyDriver, of: driverDraft },
    body: (draft) => ({
      kind: draft.kind as Driver["kind"],
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
      organisationId: draft.organisationId,
      vehicleIds: [...draft.vehicleIds],
      availability: availabilityFromRows(draft.weekly, draft.exceptions),
    }),
    create: api.createDriver,
    replace: api.replaceDriver,
    created: "drv.created",
  });
  const ed = registry.editor;
  const { draft, setDraft } = ed;
  const vehicleNames = (ids: readonly string[]) => {
    const names = ids.map((id) => registry.data()?.vehicles.find((v) => v.id === id)?.name ?? id);
    return names.length ? names.join("・") : t("res.none");
  };

  return (
    <RegistryPage
      registry={registry}
      wide
      columns={[
        { header: t("drv.field.name"), cell: (d) => d.name },
        { header: t("drv.field.kind"), cell: (d) => t(`drv.kind.${d.kind}`) },
        { header: t("drv.field.vehicles"), cell: (d) => vehicleNames(d.vehicleIds) },
      ]}
      nameOf={(d) => d.name}
      editingName={() => draft.name}
    >
      {(loaded) => (
        <>
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
        </>
      )}
    </RegistryPage>
  );
}
