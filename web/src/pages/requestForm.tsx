import { useParams } from "@solidjs/router";
import {
  type Place,
  type RequestCreated,
  type RequestInput,
  type Resident,
  tokyoDate,
} from "@tsunagu/contract";
import { createResource, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { ApiError, api } from "../api/client";
import { currentUser } from "../auth";
import { type MessageId, t } from "../i18n";
import { reasonText } from "../matching/reasons";
import { Checkbox, FormAlert, LoadError, PlaceOptions } from "../ui/fields";

const purposes = ["clinic", "shopping", "day_care", "errand", "social", "other"] as const;
type Purpose = (typeof purposes)[number];

/** Tomorrow in Japan: the usual day people book a clinic ride for. */
const tomorrowInJapan = () => tokyoDate(new Date(), 1);

/** Field name from a problem path: "body.dropoff.placeId" → "dropoff". */
function fieldOf(path: string): string {
  const parts = path.split(".");
  return parts[0] === "body" ? (parts[1] ?? "") : (parts[0] ?? "");
}

/**
 * The request form in two modes: the resident's own (large, few choices) and
 * the coordinator's phone intake (adds needs, passengers and notes). Both go
 * form → confirmation → done, and send one Idempotency-Key per request so a
 * double tap or a retry never books twice.
 */

/**
 * Residents read these, often on a phone: each rule the server names gets a plain Japanese
 * sentence, and anything else a gentle "please check" rather than the API's English detail.
 */
const requestErrorMessages: Record<string, MessageId> = {
  date_in_past: "request.err.dateInPast",
  time_in_past: "request.err.timeInPast",
  window_ends_before_start: "request.err.windowOrder",
  same_place: "request.err.samePlace",
  home_without_resident: "request.err.whoseHome",
};
const requestErrorMessage = (code: string | undefined): MessageId =>
  (code && requestErrorMessages[code]) || "request.err.check";

export function RequestFormPage(props: { mode: "resident" | "phone" }) {
  const params = useParams<{ code?: string }>();
  // A signed-in resident books for themselves: their municipality and resident record come from
  // the session, and no list of other residents' names is ever fetched.
  const self = () => (currentUser()?.role === "resident" ? currentUser() : null);
  const [data] = createResource(
    () => self()?.municipalityCode ?? params.code ?? "",
    async (code) => {
      const chosen = code || (await api.municipalities()).items[0]?.code;
      if (!chosen) return undefined;
      const [places, residents] = await Promise.all([
        api.places(chosen),
        self() ? Promise.resolve({ items: [] as Resident[] }) : api.residents(chosen),
      ]);
      return { code: chosen, places: places.items, residents: residents.items };
    },
  );
  const [step, setStep] = createSignal<"form" | "confirm" | "done">("form");
  const [residentId, setResidentId] = createSignal(self()?.residentId ?? "");
  const [purpose, setPurpose] = createSignal<Purpose>("clinic");
  const [from, setFrom] = createSignal("home");
  const [to, setTo] = createSignal("");
  const [date, setDate] = createSignal(tomorrowInJapan());
  const [earliest, setEarliest] = createSignal("09:00");
  const [latest, setLatest] = createSignal("11:00");
  const [passengers, setPassengers] = createSignal(1);
  const [wheelchair, setWheelchair] = createSignal(false);
  const [escort, setEscort] = createSignal(false);
  const [notes, setNotes] = createSignal("");
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [sending, setSending] = createSignal(false);
  const [created, setCreated] = createSignal<RequestCreated | null>(null);
  // The day's plan was already approved: the server placed the request at once (or says why not).
  const insertedPlacement = () => {
    const placement = created()?.placement;
    return placement?.status === "inserted" ? placement : undefined;
  };
  const unservablePlacement = () => {
    const placement = created()?.placement;
    return placement?.status === "unservable" ? placement : undefined;
  };
  let idempotencyKey = crypto.randomUUID();

  const placeName = (places: Place[], id: string) => places.find((p) => p.id === id)?.name ?? "";
  const residentName = (residents: Resident[]) =>
    self()?.displayName ?? residents.find((r) => r.id === residentId())?.name ?? "";
  const location = (value: string) => (value === "home" ? { home: true as const } : { placeId: value });

  function body(): RequestInput {
    return {
      kind: "ride",
      residentId: residentId() || null,
      date: date(),
      earliest: earliest(),
      latest: latest(),
      purpose: purpose(),
      pickup: location(from()),
      dropoff: location(to()),
      passengers: passengers(),
      wheelchair: wheelchair(),
      escort: escort(),
      source: props.mode,
      notes: notes().trim() || null,
      priority: purpose() === "clinic" ? 2 : 0,
    };
  }

  /** Checks the browser can do before the server: a destination chosen, a resident for 自宅. */
  function review() {
    const local: Record<string, string> = {};
    if (!to()) local.dropoff = t("request.to");
    if (from() === "home" && !residentId()) local.residentId = t("request.who");
    setErrors(local);
    setFormError(Object.keys(local).length ? "request.error" : null);
    if (Object.keys(local).length === 0) setStep("confirm");
  }

  async function submit(code: string) {
    setSending(true);
    try {
      setCreated(await api.createRequest(code, body(), idempotencyKey));
      setStep("done");
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        setErrors(
          Object.fromEntries(error.errors.map((e) => [fieldOf(e.path), t(requestErrorMessage(e.code))])),
        );
        setFormError("request.error");
      } else setFormError("request.errorNetwork");
      setStep("form");
    } finally {
      setSending(false);
    }
  }

  function restart() {
    idempotencyKey = crypto.randomUUID();
    setCreated(null);
    setTo("");
    setNotes("");
    setErrors({});
    setFormError(null);
    setStep("form");
  }

  const fieldError = (name: string) => (
    <Show when={errors()[name]}>
      <p class="field-error" id={`${name}-error`}>
        ⚠ {errors()[name]}
      </p>
    </Show>
  );
  const described = (name: string) => (errors()[name] ? `${name}-error` : undefined);
  const field = (name: string, label: MessageId, control: JSX.Element) => (
    <div class={`field${errors()[name] ? " field-invalid" : ""}`}>
      <label for={`f-${name}`}>{t(label)}</label>
      {control}
      {fieldError(name)}
    </div>
  );

  return (
    <section class={`page request-page${props.mode === "resident" ? " request-resident" : ""}`}>
      <h1>{t(props.mode === "resident" ? "request.title" : "request.intakeTitle")}</h1>
      <Show when={!data.error} fallback={<LoadError error={data.error} />}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <Switch>
              <Match when={step() === "form"}>
                <p class="lead">{t("request.lead")}</p>
                <FormAlert message={formError()} />
                <form
                  class="request-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    review();
                  }}
                >
                  <Show when={self()}>
                    {(me) => (
                      <p class="request-self" data-testid="request-self">
                        {t("request.forYou")}：{me().displayName}
                      </p>
                    )}
                  </Show>
                  <Show when={!self()}>
                    {field(
                      "residentId",
                      "request.who",
                      <select
                        id="f-residentId"
                        value={residentId()}
                        aria-describedby={described("residentId")}
                        onChange={(e) => setResidentId(e.currentTarget.value)}
                      >
                        <option value="">{t("request.whoChoose")}</option>
                        <For each={loaded().residents}>
                          {(r) => <option value={r.id}>{r.name ?? r.id}</option>}
                        </For>
                      </select>,
                    )}
                  </Show>
                  <fieldset class="choice-group">
                    <legend>{t("request.purpose")}</legend>
                    <For each={purposes}>
                      {(p) => (
                        <label class="choice">
                          <input
                            type="radio"
                            name="purpose"
                            value={p}
                            checked={purpose() === p}
                            onChange={() => setPurpose(p)}
                          />
                          {t(`request.purpose.${p}` as MessageId)}
                        </label>
                      )}
                    </For>
                  </fieldset>
                  {field(
                    "pickup",
                    "request.from",
                    <select
                      id="f-pickup"
                      value={from()}
                      aria-describedby={described("pickup")}
                      onChange={(e) => setFrom(e.currentTarget.value)}
                    >
                      <option value="home">{t("request.fromHome")}</option>
                      <PlaceOptions places={loaded().places} />
                    </select>,
                  )}
                  {field(
                    "dropoff",
                    "request.to",
                    <select
                      id="f-dropoff"
                      value={to()}
                      aria-describedby={described("dropoff")}
                      onChange={(e) => setTo(e.currentTarget.value)}
                    >
                      <option value="">{t("request.whoChoose")}</option>
                      <option value="home">{t("request.fromHome")}</option>
                      <PlaceOptions places={loaded().places} />
                    </select>,
                  )}
                  {field(
                    "date",
                    "request.date",
                    <input
                      id="f-date"
                      type="date"
                      value={date()}
                      aria-describedby={described("date")}
                      onInput={(e) => setDate(e.currentTarget.value)}
                    />,
                  )}
                  <div class="field-row">
                    {field(
                      "earliest",
                      "request.earliest",
                      <input
                        id="f-earliest"
                        type="time"
                        value={earliest()}
                        aria-describedby={described("earliest")}
                        onInput={(e) => setEarliest(e.currentTarget.value)}
                      />,
                    )}
                    {field(
                      "latest",
                      "request.latest",
                      <input
                        id="f-latest"
                        type="time"
                        value={latest()}
                        aria-describedby={described("latest")}
                        onInput={(e) => setLatest(e.currentTarget.value)}
                      />,
                    )}
                  </div>
                  <Show when={props.mode === "phone"}>
                    {field(
                      "passengers",
                      "request.passengers",
                      <input
                        id="f-passengers"
                        type="number"
                        min="1"
                        max="20"
                        value={passengers()}
                        aria-describedby={described("passengers")}
                        onInput={(e) => setPassengers(Number(e.currentTarget.value))}
                      />,
                    )}
                    <Checkbox
                      label={t("request.wheelchair")}
                      checked={wheelchair()}
                      onChange={setWheelchair}
                    />
                    <Checkbox label={t("request.escort")} checked={escort()} onChange={setEscort} />
                    {field(
                      "notes",
                      "request.notes",
                      <textarea
                        id="f-notes"
                        rows="3"
                        maxLength={500}
                        value={notes()}
                        aria-describedby={described("notes")}
                        onInput={(e) => setNotes(e.currentTarget.value)}
                      />,
                    )}
                  </Show>
                  <button type="submit" class="button button-big">
                    {t("request.next")}
                  </button>
                </form>
              </Match>
              <Match when={step() === "confirm"}>
                <h2>{t("request.confirmTitle")}</h2>
                <dl class="confirm-list" data-testid="request-confirm">
                  <dt>{t("request.who")}</dt>
                  <dd>{residentName(loaded().residents) || "—"}</dd>
                  <dt>{t("request.purpose")}</dt>
                  <dd>{t(`request.purpose.${purpose()}` as MessageId)}</dd>
                  <dt>{t("request.from")}</dt>
                  <dd>{from() === "home" ? t("request.fromHome") : placeName(loaded().places, from())}</dd>
                  <dt>{t("request.to")}</dt>
                  <dd>{to() === "home" ? t("request.fromHome") : placeName(loaded().places, to())}</dd>
                  <dt>{t("request.date")}</dt>
                  <dd>{date()}</dd>
                  <dt>{t("request.earliest")}</dt>
                  <dd>{earliest()}</dd>
                  <dt>{t("request.latest")}</dt>
                  <dd>{latest()}</dd>
                </dl>
                <div class="button-row">
                  <button
                    type="button"
                    class="button button-big"
                    disabled={sending()}
                    onClick={() => submit(loaded().code)}
                  >
                    {sending() ? t("request.sending") : t("request.submit")}
                  </button>
                  <button type="button" class="button button-secondary" onClick={() => setStep("form")}>
                    {t("request.back")}
                  </button>
                </div>
              </Match>
              <Match when={step() === "done"}>
                <div class="done-box" role="status" data-testid="request-done">
                  <h2>{t("request.doneTitle")}</h2>
                  <Switch fallback={<p>{t("request.doneLead", { id: created()?.id.slice(0, 8) ?? "" })}</p>}>
                    <Match when={insertedPlacement()}>
                      {(placed) => (
                        <p class="done-placement" data-testid="request-placement">
                          {t("request.donePlaced", {
                            pickup: placed().pickupTime,
                            dropoff: placed().dropoffTime,
                            id: created()?.id.slice(0, 8) ?? "",
                          })}
                        </p>
                      )}
                    </Match>
                    <Match when={unservablePlacement()}>
                      {(refused) => (
                        <p class="done-placement" data-testid="request-placement">
                          {t("request.doneUnplaced", {
                            reason: reasonText(refused().reason, created()?.kind ?? "ride").reason,
                            id: created()?.id.slice(0, 8) ?? "",
                          })}
                        </p>
                      )}
                    </Match>
                  </Switch>
                </div>
                <button type="button" class="button button-secondary" onClick={restart}>
                  {t("request.another")}
                </button>
              </Match>
            </Switch>
          )}
        </Show>
      </Show>
    </section>
  );
}

export const ResidentRequestPage = () => <RequestFormPage mode="resident" />;
export const PhoneIntakePage = () => <RequestFormPage mode="phone" />;
