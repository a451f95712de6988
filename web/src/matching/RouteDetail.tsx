import type { Plan, PlanRoute } from "@tsunagu/contract";
import { createMemo, createSignal, For, Show } from "solid-js";
import { ApiError } from "../api/client";
import { type MessageId, t } from "../i18n";
import { Outcome } from "../ui/fields";
import { DataTable } from "../ui/tables";
import { MoveRefused, matchingApi } from "./api";
import { requestLabel } from "./Gantt";
import { requestsById, requestsOnRoute, routeKey, stopActionId } from "./model";
import { parcelFacts, parcelLine, receiverFacts } from "./parcel";
import { reasonText } from "./reasons";

/** A vehicle the coordinator can move a request to: a route of the plan, or an unused vehicle's first window. */
export interface MoveTarget {
  key: string;
  vehicleId: string;
  shift: number;
  label: string;
}

/** What an action said, shown under the request it was about (the refusal's reason as sentences). */
interface Feedback {
  /** The request named as it was before the action (a rejected one leaves the plan). */
  label: string;
  tone: "error" | "done";
  text: string;
}

/** Message for a failed review action that is not a refused move. */
function actionError(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) return t("plan.conflict");
  if (error instanceof ApiError && error.status === 422) return t("plan.invalid");
  return t("res.networkError");
}

/**
 * One vehicle route of the plan: its stops in order, and for each request on
 * it the review actions — move to another vehicle (the server re-checks it and
 * says why when it does not fit) or take it out of the plan with a note — and
 * approval of this vehicle alone.
 */
export function RouteDetail(props: {
  code: string;
  plan: Plan;
  route: PlanRoute;
  targets: MoveTarget[];
  /** Read-only: the run is superseded (or the caller may not act). */
  readOnly: boolean;
  onPlan: (plan: Plan) => void;
}) {
  const byId = createMemo(() => requestsById(props.plan));
  const [busy, setBusy] = createSignal(false);
  const [feedback, setFeedback] = createSignal<Feedback | null>(null);
  const [routeMessage, setRouteMessage] = createSignal<{ tone: "error" | "done"; id: MessageId } | null>(
    null,
  );
  const moveChoice: Record<string, string> = {};
  const rejectNote: Record<string, string> = {};
  const rejectOutcome: Record<string, "cancelled" | "unserved" | undefined> = {};

  async function act(requestId: string, run: () => Promise<Plan>, done: string) {
    const label = requestLabel(byId().get(requestId), requestId);
    setBusy(true);
    setFeedback(null);
    try {
      props.onPlan(await run());
      setFeedback({ label, tone: "done", text: done });
    } catch (error) {
      if (error instanceof MoveRefused) {
        const request = byId().get(requestId);
        const text = reasonText(error.reason, request?.kind ?? "ride");
        setFeedback({
          label,
          tone: "error",
          text: `${t("plan.moveRefused")} ${text.reason}${text.hint ? ` ${text.hint}` : ""}`,
        });
      } else setFeedback({ label, tone: "error", text: actionError(error) });
    } finally {
      setBusy(false);
    }
  }

  function move(requestId: string) {
    const target = props.targets.find((x) => x.key === moveChoice[requestId]);
    if (!target) {
      setFeedback({
        label: requestLabel(byId().get(requestId), requestId),
        tone: "error",
        text: t("plan.chooseVehicle"),
      });
      return;
    }
    void act(
      requestId,
      () =>
        matchingApi.move(props.code, props.plan.runId, {
          requestId,
          toVehicleId: target.vehicleId,
          shift: target.shift,
        }),
      t("plan.moved", { vehicle: target.label }),
    );
  }

  function reject(requestId: string) {
    const note = (rejectNote[requestId] ?? "").trim();
    const outcome = rejectOutcome[requestId];
    if (!outcome || !note) {
      setFeedback({
        label: requestLabel(byId().get(requestId), requestId),
        tone: "error",
        text: t(outcome ? "plan.noteRequired" : "plan.outcomeRequired"),
      });
      return;
    }
    void act(
      requestId,
      () => matchingApi.reject(props.code, props.plan.runId, { requestId, note, outcome }),
      t(outcome === "cancelled" ? "plan.rejected.cancelled" : "plan.rejected.unserved"),
    );
  }

  let driverChoice = "";
  const [driverMessage, setDriverMessage] = createSignal<{ tone: "error" | "done"; text: string } | null>(
    null,
  );
  /** The day's drivers who may drive this route's vehicle (the server checks the rest and says why). */
  const driverOptions = createMemo(() =>
    props.plan.drivers.filter(
      (d) => d.vehicleIds.includes(props.route.vehicleId) && d.driverId !== props.route.driverId,
    ),
  );

  async function changeDriver() {
    const driver = props.plan.drivers.find((d) => d.driverId === driverChoice);
    if (!driver) {
      setDriverMessage({ tone: "error", text: t("plan.chooseDriver") });
      return;
    }
    setBusy(true);
    setDriverMessage(null);
    try {
      props.onPlan(
        await matchingApi.changeDriver(props.code, props.plan.runId, {
          vehicleId: props.route.vehicleId,
          shift: props.route.shift,
          driverId: driver.driverId,
        }),
      );
      setDriverMessage({ tone: "done", text: t("plan.driverChanged", { name: driver.name }) });
    } catch (error) {
      const rule = error instanceof ApiError ? error.problem.rule : undefined;
      setDriverMessage({
        tone: "error",
        text:
          typeof rule === "string"
            ? `${t("plan.driverRefused")} ${t(`plan.driverRule.${rule}` as MessageId)}`
            : actionError(error),
      });
    } finally {
      setBusy(false);
    }
  }

  async function approveVehicle() {
    setBusy(true);
    setRouteMessage(null);
    try {
      props.onPlan(await matchingApi.approve(props.code, props.plan.runId, [props.route.vehicleId]));
      setRouteMessage({ tone: "done", id: "plan.approvedVehicle" });
    } catch {
      setRouteMessage({ tone: "error", id: "plan.approveError" });
    } finally {
      setBusy(false);
    }
  }

  const key = () => routeKey(props.route);
  const slug = (requestId: string) => `${key()}-${requestId}`.replace(/[^A-Za-z0-9_-]/g, "_");

  return (
    <section class="route-detail" aria-labelledby="route-detail-title" data-testid="route-detail">
      <h2 id="route-detail-title" tabindex="-1">
        {props.route.vehicleName}
        <Show when={props.plan.routes.filter((r) => r.vehicleId === props.route.vehicleId).length > 1}>
          {" "}
          {t("plan.shift", { n: props.route.shift + 1 })}
        </Show>
        <Show when={props.route.approved}>
          <span class="badge badge-ok">{t("plan.approvedBadge")}</span>
        </Show>
      </h2>
      <p class="muted">
        {t("plan.routeFacts", {
          stops: props.route.stops.length,
          km: props.route.distanceKm.toFixed(1),
          kind: t(`veh.kind.${props.route.vehicleKind}` as MessageId),
        })}
      </p>
      <p data-testid="route-driver">
        {props.route.driverName ? t("plan.driver", { name: props.route.driverName }) : t("plan.noDriver")}
      </p>
      <Show when={!props.readOnly && driverOptions().length > 0}>
        <div class="field field-inline">
          <label for={`driver-${key().replace(/[^A-Za-z0-9_-]/g, "_")}`}>{t("plan.changeDriverTo")}</label>
          <select
            id={`driver-${key().replace(/[^A-Za-z0-9_-]/g, "_")}`}
            onChange={(e) => {
              driverChoice = e.currentTarget.value;
            }}
          >
            <option value="">{t("res.choose")}</option>
            <For each={driverOptions()}>{(d) => <option value={d.driverId}>{d.name}</option>}</For>
          </select>
          <button type="button" class="button-secondary" disabled={busy()} onClick={changeDriver}>
            {t("plan.changeDriver")}
          </button>
        </div>
      </Show>
      <Show when={driverMessage()}>
        {(message) => (
          <Outcome tone={message().tone} testId="driver-feedback">
            {message().text}
          </Outcome>
        )}
      </Show>
      <Show when={!props.readOnly && !props.route.approved}>
        <button type="button" class="button" disabled={busy()} onClick={approveVehicle}>
          {t("plan.approveVehicle", { name: props.route.vehicleName })}
        </button>
      </Show>
      <Show when={routeMessage()}>
        {(message) => <Outcome tone={message().tone}>{t(message().id)}</Outcome>}
      </Show>

      <DataTable
        caption={t("plan.stopsCaption", { name: props.route.vehicleName })}
        items={props.route.stops}
        rowHeader={false}
        columns={[
          { header: t("plan.col.time"), cell: (stop) => stop.arrival, class: "num" },
          {
            header: t("plan.col.stop"),
            cell: (stop) =>
              t(stopActionId(stop.kind, stop.requestId ? byId().get(stop.requestId)?.kind : null)),
          },
          { header: t("plan.col.place"), cell: (stop) => stop.place.name ?? t("plan.door") },
          {
            header: t("plan.col.request"),
            cell: (stop) => {
              if (!stop.requestId) return "";
              const request = byId().get(stop.requestId);
              const label = requestLabel(request, stop.requestId);
              // A parcel stop says what it is and its size; at the delivery also to whom.
              if (!request?.parcel) return label;
              const facts = [
                ...parcelFacts(request.parcel),
                ...(stop.kind === "dropoff" ? receiverFacts(request.parcel) : []),
              ];
              return `${label} ・ ${facts.join(" ・ ")}`;
            },
          },
        ]}
      />

      <h3>{t("plan.requestsOnRoute")}</h3>
      {/* One place for the outcome: after a move the request is no longer in this list. */}
      <Show when={feedback()}>
        {(f) => (
          <Outcome tone={f().tone} testId="request-feedback">
            {f().label}: {f().text}
          </Outcome>
        )}
      </Show>
      <ul class="request-actions" data-testid="request-actions">
        <For each={requestsOnRoute(props.route)}>
          {(requestId) => {
            const request = () => byId().get(requestId);
            return (
              <li class="request-action" data-request-id={requestId}>
                <p class="request-action-title">
                  {requestLabel(request(), requestId)}
                  <Show when={request()}>
                    {(r) => <span class="badge">{t(`plan.status.${r().status}` as MessageId)}</span>}
                  </Show>
                </p>
                <Show when={request()?.parcel}>
                  {(parcel) => (
                    <p class="parcel-facts" data-testid="parcel-facts">
                      {parcelLine(parcel())}
                    </p>
                  )}
                </Show>
                <Show when={request()?.legs.length}>
                  <ol class="leg-list">
                    <For each={request()?.legs ?? []}>
                      {(leg) => (
                        <li>
                          {leg.departure}–{leg.arrival} {t(`plan.mode.${leg.mode}` as MessageId)} {leg.label}:{" "}
                          {leg.from.name ?? t("plan.door")} → {leg.to.name ?? t("plan.door")}
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
                <Show when={!props.readOnly && !props.route.approved}>
                  <div class="request-action-forms">
                    <div class="field field-inline">
                      <label for={`move-${slug(requestId)}`}>{t("plan.moveTo")}</label>
                      <select
                        id={`move-${slug(requestId)}`}
                        onChange={(e) => {
                          moveChoice[requestId] = e.currentTarget.value;
                        }}
                      >
                        <option value="">{t("res.choose")}</option>
                        <For each={props.targets.filter((x) => x.key !== key())}>
                          {(target) => <option value={target.key}>{target.label}</option>}
                        </For>
                      </select>
                      <button
                        type="button"
                        class="button-secondary"
                        disabled={busy()}
                        onClick={() => move(requestId)}
                      >
                        {t("plan.move")}
                      </button>
                    </div>
                    <div class="field field-inline">
                      <label for={`reject-outcome-${slug(requestId)}`}>{t("plan.rejectOutcome")}</label>
                      <select
                        id={`reject-outcome-${slug(requestId)}`}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          rejectOutcome[requestId] = v === "cancelled" || v === "unserved" ? v : undefined;
                        }}
                      >
                        <option value="">{t("res.choose")}</option>
                        <option value="cancelled">{t("plan.outcome.cancelled")}</option>
                        <option value="unserved">{t("plan.outcome.unserved")}</option>
                      </select>
                    </div>
                    <div class="field field-inline">
                      <label for={`reject-${slug(requestId)}`}>{t("plan.rejectNote")}</label>
                      <input
                        id={`reject-${slug(requestId)}`}
                        type="text"
                        maxLength={500}
                        onInput={(e) => {
                          rejectNote[requestId] = e.currentTarget.value;
                        }}
                      />
                      <button
                        type="button"
                        class="button-secondary"
                        disabled={busy()}
                        onClick={() => reject(requestId)}
                      >
                        {t("plan.reject")}
                      </button>
                    </div>
                  </div>
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
    </section>
  );
}
