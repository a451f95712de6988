/**
 * Registered users of the service: a few hundred older residents, most of them
 * in the hamlets (who need the service most), with fictional names.
 */

import { addDays } from "@tsunagu/contract";
import { meshBounds } from "@tsunagu/geo";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, Polygon } from "geojson";
import { round6 } from "./geometry";
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, type Named } from "./names";
import type { PopulatedCell } from "./population";
import type { Rng } from "./random";
import type { HamletSite } from "./town";
import type { DemoResident } from "./types";

export function buildResidents(
  rng: Rng,
  cells: readonly PopulatedCell[],
  hamlets: readonly HamletSite[],
  boundary: Feature<Polygon>,
  weekYear: number,
  /** The earlier of weekStart and today ("YYYY-MM-DD"): consent is always given before it. */
  consentBefore: string,
): DemoResident[] {
  const count = rng.int(300, 380);
  // Quotas first so that every hamlet has users (the drone hamlet needs parcel recipients),
  // then the rest anywhere, weighted by older population and towards the hamlets.
  const homes: PopulatedCell[] = [];
  for (const h of hamlets) {
    const inHamlet = cells.filter((c) => c.hamletId === h.id && c.aged65plus > 0);
    if (inHamlet.length === 0) continue;
    const quota = h.remotest ? rng.int(30, 40) : rng.int(25, 45);
    for (let i = 0; i < quota; i++) homes.push(rng.weighted(inHamlet, (c) => c.aged65plus));
  }
  const populated = cells.filter((c) => c.aged65plus > 0);
  while (homes.length < count) {
    homes.push(rng.weighted(populated, (c) => c.aged65plus * (c.hamletId ? 2.5 : 1)));
  }

  const usedNames = new Set<string>();
  return homes.map((cell, i) => {
    const ageBand = rng.weighted(
      [
        ["under65", 0.1],
        ["65-74", 0.35],
        ["75-84", 0.38],
        ["85plus", 0.17],
      ] as const,
      (e) => e[1],
    )[0];
    const age =
      ageBand === "under65"
        ? rng.int(45, 64)
        : ageBand === "65-74"
          ? rng.int(65, 74)
          : ageBand === "75-84"
            ? rng.int(75, 84)
            : rng.int(85, 98);
    const female = rng.chance(0.58);
    let family: Named = rng.pick(FAMILY_NAMES);
    let given: Named = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
    // Unique names make the UI and the tests easier to read; ~1,000 combinations for ≤ 380 people.
    for (let tries = 0; usedNames.has(family[0] + given[0]) && tries < 50; tries++) {
      family = rng.pick(FAMILY_NAMES);
      given = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
    }
    usedNames.add(family[0] + given[0]);

    const wheelchairP = { under65: 0.02, "65-74": 0.04, "75-84": 0.08, "85plus": 0.16 }[ageBand];
    const wheelchair = rng.chance(wheelchairP);
    const escort = wheelchair ? rng.chance(0.7) : rng.chance(ageBand === "85plus" ? 0.2 : 0.06);
    const walk = { under65: [300, 800], "65-74": [200, 600], "75-84": [100, 400], "85plus": [50, 200] }[
      ageBand
    ];
    const maxWalkM = wheelchair ? 0 : Math.round(rng.uniform(walk[0] as number, walk[1] as number) / 50) * 50;
    const given_ = rng.chance(0.96);

    return {
      id: `res-${String(i + 1).padStart(4, "0")}`,
      name: `${family[0]} ${given[0]}`,
      nameKana: `${family[1]} ${given[1]}`,
      birthYear: weekYear - age,
      ageBand,
      home: homeIn(rng, cell, boundary),
      meshCode: cell.code,
      hamletId: cell.hamletId,
      mobility: { wheelchair, escort, maxWalkM },
      consent: { given: given_, date: given_ ? addDays(consentBefore, -rng.int(14, 900)) : null },
    };
  });
}

/** A point inside the cell and inside the boundary (the cell centre is, so fall back to it). */
function homeIn(rng: Rng, cell: PopulatedCell, boundary: Feature<Polygon>): { lat: number; lon: number } {
  const b = meshBounds(cell.code);
  // 1e-5° (~1 m) inside the edges, so rounding to 6 decimals cannot move the home into the next cell.
  for (let attempt = 0; attempt < 20; attempt++) {
    const lat = round6(rng.uniform(b.south + 1e-5, b.north - 1e-5));
    const lon = round6(rng.uniform(b.west + 1e-5, b.east - 1e-5));
    if (booleanPointInPolygon([lon, lat], boundary)) return { lat, lon };
  }
  return { lat: round6((b.south + b.north) / 2), lon: round6((b.west + b.east) / 2) };
}
