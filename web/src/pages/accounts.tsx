import type { Role } from "@tsunagu/contract";
import { type Component, createResource, createSignal, For, type JSX, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ApiError, accountsApi, type ResetLink, type UserAccount, type UserBody } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";
import { fieldErrors } from "../registry/model";
import { useMunicipalityCode } from "../registry/ui";
import { bindFields, type FieldErrors, FormAlert, InputField, SelectField } from "../ui/fields";
import { ListTable } from "../ui/tables";

/**
 * Roles that manage accounts and read the audit log (docs/permissions.md): the
 * municipality's staff. The platform operator sees neither (residents' data).
 */
export const ACCOUNT_ADMIN_ROLES: readonly Role[] = ["municipal_staff"];
export const canManageAccounts = (role: Role | undefined) => !!role && ACCOUNT_ADMIN_ROLES.includes(role);

/** The roles an account can be created with here; platform admins are made by the operator, not on this screen. */
const CREATABLE_ROLES: readonly UserBody["role"][] = ["municipal_staff", "coordinator", "driver", "resident"];

/** Shown instead of an admin screen to a role the API would refuse anyway. */
export function RoleGate(props: { allowed: (role: Role | undefined) => boolean; children: JSX.Element }) {
  return (
    <Show
      when={props.allowed(currentUser()?.role)}
      fallback={
        <section class="page">
          <p role="alert" class="form-error">
            {t("signin.forbidden")}
          </p>
        </section>
      }
    >
      {props.children}
    </Show>
  );
}

/** A page that only the roles `allowed` admits may see: the screen, or the refusal. */
export function gatedPage(allowed: (role: Role | undefined) => boolean, Screen: Component) {
  return () => (
    <RoleGate allowed={allowed}>
      <Screen />
    </RoleGate>
  );
}

type BoundInput = ReturnType<ReturnType<typeof bindFields<{ x: string }>>["input"]>;

/** An account's email and display name, as the account and the operator's municipality forms ask them. */
export function PersonFields(props: {
  idPrefix: string;
  labels: [MessageId, MessageId];
  email: BoundInput;
  name: BoundInput;
  nameRequired?: boolean;
}) {
  return (
    <>
      <InputField
        id={`${props.idPrefix}-email`}
        label={t(props.labels[0])}
        type="email"
        autocomplete="off"
        inputmode="email"
        required
        aria-invalid={props.email.errors[props.email.path] ? "true" : undefined}
        {...props.email}
      />
      <InputField
        id={`${props.idPrefix}-name`}
        label={t(props.labels[1])}
        type="text"
        autocomplete="off"
        required={props.nameRequired ?? false}
        aria-invalid={props.name.errors[props.name.path] ? "true" : undefined}
        {...props.name}
      />
    </>
  );
}

/** Times are the municipality's (Japan), whatever the device's zone. */
export const tokyoTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  dateStyle: "medium",
  timeStyle: "short",
});

/** Server messages staff meet on this form, in the page's language; others are shown as sent. */
function accountErrorText(message: string): string {
  if (message === "must be an email address") return t("signin.missing");
  return message;
}

/** 「アカウント」: list, create (with the one-time link), and new reset links. */
export const AccountsPage = gatedPage(canManageAccounts, AccountsScreen);

function AccountsScreen() {
  const code = useMunicipalityCode();
  const [users, { refetch }] = createResource(code, (c) => (c ? accountsApi.users(c) : { items: [] }));
  const [form, setForm] = createStore({
    email: "",
    displayName: "",
    role: "coordinator" as UserBody["role"],
    residentId: "",
    driverId: "",
  });
  const [errors, setErrors] = createSignal<FieldErrors>({});
  /** The errors as shown: server messages staff meet here in the page's language. */
  const shownErrors = () =>
    Object.fromEntries(Object.entries(errors()).map(([path, message]) => [path, accountErrorText(message)]));
  const fields = bindFields(form, setForm, shownErrors);
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [saving, setSaving] = createSignal(false);
  /** The link exists only in this signal: closing the panel forgets it for good (the server keeps a hash). */
  const [link, setLink] = createSignal<{ email: string; reset: ResetLink } | null>(null);
  const [copyState, setCopyState] = createSignal<MessageId | null>(null);
  let linkHeading: HTMLHeadingElement | undefined;
  /** The account whose 利用停止 / 利用再開 waits for its confirmation. */
  const [asking, setAsking] = createSignal<UserAccount | null>(null);
  const [stateDone, setStateDone] = createSignal<string | null>(null);

  function showLink(forEmail: string, reset: ResetLink) {
    setCopyState(null);
    setLink({ email: forEmail, reset });
    // Move focus to the link so keyboard and screen-reader users find what just appeared.
    queueMicrotask(() => linkHeading?.focus());
  }

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const currentCode = code();
    if (!currentCode) return;
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const body: UserBody = {
        email: form.email.trim(),
        displayName: form.displayName.trim(),
        role: form.role,
        residentId: form.role === "resident" && form.residentId.trim() ? form.residentId.trim() : null,
        driverId: form.role === "driver" && form.driverId.trim() ? form.driverId.trim() : null,
      };
      const created = await accountsApi.createUser(currentCode, body);
      showLink(created.user.email, created.reset);
      setForm({ email: "", displayName: "", residentId: "", driverId: "" });
      await refetch();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setErrors({ email: t("acct.emailTaken") });
        setFormError("acct.saveError");
      } else if (error instanceof ApiError && error.errors.length > 0) {
        setErrors(fieldErrors(error.errors));
        setFormError("acct.saveError");
      } else setFormError("acct.networkError");
    } finally {
      setSaving(false);
    }
  }

  async function issue(userId: string, forEmail: string) {
    const currentCode = code();
    if (!currentCode) return;
    setFormError(null);
    try {
      showLink(forEmail, await accountsApi.issueReset(currentCode, userId));
    } catch {
      setFormError("acct.networkError");
    }
  }

  /** Stops or restores the account being asked about, once confirmed. */
  async function changeState(user: UserAccount) {
    const currentCode = code();
    if (!currentCode) return;
    const stop = !user.disabledAt;
    setFormError(null);
    setSaving(true);
    try {
      await accountsApi.setDisabled(currentCode, user.id, stop);
      setStateDone(t(stop ? "acct.stopped" : "acct.restored", { email: user.email }));
      await refetch();
    } catch {
      setFormError("acct.stateError");
    } finally {
      setSaving(false);
      setAsking(null);
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopyState("acct.copied");
    } catch {
      setCopyState("acct.copyFailed");
    }
  }

  const fullLink = (reset: ResetLink) => `${location.origin}${reset.resetPath ?? ""}`;
  const idField = (key: "residentId" | "driverId", id: string, label: MessageId) => (
    <InputField id={id} label={t(label)} type="text" autocomplete="off" {...fields.input(key)} />
  );

  return (
    <section class="page page-wide accounts-page">
      <h1>{t("acct.title")}</h1>
      <p class="lead">{t("acct.lead")}</p>

      <Show when={link()}>
        {(shown) => (
          <section class="reset-link-box" data-testid="reset-link" aria-labelledby="reset-link-title">
            <h2 id="reset-link-title" tabindex="-1" ref={linkHeading}>
              {t("acct.linkTitle", { email: shown().email })}
            </h2>
            <p>{t("acct.linkMailed", { email: shown().email })}</p>
            <p class="muted">
              {t("acct.linkExpires", { at: tokyoTime.format(new Date(shown().reset.expiresAt)) })}
            </p>
            {/* Demo mode only: the server answers the link too (the demo town has no mailboxes). */}
            <Show when={shown().reset.resetPath}>
              <p class="notice">
                <strong>⚠ {t("acct.linkWarning")}</strong>
              </p>
              <div class="field">
                <label for="reset-link-text">{t("acct.linkLabel")}</label>
                <input id="reset-link-text" type="text" readOnly value={fullLink(shown().reset)} />
              </div>
            </Show>
            <div class="button-row">
              <Show when={shown().reset.resetPath}>
                <button type="button" class="button" onClick={() => copy(fullLink(shown().reset))}>
                  {t("acct.copy")}
                </button>
              </Show>
              <button type="button" class="button-secondary" onClick={() => setLink(null)}>
                {t("acct.linkDone")}
              </button>
            </div>
            <p role="status" class="copy-state">
              {copyState() ? t(copyState() as MessageId) : ""}
            </p>
          </section>
        )}
      </Show>

      <FormAlert message={formError()} />
      <p role="status" class="done-inline">
        {stateDone() ?? ""}
      </p>
      <Show when={asking()}>
        {(user) => (
          <div class="confirm-panel" role="alertdialog" aria-labelledby="acct-state-question">
            <p id="acct-state-question">
              {t(user().disabledAt ? "acct.restoreQuestion" : "acct.stopQuestion", {
                name: user().displayName,
                email: user().email,
              })}
            </p>
            <div class="button-row">
              <button
                type="button"
                class="button"
                disabled={saving()}
                ref={(el) => queueMicrotask(() => el.focus())}
                onClick={() => changeState(user())}
              >
                {t(user().disabledAt ? "acct.restoreConfirm" : "acct.stopConfirm")}
              </button>
              <button
                type="button"
                class="button-secondary"
                disabled={saving()}
                onClick={() => setAsking(null)}
              >
                {t("acct.stateCancel")}
              </button>
            </div>
          </div>
        )}
      </Show>

      <ListTable
        list={users}
        empty={t("acct.none")}
        caption={t("acct.listCaption")}
        testId="account-list"
        columns={[
          { header: t("acct.col.email"), cell: (user) => user.email },
          { header: t("acct.col.name"), cell: (user) => user.displayName },
          { header: t("acct.col.role"), cell: (user) => t(`role.${user.role}` as MessageId) },
          {
            header: t("acct.col.state"),
            cell: (user) => (user.disabledAt ? t("acct.disabled") : t("acct.active")),
          },
          {
            header: t("acct.col.actions"),
            cell: (user) => (
              <div class="button-row">
                <Show when={!user.disabledAt}>
                  <button
                    type="button"
                    class="button-secondary"
                    aria-label={t("acct.issueFor", { email: user.email })}
                    onClick={() => issue(user.id, user.email)}
                  >
                    {t("acct.issue")}
                  </button>
                </Show>
                {/* Nobody stops their own account: another admin must. */}
                <Show when={user.id !== currentUser()?.id}>
                  <button
                    type="button"
                    class="button-secondary"
                    aria-label={t(user.disabledAt ? "acct.restoreFor" : "acct.stopFor", {
                      email: user.email,
                    })}
                    onClick={() => {
                      setStateDone(null);
                      setAsking(user);
                    }}
                  >
                    {t(user.disabledAt ? "acct.restore" : "acct.stop")}
                  </button>
                </Show>
              </div>
            ),
          },
        ]}
      />

      <h2>{t("acct.createTitle")}</h2>
      <form class="request-form" onSubmit={create} novalidate>
        <PersonFields
          idPrefix="acct"
          labels={["acct.field.email", "acct.field.displayName"]}
          email={fields.input("email")}
          name={fields.input("displayName")}
          nameRequired
        />
        <SelectField id="acct-role" label={t("acct.field.role")} {...fields.select("role")}>
          <For each={CREATABLE_ROLES}>{(r) => <option value={r}>{t(`role.${r}` as MessageId)}</option>}</For>
        </SelectField>
        <Show when={form.role === "resident"}>
          {idField("residentId", "acct-resident", "acct.field.residentId")}
        </Show>
        <Show when={form.role === "driver"}>{idField("driverId", "acct-driver", "acct.field.driverId")}</Show>
        <button type="submit" class="button button-big" disabled={saving() || !code()}>
          {t("acct.create")}
        </button>
      </form>
    </section>
  );
}
