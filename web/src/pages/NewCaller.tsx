import type { Resident } from "@tsunagu/contract";
import { createSignal, Show } from "solid-js";
import { api } from "../api/client";
import { t } from "../i18n";
import { LocationPicker, outsideUnconfirmed } from "../map/LocationPicker";
import { useEditor } from "../registry/editor";
import { Checkbox, FieldError, FormAlert, TextField } from "../ui/fields";

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
  // The registry's editor (errors by field, saving state); it never opens on a stored record here.
  const ed = useEditor<Resident, ReturnType<typeof emptyCaller>>("new-caller", {
    empty: emptyCaller,
    of: emptyCaller,
  });
  const { draft: caller, setDraft: setCaller, errors } = ed;
  const fields = ed;

  async function register() {
    if (await outsideUnconfirmed(props.code, "home", caller, caller.outsideOk)) {
      ed.setErrors({ home: t("loc.err.confirm") });
      return;
    }
    await ed.save(
      () =>
        api.createResident(props.code, {
          name: caller.name,
          nameKana: caller.nameKana.trim() || null,
          phone: caller.phone.trim() || null,
          address: caller.address.trim() || null,
          home: { lat: Number(caller.lat), lon: Number(caller.lon) },
          wheelchair: caller.wheelchair,
          escort: caller.escort,
          consent: caller.consent,
        }),
      (resident: Resident) => {
        setOpen(false);
        props.onRegistered(resident);
        document.getElementById("f-residentId")?.focus();
      },
      "rsd.created",
    );
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
        <FormAlert message={ed.status().error} />
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
          <button type="button" class="button" disabled={ed.saving()} onClick={() => void register()}>
            {ed.saving() ? t("res.saving") : t("intake.register")}
          </button>
          <button type="button" class="button-secondary" onClick={() => setOpen(false)}>
            {t("res.cancel")}
          </button>
        </div>
      </fieldset>
    </Show>
  );
}
