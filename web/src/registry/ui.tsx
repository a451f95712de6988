import { A, useParams } from "@solidjs/router";
import { type Accessor, createResource, type JSX, type ParentProps, type Resource, Show } from "solid-js";
import { ApiError } from "../api/client";
import { municipalityKey, resolveMunicipality } from "../auth";
import { type MessageId, t } from "../i18n";
import { FieldError, FormAlert, LoadError } from "../ui/fields";
import { fieldErrors, messageIdForProblem } from "./model";

/**
 * Small building blocks shared by the registry screens: which municipality
 * is shown, the page frame and its loading state, the edit button of a list
 * row, and the create/edit form under a list.
 */

/** The municipality in the URL, else the first one (as the map and request pages do). */
export function useMunicipalityCode() {
  const params = useParams<{ code?: string }>();
  const [code] = createResource(
    () => municipalityKey(params.code),
    async (key) => (await resolveMunicipality(key)) ?? "",
  );
  return code;
}

const problemText = (problem: { message: string; code?: string }): string => {
  const id = messageIdForProblem(problem.code);
  return id ? t(id) : problem.message;
};

/** Turns a failed save into field errors (by body path, in the page's language) and a form-level message. */
export function saveFailure(error: unknown): { fields: Record<string, string>; form: MessageId } {
  if (error instanceof ApiError && error.errors.length > 0)
    return {
      fields: fieldErrors(error.errors.map((e) => ({ path: e.path, message: problemText(e) }))),
      form: "res.saveError",
    };
  return { fields: {}, form: "res.networkError" };
}

/** Page frame: the way back to the resources menu, the heading and a lead. */
export function ResourcePage(props: ParentProps<{ title: MessageId; lead?: MessageId; wide?: boolean }>) {
  return (
    <section class={`page resource-page${props.wide ? " page-wide" : ""}`}>
      <p class="breadcrumb">
        <A href="/resources">← {t("res.back")}</A>
      </p>
      <h1>{t(props.title)}</h1>
      <Show when={props.lead}>{(lead) => <p class="lead">{t(lead())}</p>}</Show>
      {props.children}
    </section>
  );
}

/**
 * The page's data once loaded: an alert when it (or the municipality) failed,
 * "loading" until then, and the children with the loaded value after.
 */
export function Loaded<T>(props: {
  data: Resource<T | undefined>;
  /** The municipality lookup, which fails on its own. */
  code: Resource<string>;
  children: (loaded: Accessor<T>) => JSX.Element;
}) {
  return (
    <Show
      when={!props.data.error && !props.code.error}
      fallback={<LoadError error={props.data.error ?? props.code.error} />}
    >
      <Show when={props.data()} fallback={<p>{t("common.loading")}</p>}>
        {(loaded) => props.children(loaded as Accessor<T>)}
      </Show>
    </Show>
  );
}

/** The edit button of a list row, named after the record so a screen reader can tell rows apart. */
export function EditButton(props: { name: string; onClick: () => void }) {
  return (
    <button
      type="button"
      class="button-secondary button-small"
      aria-label={t("res.editNamed", { name: props.name })}
      onClick={() => props.onClick()}
    >
      {t("res.edit")}
    </button>
  );
}

/** The status line after a save; polite so a screen reader announces it without interrupting. */
export function FormStatus(props: { error: MessageId | null; done: MessageId | null }) {
  return (
    <>
      <FormAlert message={props.error} />
      <Show when={props.error ? null : props.done}>
        {(id) => (
          <p role="status" class="form-done">
            {t(id())}
          </p>
        )}
      </Show>
    </>
  );
}

/**
 * Moves focus to a form's heading once it is on screen: on a phone the form
 * opens far below the list's 編集 button, and a screen reader should hear
 * which record is being edited.
 */
export function focusHeading(id: string) {
  requestAnimationFrame(() => {
    const heading = document.getElementById(id);
    heading?.scrollIntoView({ block: "start" });
    heading?.focus({ preventScroll: true });
  });
}

/** The id of a ResourceForm's heading, which takes focus when the form opens. */
export const formTitleId = (formName: string) => `${formName}-form-title`;

/** Save and cancel buttons under a form. */
export function FormButtons(props: { saving?: boolean; onCancel: () => void }) {
  return (
    <div class="button-row button-row-inline">
      <button type="submit" class="button button-big" disabled={props.saving}>
        {props.saving ? t("res.saving") : t("res.save")}
      </button>
      <button type="button" class="button-secondary" onClick={() => props.onCancel()}>
        {t("res.cancel")}
      </button>
    </div>
  );
}

/**
 * The create/edit form under a resource list, the same on every registry screen:
 * a heading that takes focus when the form opens (`${name}-form-title`), the
 * form-level error, the fields (children), the save status, and save/cancel.
 */
export function ResourceForm(
  props: ParentProps<{
    name: string;
    title: string;
    errors: Record<string, string>;
    status: { error: MessageId | null; done: MessageId | null };
    saving?: boolean;
    onSubmit: () => void;
    onCancel: () => void;
  }>,
) {
  return (
    <form
      class="resource-form"
      data-testid={`${props.name}-form`}
      aria-labelledby={formTitleId(props.name)}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <h2 id={formTitleId(props.name)} tabindex="-1">
        {props.title}
      </h2>
      <FieldError errors={props.errors} path="" />
      {props.children}
      <FormStatus error={props.status.error} done={props.status.done} />
      <FormButtons saving={props.saving} onCancel={props.onCancel} />
    </form>
  );
}
