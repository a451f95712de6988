import { type JSX, Show } from "solid-js";
import { t } from "../i18n";
import type { FieldError } from "./legForm";

/** The message for a field error, in the reader's language. */
export function errorMessage(error: FieldError): string {
  switch (error.kind) {
    case "required":
      return t("reports.error.required");
    case "number":
      return t("reports.error.number");
    case "range":
      if (error.max === null) {
        return t(error.exclusiveMin ? "reports.error.rangeMinExclusive" : "reports.error.rangeMin", {
          min: error.min,
        });
      }
      return t(error.exclusiveMin ? "reports.error.rangeBetweenExclusive" : "reports.error.rangeBetween", {
        min: error.min,
        max: error.max,
      });
    case "invalid":
      return t("reports.error.invalid", { message: error.message });
  }
}

/** Element ids of an input's hint and error, for aria-describedby and the error summary's links. */
export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

interface FieldProps {
  id: string;
  label: string;
  optional?: boolean;
  hint?: string;
  error?: FieldError | undefined;
  /** The control; it must carry `id` and `describedBy(...)` (see `describedBy`). */
  children: JSX.Element;
}

/** aria-describedby for a control: its hint, then its error when there is one. */
export function describedBy(id: string, hint: string | undefined, error: FieldError | undefined) {
  const ids = [hint ? hintId(id) : "", error ? errorId(id) : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

/** A labelled control with its hint and, right under it, its error (large text, red border). */
export function Field(props: FieldProps) {
  return (
    <div class="field" classList={{ "field-invalid": Boolean(props.error) }}>
      <label for={props.id}>
        {props.label}
        <Show when={props.optional}>
          <span class="muted">{t("reports.optional")}</span>
        </Show>
      </label>
      {props.children}
      <Show when={props.hint}>
        <p id={hintId(props.id)} class="field-hint muted">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        {(error) => (
          <p id={errorId(props.id)} class="field-error">
            {errorMessage(error())}
          </p>
        )}
      </Show>
    </div>
  );
}

interface TextInputProps {
  id: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string | undefined;
  error?: FieldError | undefined;
  numeric?: boolean;
}

/**
 * A text input; numbers are typed as text (inputmode="decimal") so that a
 * full-width or comma-grouped number is accepted and a typo is reported, not
 * silently dropped as a number input would.
 */
export function TextInput(props: TextInputProps) {
  return (
    <input
      id={props.id}
      type="text"
      inputmode={props.numeric ? "decimal" : undefined}
      autocomplete="off"
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      aria-invalid={props.error ? "true" : undefined}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
    />
  );
}
