import { A, useParams, useSearchParams } from "@solidjs/router";
import type { RunSheet, RunSheetStop } from "@tsunagu/contract";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";
import { matchingApi } from "../matching/api";
import { todayInJapan } from "../registry/model";
import { LoadError } from "../ui/fields";
import { RoleGate } from "./accounts";

/** Drivers see their own vehicles' sheets; coordinators and staff see all (the server filters). */
export const canReadRunSheets = (role: string | undefined) =>
  role === "driver" || role === "coordinator" || role === "municipal_staff";

const sheetPath = (runId: string, vehicleId: string, shift: number, date: string) =>
  `/run-sheets/${encodeURIComponent(runId)}/${encodeURIComponent(vehicleId)}/${shift}?date=${date}`;

/** 運行表の一覧: the approved vehicle routes of a day, one card each. */
export function RunSheetListPage() {
  return (
    <RoleGate allowed={canReadRunSheets}>
      <RunSheetList />
    </RoleGate>
  );
}

function RunSheetList() {
  const code = () => currentUser()?.municipalityCode ?? "";
  const [params, setParams] = useSearchParams<{ date?: string }>();
  const date = () => (params.date && /^\d{4}-\d{2}-\d{2}$/.test(params.date) ? params.date : todayInJapan());
  const [sheets] = createResource(
    () => (code() ? { code: code(), date: date() } : undefined),
    async ({ code, date }) => (await matchingApi.runSheets(code, date)).items,
  );
  return (
    <section class="page sheet-page">
      <h1>{t("sheet.listTitle")}</h1>
      <div class="field">
        <label for="sheet-date">{t("plan.date")}</label>
        <input
          id="sheet-date"
          type="date"
          value={date()}
          onChange={(e) => e.currentTarget.value && setParams({ date: e.currentTarget.value })}
        />
      </div>
      <Show when={!sheets.error} fallback={<LoadError error={sheets.error} />}>
        <Show when={sheets()} fallback={<p>{t("common.loading")}</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p>{t("sheet.none")}</p>}>
              <ul class="card-list sheet-cards" data-testid="sheet-list">
                <For each={list()}>
                  {(s) => (
                    <li class="card">
                      <A class="card-link" href={sheetPath(s.runId, s.vehicleId, s.shift, date())}>
                        {s.vehicleName}
                        <Show when={list().filter((x) => x.vehicleId === s.vehicleId).length > 1}>
                          {" "}
                          {t("plan.shift", { n: s.shift + 1 })}
                        </Show>
                      </A>
                      <p class="muted">
                        {t("sheet.cardFacts", { from: s.firstTime, to: s.lastTime, stops: s.stops })}
                      </p>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}

/** 運行表: one vehicle's stops of the day, marked as they happen; prints as an A4 table. */
export function RunSheetPage() {
  return (
    <RoleGate allowed={canReadRunSheets}>
      <RunSheetScreen />
    </RoleGate>
  );
}

/** What to do at a stop in words: 乗車, 降車, 集荷, 配達, or the route's start and end. */
function stopAction(stop: RunSheetStop): MessageId {
  if (stop.kind === "start" || stop.kind === "end") return `stop.kind.${stop.kind}` as MessageId;
  if (stop.requestKind === "parcel") return stop.kind === "pickup" ? "sheet.collect" : "sheet.deliver";
  return stop.kind === "pickup" ? "sheet.board" : "sheet.alight";
}

/** Who or what, as short facts: name, passengers, wheelchair, escort; weight and cold for parcels. */
function stopFacts(stop: RunSheetStop): string[] {
  const facts: string[] = [];
  if (stop.requestKind === "ride") {
    facts.push(t("sheet.passengers", { n: stop.passengers }));
    if (stop.wheelchair) facts.push(t("sheet.wheelchair"));
    if (stop.escort) facts.push(t("sheet.escort"));
  }
  if (stop.requestKind === "parcel") {
    facts.push(t("sheet.weight", { kg: stop.weightKg }));
    if (stop.cold) facts.push(t("sheet.cold"));
  }
  return facts;
}

function handoverText(stop: RunSheetStop): string | null {
  const h = stop.handover;
  if (!h) return null;
  return t(h.direction === "to" ? "sheet.handoverTo" : "sheet.handoverFrom", {
    time: h.time,
    mode: t(`plan.mode.${h.mode}` as MessageId),
    label: h.label,
  });
}

const placeName = (stop: RunSheetStop) => stop.place.name ?? t("plan.door");

function RunSheetScreen() {
  const code = () => currentUser()?.municipalityCode ?? "";
  const params = useParams<{ runId: string; vehicleId: string; shift: string }>();
  const [search] = useSearchParams<{ date?: string }>();
  const [sheet, { mutate }] = createResource(
    () => (code() ? { code: code(), ...params } : undefined),
    async (p) => matchingApi.runSheet(p.code, p.runId, p.vehicleId, Number(p.shift)),
  );
  const [busyStop, setBusyStop] = createSignal<string | null>(null);
  const [message, setMessage] = createSignal<{ tone: "error" | "done"; text: string } | null>(null);

  async function mark(stop: RunSheetStop, status: "done" | "no_show") {
    setBusyStop(stop.id);
    setMessage(null);
    try {
      const updated = await matchingApi.markStop(code(), stop.id, { status });
      mutate((s) => (s ? { ...s, stops: s.stops.map((x) => (x.id === updated.id ? updated : x)) } : s));
      setMessage({
        tone: "done",
        text: t(status === "done" ? "sheet.markedDone" : "sheet.markedNoShow", {
          time: stop.time,
          place: placeName(stop),
        }),
      });
    } catch (error) {
      setMessage({
        tone: "error",
        text: t(error instanceof ApiError && error.status === 409 ? "sheet.markRefused" : "sheet.markError"),
      });
    } finally {
      setBusyStop(null);
    }
  }

  const listHref = () => `/run-sheets${search.date ? `?date=${search.date}` : ""}`;
  const title = (s: RunSheet) => t("sheet.title", { vehicle: s.vehicleName, date: s.date });

  return (
    <section class="page sheet-page">
      <p class="breadcrumb no-print">
        <A href={listHref()}>← {t("sheet.back")}</A>
      </p>
      <Show
        when={!sheet.error}
        fallback={
          <p role="alert">
            {t(
              sheet.error instanceof ApiError && sheet.error.status === 404
                ? "sheet.notFound"
                : "common.error",
            )}
          </p>
        }
      >
        <Show when={sheet()} fallback={<p>{t("common.loading")}</p>}>
          {(s) => (
            <>
              <h1>{title(s())}</h1>
              <button type="button" class="button-secondary no-print" onClick={() => window.print()}>
                {t("sheet.print")}
              </button>
              <p
                role={message()?.tone === "error" ? "alert" : "status"}
                class={`sheet-message form-${message()?.tone ?? "done"}`}
              >
                {message()?.text ?? ""}
              </p>
              <ol class="sheet-stops no-print" data-testid="sheet-stops">
                <For each={s().stops}>
                  {(stop) => (
                    <li class={`sheet-stop sheet-stop-${stop.status}`} data-stop-id={stop.id}>
                      <p class="sheet-time">
                        <span class="sheet-clock">{stop.time}</span> <span>{t(stopAction(stop))}</span>
                        <Show when={stop.status !== "pending"}>
                          <span class={`badge sheet-status-${stop.status}`}>
                            {t(`sheet.status.${stop.status}` as MessageId)}
                          </span>
                        </Show>
                      </p>
                      <p class="sheet-place">
                        {placeName(stop)}
                        <Show when={stop.place.name === null}>
                          {" "}
                          <a href={`geo:${stop.place.lat},${stop.place.lon}`} class="sheet-maplink">
                            {t("sheet.openMap")}
                          </a>
                        </Show>
                      </p>
                      <Show when={stop.residentName}>
                        <p class="sheet-who">{t("sheet.who", { name: stop.residentName ?? "" })}</p>
                      </Show>
                      <Show when={stopFacts(stop).length > 0}>
                        <p class="sheet-facts">{stopFacts(stop).join(" ・ ")}</p>
                      </Show>
                      <Show when={stop.phone}>
                        <p>
                          <a href={`tel:${stop.phone}`}>☎ {stop.phone}</a>
                        </p>
                      </Show>
                      <Show when={handoverText(stop)}>
                        {(text) => <p class="sheet-handover">⇄ {text()}</p>}
                      </Show>
                      <Show when={stop.notes}>
                        <p class="sheet-notes">{t("sheet.notes", { notes: stop.notes ?? "" })}</p>
                      </Show>
                      <Show when={stop.status === "pending" && stop.requestId}>
                        <div class="sheet-buttons">
                          <button
                            type="button"
                            class="button button-big"
                            disabled={busyStop() !== null}
                            onClick={() => mark(stop, "done")}
                          >
                            {t(stop.kind === "pickup" ? "sheet.donePickup" : "sheet.doneDropoff")}
                          </button>
                          <Show when={stop.kind === "pickup"}>
                            <button
                              type="button"
                              class="button-secondary button-big"
                              disabled={busyStop() !== null}
                              onClick={() => mark(stop, "no_show")}
                            >
                              {t("sheet.noShow")}
                            </button>
                          </Show>
                        </div>
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
              <table class="sheet-print print-only">
                <caption>{title(s())}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("plan.col.time")}</th>
                    <th scope="col">{t("plan.col.stop")}</th>
                    <th scope="col">{t("plan.col.place")}</th>
                    <th scope="col">{t("sheet.col.who")}</th>
                    <th scope="col">{t("sheet.col.notes")}</th>
                    <th scope="col">{t("sheet.col.check")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s().stops}>
                    {(stop) => (
                      <tr>
                        <td>{stop.time}</td>
                        <td>{t(stopAction(stop))}</td>
                        <td>{placeName(stop)}</td>
                        <td>
                          {[stop.residentName, stop.phone, ...stopFacts(stop)].filter(Boolean).join(" ・ ")}
                        </td>
                        <td>{[handoverText(stop), stop.notes].filter(Boolean).join(" ／ ")}</td>
                        <td>
                          {stop.status === "pending" ? "□" : t(`sheet.status.${stop.status}` as MessageId)}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
