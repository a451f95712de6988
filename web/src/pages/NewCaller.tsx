import type { Resident } from "@tsunagu/contract";
import { createSignal, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { LocationPicker, outsideUnconfirmed } from "../map/LocationPicker";
import { saveFailure } from "../registry/ui";
import { bindFields, Checkbox, FieldError, type FieldErrors, FormAlert, TextField } from "../ui/fields";

const emptyCaller = () => ({
  name: "",
  nameKana: "",
  phone: "",
  address: "",
  lat: "",
  lon: "",
  outsideOk: false,
  wheelchair: false,
  escort: false,
  consent: false,
});

/**
 * Phone intake's 「新しい方を登録」: a caller not yet in the register is
 * registered on the spot (name, kana, phone, address, home by map pin, needs,
 * consent asked on the phone) through the residents API — audited as every
 * resident write is — and handed back to the booking, which keeps what was
 * already typed. A group inside the booking form, not a form of its own
 * (forms do not nest); Enter in its fields registers, not books.
 */
export function NewCaller(props: { code: string; onRegistered: (resident: Resident) => void }) {
  const [open, setOpen] = createSignal(false);
  const [caller, setCaller] = createStore(emptyCaller());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [formError, setFormError] = createSignal<MessageId | null>(null);
  const [saving, setSaving] = createSignal(false);
  const fields = bindFields(caller, setCaller, errors);

  async function register() {
    setFormError(null);
    if (await outsideUnconfirmed(props.code, "home", caller, caller.outsideOk)) {
      setErrors({ home: t("loc.err.confirm") });
      return;
    }
    setSaving(true);
    try {
      const resident = await api.createResident(props.code, {
        name: caller.name,
        nameKana: caller.nameKana.trim() || null,
        phone: caller.phone.trim() || null,
        address: caller.address.trim() || null,
        home: { lat: Number(caller.lat), lon: Number(caller.lon) },
        wheelchair: caller.wheelchair,
        escort: caller.escort,
        consent: caller.consent,
      });
      setErrors({});
      setCaller(emptyCaller());
      setOpen(false);
      props.onRegistered(resident);
      document.getElementById("f-residentId")?.focus();
    } catch (error) {
      const failure = saveFailure(error);
      setErrors(failure.fields);
      setFormError(failure.form);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Show
      when={open()}
      fallback={
        <button type="button" class="button-secondary" onClick={() => setOpen(true)}>
          {t("intake.newCaller")}
        </button>
      }
    >
      <fieldset
        class="new-caller"
        data-testid="new-caller"
        onKeyDown={(event) => {
          if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
            event.preventDefault();
            void register();
          }
        }}
      >
        <legend class="new-caller-title">{t("intake.newCallerTitle")}</legend>
        <FormAlert message={formError()} />
        <div class="field-row">
          <TextField id="nc-name" label={t("rsd.field.name")} {...fields.input("name")} />
          <TextField id="nc-kana" label={t("rsd.field.nameKana")} {...fields.input("nameKana")} />
          <TextField id="nc-phone" label={t("rsd.field.phone")} type="tel" {...fields.input("phone")} />
          <TextField id="nc-address" label={t("rsd.field.address")} {...fields.input("address")} />
        </div>
        <LocationPicker
          code={props.code}
          idPrefix="nc"
          legend={t("rsd.field.home")}
          labels={{ lat: t("rsd.field.lat"), lon: t("rsd.field.lon") }}
          paths={{ lat: "home.lat", lon: "home.lon" }}
          errors={errors()}
          value={caller}
          onChange={(at) => setCaller(at)}
          purpose="home"
          confirmOutside={{ checked: caller.outsideOk, onChange: (on) => setCaller("outsideOk", on) }}
        />
        <FieldError errors={errors()} path="home" />
        <fieldset class="choice-group">
          <legend>{t("rsd.field.needs")}</legend>
          <Checkbox
            label={t("rsd.field.wheelchair")}
            checked={caller.wheelchair}
            onChange={(on) => setCaller("wheelchair", on)}
          />
          <Checkbox
            label={t("rsd.field.escort")}
            checked={caller.escort}
            onChange={(on) => setCaller("escort", on)}
          />
        </fieldset>
        <Checkbox
          label={t("intake.consent")}
          checked={caller.consent}
          onChange={(on) => setCaller("consent", on)}
        />
        <div class="button-row button-row-inline">
          <button type="button" class="button" disabled={saving()} onClick={() => void register()}>
            {saving() ? t("res.saving") : t("intake.register")}
          </button>
          <button type="button" class="button-secondary" onClick={() => setOpen(false)}>
            {t("res.cancel")}
          </button>
        </div>
      </fieldset>
    </Show>
  );
}
