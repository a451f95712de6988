import type { Archived } from "@tsunagu/contract";
import { createSignal, Show } from "solid-js";
import { type ArchivableCollection, archiveApi } from "../api/client";
import { type MessageId, t } from "../i18n";
import { Checkbox, FormAlert } from "../ui/fields";

/** A registry record that can be removed: archived ones carry when and why. */
export interface Archivable {
  id: string;
  archived: Archived;
}

/**
 * Removing and restoring the records of one registry list, the same on every
 * registry screen: whether archived records are listed too (「保管済みも表示」),
 * the record waiting for the user's confirmation, and the announced outcome
 * (「削除しました」, 「保管にしました：…」, 「元に戻しました」). Residents are only
 * ever archived (`keepOnly`): their button says 「保管する」.
 */
export function useArchive(collection: ArchivableCollection, options: { keepOnly?: boolean } = {}) {
  const [shown, setShown] = createSignal(false);
  const [asking, setAsking] = createSignal<{ id: string; name: string } | null>(null);
  const [done, setDone] = createSignal<string>("");
  const [failed, setFailed] = createSignal<MessageId | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function run(action: () => Promise<string>, reload: () => unknown) {
    setBusy(true);
    setDone("");
    setFailed(null);
    try {
      const outcome = await action();
      await reload();
      setDone(outcome);
    } catch {
      setFailed("arc.failed");
    } finally {
      setBusy(false);
    }
  }

  return {
    collection,
    keepOnly: options.keepOnly === true,
    /** Whether the list asks for archived records too. */
    shown,
    setShown,
    asking,
    done,
    failed,
    busy,
    /** Opens the confirmation for a record. */
    ask(item: { id: string }, name: string) {
      setDone("");
      setFailed(null);
      setAsking({ id: item.id, name });
    },
    cancel: () => setAsking(null),
    /** Removes the record being asked about; `reload` refreshes the list before the outcome is announced. */
    confirm(code: string, reload: () => unknown) {
      const item = asking();
      if (!item) return Promise.resolve();
      return run(async () => {
        const archived = await archiveApi.remove(code, collection, item.id);
        setAsking(null);
        return archived
          ? t("arc.archived", { reason: t(`arc.reason.${archived.reason}`) })
          : t("arc.deleted");
      }, reload);
    },
    restore(code: string, item: { id: string }, reload: () => unknown) {
      setAsking(null);
      return run(async () => {
        await archiveApi.restore(code, collection, item.id);
        return t("arc.restored");
      }, reload);
    },
  };
}
export type Archive = ReturnType<typeof useArchive>;

/**
 * A row's archive buttons: 「削除」 (「保管する」 for residents), or, for an
 * archived record, the 保管済み mark and 「元に戻す」.
 */
export function ArchiveButtons(props: {
  archive: Archive;
  item: Archivable;
  name: string;
  code: string;
  reload: () => unknown;
}) {
  const a = props.archive;
  return (
    <Show
      when={props.item.archived}
      fallback={
        <button
          type="button"
          class="button-secondary button-small"
          aria-label={t(a.keepOnly ? "arc.keepNamed" : "arc.removeNamed", { name: props.name })}
          disabled={a.busy()}
          onClick={() => a.ask(props.item, props.name)}
        >
          {t(a.keepOnly ? "arc.keep" : "arc.remove")}
        </button>
      }
    >
      <span class="status-badge status-archived" data-testid="archived-badge">
        {t("arc.badge")}
      </span>{" "}
      <button
        type="button"
        class="button-secondary button-small"
        aria-label={t("arc.restoreNamed", { name: props.name })}
        disabled={a.busy()}
        onClick={() => void a.restore(props.code, props.item, props.reload)}
      >
        {t("arc.restore")}
      </button>
    </Show>
  );
}

/** The 「保管済みも表示」 switch above a registry list. */
export function ArchivedToggle(props: { archive: Archive }) {
  return (
    <Checkbox
      label={t("arc.showArchived")}
      checked={props.archive.shown()}
      onChange={(on) => props.archive.setShown(on)}
    />
  );
}

/**
 * The confirmation of a removal, saying what will happen (deleted when
 * unused, archived while a plan or a request uses it), and the outcome line,
 * announced politely (role=status) once the list was reloaded.
 */
export function ArchivePanel(props: { archive: Archive; code: string; reload: () => unknown }) {
  const a = props.archive;
  const questionId = () => `${a.collection}-remove-question`;
  return (
    <>
      <FormAlert message={a.failed()} />
      <p role="status" class="done-inline" data-testid="archive-outcome">
        {a.done()}
      </p>
      <Show when={a.asking()}>
        {(item) => (
          <div class="confirm-panel" role="alertdialog" aria-labelledby={questionId()}>
            <p id={questionId()}>
              <strong>
                {t(a.keepOnly ? "arc.confirmKeepTitle" : "arc.confirmTitle", { name: item().name })}
              </strong>
            </p>
            <p>{t(a.keepOnly ? "arc.explainKeep" : "arc.explain")}</p>
            <div class="button-row">
              <button
                type="button"
                class="button"
                disabled={a.busy()}
                ref={(el) => queueMicrotask(() => el.focus())}
                onClick={() => void a.confirm(props.code, props.reload)}
              >
                {t(a.keepOnly ? "arc.confirmKeep" : "arc.confirm")}
              </button>
              <button type="button" class="button-secondary" disabled={a.busy()} onClick={() => a.cancel()}>
                {t("arc.back")}
              </button>
            </div>
          </div>
        )}
      </Show>
    </>
  );
}
