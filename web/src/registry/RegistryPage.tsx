import { type Accessor, createResource, type JSX } from "solid-js";
import type { ArchivableCollection } from "../api/client";
import { type MessageId, t } from "../i18n";
import type { Column } from "../ui/tables";
import { type Archivable, useArchive } from "./archive";
import { useEditor } from "./editor";
import { RegistryList } from "./RegistryList";
import { Loaded, ResourcePage, useMunicipalityCode } from "./ui";

/**
 * One registry screen (団体, 車両, 運転者, 住民, 拠点): the page frame, its data
 * loading, the list with its create/edit form, and the save of that form. A
 * page describes itself once with `useRegistry` — its message family (`org`
 * → org.title, org.lead, org.caption, org.new, org.newTitle, org.editTitle),
 * what it loads, its drafts and how a draft is saved — and renders
 * `RegistryPage` with its columns and fields; everything else is the same on
 * every such screen.
 */
export type RegistryMessages = "org" | "drv" | "veh" | "rsd" | "hub";

export interface RegistrySpec<L extends object, T extends Archivable, D extends object, B> {
  /** The form's name (`${name}-table`, `${name}-form`). */
  name: string;
  messages: RegistryMessages;
  /** The API collection its records are removed from and restored to. */
  collection: ArchivableCollection;
  /** What the page shows for a municipality: its records (archived ones too when asked) and what their forms pick from. */
  load: (code: string, archived: boolean) => Promise<L>;
  items: (loaded: L) => readonly T[];
  drafts: { empty: () => D; of: (record: T) => D };
  /** The request body of the open draft. */
  body: (draft: D) => B;
  create: (code: string, body: B) => Promise<T>;
  replace: (code: string, id: string, body: B) => Promise<T>;
  /** The status line after a new record is saved. */
  created: MessageId;
  /** Runs after a save once the page's data was reloaded (e.g. to keep the record in the URL). */
  afterSave?: (saved: T) => unknown;
}

/** A registry page's state: the municipality, its loaded data, and the form's editor with its save. */
export function useRegistry<L extends object, T extends Archivable, D extends object, B>(
  spec: RegistrySpec<L, T, D, B>,
) {
  const code = useMunicipalityCode();
  const archive = useArchive(spec.collection);
  const [data, { refetch }] = createResource(
    () => ({ code: code(), archived: archive.shown() }),
    async ({ code: c, archived }) => (c ? { ...(await spec.load(c, archived)), code: c } : undefined),
  );
  const editor = useEditor(spec.name, spec.drafts);
  const save = (c: string) => {
    const id = editor.savedId();
    const body = () => spec.body(editor.draft);
    return editor.save(
      () => (id ? spec.replace(c, id, body()) : spec.create(c, body())),
      async (saved) => {
        await refetch();
        await spec.afterSave?.(saved);
      },
      spec.created,
    );
  };
  return { spec, code, data, editor, save, archive, refetch };
}
export type Registry<L extends object, T extends Archivable, D extends object, B> = ReturnType<
  typeof useRegistry<L, T, D, B>
>;

export function RegistryPage<L extends object, T extends Archivable, D extends object, B>(props: {
  registry: Registry<L, T, D, B>;
  wide?: boolean;
  columns: readonly Column<T>[];
  /** The record's name for its row's buttons; null when there is nothing left to edit (an erased resident). */
  nameOf: (item: T) => string | null;
  /** The name in the form's title while a saved record is open. */
  editingName: () => string;
  empty?: string;
  open?: (item: T | null) => void;
  onCancel?: () => void;
  children: (loaded: Accessor<L & { code: string }>) => JSX.Element;
}) {
  const { spec, code, data, editor: ed, save, archive, refetch } = props.registry;
  const m = spec.messages;
  return (
    <ResourcePage title={`${m}.title`} lead={`${m}.lead`} wide={props.wide}>
      <Loaded data={data} code={code}>
        {(loaded) => (
          <RegistryList
            name={spec.name}
            editor={ed}
            open={props.open}
            onCancel={props.onCancel}
            caption={t(`${m}.caption`, { n: spec.items(loaded()).length })}
            items={spec.items(loaded())}
            empty={props.empty}
            columns={props.columns}
            nameOf={props.nameOf}
            newLabel={t(`${m}.new`)}
            formTitle={ed.isNew() ? t(`${m}.newTitle`) : t(`${m}.editTitle`, { name: props.editingName() })}
            onSubmit={() => void save(loaded().code)}
            archive={archive}
            code={loaded().code}
            reload={refetch}
          >
            {props.children(loaded)}
          </RegistryList>
        )}
      </Loaded>
    </ResourcePage>
  );
}
