import { For, Index, Show } from "solid-js";
import type { SetStoreFunction } from "solid-js/store";
import { type MessageId, t } from "../i18n";
import { type ExceptionRow, rowKey, WEEKDAYS, type WeeklyRow } from "./model";
import { describedBy, Field, FieldError } from "./ui";
import { WeeklyGrid } from "./WeeklyGrid";

/** The part of a form's store the editor works on. */
export interface AvailabilityDraft {
  weekly: WeeklyRow[];
  exceptions: ExceptionRow[];
}

/**
 * Weekly windows as rows (weekday checkboxes, start, end) and dated
 * exceptions (a day off, or other hours that day), with the weekly grid
 * beside them. Errors come from the server by path, e.g.
 * "availability.weekly.1.to", and are shown in the row they belong to.
 */
export function AvailabilityEditor<T extends AvailabilityDraft>(props: {
  draft: T;
  setDraft: SetStoreFunction<T>;
  errors: Record<string, string>;
  /**
   * Called when a row is added or removed. Errors are keyed by row index, so
   * after such a change they would point at the wrong row; the page clears them.
   */
  onRowsChanged?: () => void;
}) {
  // The generic store setter cannot follow a path through T; the editor only touches these two keys.
  const set = props.setDraft as unknown as SetStoreFunction<AvailabilityDraft>;
  /** Adds or removes rows, then lets the page drop errors that were keyed by the old row numbers. */
  const reshape = (change: () => void) => {
    change();
    props.onRowsChanged?.();
  };
  const wPath = (i: number, field: string) => `availability.weekly.${i}.${field}`;
  const ePath = (i: number, field: string) => `availability.exceptions.${i}.${field}`;

  const toggleDay = (i: number, day: number, on: boolean) =>
    set("weekly", i, "days", (days) =>
      on ? [...days.filter((d) => d !== day), day] : days.filter((d) => d !== day),
    );

  return (
    <fieldset class="avail-editor" data-testid="availability-editor">
      <legend>{t("avail.title")}</legend>
      <div class="avail-layout">
        <div>
          <h3>{t("avail.weekly")}</h3>
          <Show when={props.draft.weekly.length === 0}>
            <p class="muted">{t("avail.weeklyNone")}</p>
          </Show>
          <For each={props.draft.weekly}>
            {(row, i) => {
              const id = (part: string) => `w${row.key}-${part}`;
              return (
                <fieldset class="window-row" data-testid="weekly-row">
                  <legend>{t("avail.row", { n: i() + 1 })}</legend>
                  <fieldset
                    class="weekday-choices"
                    aria-describedby={describedBy(props.errors, wPath(i(), "days"))}
                  >
                    <legend>{t("avail.days")}</legend>
                    <For each={WEEKDAYS}>
                      {(day) => (
                        <label class="day-choice">
                          <input
                            type="checkbox"
                            checked={row.days.includes(day)}
                            onChange={(e) => toggleDay(i(), day, e.currentTarget.checked)}
                          />
                          <span aria-hidden="true">{t(`wd.${day}` as MessageId)}</span>
                          <span class="visually-hidden">{t(`wdLong.${day}` as MessageId)}</span>
                        </label>
                      )}
                    </For>
                  </fieldset>
                  <FieldError errors={props.errors} path={wPath(i(), "days")} />
                  <div class="time-pair">
                    <Field
                      id={id("from")}
                      label={t("avail.from")}
                      errors={props.errors}
                      path={wPath(i(), "from")}
                    >
                      <input
                        id={id("from")}
                        type="time"
                        value={row.from}
                        aria-describedby={describedBy(props.errors, wPath(i(), "from"))}
                        onInput={(e) => set("weekly", i(), "from", e.currentTarget.value)}
                      />
                    </Field>
                    <Field id={id("to")} label={t("avail.to")} errors={props.errors} path={wPath(i(), "to")}>
                      <input
                        id={id("to")}
                        type="time"
                        value={row.to}
                        aria-describedby={describedBy(props.errors, wPath(i(), "to"))}
                        onInput={(e) => set("weekly", i(), "to", e.currentTarget.value)}
                      />
                    </Field>
                  </div>
                  <button
                    type="button"
                    class="button-secondary button-small"
                    onClick={() =>
                      reshape(() => set("weekly", (rows) => rows.filter((r) => r.key !== row.key)))
                    }
                  >
                    {t("avail.removeWindow", { n: i() + 1 })}
                  </button>
                </fieldset>
              );
            }}
          </For>
          <button
            type="button"
            class="button-secondary"
            onClick={() =>
              reshape(() =>
                set("weekly", (rows) => [
                  ...rows,
                  { key: rowKey(), days: [1, 2, 3, 4, 5], from: "", to: "" },
                ]),
              )
            }
          >
            ＋ {t("avail.addWindow")}
          </button>

          <h3>{t("avail.exceptions")}</h3>
          <Show when={props.draft.exceptions.length === 0}>
            <p class="muted">{t("avail.exceptionsNone")}</p>
          </Show>
          <For each={props.draft.exceptions}>
            {(row, i) => {
              const id = (part: string) => `x${row.key}-${part}`;
              return (
                <fieldset class="window-row" data-testid="exception-row">
                  <legend>{t("avail.exception", { n: i() + 1 })}</legend>
                  <Field
                    id={id("date")}
                    label={t("avail.date")}
                    errors={props.errors}
                    path={ePath(i(), "date")}
                  >
                    <input
                      id={id("date")}
                      type="date"
                      value={row.date}
                      aria-describedby={describedBy(props.errors, ePath(i(), "date"))}
                      onInput={(e) => set("exceptions", i(), "date", e.currentTarget.value)}
                    />
                  </Field>
                  <label class="choice">
                    <input
                      type="checkbox"
                      checked={row.windows.length === 0}
                      onChange={(e) => {
                        const allDay = e.currentTarget.checked;
                        reshape(() =>
                          set("exceptions", i(), "windows", allDay ? [] : [{ from: "09:00", to: "12:00" }]),
                        );
                      }}
                    />
                    {t("avail.allDay")}
                  </label>
                  <Index each={row.windows}>
                    {(_, j) => {
                      const wp = (field: string) => ePath(i(), `windows.${j}.${field}`);
                      return (
                        <div class="time-pair">
                          <Field
                            id={id(`${j}-from`)}
                            label={t("avail.from")}
                            errors={props.errors}
                            path={wp("from")}
                          >
                            <input
                              id={id(`${j}-from`)}
                              type="time"
                              value={row.windows[j]?.from ?? ""}
                              aria-describedby={describedBy(props.errors, wp("from"))}
                              onInput={(e) =>
                                set("exceptions", i(), "windows", j, "from", e.currentTarget.value)
                              }
                            />
                          </Field>
                          <Field
                            id={id(`${j}-to`)}
                            label={t("avail.to")}
                            errors={props.errors}
                            path={wp("to")}
                          >
                            <input
                              id={id(`${j}-to`)}
                              type="time"
                              value={row.windows[j]?.to ?? ""}
                              aria-describedby={describedBy(props.errors, wp("to"))}
                              onInput={(e) =>
                                set("exceptions", i(), "windows", j, "to", e.currentTarget.value)
                              }
                            />
                          </Field>
                          <button
                            type="button"
                            class="button-secondary button-small"
                            onClick={() =>
                              reshape(() =>
                                set("exceptions", i(), "windows", (ws) => ws.filter((_, k) => k !== j)),
                              )
                            }
                          >
                            {t("avail.removeExceptionWindow")}
                          </button>
                        </div>
                      );
                    }}
                  </Index>
                  <Show when={row.windows.length > 0}>
                    <button
                      type="button"
                      class="button-secondary button-small"
                      onClick={() =>
                        set("exceptions", i(), "windows", (ws) => [...ws, { from: "13:00", to: "15:00" }])
                      }
                    >
                      ＋ {t("avail.addExceptionWindow")}
                    </button>
                  </Show>
                  <Field
                    id={id("note")}
                    label={t("avail.note")}
                    errors={props.errors}
                    path={ePath(i(), "note")}
                  >
                    <input
                      id={id("note")}
                      type="text"
                      maxLength={200}
                      value={row.note}
                      aria-describedby={describedBy(props.errors, ePath(i(), "note"))}
                      onInput={(e) => set("exceptions", i(), "note", e.currentTarget.value)}
                    />
                  </Field>
                  <button
                    type="button"
                    class="button-secondary button-small"
                    onClick={() =>
                      reshape(() => set("exceptions", (rows) => rows.filter((r) => r.key !== row.key)))
                    }
                  >
                    {t("avail.removeException", { n: i() + 1 })}
                  </button>
                </fieldset>
              );
            }}
          </For>
          <button
            type="button"
            class="button-secondary"
            onClick={() =>
              reshape(() =>
                set("exceptions", (rows) => [...rows, { key: rowKey(), date: "", windows: [], note: "" }]),
              )
            }
          >
            ＋ {t("avail.addException")}
          </button>
        </div>
        <WeeklyGrid rows={props.draft.weekly} />
      </div>
    </fieldset>
  );
}
