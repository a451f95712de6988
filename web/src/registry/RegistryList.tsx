import { type ParentProps, Show } from "solid-js";
import { t } from "../i18n";
import { type Column, DataTable } from "../ui/tables";
import type { Editor } from "./editor";
import { EditButton, ResourceForm } from "./ui";

/**
 * A registry screen's list and its create/edit form, the same on every such
 * screen: the records as a table (`${name}-table`) with an edit button per
 * row, a button for a new record, and the ResourceForm (`${name}-form`, the
 * fields are the children) while one is open.
 */
export function RegistryList<T extends { id: string }, D extends object>(
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
  }>,
) {
  const ed = props.editor;
  const open = (item: T | null) => (props.open ?? ed.open)(item);
  return (
    <>
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
                  {(name) => <EditButton name={name()} onClick={() => open(item)} />}
                </Show>
              ),
            },
          ]}
        />
      </Show>
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
