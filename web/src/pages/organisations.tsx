import { type Organisation, OrganisationKindSchema } from "@tsunagu/contract";
import { createResource, For, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { api } from "../api/client";
import { labelOrCode, t } from "../i18n";
import { useEditor } from "../registry/editor";
import { EditButton, Loaded, ResourceForm, ResourcePage, useMunicipalityCode } from "../registry/ui";
import { SelectField, TextField } from "../ui/fields";
import { DataTable } from "../ui/tables";

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
  const [draft, setDraft] = createStore<OrganisationDraft>(emptyOrganisation());
  const ed = useEditor<Organisation>("organisation");
  const open = (o: Organisation | null) => {
    setDraft(reconcile(o ? organisationDraft(o) : emptyOrganisation()));
    ed.open(o?.id ?? null);
  };
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
      async (saved) => {
        await refetch();
        setDraft(reconcile(organisationDraft(saved)));
      },
      "org.created",
    );
  };

  return (
    <ResourcePage title="org.title" lead="org.lead">
      <Loaded data={data} code={code}>
        {(loaded) => (
          <>
            <DataTable
              caption={t("org.caption", { n: loaded().items.length })}
              testId="organisation-table"
              items={loaded().items}
              selected={(o) => ed.editing() === o.id}
              columns={[
                { header: t("org.field.name"), cell: (o) => o.name },
                { header: t("org.field.kind"), cell: (o) => kindLabel(o.kind) },
                {
                  header: t("res.actions"),
                  cell: (o) => <EditButton name={o.name} onClick={() => open(o)} />,
                },
              ]}
            />
            <button type="button" class="button" onClick={() => open(null)}>
              ＋ {t("org.new")}
            </button>
            <Show when={ed.editing()}>
              <ResourceForm
                name="organisation"
                title={ed.isNew() ? t("org.newTitle") : t("org.editTitle", { name: draft.name })}
                errors={ed.errors()}
                status={ed.status()}
                saving={ed.saving()}
                onSubmit={() => void save(loaded().code)}
                onCancel={ed.close}
              >
                <div class="field-row">
                  <SelectField
                    id="o-kind"
                    label={t("org.field.kind")}
                    errors={ed.errors()}
                    path="kind"
                    value={draft.kind}
                    onChange={(v) => setDraft("kind", v)}
                  >
                    {/* A stored kind the contract no longer lists stays visible until it is changed. */}
                    <Show when={!(OrganisationKindSchema.options as readonly string[]).includes(draft.kind)}>
                      <option value={draft.kind}>{kindLabel(draft.kind)}</option>
                    </Show>
                    <For each={OrganisationKindSchema.options}>
                      {(k) => <option value={k}>{kindLabel(k)}</option>}
                    </For>
                  </SelectField>
                  <TextField
                    id="o-name"
                    label={t("org.field.name")}
                    errors={ed.errors()}
                    path="name"
                    value={draft.name}
                    onInput={(v) => setDraft("name", v)}
                  />
                  <TextField
                    id="o-kana"
                    label={t("org.field.nameKana")}
                    errors={ed.errors()}
                    path="nameKana"
                    value={draft.nameKana}
                    onInput={(v) => setDraft("nameKana", v)}
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
