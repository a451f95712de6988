import type { Hub } from "@tsunagu/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, placeKindMessage, t } from "../i18n";
import {
  describedBy,
  Field,
  focusHeading,
  ResourceForm,
  ResourcePage,
  ScrollTable,
  saveFailure,
  useMunicipalityCode,
} from "../registry/ui";

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
  const [editing, setEditing] = createSignal<string | null>(null);
  const [draft, setDraft] = createStore<HubDraft>(newDraft());
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [status, setStatus] = createStore<{ error: MessageId | null; done: MessageId | null }>({
    error: null,
    done: null,
  });

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
    setEditing(hub ? hub.id : "new");
    setErrors({});
    setStatus({ error: null, done: null });
    focusHeading("hub-form-title");
  }

  async function save(c: string) {
    const id = editing();
    setStatus({ error: null, done: null });
    const minutes = draft.minTransferMinutes.trim();
    const body = {
      placeId: draft.placeId,
      opensAt: draft.opensAt,
      closesAt: draft.closesAt,
      minTransferMinutes: minutes === "" ? Number.NaN : Number(minutes),
    };
    try {
      const saved = id && id !== "new" ? await api.replaceHub(c, id, body) : await api.createHub(c, body);
      setErrors({});
      await refetch();
      setEditing(saved.id);
      setStatus({ error: null, done: "res.saved" });
    } catch (error) {
      const failure = saveFailure(error);
      setErrors(failure.fields);
      setStatus({ error: failure.form, done: null });
    }
  }

  const editingName = () => data()?.hubs.find((h) => h.id === editing())?.name ?? "";
  const time = (field: "opensAt" | "closesAt", label: MessageId) => (
    <Field id={`hub-${field}`} label={t(label)} errors={errors()} path={field}>
      <input
        id={`hub-${field}`}
        type="time"
        value={draft[field]}
        aria-describedby={describedBy(errors(), field)}
        onInput={(e) => setDraft(field, e.currentTarget.value)}
      />
    </Field>
  );

  return (
    <ResourcePage title="hub.title" lead="hub.lead">
      <Show when={!data.error && !code.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <Show when={loaded().hubs.length > 0} fallback={<p>{t("hub.none")}</p>}>
                <ScrollTable label={t("hub.caption", { n: loaded().hubs.length })}>
                  <table class="data-table" data-testid="hub-table">
                    <caption>{t("hub.caption", { n: loaded().hubs.length })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("hub.col.name")}</th>
                        <th scope="col">{t("hub.col.hours")}</th>
                        <th scope="col">{t("hub.col.transfer")}</th>
                        <th scope="col">{t("res.actions")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={loaded().hubs}>
                        {(hub) => (
                          <tr classList={{ "row-selected": editing() === hub.id }}>
                            <th scope="row">{hub.name}</th>
                            <td>
                              {hub.opensAt}–{hub.closesAt}
                            </td>
                            <td class="num">{t("hub.minutes", { n: hub.minTransferMinutes })}</td>
                            <td>
                              <button
                                type="button"
                                class="button-secondary button-small"
                                aria-label={t("res.editNamed", { name: hub.name })}
                                onClick={() => open(hub)}
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
              </Show>
              <button type="button" class="button" onClick={() => open(null)}>
                ＋ {t("hub.new")}
              </button>
              <Show when={editing()}>
                <ResourceForm
                  name="hub"
                  title={
                    editing() === "new" ? t("hub.newTitle") : t("hub.editTitle", { name: editingName() })
                  }
                  errors={errors()}
                  status={{ error: status.error, done: status.done }}
                  onSubmit={() => void save(loaded().code)}
                  onCancel={() => setEditing(null)}
                >
                  <Field id="hub-place" label={t("hub.place")} errors={errors()} path="placeId">
                    <select
                      id="hub-place"
                      value={draft.placeId}
                      aria-describedby={describedBy(errors(), "placeId")}
                      onChange={(e) => setDraft("placeId", e.currentTarget.value)}
                    >
                      <option value="">{t("res.choose")}</option>
                      <For each={loaded().places}>
                        {(p) => (
                          <option value={p.id}>
                            {p.name}（{t(placeKindMessage(p.kind))}）
                          </option>
                        )}
                      </For>
                    </select>
                  </Field>
                  <div class="field-row">
                    {time("opensAt", "hub.opensAt")}
                    {time("closesAt", "hub.closesAt")}
                    <Field
                      id="hub-minTransferMinutes"
                      label={t("hub.minTransferMinutes")}
                      errors={errors()}
                      path="minTransferMinutes"
                    >
                      <input
                        id="hub-minTransferMinutes"
                        type="number"
                        inputmode="numeric"
                        min="0"
                        max="240"
                        step="1"
                        value={draft.minTransferMinutes}
                        aria-describedby={describedBy(errors(), "minTransferMinutes")}
                        onInput={(e) => setDraft("minTransferMinutes", e.currentTarget.value)}
                      />
                    </Field>
                  </div>
                </ResourceForm>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </ResourcePage>
  );
}
