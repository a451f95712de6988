import { useSearchParams } from "@solidjs/router";
import { FuelSchema, type Vehicle, VehicleFeatureSchema, VehicleKindSchema } from "@tsunagu/contract";
import { createEffect, For, Show, untrack } from "solid-js";
import { api } from "../api/client";
import { labelOrCode, t } from "../i18n";
import { AvailabilityEditor } from "../registry/AvailabilityEditor";
import { draftFromVehicle, draftToInput, emptyDraft } from "../registry/model";
import { RegistryPage, useRegistry } from "../registry/RegistryPage";
import {
  CheckboxGroup,
  InputField,
  OptionalSelectField,
  PlaceOptions,
  SelectField,
  TextField,
} from "../ui/fields";

const kinds = VehicleKindSchema.options;
const fuels = FuelSchema.options;
const features = VehicleFeatureSchema.options;

/**
 * Vehicles of the municipality: a list with capacities, and a form to edit
 * or register one, including when it is idle and can be shared (the
 * availability editor). `?edit=<id>` keeps the open vehicle across a reload.
 */
export function VehiclesPage() {
  const [search, setSearch] = useSearchParams<{ edit?: string }>();
  const registry = useRegistry({
    name: "vehicle",
    messages: "veh",
    collection: "vehicles",
    load: async (c, archived) => {
      const [vehicles, places] = await Promise.all([api.vehicles(c, archived), api.places(c)]);
      return { vehicles: vehicles.items, places: places.items };
    },
    items: (loaded) => loaded.vehicles,
    drafts: { empty: emptyDraft, of: draftFromVehicle },
    body: draftToInput,
    create: api.createVehicle,
    replace: api.replaceVehicle,
    created: "veh.created",
    afterSave: (saved) => setSearch({ edit: saved.id }),
  });
  const ed = registry.editor;
  const { draft, setDraft } = ed;

  function open(vehicle: Vehicle | null) {
    ed.open(vehicle);
    setSearch({ edit: vehicle ? vehicle.id : undefined });
  }

  // Re-open the vehicle named in the URL once the list has loaded (after a reload or a shared link).
  createEffect(() => {
    const list = registry.data();
    const id = search.edit;
    if (!list || !id || ed.editing() !== null) return;
    const found = list.vehicles.find((v) => v.id === id);
    if (found) untrack(() => open(found));
  });

  const editingName = () => {
    const id = ed.editing();
    return registry.data()?.vehicles.find((v) => v.id === id)?.name ?? draft.name;
  };
  const num = (
    field: "seats" | "wheelchairs" | "cargoKg" | "cargoLitres" | "kmPerLitre" | "kWhPerKm" | "payloadKg",
    step: string,
  ) => (
    <InputField
      id={`v-${field}`}
      label={t(`veh.field.${field}`)}
      type="number"
      inputmode="decimal"
      min="0"
      step={step}
      {...ed.input(field)}
    />
  );

  return (
    <RegistryPage
      registry={registry}
      wide
      open={open}
      onCancel={() => {
        ed.close();
        setSearch({ edit: undefined });
      }}
      columns={[
        { header: t("veh.field.name"), cell: (v) => v.name },
        { header: t("veh.field.kind"), cell: (v) => labelOrCode("veh.kind", v.kind) },
        { header: t("veh.field.seats"), cell: (v) => v.seats, class: "num" },
        { header: t("veh.field.wheelchairs"), cell: (v) => v.wheelchairs, class: "num" },
        { header: t("veh.field.cargoKg"), cell: (v) => v.cargoKg, class: "num" },
        { header: t("veh.field.cargoLitres"), cell: (v) => v.cargoLitres, class: "num" },
        {
          header: t("veh.field.features"),
          cell: (v) =>
            v.features.length
              ? v.features.map((f) => labelOrCode("veh.feature", f)).join("・")
              : t("res.none"),
        },
        { header: t("veh.field.fuel"), cell: (v) => labelOrCode("veh.fuel", v.fuel) },
      ]}
      nameOf={(v) => v.name}
      editingName={editingName}
    >
      {(loaded) => (
        <>
          <div class="field-row">
            <SelectField id="v-kind" label={t("veh.field.kind")} {...ed.select("kind")}>
              <For each={kinds}>{(k) => <option value={k}>{labelOrCode("veh.kind", k)}</option>}</For>
            </SelectField>
            <TextField id="v-name" label={t("veh.field.name")} {...ed.input("name")} />
          </div>
          <div class="field-row">
            {num("seats", "1")}
            {num("wheelchairs", "1")}
            {num("cargoKg", "any")}
            {num("cargoLitres", "any")}
          </div>
          <CheckboxGroup
            legend={t("veh.field.features")}
            errors={ed.errors()}
            path="features"
            options={features.map((f) => ({
              value: f as string,
              label: labelOrCode("veh.feature", f),
            }))}
            selected={draft.features}
            onChange={(list) => setDraft("features", list)}
          />
          <div class="field-row">
            <SelectField id="v-fuel" label={t("veh.field.fuel")} {...ed.select("fuel")}>
              {/* A stored value the contract no longer lists stays visible until it is changed. */}
              <Show when={!(fuels as readonly string[]).includes(draft.fuel)}>
                <option value={draft.fuel}>{draft.fuel}</option>
              </Show>
              <For each={fuels}>{(f) => <option value={f}>{labelOrCode("veh.fuel", f)}</option>}</For>
            </SelectField>
            {num("kmPerLitre", "any")}
            {num("kWhPerKm", "any")}
            {num("payloadKg", "any")}
          </div>
          <OptionalSelectField id="v-depot" label={t("veh.field.depot")} {...ed.optional("depotPlaceId")}>
            <PlaceOptions places={loaded().places} />
          </OptionalSelectField>
          <AvailabilityEditor editor={ed} />
        </>
      )}
    </RegistryPage>
  );
}
