import { type ManagedMunicipality, parseMunicipalityCode } from "@tsunagu/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ApiError, platformApi, type ResetLink } from "../api/client";
import { type MessageId, t } from "../i18n";
import { fieldErrors } from "../registry/model";
import {
  bindFields,
  describedBy,
  Field,
  type FieldErrors,
  FormAlert,
  InputField,
  SelectField,
} from "../ui/fields";
import { ListTable } from "../ui/tables";
import { PersonFields, RoleGate, tokyoTime } from "./accounts";
import { importIssueText } from "./onboarding.issues";

const isOperator = (role: string | undefined) => role === "platform_admin";

/** What a municipality needs when no boundary file gives it. */
const PLACE_FIELDS = [
  { key: "name", label: "muni.field.name", numeric: false },
  { key: "prefecture", label: "muni.field.prefecture", numeric: false },
  { key: "centreLat", label: "muni.field.centreLat", numeric: true },
  { key: "centreLon", label: "muni.field.centreLon", numeric: true },
] as const;

/** 「自治体の管理」: the platform operator creates, archives and brings back municipalities. */
/**
 * A problem with the 全国地方公共団体コード in the page's language, from the rule it names (the API's
 * `format` / `check_digit` / `prefecture`); the expected check digit is computed here from what was
 * typed, by the contract's own rule. Other fields keep the server's words.
 */
function codeProblemText(problem: { code?: string | undefined; message: string }, typed: string): string {
  switch (problem.code) {
    case "format":
    case "MUNICIPALITY_CODE_FORMAT":
      return t("muni.err.codeFormat");
    case "check_digit":
    case "MUNICIPALITY_CODE_CHECK_DIGIT": {
      const parsed = parseMunicipalityCode(typed);
      return t("muni.err.checkDigit", {
        expected: parsed.ok ? parsed.code : (parsed.problem.expected ?? ""),
      });
    }
    case "prefecture":
    case "MUNICIPALITY_CODE_PREFECTURE":
      return t("muni.err.prefecture");
    default:
      return problem.message;
  }
}

export function MunicipalitiesPage() {
  return (
    <RoleGate allowed={isOperator}>
      <MunicipalitiesScreen />
    </RoleGate>
  );
}

/** What the operator is told after creating or re-inviting: the invitation went by mail (demo: the link too). */
function InvitationNotice(props: { email: string; invitation: ResetLink; onClose: () => void }) {
  let heading: HTMLHeadingElement | undefined;
  queueMicrotask(() => heading?.focus());
  return (
    <section class="reset-link-box" data-testid="invitation-notice" aria-labelledby="invitation-title">
      <h2 id="invitation-title" tabindex="-1" ref={heading}>
        {t("muni.invitedTitle", { email: props.email })}
      </h2>
      <p>{t("muni.invitedMailed")}</p>
      <p class="muted">
        {t("acct.linkExpires", { at: tokyoTime.format(new Date(props.invitation.expiresAt)) })}
      </p>
      <Show when={props.invitation.resetPath}>
        {(path) => (
          <div class="field">
            <label for="invitation-link">{t("muni.demoLink")}</label>
            <input id="invitation-link" type="text" readOnly value={`${location.origin}${path()}`} />
          </div>
        )}
      </Show>
      <button type="button" class="button-secondary" onClick={() => props.onClose()}>
        {t("muni.noticeClose")}
      </button>
    </section>
  );
}

function MunicipalitiesScreen() {
  const [list, { refetch }] = createResource(() => platformApi.municipalities());
  const [outbox, { refetch: refetchOutbox }] = createResource(() => platformApi.outbox());
  const [form, setForm] = createStore({
    code: "",
    name: "",
    prefecture: "",
    centreLat: "",
    centreLon: "",
    preset: "rural",
    adminEmail: "",
    adminDisplayName: "",
  });
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const fields = bindFields(form, setForm, errors);
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [notice, setNotice] = createSignal<{ email: string; invitation: ResetLink } | null>(null);
  let fileInput: HTMLInputElement | undefined;

  async function create(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFormError(null);
    const body = new FormData();
    for (const [key, value] of Object.entries(form)) if (value.trim()) body.set(key, value.trim());
    const file = fileInput?.files?.[0];
    if (file) body.set("boundary", file);
    try {
      const created = await platformApi.create(body);
      setNotice({ email: created.municipality.admin?.email ?? "", invitation: created.invitation });
      setForm({
        code: "",
        name: "",
        prefecture: "",
        centreLat: "",
        centreLon: "",
        adminEmail: "",
        adminDisplayName: "",
      });
      if (fileInput) fileInput.value = "";
      await Promise.all([refetch(), refetchOutbox()]);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setFormError("muni.exists");
      else if (error instanceof ApiError && error.errors.length > 0) {
        setErrors(
          fieldErrors(
            error.errors.map((e) =>
              e.path.startsWith("body.boundary")
                ? { path: "body.boundary", message: importIssueText(e) }
                : { path: e.path, message: codeProblemText(e, form.code) },
            ),
          ),
        );
        setFormError("acct.saveError");
      } else setFormError("acct.networkError");
    } finally {
      setSaving(false);
    }
  }

  async function act(municipality: ManagedMunicipality, action: "archive" | "unarchive" | "reinvite") {
    setFormError(null);
    try {
      if (action === "reinvite") {
        const invitation = await platformApi.reinvite(municipality.code);
        setNotice({ email: municipality.admin?.email ?? "", invitation });
      } else await platformApi[action](municipality.code);
      await Promise.all([refetch(), refetchOutbox()]);
    } catch {
      setFormError("acct.networkError");
    }
  }

  return (
    <section class="page page-wide municipalities-page">
      <h1>{t("muni.title")}</h1>
      <p class="lead">{t("muni.lead")}</p>

      <Show when={notice()}>
        {(shown) => <InvitationNotice {...shown()} onClose={() => setNotice(null)} />}
      </Show>
      <FormAlert message={formError()} />

      <ListTable
        list={list}
        empty={t("muni.none")}
        caption={t("muni.listCaption")}
        testId="municipality-list"
        columns={[
          { header: t("muni.col.code"), cell: (m) => m.code },
          { header: t("muni.col.name"), cell: (m) => `${m.prefecture} ${m.name}` },
          { header: t("muni.col.preset"), cell: (m) => t(`muni.preset.${m.preset}` as MessageId) },
          {
            header: t("muni.col.state"),
            cell: (m) => (m.archivedAt ? t("muni.archived") : t("muni.inService")),
          },
          {
            header: t("muni.col.admin"),
            cell: (m) =>
              m.admin ? `${m.admin.email}（${t(`muni.admin.${m.admin.state}` as MessageId)}）` : "—",
          },
          {
            header: t("acct.col.actions"),
            cell: (m) => (
              <div class="button-row">
                <Show when={m.admin?.state === "invited" && !m.archivedAt}>
                  <button
                    type="button"
                    class="button-secondary"
                    aria-label={t("muni.reinviteFor", { name: m.name })}
                    onClick={() => act(m, "reinvite")}
                  >
                    {t("muni.reinvite")}
                  </button>
                </Show>
                <button
                  type="button"
                  class="button-secondary"
                  aria-label={t(m.archivedAt ? "muni.unarchiveFor" : "muni.archiveFor", {
                    name: m.name,
                  })}
                  onClick={() => act(m, m.archivedAt ? "unarchive" : "archive")}
                >
                  {t(m.archivedAt ? "muni.unarchive" : "muni.archive")}
                </button>
              </div>
            ),
          },
        ]}
      />

      <h2>{t("muni.createTitle")}</h2>
      <p>{t("muni.createHelp")}</p>
      <form class="request-form" onSubmit={create} novalidate>
        <InputField
          id="muni-code"
          label={t("muni.field.code")}
          type="text"
          inputmode="numeric"
          autocomplete="off"
          required
          aria-invalid={errors().code ? "true" : undefined}
          {...fields.input("code")}
        />
        <Field id="muni-boundary" label={t("muni.field.boundary")} errors={errors()} path="boundary">
          <input
            id="muni-boundary"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            ref={fileInput}
            aria-describedby={describedBy(errors(), "boundary")}
          />
        </Field>
        <fieldset>
          <legend>{t("muni.withoutBoundary")}</legend>
          <For each={PLACE_FIELDS}>
            {(field) => (
              <InputField
                id={`muni-${field.key}`}
                label={t(field.label)}
                type="text"
                inputmode={field.numeric ? "decimal" : "text"}
                autocomplete="off"
                {...fields.input(field.key)}
              />
            )}
          </For>
        </fieldset>
        <SelectField id="muni-preset" label={t("muni.field.preset")} {...fields.select("preset")}>
          <option value="rural">{t("muni.preset.rural")}</option>
          <option value="urban">{t("muni.preset.urban")}</option>
        </SelectField>
        <PersonFields
          idPrefix="muni-admin"
          labels={["muni.field.adminEmail", "muni.field.adminName"]}
          email={fields.input("adminEmail")}
          name={fields.input("adminDisplayName")}
        />
        <button type="submit" class="button button-big" disabled={saving()}>
          {t("muni.create")}
        </button>
      </form>

      <h2>{t("muni.outboxTitle")}</h2>
      <p>{t("muni.outboxHelp")}</p>
      <ListTable
        list={outbox}
        empty={t("muni.outboxNone")}
        caption={t("muni.outboxTitle")}
        testId="outbox"
        columns={[
          { header: t("muni.outbox.to"), cell: (message) => message.toAddress },
          { header: t("muni.col.code"), cell: (message) => message.municipalityCode ?? "—" },
          {
            header: t("muni.outbox.at"),
            cell: (message) => tokyoTime.format(new Date(message.createdAt)),
          },
          {
            header: t("muni.col.state"),
            cell: (message) => t(`muni.mail.${message.status}` as MessageId),
          },
        ]}
      />
    </section>
  );
}
