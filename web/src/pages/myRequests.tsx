import { A } from "@solidjs/router";
import type { Place, RequestStatus, TransportRequest } from "@tsunagu/contract";
import { createResource, For, Match, Show, Switch } from "solid-js";
import { api } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";

/** Plain words for each status, as a resident would say them. */
const statusWords: Record<RequestStatus, MessageId> = {
  submitted: "myreq.status.submitted",
  planned: "myreq.status.planned",
  confirmed: "myreq.status.confirmed",
  in_progress: "myreq.status.in_progress",
  done: "myreq.status.done",
  cancelled: "myreq.status.cancelled",
  no_show: "myreq.status.no_show",
  unserved: "myreq.status.unserved",
};

/** What was asked for, in words: 「送迎」, or 「荷物：野菜の箱（中）」. */
function whatText(request: TransportRequest): string {
  const parcel = request.parcel;
  if (!parcel) return t("myreq.ride");
  const size = parcel.sizeClass
    ? t(`request.size.${parcel.sizeClass}` as MessageId)
    : `${request.weightKg} kg`;
  return parcel.description
    ? t("myreq.parcel", { what: parcel.description, size })
    : t("myreq.parcelUnnamed", { size });
}

/** Newest day first; the same day by earliest time. */
const byDateThenTime = (a: TransportRequest, b: TransportRequest) =>
  b.date.localeCompare(a.date) || a.earliest.localeCompare(b.earliest);

/**
 * 「わたしの予約」 (residents): every ride or parcel they asked for and where
 * it stands — 受付 → 計画中 → 確定 → 移動中 → 完了 — with the reason when one
 * was cancelled or could not be served. The server returns only the caller's
 * own requests for a resident account.
 */
export function MyRequestsPage() {
  const code = () => currentUser()?.municipalityCode ?? "";
  const [data] = createResource(code, async (municipality) => {
    if (!municipality) return undefined;
    const [requests, places] = await Promise.all([
      api.requests(municipality, { limit: 100 }),
      api.places(municipality),
    ]);
    return { requests: [...requests.items].sort(byDateThenTime), places: places.items };
  });
  const placeName = (places: readonly Place[], end: TransportRequest["pickup"]) =>
    end.home ? t("myreq.home") : (places.find((p) => p.id === end.placeId)?.name ?? t("myreq.point"));

  return (
    <section class="page my-requests">
      <h1>{t("myreq.title")}</h1>
      <p class="lead">{t("myreq.lead")}</p>
      <Switch fallback={<p>{t("common.loading")}</p>}>
        <Match when={data.error}>
          <p role="alert" class="form-error">
            {t("myreq.loadError")}
          </p>
        </Match>
        <Match when={data()?.requests.length === 0}>
          <p>{t("myreq.none")}</p>
          <A class="button button-big" href={`/request/${code()}`}>
            {t("nav.request")}
          </A>
        </Match>
        <Match when={data()}>
          {(loaded) => (
            <ul class="my-request-list">
              <For each={loaded().requests}>
                {(request) => (
                  <li class="my-request" data-testid="my-request" data-request-id={request.id}>
                    <p class="my-request-what" data-testid="my-request-what">
                      {whatText(request)}
                    </p>
                    <p class="my-request-when">
                      {t("myreq.when", { date: request.date, from: request.earliest, to: request.latest })}
                    </p>
                    <p class="my-request-where">
                      {placeName(loaded().places, request.pickup)} →{" "}
                      {placeName(loaded().places, request.dropoff)}
                    </p>
                    <Show when={request.parcel}>
                      {(parcel) => (
                        <p class="my-request-parcel">
                          {t("myreq.receiver", { name: parcel().receiverName ?? t("request.receiverSelf") })}
                          {" ・ "}
                          {t(`request.handover.${parcel().handover}` as MessageId)}
                        </p>
                      )}
                    </Show>
                    <p class={`status-badge status-${request.status}`} data-testid="my-request-status">
                      {t(statusWords[request.status])}
                    </p>
                    <Show when={request.planned}>
                      {(planned) => (
                        <p class="my-request-planned" data-testid="my-request-planned">
                          {t(request.kind === "parcel" ? "myreq.plannedParcel" : "myreq.planned", {
                            pickup: planned().pickup,
                            arrival: planned().arrival,
                          })}
                        </p>
                      )}
                    </Show>
                    <Show when={request.statusReason}>
                      {(reason) => <p class="my-request-reason">{t("myreq.reason", { reason: reason() })}</p>}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
    </section>
  );
}
