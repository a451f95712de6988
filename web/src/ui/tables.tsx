import { For, type JSX, type ParentProps, type Resource, Show } from "solid-js";
import { loadErrorMessage } from "../api/loadError";
import { t } from "../i18n";

/**
 * The app's data tables: a caption, column headers, and rows with a row
 * header, inside a region that scrolls sideways on a phone.
 */

/** A wide table that scrolls sideways on a phone; focusable so keyboard users can scroll it too. */
export function ScrollTable(props: ParentProps<{ label: string }>) {
  return (
    // A labelled <section> is a region landmark; focusable so keyboard users can scroll it (WCAG 2.1.1).
    <section class="table-scroll" aria-label={t("res.scrollTable", { name: props.label })} tabindex="0">
      {props.children}
    </section>
  );
}

interface TableProps {
  caption: string;
  /** The scroll region's name when it should differ from the caption. */
  label?: string;
  testId?: string;
  /** The table's classes; "data-table" unless given. */
  class?: string;
}

/** A table with its caption and a row of column headers; the rows (children) are the caller's. */
export function HeadedTable(
  props: ParentProps<{
    caption: JSX.Element;
    captionId?: string;
    headers: readonly string[];
    class: string;
    testId?: string;
  }>,
) {
  return (
    <table class={props.class} data-testid={props.testId}>
      <caption id={props.captionId}>{props.caption}</caption>
      <thead>
        <tr>
          <For each={props.headers}>{(header) => <th scope="col">{header}</th>}</For>
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** A data table in its scroll region; the rows (children) are the caller's. */
export function TableFrame(props: ParentProps<TableProps & { headers: readonly string[] }>) {
  return (
    <ScrollTable label={props.label ?? props.caption}>
      <HeadedTable
        caption={props.caption}
        headers={props.headers}
        class={props.class ?? "data-table"}
        testId={props.testId}
      >
        {props.children}
      </HeadedTable>
    </ScrollTable>
  );
}

/** One column: its header, the cell for a row's item, and the cell's class ("num" right-aligns figures). */
export interface Column<T> {
  header: string;
  cell: (item: T, index: number) => JSX.Element;
  class?: string;
}

/**
 * A table of items, one row each, described by its columns. The first
 * column is the row header (a person's or vehicle's name, a time) unless
 * `rowHeader` is false; `selected` marks the row being edited.
 */
interface DataTableProps<T> extends TableProps {
  items: readonly T[];
  columns: readonly Column<T>[];
  rowHeader?: boolean;
  selected?: (item: T) => boolean;
  rowTestId?: string;
}

export function DataTable<T>(props: DataTableProps<T>) {
  return (
    <TableFrame
      caption={props.caption}
      label={props.label}
      testId={props.testId}
      class={props.class}
      headers={props.columns.map((c) => c.header)}
    >
      <For each={props.items}>
        {(item, row) => (
          <tr classList={{ "row-selected": props.selected?.(item) === true }} data-testid={props.rowTestId}>
            <For each={props.columns}>
              {(column, i) =>
                i() === 0 && props.rowHeader !== false ? (
                  <th scope="row" class={column.class}>
                    {column.cell(item, row())}
                  </th>
                ) : (
                  <td class={column.class}>{column.cell(item, row())}</td>
                )
              }
            </For>
          </tr>
        )}
      </For>
    </TableFrame>
  );
}

/**
 * A fetched list (`{ items }`) as a DataTable: 「読み込み中…」 until it arrives, why it did not
 * load when it failed, and `empty` when it has no items. The caption may use the loaded list.
 */
export function ListTable<L extends { readonly items: readonly unknown[] }>(
  props: Omit<DataTableProps<L["items"][number]>, "items" | "caption"> & {
    list: Resource<L>;
    empty: string;
    caption: string | ((loaded: L) => string);
  },
) {
  return (
    <Show
      when={props.list()}
      fallback={
        props.list.error ? (
          // As LoadError (ui/fields) says it: announced, in words that say why.
          <p role="alert" class="form-error">
            {t(loadErrorMessage(props.list.error))}
          </p>
        ) : (
          <p>{t("common.loading")}</p>
        )
      }
    >
      {(loaded) => (
        <Show when={loaded().items.length > 0} fallback={<p>{props.empty}</p>}>
          <DataTable
            {...props}
            caption={typeof props.caption === "string" ? props.caption : props.caption(loaded())}
            items={loaded().items}
          />
        </Show>
      )}
    </Show>
  );
}
