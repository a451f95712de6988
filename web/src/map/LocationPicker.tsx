import type { Feature, MapConfig, Point } from "@tsunagu/contract";
import * as maplibregl from "maplibre-gl";
import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { api } from "../api/client";
import { type MessageId, t } from "../i18n";
import { Checkbox, type FieldErrors, InputField } from "../ui/fields";
import { addBoundary, markReadyWhenIdle } from "./baseMap";
import {
  type Axis,
  boundaryCheck,
  type CoordinateProblem,
  fieldsOf,
  type LocationPurpose,
  outsideNeedsConfirmation,
  parseCoordinate,
  parseLatLonPair,
  pointOf,
} from "./location";
import { MapView } from "./MapView";

/** What a picker needs besides the fields: the base map's settings and the municipality's centre and boundary. */
interface PickerMap {
  config: MapConfig;
  centre: Point;
  boundary: Feature | null;
}

/** One fetch per municipality while the app is open: every form's picker shares it. */
const pickerMaps = new Map<string, Promise<PickerMap>>();
function pickerMap(code: string): Promise<PickerMap> {
  let loaded = pickerMaps.get(code);
  if (!loaded) {
    loaded = Promise.all([api.mapConfig(), api.mapLayers(code)]).then(([config, layers]) => ({
      config,
      centre: layers.municipality.centre,
      boundary: layers.boundary,
    }));
    // A failed fetch is not kept: the next form tries again.
    loaded.catch(() => pickerMaps.delete(code));
    pickerMaps.set(code, loaded);
  }
  return loaded;
}

const problemMessage: Record<Exclude<CoordinateProblem, "empty">, MessageId> = {
  notNumber: "loc.err.notNumber",
  outsideJapan: "loc.err.outsideJapan",
};

/**
 * True when the fields' point lies outside the municipality and, being a home
 * or a place, needs the 「区域外でよい」 tick that is not given yet: the form
 * refuses to save (and says so) until it is.
 */
export async function outsideUnconfirmed(
  code: string,
  purpose: LocationPurpose,
  value: { lat: string; lon: string },
  confirmed: boolean,
): Promise<boolean> {
  const point = pointOf(value);
  if (!point || confirmed) return false;
  const { boundary } = await pickerMap(code);
  return outsideNeedsConfirmation(purpose, boundaryCheck(point, boundary));
}

export interface LocationPickerProps {
  /** The municipality whose boundary and centre the map shows. */
  code: string;
  /** Ids are `${idPrefix}-lat`, `${idPrefix}-lon` and `${idPrefix}-map`. */
  idPrefix: string;
  /** The group's name, e.g. 「自宅の場所」. */
  legend: string;
  labels?: { lat: string; lon: string };
  /** Body paths of the server's errors for the two numbers ("home.lat"). */
  paths: { lat: string; lon: string };
  errors: FieldErrors;
  value: { lat: string; lon: string };
  /** Both fields at once: a pin dropped or dragged, a pair pasted, or one field typed. */
  onChange: (value: { lat: string; lon: string }) => void;
  purpose: LocationPurpose;
  /** For a home or a place: the 「区域外でよい」 tick, which the form checks before it saves. */
  confirmOutside?: { checked: boolean; onChange: (checked: boolean) => void };
}

/**
 * A location entered by a map pin or by typing: click (or tap) the map to drop
 * the pin, drag it to move it, or type latitude and longitude — each follows
 * the other. The fields are the keyboard way (a focused pin also moves with
 * the arrow keys); the map is a named region the Tab key passes through. The
 * municipality's boundary is drawn when stored, and a pin outside it is
 * pointed out: a destination may be the next city's hospital, a home outside
 * asks for a confirmation.
 */
export function LocationPicker(props: LocationPickerProps) {
  const [basics] = createResource(() => props.code || undefined, pickerMap);
  const [map, setMap] = createSignal<maplibregl.Map>();
  let marker: maplibregl.Marker | undefined;

  const point = () => pointOf(props.value);
  const check = () => {
    const p = point();
    return p ? boundaryCheck(p, basics()?.boundary) : "unknown";
  };
  /** New fields; a tick for the old point does not carry over to a new one. */
  function change(value: { lat: string; lon: string }) {
    if (props.confirmOutside?.checked) props.confirmOutside.onChange(false);
    props.onChange(value);
  }
  const place = (p: Point) => change(fieldsOf(p));

  /** The fields' own complaints (a letter, a swapped pair), beside the server's. */
  const errors = (): FieldErrors => {
    const shown = { ...props.errors };
    for (const axis of ["lat", "lon"] as const) {
      const reading = parseCoordinate(props.value[axis], axis);
      if (!reading.ok && reading.problem !== "empty" && !shown[props.paths[axis]])
        shown[props.paths[axis]] = t(problemMessage[reading.problem]);
    }
    return shown;
  };

  function onLoad(m: maplibregl.Map) {
    const boundary = basics()?.boundary;
    if (boundary) addBoundary(m, boundary as GeoJSON.Feature);
    // In a form the page must scroll past the map: one finger scrolls, two move the map.
    m.cooperativeGestures.enable();
    m.on("click", (event) => place({ lat: event.lngLat.lat, lon: event.lngLat.lng }));
    setMap(m);
    markReadyWhenIdle(m);
  }

  // The pin follows the fields: placed, moved into view, or taken away when they are cleared.
  createEffect(() => {
    const m = map();
    const p = point();
    if (!m) return;
    if (!p) {
      marker?.remove();
      return;
    }
    if (!marker) {
      marker = new maplibregl.Marker({ draggable: true, color: "#b91c1c" });
      marker.getElement().setAttribute("aria-label", t("loc.pin"));
      marker.getElement().dataset.testid = `${props.idPrefix}-pin`;
      marker.on("dragend", () => {
        const at = marker?.getLngLat();
        if (at) place({ lat: at.lat, lon: at.lng });
      });
    }
    marker.setLngLat([p.lon, p.lat]).addTo(m);
    if (!m.getBounds().contains([p.lon, p.lat])) m.jumpTo({ center: [p.lon, p.lat] });
  });

  function typed(axis: Axis, text: string) {
    const pair = parseLatLonPair(text);
    change(pair ? fieldsOf(pair) : { ...props.value, [axis]: text });
  }

  return (
    <fieldset class="location-picker" data-testid={`${props.idPrefix}-location`}>
      <legend>{props.legend}</legend>
      <p class="field-hint" id={`${props.idPrefix}-map-hint`}>
        {t("loc.hint")}
      </p>
      <Show when={basics()} fallback={<p>{basics.error ? t("loc.mapUnavailable") : t("common.loading")}</p>}>
        {(b) => (
          <MapView
            config={b().config}
            centre={point() ?? b().centre}
            zoom={13}
            label={t("loc.mapLabel", { what: props.legend })}
            testId={`${props.idPrefix}-map`}
            class="location-map"
            secondary
            onLoad={onLoad}
          />
        )}
      </Show>
      <div class="field-row">
        <For each={["lat", "lon"] as const}>
          {(axis) => (
            <InputField
              id={`${props.idPrefix}-${axis}`}
              label={props.labels?.[axis] ?? t(axis === "lat" ? "loc.lat" : "loc.lon")}
              errors={errors()}
              path={props.paths[axis]}
              type="text"
              inputmode="decimal"
              autocomplete="off"
              value={props.value[axis]}
              onInput={(text) => typed(axis, text)}
            />
          )}
        </For>
      </div>
      <Show when={check() === "outside"}>
        <p class="notice" role="status" data-testid={`${props.idPrefix}-outside`}>
          {t("loc.outside")}
        </p>
        <Show when={outsideNeedsConfirmation(props.purpose, check()) && props.confirmOutside}>
          {(confirm) => (
            <Checkbox
              label={t("loc.confirmOutside")}
              checked={confirm().checked}
              onChange={(on) => confirm().onChange(on)}
            />
          )}
        </Show>
      </Show>
    </fieldset>
  );
}
