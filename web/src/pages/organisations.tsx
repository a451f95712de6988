import { type Organisation, OrganisationKindSchema } from "@tsunagu/contract";
import { For, Show } from "solid-js";
import { api } from "../api/client";
import { labelOrCode, t } from "../i18n";
import { RegistryPage, useRegistry } from "../registry/RegistryPage";
import { SelectField, TextField } from "../ui/fields";

interface OrganisationDraft {
  kind: string;
  name: string;
  nameKana: string;
}
const emptyOrganisation = (): OrganisationDraft => ({ kind: "facility", name: "", nameKana: "" });
const organisationDraft = (o: Organisation): OrganisationDraft => ({
  kind: o.kind,
  name: o.name,
  nameKana: o.nameKana ?? "",
});

// A kind without a message (data imported from elsewhere) is shown by its code rather than hidden.
const kindLabel = (kind: string) => labelOrCode("org.kind", kind);

/** 「団体」: the organisations that hold resources, by kind and name. */
export function OrganisationsPage() {
  const registry = useRegistry({
    name: "organisation",
    messages: "org",
    collection: "organisations",
    load: async (c, archived) => ({ items: (await api.organisations(c, archived)).items }),
    items: (loaded) => loaded.items,
    drafts: { empty: emptyOrganisation, of: organisationDraft },
    // The kind comes from the select, which only offers the contract's kinds; the server re-checks it.
    body: (draft) => ({
      kind: draft.kind as Organisation["kind"],
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
    }),
    create: api.createOrganisation,
    replace: api.replaceOrganisation,
    created: "org.created",
  });
  const ed = registry.editor;
  const { draft } = ed;
  return (
    <RegistryPage
      registry={registry}
      columns={[
        { header: t("org.field.name"), cell: (o) => o.name },
        { header: t("org.field.kind"), cell: (o) => kindLabel(o.kind) },
      ]}
      nameOf={(o) => o.name}
      editingName={() => draft.name}
    >
      {() => (
        <div class="field-row">
          <SelectField id="o-kind" label={t("org.field.kind")} {...ed.select("kind")}>
            {/* A stored kind the contract no longer lists stays visible until it is changed. */}
            <Show when={!(OrganisationKindSchema.options as readonly string[]).includes(draft.kind)}>
              <option value={draft.kind}>{kindLabel(draft.kind)}</option>
            </Show>
            <For each={OrganisationKindSchema.options}>
              {(k) => <option value={k}>{kindLabel(k)}</option>}
            </For>
          </SelectField>
          <TextField id="o-name" label={t("org.field.name")} {...ed.input("name")} />
          <TextField id="o-kana" label={t("org.field.nameKana")} {...ed.input("nameKana")} />
        </div>
      )}
    </RegistryPage>
  );
}
