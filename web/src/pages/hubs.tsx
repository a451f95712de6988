import type { Hub } from "@tsunagu/contract";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { numberOrNaN } from "../registry/model";
import { RegistryPage, useRegistry } from "../registry/RegistryPage";
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
  const registry = useRegistry({
    name: "hub",
    messages: "hub",
    load: async (c) => {
      const [hubs, places] = await Promise.all([api.hubs(c), api.places(c)]);
      return { hubs: hubs.items, places: places.items };
    },
    items: (loaded) => loaded.hubs,
    drafts: { empty: newDraft, of: hubDraft },
    body: (draft) => ({
      placeId: draft.placeId,
      opensAt: draft.opensAt,
      closesAt: draft.closesAt,
      minTransferMinutes: numberOrNaN(draft.minTransferMinutes),
    }),
    create: api.createHub,
    replace: api.replaceHub,
    // The catalog has no "hub registered" line: a new hub is 「保存しました」 too.
    created: "res.saved",
  });
  const ed = registry.editor;
  const time = (field: "opensAt" | "closesAt", label: MessageId) => (
    <InputField id={`hub-${field}`} label={t(label)} type="time" {...ed.input(field)} />
  );

  return (
    <RegistryPage
      registry={registry}
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
      editingName={() => registry.data()?.hubs.find((h) => h.id === ed.editing())?.name ?? ""}
    >
      {(loaded) => (
        <>
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
        </>
      )}
    </RegistryPage>
  );
}
