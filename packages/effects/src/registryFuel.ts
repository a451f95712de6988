import type { Fuel, Method } from "./emissions";

/**
 * Fuels as the vehicle registry (API and DB) names them — the same list as
 * `FuelSchema` in `@tsunagu/contract` (a server test checks they agree; this
 * package stays free of the contract).
 */
export const REGISTRY_FUELS = ["petrol", "diesel", "hybrid", "electric", "lpg", "battery"] as const;
export type RegistryFuel = (typeof REGISTRY_FUELS)[number];

/** How a registry fuel is computed: the effects fuel, the official method, and why. */
export interface FuelMapping {
  fuel: Fuel;
  method: Extract<Method, "fuel-economy" | "electricity">;
  /**
   * True when the effects figure is an approximation rather than the guideline's
   * own method for that fuel (LPG: see `REGISTRY_FUEL_MAPPING.lpg`).
   */
  approximate: boolean;
  /** The rule in one sentence, for footnotes and the API. */
  rule: string;
}

/**
 * THE one mapping from registry fuels to the effects engine's fuels and methods.
 *
 * - `petrol` → gasoline, 燃費法 with the vehicle's km/ℓ.
 * - `diesel` → diesel, 燃費法.
 * - `hybrid` → gasoline, 燃費法 with the hybrid's own km/ℓ: a (non-plug-in)
 *   hybrid burns only gasoline, and its better km/ℓ is exactly its effect, so
 *   this is the guideline's method, not an approximation.
 * - `electric` → electricity, kWh/km × distance × grid factor.
 * - `battery` (drones) → electricity, likewise.
 * - `lpg` → EMISSIONS.md and the bundled factor table have no LPG heat value
 *   or carbon factor, so LPG litres are counted with the gasoline constants
 *   (2.32 t-CO₂/kℓ). Decision: this overstates an LPG vehicle's CO₂ (LPG is
 *   roughly 1.6–1.7 t-CO₂ per kℓ), i.e. it errs against the plan, never in its
 *   favour; the result is flagged `approximate` until the factor table gains an
 *   LPG row.
 */
export const REGISTRY_FUEL_MAPPING: Readonly<Record<RegistryFuel, FuelMapping>> = {
  petrol: {
    fuel: "gasoline",
    method: "fuel-economy",
    approximate: false,
    rule: "petrol: gasoline, fuel-economy method (燃費法) with the vehicle's km/ℓ",
  },
  diesel: {
    fuel: "diesel",
    method: "fuel-economy",
    approximate: false,
    rule: "diesel: diesel, fuel-economy method (燃費法) with the vehicle's km/ℓ",
  },
  hybrid: {
    fuel: "gasoline",
    method: "fuel-economy",
    approximate: false,
    rule: "hybrid: gasoline, fuel-economy method (燃費法) with the hybrid's own km/ℓ",
  },
  electric: {
    fuel: "electricity",
    method: "electricity",
    approximate: false,
    rule: "electric: electricity, kWh/km × km × grid factor",
  },
  battery: {
    fuel: "electricity",
    method: "electricity",
    approximate: false,
    rule: "battery (drone): electricity, kWh/km × km × grid factor",
  },
  lpg: {
    fuel: "gasoline",
    method: "fuel-economy",
    approximate: true,
    rule: "lpg: no LPG factor in the table, counted as gasoline litres (overstates CO₂ by about 40 %)",
  },
};

/** What a registry vehicle says about its energy use (the registry's own field names). */
export interface VehicleEnergyInput {
  fuel: RegistryFuel;
  /** Needed for petrol, diesel, hybrid, lpg. */
  kmPerLitre?: number | null;
  /** Needed for electric, battery. */
  kWhPerKm?: number | null;
}

/** A vehicle's energy use, ready for the effects engine. */
export type VehicleEnergy =
  | {
      method: "fuel-economy";
      fuel: "gasoline" | "diesel";
      kmPerLitre: number;
      registryFuel: RegistryFuel;
      approximate: boolean;
    }
  | {
      method: "electricity";
      fuel: "electricity";
      kWhPerKm: number;
      registryFuel: RegistryFuel;
      approximate: false;
    };

/** A field of a vehicle's energy input that is missing or invalid. */
export interface EnergyIssue {
  field: string;
  message: string;
}

/**
 * Maps a registry vehicle's fuel and efficiency to the effects engine's terms by
 * `REGISTRY_FUEL_MAPPING`, or names the field it lacks (`{path}.kmPerLitre`, …).
 */
export function vehicleEnergy(
  input: VehicleEnergyInput,
  path = "vehicle",
): { status: "ok"; energy: VehicleEnergy } | { status: "invalid"; errors: EnergyIssue[] } {
  const mapping = (REGISTRY_FUEL_MAPPING as Record<string, FuelMapping | undefined>)[String(input?.fuel)];
  if (!mapping) {
    return {
      status: "invalid",
      errors: [{ field: `${path}.fuel`, message: `must be one of ${REGISTRY_FUELS.join(", ")}` }],
    };
  }
  const positive = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;
  const missing = (field: "kWhPerKm" | "kmPerLitre") => ({
    status: "invalid" as const,
    errors: [{ field: `${path}.${field}`, message: `is required (> 0) for a ${input.fuel} vehicle` }],
  });
  if (mapping.method === "electricity") {
    if (!positive(input.kWhPerKm)) return missing("kWhPerKm");
    return {
      status: "ok",
      energy: {
        method: "electricity",
        fuel: "electricity",
        kWhPerKm: input.kWhPerKm,
        registryFuel: input.fuel,
        approximate: false,
      },
    };
  }
  if (!positive(input.kmPerLitre)) return missing("kmPerLitre");
  return {
    status: "ok",
    energy: {
      method: "fuel-economy",
      fuel: mapping.fuel === "diesel" ? "diesel" : "gasoline",
      kmPerLitre: input.kmPerLitre,
      registryFuel: input.fuel,
      approximate: mapping.approximate,
    },
  };
}
