import { createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { MessageId } from "../i18n";
import { bindFields, type FieldErrors } from "../ui/fields";
import { focusHeading, formTitleId, saveFailure } from "./ui";

/**
 * The state of a registry screen's create/edit form: which record is open
 * ("new" for one not saved yet), its draft (the form's text, as typed), the
 * server's field errors, the form-level error and the "saved" line. One per
 * form, so every registry form opens, saves and fails the same way;
 * `formName` is its ResourceForm's `name`.
 */
export function useEditor<T extends { id: string }, D extends object>(
  formName: string,
  drafts: { empty: () => D; of: (record: T) => D },
) {
  const [editing, setEditing] = createSignal<string | null>(null);
  const [draft, setDraft] = createStore<D>(drafts.empty());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [done, setDone] = createSignal<MessageId | null>(null);
  const [saving, setSaving] = createSignal(false);
  return {
    editing,
    draft,
    setDraft,
    /** The id to save to, or null for a record not saved yet. */
    savedId: () => {
      const id = editing();
      return id && id !== "new" ? id : null;
    },
    isNew: () => editing() === "new",
    /** Field bindings to the draft and the errors: `{...ed.input("name")}`, `{...ed.select("kind")}`. */
    ...bindFields(draft, setDraft, errors),
    errors,
    setErrors,
    /** For the form's status line. */
    status: () => ({ error: formError(), done: done() }),
    saving,
    /** Opens the form on a record (null: a new one) with no errors, and moves focus to its heading. */
    open(record: T | null) {
      setDraft(reconcile(record ? drafts.of(record) : drafts.empty()));
      setEditing(record?.id ?? "new");
      setErrors({});
      setFormError(null);
      setDone(null);
      focusHeading(formTitleId(formName));
    },
    close: () => setEditing(null),
    /**
     * Runs a save; on success `after` reloads what the page shows, the form
     * shows the record as saved and stays open on it, and the status says
     * `created` (a new record) or 「保存しました」; on failure the server's
     * errors are shown by field.
     */
    async save(run: () => Promise<T>, after: (saved: T) => unknown, created: MessageId) {
      setSaving(true);
      setDone(null);
      const wasNew = editing() === "new";
      try {
        const saved = await run();
        setErrors({});
        setFormError(null);
        await after(saved);
        setDraft(reconcile(drafts.of(saved)));
        setEditing(saved.id);
        setDone(wasNew ? created : "res.saved");
      } catch (error) {
        const failure = saveFailure(error);
        setErrors(failure.fields);
        setFormError(failure.form);
      } finally {
        setSaving(false);
      }
    },
  };
}

export type Editor<T extends { id: string }, D extends object> = ReturnType<typeof useEditor<T, D>>;
