import type { EffectsLegsResponse, EffectsRow } from "@tsunagu/contract";
import { For, Show } from "solid-js";
import { type MessageId, t } from "../i18n";
import { factor, oneDecimal } from "./format";

type SideData = EffectsLegsResponse["before"];

const COLUMNS: readonly MessageId[] = [
  "reports.col.label",
  "reports.col.from",
  "reports.col.to",
  "reports.col.mode",
  "reports.col.distanceKm",
  "reports.col.loadingRatePct",
  "reports.col.tonsPerYear",
  "reports.col.unit",
  "reports.col.heat",
  "reports.col.carbon",
  "reports.col.c44",
  "reports.col.tCO2",
  "reports.col.method",
  "reports.col.note",
];

/** The 備考 cell: the factor of a row that has no ℓ/t·km, and where a unit came from. */
function note(row: EffectsRow): string {
  const parts: string[] = [];
  if (row.gCO2PerTkm !== undefined) parts.push(t("reports.note.gCO2", { value: factor(row.gCO2PerTkm) }));
  if ((row.method === "fuel" || row.method === "fuel-economy") && row.litres !== undefined) {
    parts.push(t("reports.note.litres", { value: factor(row.litres) }));
  }
  if (row.kWh !== undefined) {
    parts.push(t("reports.note.kWh", { value: factor(row.kWh), factor: factor(row.tCO2PerKWh) }));
  }
  if (row.factorBasis === "explicit") parts.push(t("reports.note.explicit"));
  if (row.factorBasis === "regression") parts.push(t("reports.note.regression"));
  if (row.factorBasis === "default-loading-rate") parts.push(t("reports.note.default"));
  return parts.join(t("reports.note.separator"));
}

/**
 * One side's legs in the layout of the 総合効率化計画 application, with the
 * side's total (the sum of the unrounded rows, rounded once, from the API).
 * Scrolls sideways inside its own region on a phone.
 */
export function LegTable(props: { id: string; caption: string; data: SideData; testId: string }) {
  return (
    <section class="report-scroll" aria-labelledby={`${props.id}-caption`} tabindex="0">
      <table class="leg-table" id={props.id} data-testid={props.testId}>
        <caption id={`${props.id}-caption`}>{props.caption}</caption>
        <thead>
          <tr>
            <For each={COLUMNS}>
              {(column) => {
                // The unit on its own line keeps the 14 columns narrow enough for a laptop screen.
                const parts = () => /^(.*?)\s*(\(.*\))$/.exec(t(column));
                return (
                  <th scope="col">
                    <Show when={parts()} fallback={t(column)}>
                      {(p) => (
                        <>
                          {p()[1]}
                          <br />
                          <span class="unit">{p()[2]}</span>
                        </>
                      )}
                    </Show>
                  </th>
                );
              }}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.data.rows}>
            {(row) => (
              <tr>
                <th scope="row">{row.label}</th>
                <td class="place">{row.from ?? "—"}</td>
                <td class="place">{row.to ?? "—"}</td>
                <td>{row.mode ? t(`reports.mode.${row.mode}`) : "—"}</td>
                <td class="num">{factor(row.distanceKm)}</td>
                <td class="num">{factor(row.loadingRatePct)}</td>
                <td class="num">{factor(row.tonsPerYear)}</td>
                <td class="num">{factor(row.unitLPerTkm)}</td>
                <td class="num">{factor(row.heatGJPerKl)}</td>
                <td class="num">{factor(row.carbonTCPerGJ)}</td>
                <td class="num">{factor(row.carbonToCO2)}</td>
                <td class="num" data-col="tCO2">
                  {oneDecimal(row.tCO2)}
                </td>
                <td>{row.method ? t(`reports.method.${row.method}`) : "—"}</td>
                <td class="note">{note(row) || "—"}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={11}>
              {t("reports.total")}
            </th>
            <td class="num" data-col="tCO2-total">
              {oneDecimal(props.data.tCO2)}
            </td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
