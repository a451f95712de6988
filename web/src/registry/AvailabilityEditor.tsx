import { For, Index, type ParentProps, Show } from "solid-js";
import type { SetStoreFunction } from "solid-js/store";
import { type MessageId, t } from "../i18n";
import { describedBy, FieldError, type FieldErrors, InputField, TextField } from "../ui/fields";
import { type ExceptionRow, rowKey, WEEKDAYS, type WeeklyRow } from "./model";
import { WeeklyGrid } from "./WeeklyGrid";

/** The part of a form's store the editor works on. */
export interface AvailabilityDraft {
  weekly: WeeklyRow[];
  exceptions: ExceptionRow[];
}

type WindowEnd = "from" | "to";

/** A window's start and end times side by side (children: what follows them on the line). */
function TimePair(
  props: ParentProps<{
    id: (end: WindowEnd) => string;
    path: (end: WindowEnd) => string;
    errors: FieldErrors;
    value: { from: string; to: string };
    onInput: (end: WindowEnd, value: string) => void;
  }>,
) {
  return (
    <div class="time-pair">
      <For each={["from", "to"] as const}>
        {(end) => (
          <InputField
            id={props.id(end)}
            label={t(end === "from" ? "avail.from" : "avail.to")}
            errors={props.errors}
            path={props.path(end)}
            type="time"
            value={props.value[end]}
            onInput={(v) => props.onInput(end, v)}
          />
        )}
      </For>
      {props.children}
    </div>
  );
}

/**
 * Weekly windows as rows (weekday checkboxes, start, end) and dated
 * exceptions (a day off, or other hours that day), with the weekly grid
 * beside them. Errors come from the server by path, e.g.
 * "availability.weekly.1.to", and are shown in the row they belong to.
 */
export function AvailabilityEditor<T extends AvailabilityDraft>(props: {
  /** The form's editor (registry/editor.ts): its draft holds the rows, its errors are shown by row. */
  editor: {
    draft: T;
    setDraft: SetStoreFunction<T>;
    errors: () => FieldErrors;
    setErrors: (errors: FieldErrors) => void;
  };
}) {
  const draft = props.editor.draft;
  const errors = () => props.editor.errors();
  // The generic store setter cannot follow a path through T; the editor only touches these two keys.
  const set = props.editor.setDraft as unknown as SetStoreFunction<AvailabilityDraft>;
  /**
   * Adds or removes rows, then drops the errors: they are keyed by row index,
   * so after such a change they would point at the wrong row.
   */
  const reshape = (change: () => void) => {
    change();
    props.editor.setErrors({});
  };
  /** Removes a weekly row or an exception by its key. */
  const removeRow = (list: "weekly" | "exceptions", key: number) =>
    reshape(() =>
      list === "weekly"
        ? set("weekly", (rows) => rows.filter((r) => r.key !== key))
        : set("exceptions", (rows) => rows.filter((r) => r.key !== key)),
    );
  /** Adds a weekly row (weekdays ticked, times to fill in) or an exception (a date to fill in, all day off). */
  const addRow = (list: "weekly" | "exceptions") =>
    reshape(() =>
      list === "weekly"
        ? set("weekly", (rows) => [...rows, { key: rowKey(), days: [1, 2, 3, 4, 5], from: "", to: "" }])
        : set("exceptions", (rows) => [...rows, { key: rowKey(), date: "", windows: [], note: "" }]),
    );
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
          <Show when={draft.weekly.length === 0}>
            <p class="muted">{t("avail.weeklyNone")}</p>
          </Show>
          <For each={draft.weekly}>
            {(row, i) => {
              const id = (part: string) => `w${row.key}-${part}`;
              return (
                <fieldset class="window-row" data-testid="weekly-row">
                  <legend>{t("avail.row", { n: i() + 1 })}</legend>
                  <fieldset
                    class="weekday-choices"
                    aria-describedby={describedBy(errors(), wPath(i(), "days"))}
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
                  <FieldError errors={errors()} path={wPath(i(), "days")} />
                  <TimePair
                    id={id}
                    path={(end) => wPath(i(), end)}
                    errors={errors()}
                    value={row}
                    onInput={(end, v) => set("weekly", i(), end, v)}
                  />
                  <button
                    type="button"
                    class="button-secondary button-small"
                    onClick={() => removeRow("weekly", row.key)}
                  >
                    {t("avail.removeWindow", { n: i() + 1 })}
                  </button>
                </fieldset>
              );
            }}
          </For>
          <button type="button" class="button-secondary" onClick={() => addRow("weekly")}>
            ＋ {t("avail.addWindow")}
          </button>

          <h3>{t("avail.exceptions")}</h3>
          <Show when={draft.exceptions.length === 0}>
            <p class="muted">{t("avail.exceptionsNone")}</p>
          </Show>
          <For each={draft.exceptions}>
            {(row, i) => {
              const id = (part: string) => `x${row.key}-${part}`;
              return (
                <fieldset class="window-row" data-testid="exception-row">
                  <legend>{t("avail.exception", { n: i() + 1 })}</legend>
                  <InputField
                    id={id("date")}
                    label={t("avail.date")}
                    errors={errors()}
                    path={ePath(i(), "date")}
                    type="date"
                    value={row.date}
                    onInput={(v) => set("exceptions", i(), "date", v)}
                  />
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
                        <TimePair
                          id={(end) => id(`${j}-${end}`)}
                          path={(end) => wp(end)}
                          errors={errors()}
                          value={row.windows[j] ?? { from: "", to: "" }}
                          onInput={(end, v) => set("exceptions", i(), "windows", j, end, v)}
                        >
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
                        </TimePair>
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
                  <TextField
                    id={id("note")}
                    label={t("avail.note")}
                    errors={errors()}
                    path={ePath(i(), "note")}
                    value={row.note}
                    onInput={(v) => set("exceptions", i(), "note", v)}
                  />
                  <button
                    type="button"
                    class="button-secondary button-small"
                    onClick={() => removeRow("exceptions", row.key)}
                  >
                    {t("avail.removeException", { n: i() + 1 })}
                  </button>
                </fieldset>
              );
            }}
          </For>
          <button type="button" class="button-secondary" onClick={() => addRow("exceptions")}>
            ＋ {t("avail.addException")}
          </button>
        </div>
        <WeeklyGrid rows={draft.weekly} />
      </div>
    </fieldset>
  );
}
