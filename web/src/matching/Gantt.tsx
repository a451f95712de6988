import { clockOfMinutes, type Plan, type PlanRequest } from "@tsunagu/contract";
import { createMemo, createSignal, For, Index, Show } from "solid-js";
import { type MessageId, t } from "../i18n";
import { DataTable, ScrollTable } from "../ui/tables";
import { type GanttRow, type GanttTick, ganttRows, requestsById } from "./model";

const ROW = 40;
const AXIS = 30;
/** Pixels per minute: a 10-hour day is 2,400 px, read by scrolling sideways on a phone. */
const PX = 4;

/**
 * How a request is named to the coordinator: who (when the plan carries the
 * name: coordinators and staff only), kind, window, where from and to.
 */
export function requestLabel(request: PlanRequest | undefined, requestId: string): string {
  if (!request) return t("gantt.requestUnknown", { id: requestId });
  const label = t("gantt.request", {
    kind: t(`plan.kind.${request.kind}` as MessageId),
    from: request.from.name ?? t("plan.door"),
    to: request.to.name ?? t("plan.door"),
    earliest: request.earliest,
    latest: request.latest,
    id: requestId,
  });
  const name = request.person?.name;
  return name ? `${t("gantt.who", { name })} ${label}` : label;
}

/** A tick in words: time, boarding or leaving, the request, and which leg of its journey. */
function tickText(tick: GanttTick, request: PlanRequest | undefined): string {
  const leg = tick.legIndex === null ? undefined : request?.legs.find((l) => l.index === tick.legIndex);
  const parts = [
    `${tick.time} ${t(tick.kind === "pickup" ? "gantt.pickup" : "gantt.dropoff")}`,
    requestLabel(request, tick.requestId),
  ];
  if (leg && request)
    parts.push(
      t("gantt.leg", {
        n: leg.index + 1,
        of: request.legs.length,
        mode: t(`plan.mode.${leg.mode}` as MessageId),
        label: leg.label,
        departure: leg.departure,
        arrival: leg.arrival,
      }),
    );
  if (tick.handover) parts.push(t("gantt.handover"));
  return parts.join(" · ");
}

/**
 * The plan as a timeline: one row per vehicle route, bus trip and drone
 * flight, a bar from its first to its last stop, a mark at each stop
 * (▲ boarding/collection, ▼ leaving/delivery, ◆ hand-over to or from another
 * vehicle). Each row is one tab stop; ←/→ move between its marks, and the
 * focused or hovered mark is described in words under the chart. The same
 * rows are also a table.
 */
export function Gantt(props: { plan: Plan; selected: string | null; onSelect: (key: string) => void }) {
  const layout = createMemo(() => ganttRows(props.plan));
  const byId = createMemo(() => requestsById(props.plan));
  const [described, setDescribed] = createSignal<string>("");
  const width = () => (layout().to - layout().from) * PX + 24;
  const x = (minute: number) => (minute - layout().from) * PX + 12;
  const hours = () => {
    const list: number[] = [];
    for (let m = layout().from; m <= layout().to; m += 60) list.push(m);
    return list;
  };

  function onKey(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const current = event.currentTarget as HTMLButtonElement;
    const row = current.closest("[data-row]");
    const ticks = row ? [...row.querySelectorAll<HTMLButtonElement>(".gantt-tick")] : [];
    const at = ticks.indexOf(current);
    const next = ticks[at + (event.key === "ArrowRight" ? 1 : -1)];
    if (!next) return;
    event.preventDefault();
    current.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  }

  const rowTitle = (row: GanttRow) =>
    t(`gantt.rowType.${row.type}` as MessageId, { label: row.label, from: row.startTime, to: row.endTime });

  return (
    <figure class="gantt" aria-labelledby="gantt-caption">
      <figcaption id="gantt-caption" class="chart-title">
        {t("gantt.title")}
      </figcaption>
      <p class="muted gantt-keys">{t("gantt.keys")}</p>
      <div class="gantt-grid">
        <ol class="gantt-labels" style={{ "padding-top": `${AXIS}px` }}>
          <For each={layout().rows}>
            {(row) => (
              <li style={{ height: `${ROW}px` }}>
                <Show
                  when={row.type === "vehicle"}
                  fallback={
                    <span class="gantt-label" title={row.label}>
                      <span class="gantt-swatch" style={{ background: row.colour }} aria-hidden="true" />
                      {t(row.type === "bus" ? "gantt.busShort" : "gantt.droneShort")} {row.label}
                    </span>
                  }
                >
                  <button
                    type="button"
                    class="gantt-label gantt-select"
                    data-key={row.key}
                    aria-pressed={props.selected === row.key}
                    onClick={() => props.onSelect(row.key)}
                  >
                    <span class="gantt-swatch" style={{ background: row.colour }} aria-hidden="true" />
                    {row.label}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
        <ScrollTable label={t("gantt.title")}>
          <div
            class="gantt-canvas"
            style={{ width: `${width()}px`, height: `${AXIS + layout().rows.length * ROW}px` }}
            data-testid="gantt"
          >
            {/* The drawing only: hours and bars. The marks people read and focus are the buttons below. */}
            <svg
              class="gantt-svg"
              width={width()}
              height={AXIS + layout().rows.length * ROW}
              aria-hidden="true"
            >
              <Index each={hours()}>
                {(m) => (
                  <>
                    <line
                      x1={x(m())}
                      x2={x(m())}
                      y1={AXIS - 6}
                      y2={AXIS + layout().rows.length * ROW}
                      class="gantt-hour"
                    />
                    <text x={x(m()) + 3} y={AXIS - 10} class="gantt-hour-label">
                      {clockOfMinutes(m())}
                    </text>
                  </>
                )}
              </Index>
              <For each={layout().rows}>
                {(row, i) => (
                  <rect
                    x={x(row.start)}
                    y={AXIS + i() * ROW + 8}
                    width={Math.max(4, x(row.end) - x(row.start))}
                    height={ROW - 16}
                    rx="4"
                    fill={row.colour}
                    fill-opacity={props.selected === null || props.selected === row.key ? 0.28 : 0.1}
                    stroke={row.colour}
                    stroke-width={props.selected === row.key ? 3 : 1.5}
                  />
                )}
              </For>
            </svg>
            <For each={layout().rows}>
              {(row, i) => (
                <ul
                  class="gantt-ticks"
                  data-row={row.key}
                  aria-label={rowTitle(row)}
                  style={{ top: `${AXIS + i() * ROW}px`, height: `${ROW}px` }}
                >
                  <For each={row.ticks}>
                    {(tick, j) => {
                      const text = () => tickText(tick, byId().get(tick.requestId));
                      return (
                        <li style={{ left: `${x(tick.minute) - 11}px` }}>
                          <button
                            type="button"
                            class={`gantt-tick${tick.handover ? " gantt-tick-handover" : ""}`}
                            style={{ color: tick.handover ? undefined : row.colour }}
                            tabindex={j() === 0 ? 0 : -1}
                            aria-label={text()}
                            title={text()}
                            onFocus={() => setDescribed(text())}
                            onMouseEnter={() => setDescribed(text())}
                            onKeyDown={onKey}
                          >
                            <span aria-hidden="true">
                              {tick.handover ? "◆" : tick.kind === "pickup" ? "▲" : "▼"}
                            </span>
                          </button>
                        </li>
                      );
                    }}
                  </For>
                </ul>
              )}
            </For>
          </div>
        </ScrollTable>
      </div>
      <p class="gantt-described" role="status" data-testid="gantt-described">
        {described() || t("gantt.describeHint")}
      </p>
      <details class="gantt-table">
        <summary>{t("gantt.asTable")}</summary>
        <DataTable
          caption={t("gantt.tableCaption")}
          items={layout().rows}
          columns={[
            { header: t("gantt.col.row"), cell: rowTitle },
            {
              header: t("gantt.col.time"),
              cell: (row) => (
                <>
                  {row.startTime}–{row.endTime}
                </>
              ),
            },
            {
              header: t("gantt.col.stops"),
              cell: (row) => (
                <ul class="plain-list">
                  <For each={row.ticks}>
                    {(tick) => <li>{tickText(tick, byId().get(tick.requestId))}</li>}
                  </For>
                </ul>
              ),
            },
          ]}
        />
      </details>
    </figure>
  );
}
