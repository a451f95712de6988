import { createSignal, Match, Show, Switch } from "solid-js";
import { accountsApi } from "../api/client";
import { clearSession, currentUser, sessionKnown } from "../auth";
import { type MessageId, t } from "../i18n";
import { FormAlert } from "../ui/fields";
import { saveFile } from "../ui/saveFile";
import { SignInRequired } from "./signin";

/** The file name residents get, fixed so help texts can name it. */
export const MY_DATA_FILE = "tsunagu-my-data.json";

/** Saves a JSON value as a file, built in the page (no server round trip for the name). */
const saveJson = (value: unknown, fileName: string) =>
  saveFile(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }), fileName);

/**
 * 「わたしのデータ」 (residents): download everything held, or ask for erasure
 * in two steps. Not wrapped in requireSignIn: after erasure the session is
 * gone, and the page must still say what happened.
 */
export function MyDataPage() {
  const [erased, setErased] = createSignal(false);
  return (
    <Switch fallback={<p class="page">{t("common.loading")}</p>}>
      <Match when={erased()}>
        <section class="page">
          <div class="done-box" role="status" data-testid="erased">
            <h1>{t("my.erasedTitle")}</h1>
            <p>{t("my.erasedText")}</p>
          </div>
        </section>
      </Match>
      <Match when={sessionKnown() && !currentUser()}>
        <SignInRequired path="/my-data" />
      </Match>
      <Match when={currentUser() && currentUser()?.role !== "resident"}>
        <section class="page">
          <h1>{t("my.title")}</h1>
          <p role="alert" class="form-error">
            {t("my.notResident")}
          </p>
        </section>
      </Match>
      <Match when={currentUser()}>
        <MyDataScreen onErased={() => setErased(true)} />
      </Match>
    </Switch>
  );
}

function MyDataScreen(props: { onErased: () => void }) {
  const [status, setStatus] = createSignal<MessageId | null>(null);
  const [error, setError] = createSignal<MessageId | null>(null);
  /** 0: not asked; 1: reading what is erased and kept; the erase button only exists at 1. */
  const [step, setStep] = createSignal<0 | 1>(0);
  const [busy, setBusy] = createSignal(false);
  let confirmHeading: HTMLHeadingElement | undefined;

  async function download() {
    setError(null);
    setStatus(null);
    setBusy(true);
    try {
      saveJson(await accountsApi.myData(), MY_DATA_FILE);
      setStatus("my.downloaded");
    } catch {
      setError("my.downloadError");
    } finally {
      setBusy(false);
    }
  }

  async function erase() {
    setError(null);
    setBusy(true);
    try {
      await accountsApi.eraseMe();
      // The server has ended the session and cleared its cookies; forget it here too.
      props.onErased();
      clearSession();
    } catch {
      setError("my.eraseError");
      setBusy(false);
    }
  }

  return (
    <section class="page my-data-page">
      <h1>{t("my.title")}</h1>
      <p class="lead">{t("my.lead")}</p>
      <FormAlert message={error()} />
      <h2>{t("my.downloadTitle")}</h2>
      <p>{t("my.downloadText")}</p>
      <button type="button" class="button button-big" disabled={busy()} onClick={download}>
        {t("my.download")}
      </button>
      <p role="status" class="copy-state">
        {status() ? t(status() as MessageId) : ""}
      </p>

      <h2>{t("my.eraseTitle")}</h2>
      <ul class="erase-facts">
        <li>{t("my.erasedList")}</li>
        <li>{t("my.keptList")}</li>
      </ul>
      <Show
        when={step() === 1}
        fallback={
          <button
            type="button"
            class="button-secondary"
            onClick={() => {
              setStep(1);
              queueMicrotask(() => confirmHeading?.focus());
            }}
          >
            {t("my.eraseStart")}
          </button>
        }
      >
        <section class="erase-confirm" aria-labelledby="erase-confirm-title" data-testid="erase-confirm">
          <h3 id="erase-confirm-title" tabindex="-1" ref={confirmHeading}>
            ⚠ {t("my.irreversible")}
          </h3>
          <div class="button-row">
            <button type="button" class="button button-danger" disabled={busy()} onClick={erase}>
              {t("my.eraseConfirm")}
            </button>
            <button type="button" class="button-secondary" onClick={() => setStep(0)}>
              {t("my.eraseCancel")}
            </button>
          </div>
        </section>
      </Show>
    </section>
  );
}
