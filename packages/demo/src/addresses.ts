import { haversineKm } from "./geometry";
import type { DemoTown } from "./types";

/**
 * Fictional postal addresses and phone numbers for the demo town, derived
 * from what the generator already made (no random draws, so every other part
 * of the town stays the same for a seed). An address names the hamlet (大字)
 * nearest the point — or 中央 in the town centre — and a lot number; phones
 * use the exchange 00, which no Japanese area code assigns.
 */
export interface DemoContacts {
  /** By place id. */
  readonly places: ReadonlyMap<string, string>;
  /** By resident id. */
  readonly residents: ReadonlyMap<string, { readonly address: string; readonly phone: string }>;
}

/** Within this distance of a hamlet's centre a point is in that hamlet (大字). */
const HAMLET_RADIUS_KM = 2.5;

export function demoContacts(town: DemoTown): DemoContacts {
  const townName = town.name.replace(/（.*）$/, "");
  const district = (p: { lat: number; lon: number }) => {
    let best: { name: string; km: number } | undefined;
    for (const h of town.hamlets) {
      const km = haversineKm(p, h.centre);
      if (km <= HAMLET_RADIUS_KM && (!best || km < best.km)) best = { name: h.name, km };
    }
    return best ? `大字${best.name}` : "中央";
  };
  const places = new Map<string, string>();
  town.places.forEach((p, i) => {
    places.set(p.id, `${townName}${district(p)} ${100 + i * 7}番地`);
  });
  const residents = new Map<string, { address: string; phone: string }>();
  town.residents.forEach((r, i) => {
    const lot = 1000 + ((i * 37) % 2000);
    residents.set(r.id, {
      address: `${townName}${district(r.home)} ${lot}番地`,
      phone: `0265-00-${String(1000 + i).padStart(4, "0")}`,
    });
  });
  return { places, residents };
}
