import { useParams } from "@solidjs/router";
import {
  PARCEL_SIZE_CLASSES,
  type ParcelHandover,
  ParcelHandoverSchema,
  type ParcelSizeClass,
  ParcelSizeClassSchema,
  type Place,
  type RequestCreated,
  type RequestInput,
  type Resident,
  tokyoDate,
} from "@tsunagu/contract";
import { createMemo, createResource, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { ApiError, api } from "../api/client";
import { currentUser, municipalityKey, resolveMunicipality } from "../auth";
import { type MessageId, t } from "../i18n";
import { LocationPicker } from "../map/LocationPicker";
import { pointOf } from "../map/location";
import { reasonText } from "../matching/reasons";
import { Checkbox, FormAlert, LoadError, PlaceOptions } from "../ui/fields";
import { NewCaller } from "./NewCaller";
import {
  checkRequestDraft,
  type DraftErrors,
  fieldOf,
  OTHER_PLACE,
  serverErrorMessage,
} from "./requestForm.check";

const purposes = ["clinic", "shopping", "day_care", "errand", "social", "other"] as const;
type Purpose = (typeof purposes)[number];

/** Tomorrow in Japan: the usual day people book a clinic ride for. */
const tomorrowInJapan = () => tokyoDate(new Date(), 1);

/** A parcel's size class in words with its limits: 「中（10 kg まで・3辺の合計 100 cm まで）」. */
export function sizeClassText(sizeClass: ParcelSizeClass): string {
  const limit = PARCEL_SIZE_CLASSES[sizeClass];
  return `${t(`request.size.${sizeClass}` as MessageId)}（${t("request.sizeLimit", { kg: limit.maxKg, cm: limit.sidesCm })}）`;
}

/**
 * The request form in two modes: the resident's own (large, few choices) and
 * the coordinator's phone intake (adds needs, passengers and notes). Both offer
 * a ride (送迎) or a parcel (荷物: what, size class, receiver, 置き配 or 手渡し),
 * and go form → confirmation → done, sending one Idempotency-Key per request so a
 * double tap or a retry never books twice. Mistakes are caught at the form step,
 * by the field, in a sentence that says what to do (requestForm.check.ts).
 */

/** Spaces dropped, lower case: 「山田　花子」 and 「山田花子」 match alike. */
const squeeze = (text: string) => text.replace(/[\s\u3000]+/g, "").toLowerCase();

/**
 * The residents a caller may be, for the phone intake: those whose name, kana
 * or phone (digits) contain what was typed — and the one already chosen.
 */
export function residentMatches(residents: readonly Resident[], query: string, chosen: string): Resident[] {
  const q = squeeze(query);
  const digits = query.replace(/\D+/g, "");
  if (!q) return [...residents];
  return residents.filter(
    (r) =>
      r.id === chosen ||
      (r.name !== null && squeeze(r.name).includes(q)) ||
      (r.nameKana !== null && squeeze(r.nameKana).includes(q)) ||
      (digits.length >= 3 && r.phone !== null && r.phone.replace(/\D+/g, "").includes(digits)),
  );
}

/** One resident told apart from namesakes: name (kana), birth year, address, the phone's last four digits. */
export function residentOptionLabel(r: Resident): string {
  const tail = r.phone?.replace(/\D+/g, "").slice(-4);
  return [
    r.nameKana ? `${r.name ?? r.id}（${r.nameKana}）` : (r.name ?? r.id),
    r.birthYear !== null ? t("request.whoBorn", { year: r.birthYear }) : null,
    r.address,
    tail ? `☎…${tail}` : null,
  ]
    .filter(Boolean)
    .join(" ・ ");
}

export function RequestFormPage(props: { mode: "resident" | "phone" }) {
  const params = useParams<{ code?: string }>();
  // A signed-in resident books for themselves: their municipality and resident record come from
  // the session, and no list of other residents' names is ever fetched.
  const self = () => (currentUser()?.role === "resident" ? currentUser() : null);
  const [data, { mutate }] = createResource(
    () => self()?.municipalityCode ?? municipalityKey(params.code),
    async (key) => {
      const chosen = await resolveMunicipality(key);
      if (!chosen) return undefined;
      const [places, residents] = await Promise.all([
        api.places(chosen),
        self() ? Promise.resolve({ items: [] as Resident[] }) : api.residents(chosen),
      ]);
      return { code: chosen, places: places.items, residents: residents.items };
    },
  );
  const [step, setStep] = createSignal<"form" | "confirm" | "done">("form");
  const [kind, setKind] = createSignal<"ride" | "parcel">("ride");
  const [residentId, setResidentId] = createSignal(self()?.residentId ?? "");
  const [whoQuery, setWhoQuery] = createSignal("");
  const [registeredCaller, setRegisteredCaller] = createSignal<string | null>(null);
  const [purpose, setPurpose] = createSignal<Purpose>("clinic");
  const [from, setFrom] = createSignal("home");
  const [to, setTo] = createSignal("");
  const noPoint = { lat: "", lon: "" };
  const [fromPoint, setFromPoint] = createSignal(noPoint);
  const [toPoint, setToPoint] = createSignal(noPoint);
  const [date, setDate] = createSignal(tomorrowInJapan());
  const [earliest, setEarliest] = createSignal("09:00");
  const [latest, setLatest] = createSignal("11:00");
  const [passengers, setPassengers] = createSignal(1);
  const [wheelchair, setWheelchair] = createSignal(false);
  const [escort, setEscort] = createSignal(false);
  const [notes, setNotes] = createSignal("");
  const [description, setDescription] = createSignal("");
  const [sizeClass, setSizeClass] = createSignal<ParcelSizeClass | "">("");
  const [cold, setCold] = createSignal(false);
  const [receiverName, setReceiverName] = createSignal("");
  const [receiverPhone, setReceiverPhone] = createSignal("");
  const [handover, setHandover] = createSignal<ParcelHandover>("hand_to_person");
  // Fields the person has finished with (or all, once 「確認へ」 was pressed) show their mistakes.
  const [touched, setTouched] = createSignal<ReadonlySet<string>>(new Set());
  const [tried, setTried] = createSignal(false);
  const [serverErrors, setServerErrors] = createSignal<DraftErrors>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [sending, setSending] = createSignal(false);
  const [created, setCreated] = createSignal<RequestCreated | null>(null);
  // The same trip is already booked: its number, while the person decides whether to book it again.
  const [duplicateOf, setDuplicateOf] = createSignal<string | null>(null);
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
  const isParcel = () => kind() === "parcel";

  const localErrors = createMemo(() =>
    checkRequestDraft(
      {
        kind: kind(),
        mode: props.mode,
        residentId: residentId(),
        from: from(),
        to: to(),
        fromPoint: fromPoint(),
        toPoint: toPoint(),
        date: date(),
        earliest: earliest(),
        latest: latest(),
        passengers: passengers(),
        description: description(),
        sizeClass: sizeClass(),
        receiverName: receiverName(),
        receiverPhone: receiverPhone(),
      },
      new Date(),
    ),
  );
  /** What each field shows: the form's own check for fields done with, then the server's answer. */
  const errors = createMemo(() => {
    const shown: DraftErrors = { ...serverErrors() };
    for (const [name, message] of Object.entries(localErrors()))
      if (tried() || touched().has(name)) shown[name] = message;
    return shown;
  });
  /** Marks a field as done with and drops the server's old complaint about it. */
  function edited(name: string) {
    setTouched((s) => new Set([...s, name]));
    setServerErrors(({ [name]: _, ...rest }) => rest);
  }

  const placeName = (places: Place[], id: string) => places.find((p) => p.id === id)?.name ?? "";
  const residentName = (residents: Resident[]) =>
    self()?.displayName ?? residents.find((r) => r.id === residentId())?.name ?? "";
  /** A leg's end as the API takes it; a pin is sent only once the form's check passed (so it parses). */
  const location = (value: string, point: { lat: string; lon: string }) => {
    if (value === "home") return { home: true as const };
    const at = value === OTHER_PLACE ? pointOf(point) : undefined;
    return at ? { lat: at.lat, lon: at.lon } : { placeId: value };
  };

  function body(): RequestInput {
    const common = {
      residentId: residentId() || null,
      date: date(),
      earliest: earliest(),
      latest: latest(),
      pickup: location(from(), fromPoint()),
      dropoff: location(to(), toPoint()),
      source: props.mode,
      notes: notes().trim() || null,
    };
    const size = sizeClass();
    if (isParcel() && size)
      return {
        ...common,
        kind: "parcel",
        description: description().trim(),
        sizeClass: size,
        cold: cold(),
        receiverName: receiverName().trim() || null,
        receiverPhone: receiverPhone().trim() || null,
        handover: handover(),
      };
    return {
      ...common,
      kind: "ride",
      purpose: purpose(),
      passengers: passengers(),
      wheelchair: wheelchair(),
      escort: escort(),
      priority: purpose() === "clinic" ? 2 : 0,
    };
  }

  /** The form step: every check the browser can make, shown by its field, before the confirmation. */
  function review() {
    setTried(true);
    const invalid = Object.keys(errors());
    setFormError(invalid.length ? "request.errorStep" : null);
    if (invalid.length === 0) {
      setStep("confirm");
      return;
    }
    // Take the person to the first thing to fix (in the form's order), so a screen reader reads it.
    const first = fieldOrder.find((name) => invalid.includes(name));
    document.getElementById(`f-${first}`)?.focus();
  }

  /** Sends the request; `confirmDuplicate` once the person chose to book the same trip again. */
  async function submit(code: string, confirmDuplicate = false) {
    setSending(true);
    setDuplicateOf(null);
    try {
      setCreated(await api.createRequest(code, { ...body(), confirmDuplicate }, idempotencyKey));
      setStep("done");
    } catch (error) {
      if (error instanceof ApiError && error.code === "duplicate_request") {
        // Nothing was stored: ask before booking the same trip a second time.
        const existing = error.problem.existingRequestId;
        setDuplicateOf(typeof existing === "string" ? existing : "");
        return;
      }
      const refused: DraftErrors = {};
      let unplaced = false;
      if (error instanceof ApiError)
        for (const e of error.errors) {
          const field = fieldOf(e.path);
          const message = serverErrorMessage(field, e.code);
          if (message && fieldOrder.includes(field)) refused[field] = message;
          else unplaced = true;
        }
      setServerErrors(refused);
      setFormError(
        !(error instanceof ApiError) || error.errors.length === 0
          ? "request.errorNetwork"
          : unplaced
            ? "request.errorOther"
            : "request.error",
      );
      setStep("form");
    } finally {
      setSending(false);
    }
  }

  function restart() {
    idempotencyKey = crypto.randomUUID();
    setCreated(null);
    setDuplicateOf(null);
    setTo("");
    setToPoint(noPoint);
    setNotes("");
    setDescription("");
    setReceiverName("");
    setReceiverPhone("");
    setTouched(new Set<string>());
    setTried(false);
    setServerErrors({});
    setFormError(null);
    setStep("form");
  }

  const fieldError = (name: string) => (
    <Show when={errors()[name]}>
      {(message) => (
        <p class="field-error" id={`${name}-error`}>
          ⚠ {t(message())}
        </p>
      )}
    </Show>
  );
  /** The control's error wiring: described by its error, and marked invalid while it has one. */
  const invalidProps = (name: string) => ({
    "aria-describedby": errors()[name] ? `${name}-error` : undefined,
    "aria-invalid": errors()[name] ? ("true" as const) : undefined,
  });
  const field = (name: string, label: MessageId, control: JSX.Element, hint?: MessageId) => (
    <div class={`field${errors()[name] ? " field-invalid" : ""}`}>
      <label for={`f-${name}`}>{t(label)}</label>
      <Show when={hint}>{(h) => <p class="field-hint">{t(h())}</p>}</Show>
      {control}
      {fieldError(name)}
    </div>
  );
  /** An input bound to a signal, with its error wiring; done with when the person leaves it. */
  const inputField = (
    name: string,
    label: MessageId,
    value: () => string | number,
    set: (value: string) => void,
    attributes: JSX.InputHTMLAttributes<HTMLInputElement>,
    hint?: MessageId,
  ) =>
    field(
      name,
      label,
      <input
        id={`f-${name}`}
        {...attributes}
        value={value()}
        {...invalidProps(name)}
        onInput={(e) => set(e.currentTarget.value)}
        onChange={() => edited(name)}
      />,
      hint,
    );
  /** A set of radio buttons for one value; the first gets `f-<name>` so an error can focus it. */
  function choices<T extends string>(
    name: string,
    legend: MessageId,
    options: readonly T[],
    value: () => T | "",
    choose: (v: T) => void,
    label: (v: T) => string,
  ) {
    return (
      <div class={`field${errors()[name] ? " field-invalid" : ""}`}>
        <fieldset class="choice-group" aria-describedby={errors()[name] ? `${name}-error` : undefined}>
          <legend>{t(legend)}</legend>
          <For each={options}>
            {(option, i) => (
              <label class="choice">
                <input
                  type="radio"
                  name={name}
                  id={i() === 0 ? `f-${name}` : undefined}
                  value={option}
                  checked={value() === option}
                  aria-invalid={errors()[name] ? "true" : undefined}
                  onChange={() => {
                    choose(option);
                    edited(name);
                  }}
                />
                {label(option)}
              </label>
            )}
          </For>
        </fieldset>
        {fieldError(name)}
      </div>
    );
  }
  const placeLabel = (places: Place[], value: string, point: { lat: string; lon: string }) =>
    value === "home"
      ? t("request.fromHome")
      : value === OTHER_PLACE
        ? t("request.pointLabel", { lat: point.lat, lon: point.lon })
        : placeName(places, value);
  /**
   * The map pin of 「その他の場所」 under its select: a destination outside
   * the municipality (the next city's hospital) is pointed out, not refused.
   */
  const otherPlace = (
    name: "pickup" | "dropoff",
    choice: () => string,
    point: () => { lat: string; lon: string },
    setPoint: (value: { lat: string; lon: string }) => void,
    code: string,
  ) => (
    <Show when={choice() === OTHER_PLACE}>
      <LocationPicker
        code={code}
        idPrefix={`${name}-point`}
        legend={t(
          name === "pickup"
            ? isParcel()
              ? "request.parcelFromPoint"
              : "request.fromPoint"
            : isParcel()
              ? "request.parcelToPoint"
              : "request.toPoint",
        )}
        paths={{ lat: `${name}.lat`, lon: `${name}.lon` }}
        errors={{}}
        value={point()}
        onChange={(value) => {
          setPoint(value);
          edited(name);
        }}
        purpose="destination"
      />
    </Show>
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
                  noValidate
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
                    <div class="field">
                      <label for="f-who-search">{t("request.whoSearch")}</label>
                      <input
                        id="f-who-search"
                        type="search"
                        value={whoQuery()}
                        onInput={(e) => setWhoQuery(e.currentTarget.value)}
                      />
                      <p class="muted" role="status">
                        {t("request.whoFound", {
                          n: residentMatches(loaded().residents, whoQuery(), residentId()).length,
                        })}
                      </p>
                    </div>
                    {field(
                      "residentId",
                      "request.who",
                      <select
                        id="f-residentId"
                        value={residentId()}
                        {...invalidProps("residentId")}
                        onChange={(e) => {
                          setResidentId(e.currentTarget.value);
                          edited("residentId");
                        }}
                      >
                        <option value="">{t("request.whoChoose")}</option>
                        <For each={residentMatches(loaded().residents, whoQuery(), residentId())}>
                          {(r) => <option value={r.id}>{residentOptionLabel(r)}</option>}
                        </For>
                      </select>,
                    )}
                    <Show when={registeredCaller()}>
                      {(name) => (
                        <p role="status" class="form-done">
                          {t("intake.registered", { name: name() })}
                        </p>
                      )}
                    </Show>
                    <NewCaller
                      code={loaded().code}
                      onRegistered={(resident) => {
                        // The new caller joins the list and is chosen; what was typed for the booking stays.
                        mutate((d) => (d ? { ...d, residents: [...d.residents, resident] } : d));
                        setResidentId(resident.id);
                        setWhoQuery("");
                        setWheelchair(resident.wheelchair);
                        setEscort(resident.escort);
                        setRegisteredCaller(resident.name ?? "");
                        edited("residentId");
                      }}
                    />
                  </Show>
                  {choices("kind", "request.kind", ["ride", "parcel"] as const, kind, setKind, (k) =>
                    t(`request.kind.${k}` as MessageId),
                  )}
                  <Show when={!isParcel()}>
                    {choices("purpose", "request.purpose", purposes, purpose, setPurpose, (p) =>
                      t(`request.purpose.${p}` as MessageId),
                    )}
                  </Show>
                  <Show when={isParcel()}>
                    {inputField(
                      "description",
                      "request.description",
                      description,
                      setDescription,
                      { type: "text", maxLength: 60 },
                      "request.descriptionHint",
                    )}
                    {choices(
                      "sizeClass",
                      "request.sizeClass",
                      ParcelSizeClassSchema.options,
                      sizeClass,
                      setSizeClass,
                      sizeClassText,
                    )}
                    <Checkbox label={t("request.cold")} checked={cold()} onChange={setCold} />
                  </Show>
                  {field(
                    "pickup",
                    isParcel() ? "request.parcelFrom" : "request.from",
                    <select
                      id="f-pickup"
                      value={from()}
                      {...invalidProps("pickup")}
                      onChange={(e) => {
                        setFrom(e.currentTarget.value);
                        edited("pickup");
                      }}
                    >
                      <option value="home">{t("request.fromHome")}</option>
                      <PlaceOptions places={loaded().places} />
                      <option value={OTHER_PLACE}>{t("request.otherPlace")}</option>
                    </select>,
                  )}
                  {otherPlace("pickup", from, fromPoint, setFromPoint, loaded().code)}
                  {field(
                    "dropoff",
                    isParcel() ? "request.parcelTo" : "request.to",
                    <select
                      id="f-dropoff"
                      value={to()}
                      {...invalidProps("dropoff")}
                      onChange={(e) => {
                        setTo(e.currentTarget.value);
                        edited("dropoff");
                      }}
                    >
                      <option value="">{t("request.whoChoose")}</option>
                      <option value="home">{t("request.fromHome")}</option>
                      <PlaceOptions places={loaded().places} />
                      <option value={OTHER_PLACE}>{t("request.otherPlace")}</option>
                    </select>,
                  )}
                  {otherPlace("dropoff", to, toPoint, setToPoint, loaded().code)}
                  <Show when={isParcel()}>
                    {inputField("receiverName", "request.receiverName", receiverName, setReceiverName, {
                      type: "text",
                      maxLength: 60,
                      autocomplete: "off",
                    })}
                    {inputField("receiverPhone", "request.receiverPhone", receiverPhone, setReceiverPhone, {
                      type: "tel",
                      inputmode: "tel",
                      maxLength: 20,
                      autocomplete: "off",
                    })}
                    {choices(
                      "handover",
                      "request.handover",
                      ParcelHandoverSchema.options,
                      handover,
                      setHandover,
                      (h) => t(`request.handover.${h}` as MessageId),
                    )}
                  </Show>
                  {inputField("date", "request.date", date, setDate, { type: "date" })}
                  <div class="field-row">
                    {inputField(
                      "earliest",
                      isParcel() ? "request.parcelEarliest" : "request.earliest",
                      earliest,
                      setEarliest,
                      { type: "time" },
                    )}
                    {inputField(
                      "latest",
                      isParcel() ? "request.parcelLatest" : "request.latest",
                      latest,
                      setLatest,
                      { type: "time" },
                    )}
                  </div>
                  <Show when={props.mode === "phone"}>
                    <Show when={!isParcel()}>
                      {inputField(
                        "passengers",
                        "request.passengers",
                        passengers,
                        (v) => setPassengers(Number(v)),
                        { type: "number", min: "1", max: "20" },
                      )}
                      <Checkbox
                        label={t("request.wheelchair")}
                        checked={wheelchair()}
                        onChange={setWheelchair}
                      />
                      <Checkbox label={t("request.escort")} checked={escort()} onChange={setEscort} />
                    </Show>
                    {field(
                      "notes",
                      "request.notes",
                      <textarea
                        id="f-notes"
                        rows="3"
                        maxLength={500}
                        value={notes()}
                        {...invalidProps("notes")}
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
                  <dt>{t("request.kind")}</dt>
                  <dd>{t(`request.kind.${kind()}` as MessageId)}</dd>
                  <Show
                    when={isParcel()}
                    fallback={
                      <>
                        <dt>{t("request.purpose")}</dt>
                        <dd>{t(`request.purpose.${purpose()}` as MessageId)}</dd>
                      </>
                    }
                  >
                    <dt>{t("request.description")}</dt>
                    <dd>{description()}</dd>
                    <dt>{t("request.sizeClass")}</dt>
                    <dd>
                      {sizeClass() ? sizeClassText(sizeClass() as ParcelSizeClass) : ""}
                      {cold() ? `・${t("request.cold")}` : ""}
                    </dd>
                  </Show>
                  <dt>{t(isParcel() ? "request.parcelFrom" : "request.from")}</dt>
                  <dd>{placeLabel(loaded().places, from(), fromPoint())}</dd>
                  <dt>{t(isParcel() ? "request.parcelTo" : "request.to")}</dt>
                  <dd>{placeLabel(loaded().places, to(), toPoint())}</dd>
                  <Show when={isParcel()}>
                    <dt>{t("request.receiverName")}</dt>
                    <dd>
                      {receiverName().trim() || t("request.receiverSelf")}
                      {receiverPhone().trim() ? `（☎ ${receiverPhone().trim()}）` : ""}
                    </dd>
                    <dt>{t("request.handover")}</dt>
                    <dd>{t(`request.handover.${handover()}` as MessageId)}</dd>
                  </Show>
                  <dt>{t("request.date")}</dt>
                  <dd>{date()}</dd>
                  <dt>{t(isParcel() ? "request.parcelEarliest" : "request.earliest")}</dt>
                  <dd>{earliest()}</dd>
                  <dt>{t(isParcel() ? "request.parcelLatest" : "request.latest")}</dt>
                  <dd>{latest()}</dd>
                </dl>
                <Show
                  when={duplicateOf() !== null}
                  fallback={
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
                  }
                >
                  <div class="notice duplicate-box" role="alert" data-testid="request-duplicate">
                    <p>{t("request.duplicate", { id: duplicateOf()?.slice(0, 8) ?? "" })}</p>
                    <div class="button-row">
                      <button
                        type="button"
                        class="button button-secondary"
                        onClick={() => {
                          setDuplicateOf(null);
                          setStep("form");
                        }}
                      >
                        {t("request.duplicateStop")}
                      </button>
                      <button
                        type="button"
                        class="button button-big"
                        disabled={sending()}
                        onClick={() => submit(loaded().code, true)}
                      >
                        {sending() ? t("request.sending") : t("request.duplicateAgain")}
                      </button>
                    </div>
                  </div>
                </Show>
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

/** The form's fields top to bottom: the first one with a mistake gets the focus. */
const fieldOrder = [
  "residentId",
  "kind",
  "purpose",
  "description",
  "sizeClass",
  "pickup",
  "dropoff",
  "receiverName",
  "receiverPhone",
  "handover",
  "date",
  "earliest",
  "latest",
  "passengers",
  "notes",
];

export const ResidentRequestPage = () => <RequestFormPage mode="resident" />;
export const PhoneIntakePage = () => <RequestFormPage mode="phone" />;
