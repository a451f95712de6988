import { useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { ApiError, accountsApi } from "../api/client";
import { clearSession } from "../auth";
import { type MessageId, t } from "../i18n";
import { fieldErrors } from "../registry/model";
import { type FieldErrors, FormAlert, InputField, signalInput } from "../ui/fields";

/** The server's minimum (server/src/lib/auth/password.ts); checked here too so the message comes before a round trip. */
export const MIN_PASSWORD_LENGTH = 12;

/** The server's password messages in the page's language; any other is shown as sent. */
export function passwordErrorText(message: string): string {
  if (message === "must be at least 12 characters") return t("pw.tooShort");
  if (message === "is not your current password") return t("pw.wrongCurrent");
  if (message === "is invalid, already used or expired") return t("reset.invalidToken");
  return message;
}

/** Field errors from a failed password call, keyed by body path, in the page's language. */
export function passwordFailure(error: unknown): Record<string, string> | null {
  if (!(error instanceof ApiError) || error.errors.length === 0) return null;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(error.errors)))
    out[path] = passwordErrorText(message);
  return out;
}

/** Counts characters as the server does (code points, so an emoji is one). */
export const tooShort = (password: string) => [...password].length < MIN_PASSWORD_LENGTH;

/**
 * The new-password field of the change and reset pages: the browser may
 * suggest a strong password, and the length the server wants is stated.
 */
export function NewPasswordField(props: {
  id: string;
  value: string;
  onInput: (value: string) => void;
  errors: FieldErrors;
}) {
  return (
    <InputField
      id={props.id}
      label={t("pw.new")}
      errors={props.errors}
      path="newPassword"
      type="password"
      autocomplete="new-password"
      minLength={MIN_PASSWORD_LENGTH}
      required
      aria-invalid={props.errors.newPassword ? "true" : undefined}
      value={props.value}
      onInput={props.onInput}
    />
  );
}

/** 「パスワード変更」 for any signed-in account, and signing out on every device. */
export function PasswordPage() {
  const navigate = useNavigate();
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [done, setDone] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setDone(false);
    setFormError(null);
    const local: Record<string, string> = {};
    if (!current()) local.currentPassword = t("signin.missing");
    if (tooShort(next())) local.newPassword = t("pw.tooShort");
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setFormError("pw.error");
      return;
    }
    setBusy(true);
    try {
      await accountsApi.changePassword(current(), next());
      setCurrent("");
      setNext("");
      setDone(true);
    } catch (error) {
      const fields = passwordFailure(error);
      if (fields) setErrors(fields);
      setFormError(fields ? "pw.error" : "acct.networkError");
    } finally {
      setBusy(false);
    }
  }

  async function signOutEverywhere() {
    setFormError(null);
    try {
      await accountsApi.signOutEverywhere();
      clearSession();
      navigate("/signin");
    } catch {
      setFormError("acct.networkError");
    }
  }

  return (
    <section class="page password-page">
      <h1>{t("pw.title")}</h1>
      <p class="lead">{t("pw.lead")}</p>
      <FormAlert message={formError()} />
      <Show when={done()}>
        <p role="status" class="done-box" data-testid="password-changed">
          {t("pw.changed")}
        </p>
      </Show>
      <form class="request-form" onSubmit={submit} novalidate>
        <InputField
          id="pw-current"
          label={t("pw.current")}
          errors={errors()}
          path="currentPassword"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid={errors().currentPassword ? "true" : undefined}
          {...signalInput(current, setCurrent)}
        />
        <NewPasswordField id="pw-new" value={next()} onInput={setNext} errors={errors()} />
        <button type="submit" class="button button-big" disabled={busy()}>
          {t("pw.submit")}
        </button>
      </form>
      <h2>{t("pw.everywhereTitle")}</h2>
      <p>{t("pw.everywhereText")}</p>
      <button type="button" class="button-secondary" onClick={signOutEverywhere}>
        {t("pw.everywhere")}
      </button>
    </section>
  );
}
