import type { Place } from "@tsunagu/contract";
import { For, type JSX, type ParentProps, Show, splitProps } from "solid-js";
import type { SetStoreFunction } from "solid-js/store";
import { loadErrorMessage } from "../api/loadError";
import { type MessageId, placeKindMessage, t } from "../i18n";
import { errorId } from "../registry/model";

/**
 * The form fields every screen uses: a label, its control, and the error for
 * the control's body path beneath it, tied together by ids so a screen reader
 * reads the error with the control. Errors are keyed by body path
 * ("name", "home.lat", "availability.weekly.1.to"; "" for the whole form).
 */
export type FieldErrors = Record<string, string>;

/** The error for `path` in `errors`; none for a field that takes no server errors (no path). */
const errorAt = (errors: FieldErrors | undefined, path: string | undefined) =>
  errors && path !== undefined ? errors[path] : undefined;

/** The error text for one field path, with the id its control points at via aria-describedby. */
export function FieldError(props: { errors: FieldErrors; path: string }) {
  return (
    <Show when={props.errors[props.path]}>
      {(message) => (
        <p class="field-error" id={errorId(props.path)}>
          ⚠ {message()}
        </p>
      )}
    </Show>
  );
}

/** The aria-describedby value for a control, only while its field has an error. */
export const describedBy = (errors: FieldErrors | undefined, path: string | undefined) =>
  path !== undefined && errorAt(errors, path) ? errorId(path) : undefined;

/**
 * The props every labelled field takes: its control's id, the label, and
 * where its error is found (a filter or a sign-in field has none).
 */
interface FieldProps {
  id: string;
  label: string;
  errors?: FieldErrors;
  path?: string;
}

/** A labelled field: label, control (children), and the server's error for `path` beneath. */
export function Field(props: ParentProps<FieldProps>) {
  return (
    <div class={`field${errorAt(props.errors, props.path) ? " field-invalid" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.errors !== undefined && props.path !== undefined}>
        <FieldError errors={props.errors ?? {}} path={props.path ?? ""} />
      </Show>
    </div>
  );
}

/** What an <input> may take besides what InputField sets itself (type, step, min, maxLength, autocomplete…). */
type InputAttributes = Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  "id" | "value" | "onInput" | "aria-describedby" | "children"
>;

/**
 * A labelled input bound to one text value, of any input type. Attributes
 * other than the field's own pass through to the <input>, so each screen
 * keeps its own limits and keyboard hints.
 */
export function InputField(
  props: FieldProps & InputAttributes & { value: string | number; onInput: (value: string) => void },
) {
  const [field, input] = splitProps(props, ["id", "label", "errors", "path", "value", "onInput"]);
  return (
    <Field id={field.id} label={field.label} errors={field.errors} path={field.path}>
      <input
        {...input}
        id={field.id}
        value={field.value}
        aria-describedby={describedBy(field.errors, field.path)}
        onInput={(e) => field.onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

/**
 * Binds an InputField to a signal: `<InputField … {...signalInput(from, setFrom)} />`.
 * A getter, so the spread field keeps following the signal.
 */
export const signalInput = (value: () => string, onInput: (value: string) => void) => ({
  get value() {
    return value();
  },
  onInput,
});

/** A one-line text field (type text unless given) of at most 200 characters, as the registry's names and notes are. */
export function TextField(props: Parameters<typeof InputField>[0]) {
  return <InputField type="text" maxLength={200} {...props} />;
}

/** A labelled select bound to one value; the options are its children. */
export function SelectField(
  props: ParentProps<FieldProps & { value: string; onChange: (value: string) => void }>,
) {
  return (
    <Field id={props.id} label={props.label} errors={props.errors} path={props.path}>
      <select
        id={props.id}
        value={props.value}
        aria-describedby={describedBy(props.errors, props.path)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.children}
      </select>
    </Field>
  );
}

/** A select whose first choice is 「なし」 (the empty value, which the page saves as null); the other options are its children. */
export function OptionalSelectField(
  props: ParentProps<FieldProps & { value: string; onChange: (value: string) => void }>,
) {
  const [own, select] = splitProps(props, ["children"]);
  return (
    <SelectField {...select}>
      <option value="">{t("res.none")}</option>
      {own.children}
    </SelectField>
  );
}

/** A select's options for the municipality's places, each with its kind: 「町立診療所（医療機関）」. */
export function PlaceOptions(props: { places: readonly Place[] }) {
  return (
    <For each={props.places}>
      {(p) => (
        <option value={p.id}>
          {p.name}（{t(placeKindMessage(p.kind))}）
        </option>
      )}
    </For>
  );
}

/** One checkbox with its label beside it. */
export function Checkbox(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  describedBy?: string;
}) {
  return (
    <label class="choice">
      <input
        type="checkbox"
        checked={props.checked}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

/**
 * A set of checkboxes choosing several values (features, vehicles, weekdays),
 * with the error for `path` beneath. A value ticked is added at the end, in
 * the order people tick them; the page sorts if the API wants an order.
 */
export function CheckboxGroup<T>(props: {
  legend: string;
  errors: FieldErrors;
  path: string;
  options: readonly { value: T; label: string }[];
  selected: readonly T[];
  onChange: (selected: T[]) => void;
}) {
  return (
    <>
      <fieldset class="choice-group" aria-describedby={describedBy(props.errors, props.path)}>
        <legend>{props.legend}</legend>
        <For each={props.options}>
          {(option) => (
            <Checkbox
              label={option.label}
              checked={props.selected.includes(option.value)}
              onChange={(on) =>
                props.onChange(
                  on ? [...props.selected, option.value] : props.selected.filter((v) => v !== option.value),
                )
              }
            />
          )}
        </For>
      </fieldset>
      <FieldError errors={props.errors} path={props.path} />
    </>
  );
}

/** A position typed as latitude and longitude, side by side, each with its own error. */
export function LatLonFields(props: {
  /** Ids are `${idPrefix}-lat` and `${idPrefix}-lon`. */
  idPrefix: string;
  labels: { lat: string; lon: string };
  paths: { lat: string; lon: string };
  errors: FieldErrors;
  value: { lat: string; lon: string };
  onInput: (field: "lat" | "lon", value: string) => void;
}) {
  return (
    <div class="field-row">
      <For each={["lat", "lon"] as const}>
        {(field) => (
          <InputField
            id={`${props.idPrefix}-${field}`}
            label={props.labels[field]}
            errors={props.errors}
            path={props.paths[field]}
            type="number"
            inputmode="decimal"
            step="any"
            value={props.value[field]}
            onInput={(v) => props.onInput(field, v)}
          />
        )}
      </For>
    </div>
  );
}

/** The keys of a draft whose values are text (what an input or a select edits). */
type TextKey<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D] & string;

/** The keys of a draft whose values are text or null (an optional reference: "" in the select is null). */
type OptionalKey<D> = { [K in keyof D]: D[K] extends string | null ? K : never }[keyof D] & string;

/**
 * Binds fields to a store draft and its errors, so a form says only what
 * differs per field: `<TextField id="o-name" label={…} {...bind.input("name")} />`
 * gives the field its path (the key unless given), errors, value and setter.
 */
export function bindFields<D extends object>(
  draft: D,
  setDraft: SetStoreFunction<D>,
  errors: () => FieldErrors,
) {
  // A store setter cannot be typed through a key that is generic here; the keys are D's text fields.
  const set = setDraft as unknown as (key: string, value: string | null) => void;
  // Getters, not values: spreading the result into a field keeps it following the draft and the errors.
  const bound = <H extends object>(key: keyof D, path: string, handler: H) =>
    Object.defineProperties(handler as H & { path: string; errors: FieldErrors; value: string }, {
      path: { value: path, enumerable: true },
      errors: { get: errors, enumerable: true },
      value: { get: () => (draft[key] as string | null) ?? "", enumerable: true },
    });
  return {
    input: (key: TextKey<D>, path: string = key) =>
      bound(key, path, { onInput: (value: string) => set(key, value) }),
    select: (key: TextKey<D>, path: string = key) =>
      bound(key, path, { onChange: (value: string) => set(key, value) }),
    /** For an OptionalSelectField: the empty choice is stored as null. */
    optional: (key: OptionalKey<D>, path: string = key) =>
      bound(key, path, { onChange: (value: string) => set(key, value || null) }),
  };
}

export { loadErrorMessage };

/** A page's load failure, announced (role="alert"), in words that say why. */
export function LoadError(props: { error: unknown }) {
  return (
    <p role="alert" class="form-error">
      {t(loadErrorMessage(props.error))}
    </p>
  );
}

/**
 * The outcome of an action, beside the button that did it: a failure is announced at once
 * (role="alert", red), a success politely (role="status").
 */
export function Outcome(props: ParentProps<{ tone: "error" | "done"; testId?: string }>) {
  return (
    <p
      role={props.tone === "error" ? "alert" : "status"}
      class={`form-${props.tone}`}
      data-testid={props.testId}
    >
      {props.children}
    </p>
  );
}

/** A form-level error, announced at once (role="alert"); nothing while there is none. */
export function FormAlert(props: { message: MessageId | null | undefined }) {
  return (
    <Show when={props.message}>
      {(id) => (
        <p role="alert" class="form-error">
          {t(id())}
        </p>
      )}
    </Show>
  );
}
