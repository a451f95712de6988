import type { Hub } from "@tsunagu/contract";
import { createResource, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { useEditor } from "../registry/editor";
import { numberOrNaN } from "../registry/model";
import { EditButton, Loaded, ResourceForm, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { InputField, PlaceOptions, SelectField } from "../ui/fields";
import { DataTable } from "../ui/tables";

interface HubDraft {
  placeId: string;
  opensAt: string;
  closesAt: string;
  minTransferMinutes: string;
}
/** A new hub opens office hours with the contract's default 10-minute transfer. */
const newDraft = (): HubDraft => ({
  placeId: "",
  opensAt: "08:00",
  closesAt: "18:00",
  minTransferMinutes: "10",
});

/**
 * Hubs: where parcels are consolidated and handed over. The list shows the
 * opening hours and the minimum transfer time the matching must respect; the
 * form registers a hub at a place or changes one.
 */
export function HubsPage() {
  const code = useMunicipalityCode();
  const [data, { refetch }] = createResource(code, async (c) => {
    if (!c) return undefined;
    const [hubs, places] = await Promise.all([api.hubs(c), api.places(c)]);
    return { code: c, hubs: hubs.items, places: places.items };
  });
  const [draft, setDraft] = createStore<HubDraft>(newDraft());
  const ed = useEditor<Hub>("hub");

  function open(hub: Hub | null) {
    setDraft(
      hub
        ? {
            placeId: hub.placeId,
            opensAt: hub.opensAt,
            closesAt: hub.closesAt,
            minTransferMinutes: String(hub.minTransferMinutes),
          }
        : newDraft(),
    );
    ed.open(hub?.id ?? null);
  }

  function save(c: string) {
    const id = ed.savedId();
    const body = {
      placeId: draft.placeId,
      opensAt: draft.opensAt,
      closesAt: draft.closesAt,
      minTransferMinutes: numberOrNaN(draft.minTransferMinutes),
    };
    return ed.save(
      () => (id ? api.replaceHub(c, id, body) : api.createHub(c, body)),
      async () => {
        await refetch();
      },
      // The catalog has no "hub registered" line: a new hub is 「保存しました」 too.
      "res.saved",
    );
  }

  const editingName = () => data()?.hubs.find((h) => h.id === ed.editing())?.name ?? "";
  const time = (field: "opensAt" | "closesAt", label: MessageId) => (
    <InputField
      id={`hub-${field}`}
      label={t(label)}
      errors={ed.errors()}
      path={field}
      type="time"
      value={draft[field]}
      onInput={(v) => setDraft(field, v)}
    />
  );

  return (
    <ResourcePage title="hub.title" lead="hub.lead">
      <Loaded data={data} code={code}>
        {(loaded) => (
          <>
            <Show when={loaded().hubs.length > 0} fallback={<p>{t("hub.none")}</p>}>
              <DataTable
                caption={t("hub.caption", { n: loaded().hubs.length })}
                testId="hub-table"
                items={loaded().hubs}
                selected={(hub) => ed.editing() === hub.id}
                columns={[
                  { header: t("hub.col.name"), cell: (hub) => hub.name },
                  {
                    header: t("hub.col.hours"),
                    cell: (hub) => (
                      <>
                        {hub.opensAt}–{hub.closesAt}
                      </>
                    ),
                  },
                  {
                    header: t("hub.col.transfer"),
                    cell: (hub) => t("hub.minutes", { n: hub.minTransferMinutes }),
                    class: "num",
                  },
                  {
                    header: t("res.actions"),
                    cell: (hub) => <EditButton name={hub.name} onClick={() => open(hub)} />,
                  },
                ]}
              />
            </Show>
            <button type="button" class="button" onClick={() => open(null)}>
              ＋ {t("hub.new")}
            </button>
            <Show when={ed.editing()}>
              <ResourceForm
                name="hub"
                title={ed.isNew() ? t("hub.newTitle") : t("hub.editTitle", { name: editingName() })}
                errors={ed.errors()}
                status={ed.status()}
                onSubmit={() => void save(loaded().code)}
                onCancel={ed.close}
              >
                <SelectField
                  id="hub-place"
                  label={t("hub.place")}
                  errors={ed.errors()}
                  path="placeId"
                  value={draft.placeId}
                  onChange={(v) => setDraft("placeId", v)}
                >
                  <option value="">{t("res.choose")}</option>
                  <PlaceOptions places={loaded().places} />
                </SelectField>
                <div class="field-row">
                  {time("opensAt", "hub.opensAt")}
                  {time("closesAt", "hub.closesAt")}
                  <InputField
                    id="hub-minTransferMinutes"
                    label={t("hub.minTransferMinutes")}
                    errors={ed.errors()}
                    path="minTransferMinutes"
                    type="number"
                    inputmode="numeric"
                    min="0"
                    max="240"
                    step="1"
                    value={draft.minTransferMinutes}
                    onInput={(v) => setDraft("minTransferMinutes", v)}
                  />
                </div>
              </ResourceForm>
            </Show>
          </>
        )}
      </Loaded>
    </ResourcePage>
  );
}
