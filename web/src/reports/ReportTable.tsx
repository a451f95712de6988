import { For, type JSX, type ParentProps } from "solid-js";
import { HeadedTable } from "../ui/tables";

/**
 * A results table of the reports page, in the scroll region the reports use
 * on a phone: named by its caption (`${id}-caption`), headers in a row, the
 * rows (children) the caller's.
 */
export function ReportTable(
  props: ParentProps<{ id: string; caption: JSX.Element; headers: readonly string[]; testId?: string }>,
) {
  return (
    <section class="report-scroll" aria-labelledby={`${props.id}-caption`} tabindex="0">
      <HeadedTable
        caption={props.caption}
        captionId={`${props.id}-caption`}
        headers={props.headers}
        class="summary-table"
        testId={props.testId}
      >
        {props.children}
      </HeadedTable>
    </section>
  );
}

/** A row of figures: its label, then each figure right-aligned (before, after, reduction, rate…). */
export function FigureRow(props: { label: string; figures: readonly JSX.Element[]; testId?: string }) {
  return (
    <tr data-testid={props.testId}>
      <th scope="row">{props.label}</th>
      <For each={props.figures}>{(figure) => <td class="num">{figure}</td>}</For>
    </tr>
  );
}
