import type { Plan } from "@tsunagu/contract";
import { For, Show } from "solid-js";
import { type MessageId, t } from "../i18n";
import { parcelLine } from "./parcel";
import { reasonText } from "./reasons";

/** Requests the plan could not serve, each with its reason and, when one was found, what would make it fit. */
export function UnassignedList(props: { plan: Plan }) {
  return (
    <section class="unassigned" aria-labelledby="unassigned-title" data-testid="unassigned">
      <h2 id="unassigned-title">{t("plan.unassignedTitle", { n: props.plan.unassigned.length })}</h2>
      <Show when={props.plan.unassigned.length > 0} fallback={<p>{t("plan.unassignedNone")}</p>}>
        <ul class="unassigned-list">
          <For each={props.plan.unassigned}>
            {(item) => {
              const text = () => reasonText(item.reason, item.kind);
              return (
                <li class="unassigned-item">
                  <p class="unassigned-head">
                    <Show when={item.person?.name}>{(name) => <>{t("gantt.who", { name: name() })} </>}</Show>
                    {t(`plan.kind.${item.kind}` as MessageId)} {item.earliest}–{item.latest}
                    <span class="muted"> （{t("plan.requestId", { id: item.requestId })}）</span>
                  </p>
                  <p>
                    {item.from.name ?? t("plan.door")} → {item.to.name ?? t("plan.door")}
                    <Show when={item.person?.phone}>
                      {(phone) => (
                        <>
                          {" "}
                          <a href={`tel:${phone()}`}>☎ {phone()}</a>
                        </>
                      )}
                    </Show>
                  </p>
                  <Show when={item.parcel}>
                    {(parcel) => (
                      <p class="parcel-facts" data-testid="parcel-facts">
                        {parcelLine(parcel())}
                      </p>
                    )}
                  </Show>
                  <p class="unassigned-reason">{text().reason}</p>
                  <Show when={text().hint}>{(hint) => <p class="unassigned-hint">→ {hint()}</p>}</Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}
