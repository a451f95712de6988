import { useLocation, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, type JSX, Show } from "solid-js";
import { ApiError, authApi } from "../api/client";
import { currentUser, homeOf, refreshSession, sessionKnown } from "../auth";
import { type MessageId, t } from "../i18n";
import { FormAlert, InputField, signalInput } from "../ui/fields";

/** Only a local path may be a redirect target (no open redirect to another site). */
function safeNext(next: string | undefined): string | undefined {
  return next?.startsWith("/") && !next.startsWith("//") ? next : undefined;
}

/** Sign-in with email and password: large text, one column, errors announced. */
export function SignInPage() {
  const [params] = useSearchParams<{ next?: string }>();
  const navigate = useNavigate();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal<MessageId | null>(null);
  const [sending, setSending] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!email().trim() || !password()) {
      setError("signin.missing");
      return;
    }
    setSending(true);
    setError(null);
    try {
      const session = await authApi.signIn(email().trim(), password());
      await refreshSession();
      navigate(safeNext(params.next) ?? homeOf(session.user));
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError("signin.rateLimited");
      else if (e instanceof ApiError && (e.status === 401 || e.status === 422)) setError("signin.wrong");
      else setError("signin.network");
    } finally {
      setSending(false);
    }
  }

  return (
    <section class="page signin-page">
      <h1>{t("signin.title")}</h1>
      <p class="lead">{t("signin.lead")}</p>
      <FormAlert message={error()} />
      <form class="request-form signin-form" onSubmit={submit} novalidate>
        <InputField
          id="signin-email"
          label={t("signin.email")}
          type="email"
          name="email"
          autocomplete="username"
          inputmode="email"
          required
          {...signalInput(email, setEmail)}
        />
        <InputField
          id="signin-password"
          label={t("signin.password")}
          type="password"
          name="password"
          autocomplete="current-password"
          required
          {...signalInput(password, setPassword)}
        />
        <button type="submit" class="button button-big" disabled={sending()}>
          {t("signin.submit")}
        </button>
      </form>
      <p class="hint">{t("signin.forgot")}</p>
    </section>
  );
}

/** Shown in place of a page that needs an account, with a way to sign in and come back. */
export function SignInRequired(props: { path: string }) {
  return (
    <section class="page">
      <h1>{t("signin.requiredTitle")}</h1>
      <p>{t("signin.required")}</p>
      <p>
        <a class="button button-big" href={`/signin?next=${encodeURIComponent(props.path)}`}>
          {t("signin.title")}
        </a>
      </p>
    </section>
  );
}

/** Wraps a page that needs an account: waits for the session check, then shows the page or the sign-in prompt. */
export function requireSignIn<P extends object>(Page: (props: P) => JSX.Element) {
  return (props: P) => {
    const location = useLocation();
    return (
      <Show when={sessionKnown()} fallback={<p class="page">{t("common.loading")}</p>}>
        <Show when={currentUser()} fallback={<SignInRequired path={location.pathname} />}>
          <Page {...props} />
        </Show>
      </Show>
    );
  };
}
