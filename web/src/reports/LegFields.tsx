import { For, Show } from "solid-js";
import { type MessageId, t } from "../i18n";
import { describedBy, Field, TextInput } from "./Field";
import {
  defaultMethodFor,
  type FieldErrors,
  fieldsFor,
  type LegDraft,
  METHODS,
  MODES,
  type Mode,
  type NumericField,
  needsFuel,
  needsUse,
  type Side,
} from "./legForm";

/** The leg's text and choice inputs, besides the numbers. */
export type LegFieldName = "label" | "from" | "to" | "mode" | "method" | "fuel" | "use" | NumericField;

export const fieldLabel = (field: LegFieldName): MessageId => `reports.field.${field}`;

const HINTS: Partial<Record<NumericField, MessageId>> = {
  payloadKg: "reports.hint.payloadKg",
  loadingRatePct: "reports.hint.loadingRatePct",
  unitLPerTkm: "reports.hint.unitLPerTkm",
  gCO2PerTkm: "reports.hint.gCO2PerTkm",
  tCO2PerKWh: "reports.hint.tCO2PerKWh",
  hoursPerRun: "reports.hint.hoursPerRun",
};

/** The element id of one input of one leg; stable while legs are added and removed. */
export const legInputId = (side: Side, draft: LegDraft, field: LegFieldName) =>
  `leg-${side}-${draft.key}-${field}`;

export const sideLabel = (side: Side): MessageId => (side === "before" ? "reports.before" : "reports.after");

interface LegFieldsProps {
  side: Side;
  index: number;
  draft: LegDraft;
  errors: FieldErrors;
  onChange: <K extends keyof LegDraft>(key: K, value: LegDraft[K]) => void;
  onValue: (field: NumericField, value: string) => void;
  onRemove: () => void;
}

/** One leg's inputs: only those its method needs, each with a label that states its unit. */
export function LegFields(props: LegFieldsProps) {
  const id = (field: LegFieldName) => legInputId(props.side, props.draft, field);
  const error = (field: LegFieldName) => props.errors[`${props.side}.${props.index}.${field}`];
  const heading = () => t("reports.legHeading", { side: t(sideLabel(props.side)), n: props.index + 1 });
  const headingId = () => `leg-${props.side}-${props.draft.key}-heading`;

  const choose = (
    field: "mode" | "method" | "fuel" | "use",
    options: readonly string[],
    label: (o: string) => string,
  ) => (
    <Field id={id(field)} label={t(fieldLabel(field))} error={error(field)}>
      <select
        id={id(field)}
        value={props.draft[field]}
        aria-invalid={error(field) ? "true" : undefined}
        aria-describedby={describedBy(id(field), undefined, error(field))}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (field === "mode") {
            const mode = value as Mode;
            props.onChange("mode", mode);
            // The 改良トンキロ法 table covers trucks only: move other modes to a method they can use.
            if (props.draft.method === "improved-ton-km" && defaultMethodFor(mode) !== "improved-ton-km") {
              props.onChange("method", defaultMethodFor(mode));
            }
          } else if (field === "method") props.onChange("method", value as LegDraft["method"]);
          else if (field === "fuel") props.onChange("fuel", value as LegDraft["fuel"]);
          else props.onChange("use", value as LegDraft["use"]);
        }}
      >
        <For each={options}>
          {(option) => (
            <option value={option} selected={option === props.draft[field]}>
              {label(option)}
            </option>
          )}
        </For>
      </select>
    </Field>
  );

  return (
    <fieldset class="leg card" aria-labelledby={headingId()}>
      <div class="leg-head">
        <h3 id={headingId()} class="leg-title">
          {heading()}
          <Show when={props.draft.label.trim()}>
            <span class="muted"> {props.draft.label}</span>
          </Show>
        </h3>
        <button type="button" class="button-secondary button-small" onClick={() => props.onRemove()}>
          {t("reports.removeLegLabel", { side: t(sideLabel(props.side)), n: props.index + 1 })}
        </button>
      </div>
      <div class="field-row">
        <For each={["label", "from", "to"] as const}>
          {(field) => (
            <Field id={id(field)} label={t(fieldLabel(field))} error={error(field)}>
              <TextInput
                id={id(field)}
                value={props.draft[field]}
                error={error(field)}
                onInput={(value) => props.onChange(field, value)}
              />
            </Field>
          )}
        </For>
      </div>
      <div class="field-row">
        {choose("mode", MODES, (m) => t(`reports.mode.${m as Mode}`))}
        {choose("method", METHODS, (m) => t(`reports.method.${m as LegDraft["method"]}`))}
        <Show when={needsFuel(props.draft.method)}>
          {choose("fuel", ["diesel", "gasoline"], (f) => t(`reports.fuel.${f as LegDraft["fuel"]}`))}
        </Show>
        <Show when={needsUse(props.draft.method)}>
          {choose("use", ["commercial", "private"], (u) => t(`reports.use.${u as LegDraft["use"]}`))}
        </Show>
      </div>
      <div class="field-row">
        <For each={fieldsFor(props.draft.method, props.draft.mode)}>
          {(spec) => {
            const hint = () => {
              const key = HINTS[spec.field];
              return key ? t(key) : undefined;
            };
            return (
              <Field
                id={id(spec.field)}
                label={t(fieldLabel(spec.field))}
                optional={spec.optional}
                hint={hint()}
                error={error(spec.field)}
              >
                <TextInput
                  id={id(spec.field)}
                  numeric
                  value={props.draft.values[spec.field] ?? ""}
                  hint={hint()}
                  error={error(spec.field)}
                  onInput={(value) => props.onValue(spec.field, value)}
                />
              </Field>
            );
          }}
        </For>
      </div>
    </fieldset>
  );
}
