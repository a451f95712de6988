import { clockOfMinutes } from "@tsunagu/contract";
import { For, Index } from "solid-js";
import { type MessageId, t } from "../i18n";
import { GRID_END_HOUR, GRID_START_HOUR, weeklyGrid } from "./model";

const SPAN = (GRID_END_HOUR - GRID_START_HOUR) * 60;
const HOUR_MARKS = Array.from(
  { length: (GRID_END_HOUR - GRID_START_HOUR) / 3 + 1 },
  (_, i) => GRID_START_HOUR + i * 3,
);

/**
 * The week at a glance: seven columns, 6:00 at the top and 22:00 at the
 * bottom, idle windows shaded. The drawing is hidden from screen readers;
 * the list under it says the same in words (and helps everyone read exact times).
 */
export function WeeklyGrid(props: {
  rows: readonly { days: readonly number[]; from: string; to: string }[];
}) {
  const grid = () => weeklyGrid(props.rows);
  const heading = () => t("avail.grid", { from: GRID_START_HOUR, to: GRID_END_HOUR });
  return (
    <figure class="week-grid" data-testid="week-grid">
      <figcaption>{heading()}</figcaption>
      <div class="week-grid-body" aria-hidden="true">
        <div class="week-grid-hours">
          <For each={HOUR_MARKS}>
            {(hour) => (
              <span style={{ top: `${(((hour - GRID_START_HOUR) * 60) / SPAN) * 100}%` }}>{hour}</span>
            )}
          </For>
        </div>
        <Index each={grid()}>
          {(day) => (
            <div class="week-grid-day">
              <span class="week-grid-label">{t(`wd.${day().day}` as MessageId)}</span>
              <div class="week-grid-column">
                <For each={day().segments}>
                  {(seg) => (
                    <span
                      class="week-grid-window"
                      style={{
                        top: `${((seg.from - GRID_START_HOUR * 60) / SPAN) * 100}%`,
                        height: `${((seg.to - seg.from) / SPAN) * 100}%`,
                      }}
                    />
                  )}
                </For>
              </div>
            </div>
          )}
        </Index>
      </div>
      <ul class="week-grid-text" data-testid="week-grid-text">
        <Index each={grid()}>
          {(day) => {
            const name = () => t(`wdLong.${day().day}` as MessageId);
            return (
              <li>
                {day().windows.length === 0
                  ? t("avail.gridDayNone", { day: name() })
                  : t("avail.gridDay", {
                      day: name(),
                      windows: day()
                        .windows.map((s) => `${clockOfMinutes(s.from)}–${clockOfMinutes(s.to)}`)
                        .join("、"),
                      hours: Math.round((day().minutes / 60) * 10) / 10,
                    })}
              </li>
            );
          }}
        </Index>
      </ul>
    </figure>
  );
}
