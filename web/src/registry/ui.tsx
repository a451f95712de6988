import { A, useParams } from "@solidjs/router";
import { createResource, type JSX, type ParentProps, Show } from "solid-js";
import { ApiError, api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { errorId, fieldErrors, messageIdForProblem } from "./model";

/**
 * Small building blocks shared by the registry screens: which municipality
 * is shown, field errors next to their control, scrollable tables, and the
 * way back to the resources menu.
 */

/** The municipality in the URL, else the first one (as the map and request pages do). */
export function useMunicipalityCode() {
  const params = useParams<{ code?: string }>();
  const [code] = createResource(
    () => params.code ?? "",
    async (given) => given || (await api.municipalities()).items[0]?.code || "",
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

/** The error text for one field path, with the id its control points at via aria-describedby. */
export function FieldError(props: { errors: Record<string, string>; path: string }) {
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
export const describedBy = (errors: Record<string, string>, path: string) =>
  errors[path] ? errorId(path) : undefined;

/** A labelled field: label, control, and the server's error for `path` beneath. */
export function Field(props: {
  id: string;
  label: string;
  errors: Record<string, string>;
  path: string;
  children: JSX.Element;
}) {
  return (
    <div class={`field${props.errors[props.path] ? " field-invalid" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <FieldError errors={props.errors} path={props.path} />
    </div>
  );
}

/** A wide table that scrolls sideways on a phone; focusable so keyboard users can scroll it too. */
export function ScrollTable(props: ParentProps<{ label: string }>) {
  return (
    // A labelled <section> is a region landmark; focusable so keyboard users can scroll it (WCAG 2.1.1).
    <section class="table-scroll" aria-label={t("res.scrollTable", { name: props.label })} tabindex="0">
      {props.children}
    </section>
  );
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

/** The status line after a save; polite so a screen reader announces it without interrupting. */
export function FormStatus(props: { error: MessageId | null; done: MessageId | null }) {
  return (
    <>
      <Show when={props.error}>
        {(id) => (
          <p role="alert" class="form-error">
            {t(id())}
          </p>
        )}
      </Show>
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
      aria-labelledby={`${props.name}-form-title`}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <h2 id={`${props.name}-form-title`} tabindex="-1">
        {props.title}
      </h2>
      <FieldError errors={props.errors} path="" />
      {props.children}
      <FormStatus error={props.status.error} done={props.status.done} />
      <FormButtons saving={props.saving} onCancel={props.onCancel} />
    </form>
  );
}
