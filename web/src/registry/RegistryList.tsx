import { type ParentProps, Show } from "solid-js";
import { t } from "../i18n";
import { type Column, DataTable } from "../ui/tables";
import { type Archivable, type Archive, ArchiveButtons, ArchivedToggle, ArchivePanel } from "./archive";
import type { Editor } from "./editor";
import { EditButton, ResourceForm } from "./ui";

/**
 * A registry screen's list and its create/edit form, the same on every such
 * screen: the records as a table (`${name}-table`) with an edit button per
 * row, a button for a new record, and the ResourceForm (`${name}-form`, the
 * fields are the children) while one is open; and the removal of a record
 * (「削除」 with its confirmation and outcome, archived ones listed with
 * 「保管済みも表示」 and brought back with 「元に戻す」).
 */
export function RegistryList<T extends Archivable, D extends object>(
  props: ParentProps<{
    name: string;
    editor: Editor<T, D>;
    caption: string;
    items: readonly T[];
    /** The columns before the edit button's. */
    columns: readonly Column<T>[];
    /** The record's name, for its edit button; null when there is nothing left to edit (an erased resident). */
    nameOf: (item: T) => string | null;
    /** Said instead of an empty table; without it, an empty table is shown. */
    empty?: string;
    newLabel: string;
    formTitle: string;
    onSubmit: () => void;
    /** Opens a record (null: a new one) in the form; the editor's open unless the page does more. */
    open?: (item: T | null) => void;
    onCancel?: () => void;
    /** The list's removal state, the municipality and how the page reloads its data. */
    archive: Archive;
    code: string;
    reload: () => unknown;
  }>,
) {
  const ed = props.editor;
  const open = (item: T | null) => (props.open ?? ed.open)(item);
  // A removed or restored record's form would save into a record that moved: it closes first.
  const reload = async () => {
    if (ed.editing() !== null) (props.onCancel ?? ed.close)();
    await props.reload();
  };
  return (
    <>
      <ArchivedToggle archive={props.archive} />
      <Show when={props.empty === undefined || props.items.length > 0} fallback={<p>{props.empty}</p>}>
        <DataTable
          caption={props.caption}
          testId={`${props.name}-table`}
          items={props.items}
          selected={(item) => ed.editing() === item.id}
          columns={[
            ...props.columns,
            {
              header: t("res.actions"),
              cell: (item) => (
                <Show when={props.nameOf(item)}>
                  {(name) => (
                    <>
                      <Show when={!item.archived}>
                        <EditButton name={name()} onClick={() => open(item)} />{" "}
                      </Show>
                      <ArchiveButtons
                        archive={props.archive}
                        item={item}
                        name={name()}
                        code={props.code}
                        reload={reload}
                      />
                    </>
                  )}
                </Show>
              ),
            },
          ]}
        />
      </Show>
      <ArchivePanel archive={props.archive} code={props.code} reload={reload} />
      <button type="button" class="button" onClick={() => open(null)}>
        ＋ {props.newLabel}
      </button>
      <Show when={ed.editing()}>
        <ResourceForm
          name={props.name}
          title={props.formTitle}
          errors={ed.errors()}
          status={ed.status()}
          saving={ed.saving()}
          onSubmit={props.onSubmit}
          onCancel={props.onCancel ?? ed.close}
        >
          {props.children}
        </ResourceForm>
      </Show>
    </>
  );
}
