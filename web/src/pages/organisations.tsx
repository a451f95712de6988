import { type Organisation, OrganisationKindSchema } from "@tsunagu/contract";
import { createResource, For, Show } from "solid-js";
import { api } from "../api/client";
import { labelOrCode, t } from "../i18n";
import { useEditor } from "../registry/editor";
import { RegistryList } from "../registry/RegistryList";
import { Loaded, ResourcePage, useMunicipalityCode } from "../registry/ui";
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
  const code = useMunicipalityCode();
  const [data, { refetch }] = createResource(code, async (c) =>
    c ? { code: c, items: (await api.organisations(c)).items } : undefined,
  );
  const ed = useEditor("organisation", { empty: emptyOrganisation, of: organisationDraft });
  const { draft } = ed;
  const save = (c: string) => {
    const id = ed.savedId();
    // The kind comes from the select, which only offers the contract's kinds; the server re-checks it.
    const body = {
      kind: draft.kind as Organisation["kind"],
      name: draft.name,
      nameKana: draft.nameKana.trim() || null,
    };
    return ed.save(
      () => (id ? api.replaceOrganisation(c, id, body) : api.createOrganisation(c, body)),
      () => refetch(),
      "org.created",
    );
  };

  return (
    <ResourcePage title="org.title" lead="org.lead">
      <Loaded data={data} code={code}>
        {(loaded) => (
          <RegistryList
            name="organisation"
            editor={ed}
            caption={t("org.caption", { n: loaded().items.length })}
            items={loaded().items}
            columns={[
              { header: t("org.field.name"), cell: (o) => o.name },
              { header: t("org.field.kind"), cell: (o) => kindLabel(o.kind) },
            ]}
            nameOf={(o) => o.name}
            newLabel={t("org.new")}
            formTitle={ed.isNew() ? t("org.newTitle") : t("org.editTitle", { name: draft.name })}
            onSubmit={() => void save(loaded().code)}
          >
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
          </RegistryList>
        )}
      </Loaded>
    </ResourcePage>
  );
}
