import { useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { accountsApi, authApi } from "../api/client";
import { homeOf, refreshSession } from "../auth";
import { type MessageId, t } from "../i18n";
import { FormAlert } from "../ui/fields";
import { NewPasswordField, passwordFailure, tooShort } from "./password";

/** The token from a `/reset-password#token=…` link (in the fragment, so it never reaches a server log). */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token && token.length >= 20 ? token : null;
}

/** `/reset-password#token=…`: choose a password from a one-time link, then go and sign in. */
export function ResetPasswordPage() {
  return <LinkPasswordPage invitation={false} />;
}

/** `/accept-invitation#token=…`: a new admin chooses a password and is signed in at once. */
export function AcceptInvitationPage() {
  return <LinkPasswordPage invitation={true} />;
}

function LinkPasswordPage(props: { invitation: boolean }) {
  const navigate = useNavigate();
  const token = tokenFromHash(location.hash);
  // Take the token out of the address bar and history: it is a secret until used.
  if (token) history.replaceState(history.state, "", location.pathname);
  const [password, setPassword] = createSignal("");
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<MessageId | null>(token ? null : "reset.noToken");
  const [done, setDone] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!token) return;
    setFormError(null);
    if (tooShort(password())) {
      setErrors({ newPassword: t("pw.tooShort") });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (props.invitation) {
        const session = await authApi.acceptInvitation(token, password());
        await refreshSession();
        navigate(homeOf(session.user));
        return;
      }
      await accountsApi.redeemReset(token, password());
      setDone(true);
    } catch (error) {
      const fields = passwordFailure(error);
      if (fields?.token) setFormError("reset.invalidToken");
      else if (fields) setErrors(fields);
      else setFormError("acct.networkError");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page reset-page">
      <h1>{t(props.invitation ? "invite.title" : "reset.title")}</h1>
      <Show
        when={!done()}
        fallback={
          <div class="done-box" role="status" data-testid="reset-done">
            <p>{t("reset.done")}</p>
            <a class="button button-big" href="/signin">
              {t("reset.toSignIn")}
            </a>
          </div>
        }
      >
        <p class="lead">{t(props.invitation ? "invite.lead" : "reset.lead")}</p>
        <FormAlert message={formError()} />
        <Show when={token}>
          <form class="request-form" onSubmit={submit} novalidate>
            <NewPasswordField id="reset-new" value={password()} onInput={setPassword} errors={errors()} />
            <button type="submit" class="button button-big" disabled={busy()}>
              {t(props.invitation ? "invite.submit" : "reset.submit")}
            </button>
          </form>
        </Show>
      </Show>
    </section>
  );
}
