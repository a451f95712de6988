import type { Hub } from "@tsunagu/contract";
import { createResource, Show } from "solid-js";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { LocationPicker, outsideUnconfirmed } from "../map/LocationPicker";
import { useArchive } from "../registry/archive";
import { useEditor } from "../registry/editor";
import { numberOrNaN } from "../registry/model";
import { RegistryList } from "../registry/RegistryList";
import { Loaded, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { InputField, PlaceOptions, SelectField, TextField } from "../ui/fields";

/** The choice in the place select that opens the new place's name and map pin. */
const NEW_PLACE = "new";

interface HubDraft {
  placeId: string;
  opensAt: string;
  closesAt: string;
  minTransferMinutes: string;
  /** A new place for the hub, used when placeId is NEW_PLACE. */
  name: string;
  address: string;
  lat: string;
  lon: string;
  outsideOk: boolean;
}
const noNewPlace = { name: "", address: "", lat: "", lon: "", outsideOk: false };
/** A new hub opens office hours with the contract's default 10-minute transfer. */
const newDraft = (): HubDraft => ({
  placeId: "",
  opensAt: "08:00",
  closesAt: "18:00",
  minTransferMinutes: "10",
  ...noNewPlace,
});

const hubDraft = (hub: Hub): HubDraft => ({
  placeId: hub.placeId,
  opensAt: hub.opensAt,
  closesAt: hub.closesAt,
  minTransferMinutes: String(hub.minTransferMinutes),
  ...noNewPlace,
});

/**
 * Hubs: where parcels are consolidated and handed over. The list shows the
 * opening hours and the minimum transfer time the matching must respect; the
 * form registers a hub at a place or changes one.
 */
export function HubsPage() {
  const code = useMunicipalityCode();
  const archive = useArchive("hubs");
  const [data, { refetch }] = createResource(
    () => ({ code: code(), archived: archive.shown() }),
    async ({ code: c, archived }) => {
      if (!c) return undefined;
      const [hubs, places] = await Promise.all([api.hubs(c, archived), api.places(c)]);
      return { code: c, hubs: hubs.items, places: places.items };
    },
  );
  const ed = useEditor("hub", { empty: newDraft, of: hubDraft });
  const { draft, setDraft } = ed;

  /**
   * The hub's place: the chosen one, or the new one registered first with its
   * pin. Once registered the form keeps it chosen, so a hub refused for its
   * hours is saved again without a second place.
   */
  async function placeOfHub(c: string): Promise<string> {
    if (draft.placeId !== NEW_PLACE) return draft.placeId;
    const place = await api.createPlace(c, {
      kind: "hub",
      name: draft.name,
      address: draft.address.trim() || null,
      lat: numberOrNaN(draft.lat),
      lon: numberOrNaN(draft.lon),
    });
    await refetch();
    setDraft({ placeId: place.id, ...noNewPlace });
    return place.id;
  }

  async function save(c: string) {
    if (draft.placeId === NEW_PLACE && (await outsideUnconfirmed(c, "place", draft, draft.outsideOk))) {
      ed.setErrors({ "": t("loc.err.confirm") });
      return;
    }
    const id = ed.savedId();
    const body = async () => ({
      placeId: await placeOfHub(c),
      opensAt: draft.opensAt,
      closesAt: draft.closesAt,
      minTransferMinutes: numberOrNaN(draft.minTransferMinutes),
    });
    return ed.save(
      async () => (id ? api.replaceHub(c, id, await body()) : api.createHub(c, await body())),
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
            archive={archive}
            code={loaded().code}
            reload={refetch}
          >
            <SelectField id="hub-place" label={t("hub.place")} {...ed.select("placeId")}>
              <option value="">{t("res.choose")}</option>
              <PlaceOptions places={loaded().places} />
              <option value={NEW_PLACE}>{t("hub.newPlace")}</option>
            </SelectField>
            <Show when={draft.placeId === NEW_PLACE}>
              <div class="field-row">
                <TextField id="hub-name" label={t("hub.placeName")} {...ed.input("name")} />
                <TextField id="hub-address" label={t("hub.placeAddress")} {...ed.input("address")} />
              </div>
              <LocationPicker
                code={loaded().code}
                idPrefix="hub"
                legend={t("hub.placeLocation")}
                paths={{ lat: "lat", lon: "lon" }}
                errors={ed.errors()}
                value={draft}
                onChange={(at) => setDraft(at)}
                purpose="place"
                confirmOutside={{ checked: draft.outsideOk, onChange: (on) => setDraft("outsideOk", on) }}
              />
            </Show>
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
