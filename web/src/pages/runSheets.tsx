import { A, useParams, useSearchParams } from "@solidjs/router";
import type { RunSheet, RunSheetStop } from "@tsunagu/contract";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { ApiError } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";
import { matchingApi } from "../matching/api";
import { DayField, useDayParam } from "../matching/DayParam";
import { stopActionId } from "../matching/model";
import { parcelFacts, receiverFacts } from "../matching/parcel";
import { LoadError, loadErrorMessage } from "../ui/fields";
import { gatedPage } from "./accounts";

/** Drivers see their own vehicles' sheets; coordinators and staff see all (the server filters). */
export const canReadRunSheets = (role: string | undefined) =>
  role === "driver" || role === "coordinator" || role === "municipal_staff";

const sheetPath = (runId: string, vehicleId: string, shift: number, date: string) =>
  `/run-sheets/${encodeURIComponent(runId)}/${encodeURIComponent(vehicleId)}/${shift}?date=${date}`;

/** 運行表の一覧: the approved vehicle routes of a day, one card each. */
export const RunSheetListPage = gatedPage(canReadRunSheets, RunSheetList);

function RunSheetList() {
  const code = () => currentUser()?.municipalityCode ?? "";
  const day = useDayParam();
  const { date } = day;
  const [sheets] = createResource(
    () => (code() ? { code: code(), date: date() } : undefined),
    async ({ code, date }) => (await matchingApi.runSheets(code, date)).items,
  );
  return (
    <section class="page sheet-page">
      <h1>{t("sheet.listTitle")}</h1>
      <DayField id="sheet-date" day={day} />
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
export const RunSheetPage = gatedPage(canReadRunSheets, RunSheetScreen);

/** What to do at a stop in words: 乗車, 降車, 集荷, 配達, or the route's start and end. */
const stopAction = (stop: RunSheetStop): MessageId => stopActionId(stop.kind, stop.requestKind);

/**
 * Who or what, as short facts: name, passengers, wheelchair, escort; for a parcel what it is,
 * its size, weight and cold, and at its drop-off the receiver and 置き配可 or 手渡し.
 */
function stopFacts(stop: RunSheetStop): string[] {
  const facts: string[] = [];
  if (stop.requestKind === "ride") {
    facts.push(t("sheet.passengers", { n: stop.passengers }));
    if (stop.wheelchair) facts.push(t("sheet.wheelchair"));
    if (stop.escort) facts.push(t("sheet.escort"));
  }
  if (stop.requestKind === "parcel") {
    const parcel = stop.parcel;
    if (parcel) facts.push(...parcelFacts(parcel));
    facts.push(t("sheet.weight", { kg: stop.weightKg }));
    if (stop.cold) facts.push(t("sheet.cold"));
    // At the drop-off the driver needs whom to hand it to, and whether the door will do.
    if (parcel && stop.kind === "dropoff") facts.push(...receiverFacts(parcel));
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

/**
 * A maps link every phone opens: an https Google Maps search on the point
 * (Android opens the Maps app, an iPhone opens Maps or the browser) — not a
 * bare `geo:` link, which iOS ignores.
 */
export const mapsUrl = (place: RunSheetStop["place"]) =>
  `https://www.google.com/maps/search/?api=1&query=${place.lat.toFixed(6)},${place.lon.toFixed(6)}`;

/** Wheelchair and escort, the needs the driver prepares for (ride requests only). */
function stopNeeds(stop: RunSheetStop): string[] {
  if (stop.requestKind !== "ride") return [];
  return [stop.wheelchair ? t("sheet.wheelchair") : null, stop.escort ? t("sheet.escort") : null].filter(
    (x): x is string => x !== null,
  );
}

/** The stop the driver goes to next: the first one still open that has someone or something to serve. */
export function nextStopId(stops: readonly RunSheetStop[]): string | undefined {
  return stops.find((s) => s.status === "pending" && s.requestId !== null)?.id;
}

/** "HH:MM" in Japan of an ISO instant (for the undo deadline). */
const clockOf = (iso: string) =>
  new Date(iso).toLocaleTimeString("ja-JP", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" });

function RunSheetScreen() {
  const code = () => currentUser()?.municipalityCode ?? "";
  const params = useParams<{ runId: string; vehicleId: string; shift: string }>();
  const [search] = useSearchParams<{ date?: string }>();
  const [sheet, { refetch }] = createResource(
    () => (code() ? { code: code(), ...params } : undefined),
    async (p) => matchingApi.runSheet(p.code, p.runId, p.vehicleId, Number(p.shift)),
  );
  const [busyStop, setBusyStop] = createSignal<string | null>(null);
  const [message, setMessage] = createSignal<{ tone: "error" | "done"; text: string } | null>(null);
  // The clock the undo buttons compare with; the server has the last word.
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(timer));
  const canUndo = (stop: RunSheetStop) =>
    stop.undoableUntil !== null && Date.parse(stop.undoableUntil) > now();

  /** Marks or undoes a stop, then reads the sheet again: a 不在 also calls off the drop-off. */
  async function change(stop: RunSheetStop, action: "done" | "no_show" | "undo") {
    setBusyStop(stop.id);
    setMessage(null);
    try {
      if (action === "undo") await matchingApi.undoStop(code(), stop.id);
      else await matchingApi.markStop(code(), stop.id, { status: action });
      setNow(Date.now());
      await refetch();
      const done =
        action === "undo" ? "sheet.undone" : action === "done" ? "sheet.markedDone" : "sheet.markedNoShow";
      const text = t(done, { time: stop.time, place: placeName(stop) });
      setMessage({ tone: "done", text: action === "undo" ? text : `${text} ${t("sheet.undoHint")}` });
    } catch (error) {
      const refused = error instanceof ApiError && error.status === 409;
      setMessage({
        tone: "error",
        text: t(
          refused ? (action === "undo" ? "sheet.undoRefused" : "sheet.markRefused") : "sheet.markError",
        ),
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
                : loadErrorMessage(sheet.error),
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
                  {(stop) => {
                    const isNext = () => nextStopId(s().stops) === stop.id;
                    return (
                      <li
                        class={`sheet-stop sheet-stop-${stop.status}`}
                        classList={{ "sheet-stop-next": isNext() }}
                        aria-current={isNext() ? "step" : undefined}
                        data-stop-id={stop.id}
                        data-kind={stop.kind}
                        data-request-id={stop.requestId ?? undefined}
                      >
                        <Show when={isNext()}>
                          <p class="sheet-next">▶ {t("sheet.next")}</p>
                        </Show>
                        <p class="sheet-time">
                          <span class="sheet-clock">{stop.time}</span> <span>{t(stopAction(stop))}</span>
                          <Show when={stop.status !== "pending"}>
                            <span class={`badge sheet-status-${stop.status}`}>
                              {t(`sheet.status.${stop.status}` as MessageId)}
                            </span>
                          </Show>
                        </p>
                        <p class="sheet-place">{placeName(stop)}</p>
                        <p class="sheet-address">
                          {stop.place.address ?? t("sheet.noAddress")}{" "}
                          <a href={mapsUrl(stop.place)} class="sheet-maplink" target="_blank" rel="noopener">
                            {t("sheet.openMap")}
                          </a>
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
                              onClick={() => change(stop, "done")}
                            >
                              {t(stop.kind === "pickup" ? "sheet.donePickup" : "sheet.doneDropoff")}
                            </button>
                            <Show when={stop.kind === "pickup"}>
                              <button
                                type="button"
                                class="button-secondary button-big"
                                disabled={busyStop() !== null}
                                onClick={() => change(stop, "no_show")}
                              >
                                {t("sheet.noShow")}
                              </button>
                            </Show>
                          </div>
                        </Show>
                        <Show when={canUndo(stop)}>
                          <div class="sheet-buttons">
                            <button
                              type="button"
                              class="button-secondary"
                              disabled={busyStop() !== null}
                              onClick={() => change(stop, "undo")}
                            >
                              {t("sheet.undo", { until: clockOf(stop.undoableUntil ?? "") })}
                            </button>
                          </div>
                        </Show>
                      </li>
                    );
                  }}
                </For>
              </ol>
              <table class="sheet-print print-only" data-testid="sheet-print">
                <caption>{title(s())}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("plan.col.time")}</th>
                    <th scope="col">{t("sheet.col.kind")}</th>
                    <th scope="col">{t("sheet.col.name")}</th>
                    <th scope="col">{t("sheet.col.placeName")}</th>
                    <th scope="col">{t("sheet.col.address")}</th>
                    <th scope="col">{t("sheet.col.phone")}</th>
                    <th scope="col">{t("sheet.col.needs")}</th>
                    <th scope="col">{t("sheet.col.memo")}</th>
                    <th scope="col">{t("sheet.col.check")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s().stops}>
                    {(stop) => (
                      <tr data-stop-id={stop.id} data-kind={stop.kind}>
                        <td>{stop.time}</td>
                        <td>{t(stopAction(stop))}</td>
                        <td>
                          {[
                            stop.residentName,
                            stop.requestKind === "parcel" ? stopFacts(stop).join(" ・ ") : null,
                            stop.requestKind === "ride"
                              ? t("sheet.passengers", { n: stop.passengers })
                              : null,
                          ]
                            .filter(Boolean)
                            .join(" ・ ")}
                        </td>
                        <td>{placeName(stop)}</td>
                        <td>{stop.place.address ?? ""}</td>
                        <td>{stop.phone ?? ""}</td>
                        <td>{stopNeeds(stop).join("・")}</td>
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
