import { useSearchParams } from "@solidjs/router";
import { FuelSchema, type Vehicle, VehicleFeatureSchema, VehicleKindSchema } from "@tsunagu/contract";
import { createEffect, createResource, createSignal, For, Show, untrack } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, placeKindMessage, t } from "../i18n";
import { ja } from "../i18n/ja";
import { AvailabilityEditor } from "../registry/AvailabilityEditor";
import { draftFromVehicle, draftToInput, emptyDraft, type VehicleDraft } from "../registry/model";
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

const kinds = VehicleKindSchema.options;
const fuels = FuelSchema.options;
const features = VehicleFeatureSchema.options;

/** A catalog label for a code, or the code itself when the catalog does not know it (older data). */
function label(prefix: string, value: string): string {
  const id = `${prefix}.${value}`;
  return id in ja ? t(id as MessageId) : value;
}

/**
 * Vehicles of the municipality: a list with capacities, and a form to edit
 * or register one, including when it is idle and can be shared (the
 * availability editor). `?edit=<id>` keeps the open vehicle across a reload.
 */
export function VehiclesPage() {
  const code = useMunicipalityCode();
  const [search, setSearch] = useSearchParams<{ edit?: string }>();
  const [data, { refetch }] = createResource(code, async (c) => {
    if (!c) return undefined;
    const [vehicles, places] = await Promise.all([api.vehicles(c), api.places(c)]);
    return { code: c, vehicles: vehicles.items, places: places.items };
  });
  const [draft, setDraft] = createStore<VehicleDraft>(emptyDraft());
  const [editing, setEditing] = createSignal<string | null>(null);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [done, setDone] = createSignal<MessageId | null>(null);
  const [saving, setSaving] = createSignal(false);

  function open(vehicle: Vehicle | null) {
    setDraft(reconcile(vehicle ? draftFromVehicle(vehicle) : emptyDraft()));
    setEditing(vehicle ? vehicle.id : "new");
    setErrors({});
    setFormError(null);
    setDone(null);
    setSearch({ edit: vehicle ? vehicle.id : undefined });
    focusHeading("vehicle-form-title");
  }

  // Re-open the vehicle named in the URL once the list has loaded (after a reload or a shared link).
  createEffect(() => {
    const list = data();
    const id = search.edit;
    if (!list || !id || editing() !== null) return;
    const found = list.vehicles.find((v) => v.id === id);
    if (found) untrack(() => open(found));
  });

  async function save(c: string) {
    setSaving(true);
    setDone(null);
    const id = editing();
    try {
      const body = draftToInput(draft);
      const saved =
        id && id !== "new" ? await api.replaceVehicle(c, id, body) : await api.createVehicle(c, body);
      setErrors({});
      setFormError(null);
      await refetch();
      setDraft(reconcile(draftFromVehicle(saved)));
      setEditing(saved.id);
      setSearch({ edit: saved.id });
      setDone(id === "new" ? "veh.created" : "res.saved");
    } catch (error) {
      const failure = saveFailure(error);
      setErrors(failure.fields);
      setFormError(failure.form);
    } finally {
      setSaving(false);
    }
  }

  const editingName = () => {
    const id = editing();
    return data()?.vehicles.find((v) => v.id === id)?.name ?? draft.name;
  };
  const num = (
    field: "seats" | "wheelchairs" | "cargoKg" | "cargoLitres" | "kmPerLitre" | "kWhPerKm" | "payloadKg",
    step: string,
  ) => (
    <Field id={`v-${field}`} label={t(`veh.field.${field}`)} errors={errors()} path={field}>
      <input
        id={`v-${field}`}
        type="number"
        inputmode="decimal"
        min="0"
        step={step}
        value={draft[field]}
        aria-describedby={describedBy(errors(), field)}
        onInput={(e) => setDraft(field, e.currentTarget.value)}
      />
    </Field>
  );

  return (
    <ResourcePage title="veh.title" lead="veh.lead" wide>
      <Show when={!data.error && !code.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <ScrollTable label={t("veh.caption", { n: loaded().vehicles.length })}>
                <table class="data-table" data-testid="vehicle-table">
                  <caption>{t("veh.caption", { n: loaded().vehicles.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("veh.field.name")}</th>
                      <th scope="col">{t("veh.field.kind")}</th>
                      <th scope="col">{t("veh.field.seats")}</th>
                      <th scope="col">{t("veh.field.wheelchairs")}</th>
                      <th scope="col">{t("veh.field.cargoKg")}</th>
                      <th scope="col">{t("veh.field.cargoLitres")}</th>
                      <th scope="col">{t("veh.field.features")}</th>
                      <th scope="col">{t("veh.field.fuel")}</th>
                      <th scope="col">{t("res.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={loaded().vehicles}>
                      {(v) => (
                        <tr classList={{ "row-selected": editing() === v.id }}>
                          <th scope="row">{v.name}</th>
                          <td>{label("veh.kind", v.kind)}</td>
                          <td class="num">{v.seats}</td>
                          <td class="num">{v.wheelchairs}</td>
                          <td class="num">{v.cargoKg}</td>
                          <td class="num">{v.cargoLitres}</td>
                          <td>
                            {v.features.length
                              ? v.features.map((f) => label("veh.feature", f)).join("・")
                              : t("res.none")}
                          </td>
                          <td>{label("veh.fuel", v.fuel)}</td>
                          <td>
                            <button
                              type="button"
                              class="button-secondary button-small"
                              aria-label={t("res.editNamed", { name: v.name })}
                              onClick={() => open(v)}
                            >
                              {t("res.edit")}
                            </button>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </ScrollTable>
              <button type="button" class="button" onClick={() => open(null)}>
                ＋ {t("veh.new")}
              </button>

              <Show when={editing()}>
                <ResourceForm
                  name="vehicle"
                  title={
                    editing() === "new" ? t("veh.newTitle") : t("veh.editTitle", { name: editingName() })
                  }
                  errors={errors()}
                  status={{ error: formError(), done: done() }}
                  saving={saving()}
                  onSubmit={() => void save(loaded().code)}
                  onCancel={() => {
                    setEditing(null);
                    setSearch({ edit: undefined });
                  }}
                >
                  <div class="field-row">
                    <Field id="v-kind" label={t("veh.field.kind")} errors={errors()} path="kind">
                      <select
                        id="v-kind"
                        value={draft.kind}
                        aria-describedby={describedBy(errors(), "kind")}
                        onChange={(e) => setDraft("kind", e.currentTarget.value)}
                      >
                        <For each={kinds}>{(k) => <option value={k}>{label("veh.kind", k)}</option>}</For>
                      </select>
                    </Field>
                    <Field id="v-name" label={t("veh.field.name")} errors={errors()} path="name">
                      <input
                        id="v-name"
                        type="text"
                        maxLength={200}
                        value={draft.name}
                        aria-describedby={describedBy(errors(), "name")}
                        onInput={(e) => setDraft("name", e.currentTarget.value)}
                      />
                    </Field>
                  </div>
                  <div class="field-row">
                    {num("seats", "1")}
                    {num("wheelchairs", "1")}
                    {num("cargoKg", "any")}
                    {num("cargoLitres", "any")}
                  </div>
                  <fieldset class="choice-group" aria-describedby={describedBy(errors(), "features")}>
                    <legend>{t("veh.field.features")}</legend>
                    <For each={features}>
                      {(f) => (
                        <label class="choice">
                          <input
                            type="checkbox"
                            checked={draft.features.includes(f)}
                            onChange={(e) =>
                              setDraft("features", (list) =>
                                e.currentTarget.checked ? [...list, f] : list.filter((x) => x !== f),
                              )
                            }
                          />
                          {label("veh.feature", f)}
                        </label>
                      )}
                    </For>
                  </fieldset>
                  <FieldError errors={errors()} path="features" />
                  <div class="field-row">
                    <Field id="v-fuel" label={t("veh.field.fuel")} errors={errors()} path="fuel">
                      <select
                        id="v-fuel"
                        value={draft.fuel}
                        aria-describedby={describedBy(errors(), "fuel")}
                        onChange={(e) => setDraft("fuel", e.currentTarget.value)}
                      >
                        {/* A stored value the contract no longer lists stays visible until it is changed. */}
                        <Show when={!(fuels as readonly string[]).includes(draft.fuel)}>
                          <option value={draft.fuel}>{draft.fuel}</option>
                        </Show>
                        <For each={fuels}>{(f) => <option value={f}>{label("veh.fuel", f)}</option>}</For>
                      </select>
                    </Field>
                    {num("kmPerLitre", "any")}
                    {num("kWhPerKm", "any")}
                    {num("payloadKg", "any")}
                  </div>
                  <Field id="v-depot" label={t("veh.field.depot")} errors={errors()} path="depotPlaceId">
                    <select
                      id="v-depot"
                      value={draft.depotPlaceId ?? ""}
                      aria-describedby={describedBy(errors(), "depotPlaceId")}
                      onChange={(e) => setDraft("depotPlaceId", e.currentTarget.value || null)}
                    >
                      <option value="">{t("res.none")}</option>
                      <For each={loaded().places}>
                        {(p) => (
                          <option value={p.id}>
                            {p.name}（{t(placeKindMessage(p.kind))}）
                          </option>
                        )}
                      </For>
                    </select>
                  </Field>
                  <AvailabilityEditor
                    draft={draft}
                    setDraft={setDraft}
                    errors={errors()}
                    onRowsChanged={() => setErrors({})}
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
