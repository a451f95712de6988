import { isRealDate, tokyoDayBounds } from "@tsunagu/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { type AuditEntry, type AuditFilter, accountsApi } from "../api/client";
import { labelOrCode, type MessageId, t } from "../i18n";
import { useMunicipalityCode } from "../registry/ui";
import { InputField, signalInput } from "../ui/fields";
import { ListTable } from "../ui/tables";
import { canManageAccounts, gatedPage } from "./accounts";

/** Entries per page: enough to scan, small enough for a phone. */
const PAGE_SIZE = 50;

/** The actions the server records (server/src/routes: auditEntry calls). */
const ACTIONS = [
  "read",
  "create",
  "update",
  "export",
  "erase",
  "sign_in",
  "sign_in_failed",
  "password_change",
  "password_reset",
  "password_reset_issued",
] as const;

/**
 * A date picked on screen means a day in Japan; the API wants ISO instants,
 * so the day's first (or last) millisecond in Asia/Tokyo (UTC+9, no DST).
 */
export function tokyoDayBound(date: string, end: boolean): string | undefined {
  if (!isRealDate(date)) return undefined;
  const bounds = tokyoDayBounds(date);
  return end ? bounds.end : bounds.start;
}

const whenFormat = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  dateStyle: "medium",
  timeStyle: "medium",
});

/** 「アクセス記録」: who read or changed what, filtered and paged. */
export const AuditLogPage = gatedPage(canManageAccounts, AuditLogScreen);

function AuditLogScreen() {
  const code = useMunicipalityCode();
  const [residentId, setResidentId] = createSignal("");
  const [action, setAction] = createSignal("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [rangeError, setRangeError] = createSignal(false);
  /** The filter applied: changes only on "show" or paging, not on every keystroke. */
  const [applied, setApplied] = createSignal<AuditFilter>({ limit: PAGE_SIZE, offset: 0 });
  const [page] = createResource(
    () => (code() ? { code: code() as string, filter: applied() } : undefined),
    ({ code: c, filter }) => accountsApi.auditLog(c, filter),
  );

  function search(event: SubmitEvent) {
    event.preventDefault();
    const fromIso = tokyoDayBound(from(), false);
    const toIso = tokyoDayBound(to(), true);
    const badRange = !!fromIso && !!toIso && fromIso > toIso;
    setRangeError(badRange);
    if (badRange) return;
    setApplied({
      residentId: residentId().trim() || undefined,
      action: action() || undefined,
      from: fromIso,
      to: toIso,
      limit: PAGE_SIZE,
      offset: 0,
    });
  }
  const move = (delta: number) =>
    setApplied((f) => ({ ...f, offset: Math.max(0, f.offset + delta * PAGE_SIZE) }));

  // Accounts by id, so "who" reads as an email rather than a UUID (an erased or unknown account keeps its id).
  const [accounts] = createResource(code, async (c) =>
    c ? new Map((await accountsApi.users(c)).items.map((u) => [u.id, u.email])) : new Map<string, string>(),
  );
  const actor = (e: AuditEntry) =>
    [
      e.actorRole ? t(`role.${e.actorRole}` as MessageId) : "",
      e.actorUserId ? ((accounts.error ? undefined : accounts()?.get(e.actorUserId)) ?? e.actorUserId) : "—",
    ]
      .filter(Boolean)
      .join(" ");

  return (
    <section class="page page-wide audit-page">
      <h1>{t("audit.title")}</h1>
      <p class="lead">{t("audit.lead")}</p>
      <form class="audit-filters" onSubmit={search} novalidate aria-label={t("audit.filters")}>
        <InputField
          id="audit-resident"
          label={t("audit.field.residentId")}
          type="text"
          autocomplete="off"
          {...signalInput(residentId, setResidentId)}
        />
        <div class="field">
          <label for="audit-action">{t("audit.field.action")}</label>
          <select id="audit-action" value={action()} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">{t("audit.anyAction")}</option>
            <For each={ACTIONS}>{(a) => <option value={a}>{labelOrCode("audit.action", a)}</option>}</For>
          </select>
        </div>
        <div class={`field${rangeError() ? " field-invalid" : ""}`}>
          <label for="audit-from">{t("audit.field.from")}</label>
          <input id="audit-from" type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class={`field${rangeError() ? " field-invalid" : ""}`}>
          <label for="audit-to">{t("audit.field.to")}</label>
          <input
            id="audit-to"
            type="date"
            value={to()}
            aria-describedby={rangeError() ? "audit-range-error" : undefined}
            aria-invalid={rangeError() ? "true" : undefined}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
          <Show when={rangeError()}>
            <p class="field-error" id="audit-range-error" role="alert">
              ⚠ {t("audit.badRange")}
            </p>
          </Show>
        </div>
        <button type="submit" class="button">
          {t("audit.search")}
        </button>
      </form>

      <ListTable
        list={page}
        empty={t("audit.none")}
        caption={(result) =>
          t("audit.caption", {
            from: applied().offset + 1,
            to: applied().offset + result.items.length,
          })
        }
        label={t("audit.title")}
        testId="audit-list"
        columns={[
          {
            header: t("audit.col.at"),
            cell: (entry) => <time datetime={entry.at}>{whenFormat.format(new Date(entry.at))}</time>,
          },
          { header: t("audit.col.actor"), cell: actor },
          { header: t("audit.col.action"), cell: (entry) => labelOrCode("audit.action", entry.action) },
          {
            header: t("audit.col.resource"),
            cell: (entry) => [entry.resourceType, entry.resourceId].filter(Boolean).join(" "),
          },
          { header: t("audit.col.resident"), cell: (entry) => entry.residentId ?? "—" },
          { header: t("audit.col.ip"), cell: (entry) => entry.ip ?? "—" },
        ]}
      />
      <div class="pager">
        <button
          type="button"
          class="button-secondary"
          disabled={applied().offset === 0}
          onClick={() => move(-1)}
        >
          {t("audit.prev", { n: PAGE_SIZE })}
        </button>
        {/* No total from the API: a full page means there may be more. */}
        <button
          type="button"
          class="button-secondary"
          disabled={(page()?.items.length ?? 0) < PAGE_SIZE}
          onClick={() => move(1)}
        >
          {t("audit.next", { n: PAGE_SIZE })}
        </button>
      </div>
    </section>
  );
}
