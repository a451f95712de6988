import type { Plan } from "@tsunagu/contract";
import { createResource, createSignal, Show } from "solid-js";
import { ApiError } from "../api/client";
import { type MessageId, t } from "../i18n";
import { LoadError, Outcome } from "../ui/fields";
import { DataTable } from "../ui/tables";
import { matchingApi } from "./api";

/**
 * The day's answers on the plan page: 「すべて承認する」 with a confirmation that
 * says what approval does (every request confirmed or told 配車できませんでした),
 * withdrawing the approval before the first pick-up, and the call list of the
 * residents not served (name, phone, reason), printable.
 */
export function DayApproval(props: {
  code: string;
  plan: Plan;
  readOnly: boolean;
  onPlan: (p: Plan) => void;
}) {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ tone: "error" | "done"; id: MessageId } | null>(null);
  const pending = () => props.plan.routes.some((r) => !r.approved);
  const anyApproved = () => props.plan.routes.some((r) => r.approved);

  async function run(action: () => Promise<Plan>, done: MessageId, failed: (e: unknown) => MessageId) {
    setBusy(true);
    setMessage(null);
    try {
      props.onPlan(await action());
      setMessage({ tone: "done", id: done });
    } catch (error) {
      setMessage({ tone: "error", id: failed(error) });
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <div class="day-approval">
      <Show when={!props.readOnly && pending() && !asking()}>
        <button type="button" class="button button-big" onClick={() => setAsking(true)}>
          {t("plan.approveAll")}
        </button>
      </Show>
      <Show when={asking()}>
        <div class="confirm-panel" role="alertdialog" aria-labelledby="approve-all-question">
          <p id="approve-all-question">
            {t("plan.approveAllQuestion", {
              served: props.plan.summary.served,
              unserved: props.plan.summary.unserved,
            })}
          </p>
          <div class="button-row">
            <button
              type="button"
              class="button"
              disabled={busy()}
              ref={(el) => queueMicrotask(() => el.focus())}
              onClick={() =>
                run(
                  () => matchingApi.approve(props.code, props.plan.runId),
                  "plan.approvedAll",
                  () => "plan.approveError",
                )
              }
            >
              {t("plan.approveAllConfirm")}
            </button>
            <button type="button" class="button-secondary" disabled={busy()} onClick={() => setAsking(false)}>
              {t("plan.approveAllCancel")}
            </button>
          </div>
        </div>
      </Show>
      <Show when={props.plan.routes.length > 0 && !pending()}>
        <p class="done-inline">✓ {t("plan.allApproved")}</p>
      </Show>
      <Show when={!props.readOnly && anyApproved()}>
        <button
          type="button"
          class="button-secondary no-print"
          disabled={busy()}
          onClick={() =>
            run(
              () => matchingApi.withdrawApproval(props.code, props.plan.runId),
              "plan.withdrawn",
              (e) =>
                e instanceof ApiError && e.code === "day_already_started"
                  ? "plan.withdrawTooLate"
                  : "plan.withdrawError",
            )
          }
        >
          {t("plan.withdraw")}
        </button>
      </Show>
      <Show when={message()}>{(m) => <Outcome tone={m().tone}>{t(m().id)}</Outcome>}</Show>
    </div>
  );
}

/** Prints only the call list (the rest of the plan page is hidden while printing). */
function printCallList() {
  document.body.classList.add("print-calls");
  window.addEventListener("afterprint", () => document.body.classList.remove("print-calls"), { once: true });
  window.print();
}

/** 配車できなかった方への連絡: the day's unserved residents to call; reloads when the plan changes. */
export function CallList(props: { code: string; plan: Plan }) {
  const [calls] = createResource(
    () => ({ code: props.code, date: props.plan.date, plan: props.plan }),
    ({ code, date }) => matchingApi.unserved(code, date),
  );
  return (
    <section class="call-list" aria-labelledby="call-list-title" data-testid="call-list">
      <h2 id="call-list-title">{t("plan.calls.title")}</h2>
      <p>{t("plan.calls.lead")}</p>
      <Show when={calls.error}>
        <LoadError error={calls.error} />
      </Show>
      <Show when={calls()}>
        {(list) => (
          <Show when={list().items.length > 0} fallback={<p>{t("plan.calls.none")}</p>}>
            <button type="button" class="button-secondary no-print" onClick={printCallList}>
              {t("plan.calls.print")}
            </button>
            <DataTable
              caption={t("plan.calls.caption", { date: list().date, n: list().items.length })}
              items={list().items}
              rowTestId="call-row"
              columns={[
                { header: t("plan.calls.name"), cell: (c) => c.residentName ?? t("plan.calls.noName") },
                {
                  header: t("plan.calls.phone"),
                  cell: (c) => (c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : "—"),
                },
                { header: t("plan.calls.time"), cell: (c) => `${c.earliest}〜${c.latest}` },
                { header: t("plan.calls.reason"), cell: (c) => c.reason ?? "—" },
              ]}
            />
          </Show>
        )}
      </Show>
    </section>
  );
}
