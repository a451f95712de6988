import type { Hub } from "@tsunagu/contract";
import { createResource } from "solid-js";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { useEditor } from "../registry/editor";
import { numberOrNaN } from "../registry/model";
import { RegistryList } from "../registry/RegistryList";
import { Loaded, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { InputField, PlaceOptions, SelectField } from "../ui/fields";

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

const hubDraft = (hub: Hub): HubDraft => ({
  placeId: hub.placeId,
  opensAt: hub.opensAt,
  closesAt: hub.closesAt,
  minTransferMinutes: String(hub.minTransferMinutes),
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
  const ed = useEditor("hub", { empty: newDraft, of: hubDraft });
  const { draft } = ed;

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
      () => refetch(),
      // The catalog has no "hub registered" line: a new hub is 「保存しました」 too.
      "res.saved",
    );
  }

  const editingName = () => data()?.hubs.find((h) => h.id === ed.editing())?.name ?? "";
  const time = (field: "opensAt" | "closesAt", label: MessageId) => (
    <InputField id={`hub-${field}`} label={t(label)} type="time" {...ed.input(field)} />
  );

  return (
    <ResourcePage title="hub.title" lead="hub.lead">
      <Loaded data={data} code={code}>
        {(loaded) => (
          <RegistryList
            name="hub"
            editor={ed}
            caption={t("hub.caption", { n: loaded().hubs.length })}
            items={loaded().hubs}
            empty={t("hub.none")}
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
            ]}
            nameOf={(hub) => hub.name}
            newLabel={t("hub.new")}
            formTitle={ed.isNew() ? t("hub.newTitle") : t("hub.editTitle", { name: editingName() })}
            onSubmit={() => void save(loaded().code)}
          >
            <SelectField id="hub-place" label={t("hub.place")} {...ed.select("placeId")}>
              <option value="">{t("res.choose")}</option>
              <PlaceOptions places={loaded().places} />
            </SelectField>
            <div class="field-row">
              {time("opensAt", "hub.opensAt")}
              {time("closesAt", "hub.closesAt")}
              <InputField
                id="hub-minTransferMinutes"
                label={t("hub.minTransferMinutes")}
                type="number"
                inputmode="numeric"
                min="0"
                max="240"
                step="1"
                {...ed.input("minTransferMinutes")}
              />
            </div>
          </RegistryList>
        )}
      </Loaded>
    </ResourcePage>
  );
}
