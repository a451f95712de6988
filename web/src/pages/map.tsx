import { useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { api } from "../api/client";
import { municipalityKey, resolveMunicipality } from "../auth";
import { placeKindMessage, t } from "../i18n";
import { layerColours, TownMap } from "../map/TownMap";

/** The municipality's map: boundary, bus routes and stops, facilities, hub and drone routes. */
export function MapPage() {
  const params = useParams<{ code?: string }>();
  const [data] = createResource(
    () => municipalityKey(params.code),
    async (key) => {
      const chosen = await resolveMunicipality(key);
      if (!chosen) return undefined;
      const [config, layers] = await Promise.all([api.mapConfig(), api.mapLayers(chosen)]);
      return { config, layers };
    },
  );
  const legend = [
    ["boundary", "map.legend.boundary"],
    ["route", "map.legend.route"],
    ["stop", "map.legend.stop"],
    ["place", "map.legend.place"],
    ["hub", "map.legend.hub"],
    ["dronePort", "map.legend.dronePort"],
    ["droneRoute", "map.legend.droneRoute"],
  ] as const;
  return (
    <section class="page page-wide">
      <Show when={!data.error} fallback={<p role="alert">{t("common.error")}</p>}>
        <Show when={data()} fallback={<p>{t("common.loading")}</p>}>
          {(loaded) => (
            <>
              <h1>
                {t("map.regionLabel", { name: loaded().layers.municipality.name })}
                <Show when={loaded().layers.municipality.fictional}>
                  <span class="badge">{t("common.fictional")}</span>
                </Show>
              </h1>
              <Show when={loaded().layers.municipality.fictional}>
                <p class="muted">{t("common.fictionalNote")}</p>
              </Show>
              <p data-testid="map-counts">
                {t("map.counts", {
                  stops: loaded().layers.stops.features.length,
                  routes: loaded().layers.routes.features.length,
                  places: loaded().layers.places.features.length,
                })}
              </p>
              <div class="map-layout">
                <TownMap
                  config={loaded().config}
                  layers={loaded().layers}
                  label={t("map.regionLabel", { name: loaded().layers.municipality.name })}
                />
                <aside class="map-side">
                  <h2>{t("map.legend")}</h2>
                  <ul class="legend">
                    <For each={legend}>
                      {([key, label]) => (
                        <li>
                          <span
                            class={`swatch swatch-${key}`}
                            style={{ "background-color": layerColours[key] }}
                            aria-hidden="true"
                          />
                          {t(label)}
                        </li>
                      )}
                    </For>
                  </ul>
                  <h2>{t("map.placesList")}</h2>
                  <ul class="place-list">
                    <For each={loaded().layers.places.features}>
                      {(feature) => (
                        <li>
                          <strong>{String(feature.properties.name)}</strong>
                          <span class="muted"> — {t(placeKindMessage(String(feature.properties.kind)))}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </aside>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
