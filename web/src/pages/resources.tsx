import { A } from "@solidjs/router";
import { For } from "solid-js";
import { type MessageId, t } from "../i18n";

const sections: { href: string; title: MessageId; desc: MessageId }[] = [
  { href: "/resources/vehicles", title: "res.vehicles", desc: "res.vehicles.desc" },
  { href: "/resources/routes", title: "res.routes", desc: "res.routes.desc" },
  { href: "/resources/drones", title: "res.drones", desc: "res.drones.desc" },
  { href: "/resources/hubs", title: "res.hubs", desc: "res.hubs.desc" },
  { href: "/resources/organisations", title: "res.orgs", desc: "res.orgs.desc" },
  { href: "/resources/drivers", title: "res.drivers", desc: "res.drivers.desc" },
  { href: "/resources/residents", title: "res.residents", desc: "res.residents.desc" },
];

/** The staff menu of the region's transport resources: one entry in the main nav, its screens here. */
export function ResourcesPage() {
  return (
    <section class="page">
      <h1>{t("res.title")}</h1>
      <p class="lead">{t("res.lead")}</p>
      <nav aria-label={t("res.subnav")}>
        <ul class="card-list">
          <For each={sections}>
            {(s) => (
              <li class="card">
                <A class="card-link" href={s.href}>
                  {t(s.title)}
                </A>
                <p class="muted">{t(s.desc)}</p>
              </li>
            )}
          </For>
        </ul>
      </nav>
    </section>
  );
}
