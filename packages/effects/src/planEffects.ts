import { type Leg, legEmission } from "./emissions";
import { defaultFactors, type Factors } from "./factors";
import {
  type RegistryFuel,
  type VehicleEnergy,
  type VehicleEnergyInput,
  vehicleEnergy,
} from "./registryFuel";
import { roundHalfUp } from "./rounding";

/**
 * How each served request would have travelled without Tsunagu (the baseline,
 * EMISSIONS.md "What Tsunagu adds"): alone. Every field can be overridden by
 * a municipality; the defaults are stated here and in the report's footnote.
 */
export interface PlanBaseline {
  /**
   * A ride: the resident (or a family member) drives a private car door to door,
   * one way. Default petrol, 10.6 km/ℓ — Tsunagu's planning figure for the
   * real-world fuel economy of a private gasoline passenger car (EMISSIONS.md
   * gives no car figure; replace it with the region's own). `roundTrip` default
   * false: the car stays at the destination for the return trip, which is a
   * separate request.
   */
  ride: BaselineTrip;
  /**
   * A parcel: a dedicated light van (軽バン) trip from the parcel's origin to its
   * destination and back. Default petrol, 12.0 km/ℓ (Tsunagu's planning figure
   * for a kei van in delivery use; replace it with the region's own),
   * `roundTrip` true.
   */
  parcel: BaselineTrip;
  /**
   * Standard mass of one passenger (with luggage) for the allocation by
   * mass-distance, kg. Default 100 (GLEC Framework / ISO 14083 convention for
   * mixed passenger–freight carriage).
   */
  passengerMassKg: number;
  /** A parcel lighter than this counts as this mass in the allocation, kg. Default 1. */
  minParcelKg: number;
  /**
   * Road km per straight-line km, used by callers that only have coordinates to
   * estimate a request's door-to-door distance. Default 1.3 (the same as the
   * matching engine's straight-line provider).
   */
  roadCircuity: number;
}

/** One kind of baseline trip. */
export interface BaselineTrip {
  fuel: RegistryFuel;
  /** For petrol, diesel, hybrid, lpg. */
  kmPerLitre?: number;
  /** For electric. */
  kWhPerKm?: number;
  /** Drive back empty after the drop-off. */
  roundTrip: boolean;
  /** Average speed for the driver hours of the baseline, km/h. Default 30 (the engine's rural default). */
  speedKmh: number;
}

/** Tsunagu's default baseline (see each field of `PlanBaseline`). */
export const DEFAULT_PLAN_BASELINE: PlanBaseline = {
  ride: { fuel: "petrol", kmPerLitre: 10.6, roundTrip: false, speedKmh: 30 },
  parcel: { fuel: "petrol", kmPerLitre: 12.0, roundTrip: true, speedKmh: 30 },
  passengerMassKg: 100,
  minParcelKg: 1,
  roadCircuity: 1.3,
};

/** A served request, in plain numbers. */
export interface PlanEffectsRequest {
  id: string;
  kind: "ride" | "parcel";
  /** Rides: people on board (an escort counts). */
  passengers: number;
  /** Parcels: weight, kg. */
  weightKg: number;
  /** Door-to-door road distance of the request on its own, km (the baseline trip). */
  directKm: number;
}

/** One road vehicle's planned route (one availability window). */
export interface PlanEffectsRoute {
  /** Unique, e.g. `vehicleId:shift`. */
  id: string;
  vehicleId: string;
  /** The registry's vehicle kind (van, car, route_bus, …), carried through for the report. */
  vehicleKind: string;
  energy: VehicleEnergyInput;
  /** The whole route, depot to depot (deadhead included), km. */
  distanceKm: number;
  drivingHours: number;
  /** Each request's distance on board this route, km (a request may appear on several routes). */
  onBoard: readonly { requestId: string; km: number }[];
}

/** A request's leg on a timetabled (route or school) bus trip. */
export interface PlanEffectsTimetabledLeg {
  requestId: string;
  service: "route_bus" | "school_bus";
  km: number;
}

/** One drone flight. */
export interface PlanEffectsDroneFlight {
  id: string;
  droneRouteId: string;
  distanceKm: number;
  kWhPerKm: number;
  /** Requests (parcels) on board. */
  requestIds: readonly string[];
}

/** What a plan did, in plain numbers (filled by the server from a run's plan rows). */
export interface PlanEffectsInput {
  requests: readonly PlanEffectsRequest[];
  routes: readonly PlanEffectsRoute[];
  /** Default none. */
  timetabledLegs?: readonly PlanEffectsTimetabledLeg[];
  /** Default none. */
  droneFlights?: readonly PlanEffectsDroneFlight[];
}

/** A field of the input that is missing or invalid. */
export interface PlanEffectsIssue {
  field: string;
  message: string;
}

/** One side of the comparison. CO₂ rounded per EMISSIONS.md; `exact*` unrounded for roll-ups. */
export interface PlanEffectsSide {
  /** t-CO₂, 0.1 t (the application's unit; a day's plan is often 0.0). */
  tCO2: number;
  /** kg-CO₂, 0.1 kg (readable for one day). */
  kgCO2: number;
  /** Unrounded kg-CO₂: roll-ups sum these and round once. */
  exactKgCO2: number;
  /** Road vehicle-km, 0.1 km. */
  vehicleKm: number;
  exactVehicleKm: number;
  /** Drone km, 0.1 km (0 before). */
  droneKm: number;
  /** Driver hours, 0.1 h. */
  driverHours: number;
  exactDriverHours: number;
  /** Road trips/routes plus drone flights. */
  dispatches: number;
  /** Distinct road vehicles plus distinct drone routes (one drone each). */
  vehicles: number;
}

/**
 * Before − after of the rounded totals; each `…Pct` over the rounded before,
 * to 0.1 %, null when before is 0 (EMISSIONS.md's rule).
 */
export interface PlanEffectsReduction {
  tCO2: number;
  tCO2Pct: number | null;
  kgCO2: number;
  kgCO2Pct: number | null;
  vehicleKm: number;
  vehicleKmPct: number | null;
  driverHours: number;
  driverHoursPct: number | null;
  dispatches: number;
  vehicles: number;
}

/** One part of a request's allocated emissions. */
export interface AllocationPart {
  source: "route" | "drone" | "timetabled";
  /** Route id, drone flight id, or the bus service. */
  id: string;
  /** Mass × distance of the request on it, kg·km (the allocation key). */
  kgKm: number;
  /** The request's share of the vehicle's transport activity, %. */
  sharePct: number;
  kgCO2: number;
}

/** One request's CO₂ before (alone) and after (its allocated share of the shared vehicles). */
export interface RequestAllocation {
  requestId: string;
  kind: "ride" | "parcel";
  /** kg-CO₂, 0.001 kg. */
  beforeKgCO2: number;
  afterKgCO2: number;
  savedKgCO2: number;
  parts: AllocationPart[];
}

/** A route's or flight's own figures, with what was allocated. */
export interface VehicleEffects {
  source: "route" | "drone";
  id: string;
  vehicleKind: string;
  km: number;
  kgCO2: number;
  /** kg-CO₂ left unallocated (a route that carried nobody); 0 otherwise. */
  unallocatedKgCO2: number;
  /** Registry fuel and whether its CO₂ is an approximation (LPG). */
  fuel: RegistryFuel;
  approximate: boolean;
}

export interface PlanEffectsResult {
  status: "ok";
  before: PlanEffectsSide;
  after: PlanEffectsSide;
  reduction: PlanEffectsReduction;
  allocation: RequestAllocation[];
  vehicles: VehicleEffects[];
  /** The baseline used (defaults merged with overrides). */
  baseline: PlanBaseline;
  /** Plain-language notes on approximations (e.g. LPG), empty when none. */
  notes: string[];
}

/**
 * The effects of one plan: before = every served request alone (`PlanBaseline`),
 * after = what the plan's vehicles add.
 *
 * Rules:
 * - A road route counts in full, depot to depot: the vehicle would otherwise
 *   stand idle (a facility van's deadhead and detours are what sharing adds).
 * - A timetabled (route/school bus) leg adds 0 km, 0 hours and 0 CO₂: the bus
 *   runs on its timetable anyway and only spare room is used (no detour exists
 *   on a timetabled leg). A bus driven on demand is a road route and counts.
 * - A drone flight adds km × kWh/km × grid factor; it has no driver hours.
 * - CO₂ by the official 燃費法 (fuel) or kWh × grid factor, via the registry
 *   fuel mapping (`REGISTRY_FUEL_MAPPING`).
 *
 * Allocation (ISO 14083 / GLEC style): each vehicle's whole emissions — empty
 * running and deadhead included — are shared among the requests it carried in
 * proportion to their transport activity, mass × distance on board (kg·km),
 * with a passenger counted as `passengerMassKg` (default 100 kg) and a parcel
 * as its weight (at least `minParcelKg`). If a vehicle's activity is 0 (every
 * on-board distance 0), its emissions are split equally among its requests.
 * Allocations of a vehicle add up to its total exactly; a route that carried
 * nobody stays unallocated (reported). Timetabled legs allocate 0.
 *
 * Rounding (EMISSIONS.md): totals are sums of unrounded values rounded once;
 * a reduction is the difference of rounded totals, its rate that difference
 * over the rounded before-total, to 0.1 %. t-CO₂ to 0.1 t as the application
 * states it, and kg-CO₂ to 0.1 kg because one day's plan is too small for
 * 0.1 t; km and hours to 0.1 (a day; the yearly roll-up rounds hours to 1).
 *
 * @param baseline overrides of `DEFAULT_PLAN_BASELINE` (merged field by field).
 * @param factors factor table; default the bundled one.
 */
export function planEffects(
  input: PlanEffectsInput,
  baseline: Partial<PlanBaseline> = {},
  factors: Factors = defaultFactors,
): PlanEffectsResult | { status: "invalid"; errors: PlanEffectsIssue[] } {
  const base: PlanBaseline = {
    ...DEFAULT_PLAN_BASELINE,
    ...baseline,
    ride: { ...DEFAULT_PLAN_BASELINE.ride, ...baseline.ride },
    parcel: { ...DEFAULT_PLAN_BASELINE.parcel, ...baseline.parcel },
  };
  const errors: PlanEffectsIssue[] = [];
  const nonNegative = (v: unknown, field: string) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      errors.push({ field, message: "must be a finite number ≥ 0" });
  };
  const positive = (v: unknown, field: string) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
      errors.push({ field, message: "must be a finite number > 0" });
  };

  // Baseline
  const tripEnergy: Partial<Record<"ride" | "parcel", VehicleEnergy>> = {};
  for (const kind of ["ride", "parcel"] as const) {
    const trip = base[kind];
    const mapped = vehicleEnergy(trip, `baseline.${kind}`);
    if (mapped.status === "invalid") errors.push(...mapped.errors);
    else tripEnergy[kind] = mapped.energy;
    positive(trip.speedKmh, `baseline.${kind}.speedKmh`);
    if (typeof trip.roundTrip !== "boolean")
      errors.push({ field: `baseline.${kind}.roundTrip`, message: "must be true or false" });
  }
  positive(base.passengerMassKg, "baseline.passengerMassKg");
  nonNegative(base.minParcelKg, "baseline.minParcelKg");
  positive(base.roadCircuity, "baseline.roadCircuity");

  // Requests
  const requests = listOf(input?.requests);
  if (!Array.isArray(input?.requests)) errors.push({ field: "requests", message: "must be a list" });
  const byId = new Map<string, PlanEffectsRequest>();
  requests.forEach((r, i) => {
    const at = `requests.${i}`;
    if (typeof r?.id !== "string" || r.id === "") errors.push({ field: `${at}.id`, message: "is required" });
    else if (byId.has(r.id)) errors.push({ field: `${at}.id`, message: `"${r.id}" is listed twice` });
    else byId.set(r.id, r);
    if (r?.kind !== "ride" && r?.kind !== "parcel")
      errors.push({ field: `${at}.kind`, message: "must be ride or parcel" });
    nonNegative(r?.passengers, `${at}.passengers`);
    nonNegative(r?.weightKg, `${at}.weightKg`);
    nonNegative(r?.directKm, `${at}.directKm`);
  });
  const knownRequest = (id: unknown, field: string) => {
    if (typeof id !== "string" || !byId.has(id))
      errors.push({ field, message: `names no request of the plan (${String(id)})` });
  };

  // Routes
  const routes = listOf(input?.routes);
  if (!Array.isArray(input?.routes)) errors.push({ field: "routes", message: "must be a list" });
  const routeEnergy: VehicleEnergy[] = [];
  const routeIds = new Set<string>();
  routes.forEach((route, i) => {
    const at = `routes.${i}`;
    if (typeof route?.id !== "string" || route.id === "")
      errors.push({ field: `${at}.id`, message: "is required" });
    else if (routeIds.has(route.id))
      errors.push({ field: `${at}.id`, message: `"${route.id}" is listed twice` });
    else routeIds.add(route.id);
    const mapped = vehicleEnergy(route?.energy, `${at}.energy`);
    if (mapped.status === "invalid") errors.push(...mapped.errors);
    else routeEnergy[i] = mapped.energy;
    nonNegative(route?.distanceKm, `${at}.distanceKm`);
    nonNegative(route?.drivingHours, `${at}.drivingHours`);
    if (!Array.isArray(route?.onBoard)) errors.push({ field: `${at}.onBoard`, message: "must be a list" });
    else
      route.onBoard.forEach((o, k) => {
        knownRequest(o?.requestId, `${at}.onBoard.${k}.requestId`);
        nonNegative(o?.km, `${at}.onBoard.${k}.km`);
      });
  });
  const timetabled = input?.timetabledLegs ?? [];
  timetabled.forEach((leg, i) => {
    knownRequest(leg?.requestId, `timetabledLegs.${i}.requestId`);
    if (leg?.service !== "route_bus" && leg?.service !== "school_bus")
      errors.push({ field: `timetabledLegs.${i}.service`, message: "must be route_bus or school_bus" });
    nonNegative(leg?.km, `timetabledLegs.${i}.km`);
  });
  const flights = input?.droneFlights ?? [];
  flights.forEach((f, i) => {
    const at = `droneFlights.${i}`;
    if (typeof f?.id !== "string" || f.id === "") errors.push({ field: `${at}.id`, message: "is required" });
    if (typeof f?.droneRouteId !== "string" || f.droneRouteId === "")
      errors.push({ field: `${at}.droneRouteId`, message: "is required" });
    nonNegative(f?.distanceKm, `${at}.distanceKm`);
    positive(f?.kWhPerKm, `${at}.kWhPerKm`);
    if (!Array.isArray(f?.requestIds)) errors.push({ field: `${at}.requestIds`, message: "must be a list" });
    else
      f.requestIds.forEach((id, k) => {
        knownRequest(id, `${at}.requestIds.${k}`);
      });
  });
  if (errors.length > 0) return { status: "invalid", errors };

  const massOf = (r: PlanEffectsRequest) =>
    r.kind === "ride"
      ? Math.max(1, r.passengers) * base.passengerMassKg
      : Math.max(base.minParcelKg, r.weightKg);
  const notes = new Set<string>();

  // Before: each served request alone.
  let beforeKg = 0;
  let beforeKm = 0;
  let beforeHours = 0;
  const beforeOf = new Map<string, number>();
  for (const r of requests) {
    const trip = base[r.kind];
    const km = r.directKm * (trip.roundTrip ? 2 : 1);
    const kg = kgCO2OfKm(tripEnergy[r.kind] as VehicleEnergy, km, factors);
    beforeOf.set(r.id, kg);
    beforeKg += kg;
    beforeKm += km;
    beforeHours += km / trip.speedKmh;
    if ((tripEnergy[r.kind] as VehicleEnergy).approximate) notes.add(lpgNote);
  }

  // After: each vehicle, then its allocation.
  const parts = new Map<string, AllocationPart[]>();
  const addPart = (requestId: string, part: AllocationPart) => {
    const list = parts.get(requestId) ?? [];
    list.push(part);
    parts.set(requestId, list);
  };
  const vehicles: VehicleEffects[] = [];
  let afterKg = 0;
  let afterKm = 0;
  let afterHours = 0;
  let droneKm = 0;
  const allocate = (
    source: "route" | "drone",
    id: string,
    kg: number,
    carried: readonly { requestId: string; km: number }[],
  ): number => {
    // Merge a request's pieces on the same vehicle (it may board twice).
    const activity = new Map<string, number>();
    for (const c of carried) {
      const r = byId.get(c.requestId) as PlanEffectsRequest;
      activity.set(c.requestId, (activity.get(c.requestId) ?? 0) + massOf(r) * c.km);
    }
    if (activity.size === 0) return kg;
    const total = [...activity.values()].reduce((s, a) => s + a, 0);
    for (const [requestId, kgKm] of activity) {
      const share = total > 0 ? kgKm / total : 1 / activity.size;
      addPart(requestId, { source, id, kgKm, sharePct: share * 100, kgCO2: kg * share });
    }
    return 0;
  };
  routes.forEach((route, i) => {
    const energy = routeEnergy[i] as VehicleEnergy;
    const kg = kgCO2OfKm(energy, route.distanceKm, factors);
    if (energy.approximate) notes.add(lpgNote);
    afterKg += kg;
    afterKm += route.distanceKm;
    afterHours += route.drivingHours;
    const unallocated = allocate("route", route.id, kg, route.onBoard);
    vehicles.push({
      source: "route",
      id: route.id,
      vehicleKind: route.vehicleKind,
      km: route.distanceKm,
      kgCO2: kg,
      unallocatedKgCO2: unallocated,
      fuel: energy.registryFuel,
      approximate: energy.approximate,
    });
  });
  for (const f of flights) {
    const energy: VehicleEnergy = {
      method: "electricity",
      fuel: "electricity",
      kWhPerKm: f.kWhPerKm,
      registryFuel: "battery",
      approximate: false,
    };
    const kg = kgCO2OfKm(energy, f.distanceKm, factors);
    afterKg += kg;
    droneKm += f.distanceKm;
    // Every parcel on a flight flies its whole distance.
    const unallocated = allocate(
      "drone",
      f.id,
      kg,
      f.requestIds.map((requestId) => ({ requestId, km: f.distanceKm })),
    );
    vehicles.push({
      source: "drone",
      id: f.id,
      vehicleKind: "drone",
      km: f.distanceKm,
      kgCO2: kg,
      unallocatedKgCO2: unallocated,
      fuel: "battery",
      approximate: false,
    });
  }
  for (const leg of timetabled) {
    const r = byId.get(leg.requestId) as PlanEffectsRequest;
    addPart(leg.requestId, {
      source: "timetabled",
      id: leg.service,
      kgKm: massOf(r) * leg.km,
      sharePct: 0,
      kgCO2: 0,
    });
  }

  const allocation: RequestAllocation[] = requests.map((r) => {
    const own = parts.get(r.id) ?? [];
    const after = own.reduce((s, p) => s + p.kgCO2, 0);
    const before = beforeOf.get(r.id) ?? 0;
    return {
      requestId: r.id,
      kind: r.kind,
      beforeKgCO2: roundHalfUp(before, 3),
      afterKgCO2: roundHalfUp(after, 3),
      savedKgCO2: roundHalfUp(before - after, 3),
      parts: own,
    };
  });

  const before = side({
    kg: beforeKg,
    km: beforeKm,
    droneKm: 0,
    hours: beforeHours,
    dispatches: requests.length,
    // Alone, every request needs its own vehicle (the resident's car, a dedicated van trip).
    vehicles: requests.length,
  });
  const after = side({
    kg: afterKg,
    km: afterKm,
    droneKm,
    hours: afterHours,
    dispatches: routes.length + flights.length,
    vehicles: new Set(routes.map((r) => r.vehicleId)).size + new Set(flights.map((f) => f.droneRouteId)).size,
  });
  return {
    status: "ok",
    before,
    after,
    reduction: reductionOf(before, after),
    allocation,
    vehicles,
    baseline: base,
    notes: [...notes],
  };
}

/** `Array.isArray` narrows a readonly array to any[]; this keeps the element type. */
function listOf<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

const lpgNote =
  "LPG vehicles are counted with the gasoline factor (no LPG factor in the table): their CO₂ is overstated by about 40 %.";

/** kg-CO₂ of driving `km` with `energy`, by the official method (燃費法 or kWh × grid factor). */
export function kgCO2OfKm(energy: VehicleEnergy, km: number, factors: Factors = defaultFactors): number {
  if (km === 0) return 0;
  const leg: Leg =
    energy.method === "electricity"
      ? {
          label: "plan",
          mode: "car",
          method: "electricity",
          fuel: "electricity",
          distanceKm: km,
          kWhPerKm: energy.kWhPerKm,
          runsPerYear: 1,
        }
      : {
          label: "plan",
          mode: "car",
          method: "fuel-economy",
          fuel: energy.fuel,
          distanceKm: km,
          kmPerLitre: energy.kmPerLitre,
          runsPerYear: 1,
        };
  const result = legEmission(leg, factors);
  // The caller validated the energy; a leg built from it cannot be invalid.
  if (result.status === "invalid") throw new Error(`plan leg invalid: ${result.errors[0]?.message}`);
  return result.value.tCO2 * 1000;
}

interface Totals {
  kg: number;
  km: number;
  droneKm: number;
  hours: number;
  dispatches: number;
  vehicles: number;
}

function side(t: Totals): PlanEffectsSide {
  return {
    tCO2: roundHalfUp(t.kg / 1000, 1),
    kgCO2: roundHalfUp(t.kg, 1),
    exactKgCO2: t.kg,
    vehicleKm: roundHalfUp(t.km, 1),
    exactVehicleKm: t.km,
    droneKm: roundHalfUp(t.droneKm, 1),
    driverHours: roundHalfUp(t.hours, 1),
    exactDriverHours: t.hours,
    dispatches: t.dispatches,
    vehicles: t.vehicles,
  };
}

/** Difference of rounded totals and its rate over the rounded before (EMISSIONS.md). */
export function roundedReduction(
  before: number,
  after: number,
  digits: number,
): { saved: number; pct: number | null } {
  const saved = roundHalfUp(before - after, digits);
  // Strip float noise first (1.2 / 6.4 × 100 = 18.749999…), so a decimal half rounds up.
  return { saved, pct: before === 0 ? null : roundHalfUp(roundHalfUp((saved / before) * 100, 9), 1) };
}

function reductionOf(before: PlanEffectsSide, after: PlanEffectsSide): PlanEffectsReduction {
  const t = roundedReduction(before.tCO2, after.tCO2, 1);
  const kg = roundedReduction(before.kgCO2, after.kgCO2, 1);
  const km = roundedReduction(before.vehicleKm, after.vehicleKm, 1);
  const h = roundedReduction(before.driverHours, after.driverHours, 1);
  return {
    tCO2: t.saved,
    tCO2Pct: t.pct,
    kgCO2: kg.saved,
    kgCO2Pct: kg.pct,
    vehicleKm: km.saved,
    vehicleKmPct: km.pct,
    driverHours: h.saved,
    driverHoursPct: h.pct,
    dispatches: before.dispatches - after.dispatches,
    vehicles: before.vehicles - after.vehicles,
  };
}

/** One approved plan's effects on its date, for the roll-ups. */
export interface DatedPlanEffects {
  date: string;
  before: Pick<PlanEffectsSide, "exactKgCO2" | "exactVehicleKm" | "exactDriverHours" | "dispatches">;
  after: Pick<PlanEffectsSide, "exactKgCO2" | "exactVehicleKm" | "exactDriverHours" | "dispatches">;
  served: number;
}

/** A month's or the year's roll-up: t-CO₂ 0.1 t, km 1, hours 1 (EMISSIONS.md's yearly units). */
export interface PlanEffectsRollUp {
  /** "YYYY-MM" or "YYYY". */
  period: string;
  plans: number;
  served: number;
  before: { tCO2: number; vehicleKm: number; driverHours: number; dispatches: number };
  after: { tCO2: number; vehicleKm: number; driverHours: number; dispatches: number };
  reduction: {
    tCO2: number;
    tCO2Pct: number | null;
    vehicleKm: number;
    vehicleKmPct: number | null;
    driverHours: number;
    driverHoursPct: number | null;
  };
}

/**
 * Month and year roll-ups of daily plan effects for `year`: each period sums
 * the unrounded daily values and rounds once (t-CO₂ 0.1, km and hours 1); the
 * reduction is the difference of the rounded totals (EMISSIONS.md). All twelve
 * months are listed (empty ones zero, rates null). Days outside `year` are
 * ignored.
 */
export function rollUpPlanEffects(
  year: number,
  days: readonly DatedPlanEffects[],
): { months: PlanEffectsRollUp[]; year: PlanEffectsRollUp } {
  const inYear = days.filter((d) => d.date.startsWith(`${year}-`));
  const months = Array.from({ length: 12 }, (_, m) => {
    const period = `${year}-${String(m + 1).padStart(2, "0")}`;
    return rollUp(
      period,
      inYear.filter((d) => d.date.startsWith(`${period}-`)),
    );
  });
  return { months, year: rollUp(String(year), inYear) };
}

function rollUp(period: string, days: readonly DatedPlanEffects[]): PlanEffectsRollUp {
  const sum = (pick: (d: DatedPlanEffects) => number) => days.reduce((s, d) => s + pick(d), 0);
  const sideOf = (which: "before" | "after") => ({
    tCO2: roundHalfUp(sum((d) => d[which].exactKgCO2) / 1000, 1),
    vehicleKm: roundHalfUp(
      sum((d) => d[which].exactVehicleKm),
      0,
    ),
    driverHours: roundHalfUp(
      sum((d) => d[which].exactDriverHours),
      0,
    ),
    dispatches: sum((d) => d[which].dispatches),
  });
  const before = sideOf("before");
  const after = sideOf("after");
  const t = roundedReduction(before.tCO2, after.tCO2, 1);
  const km = roundedReduction(before.vehicleKm, after.vehicleKm, 0);
  const h = roundedReduction(before.driverHours, after.driverHours, 0);
  return {
    period,
    plans: days.length,
    served: sum((d) => d.served),
    before,
    after,
    reduction: {
      tCO2: t.saved,
      tCO2Pct: t.pct,
      vehicleKm: km.saved,
      vehicleKmPct: km.pct,
      driverHours: h.saved,
      driverHoursPct: h.pct,
    },
  };
}

/**
 * A plan's effects against another "before" than every request alone: what
 * the day costs when each organisation serves its own users with only its own
 * vehicles (`own`: the effects of that plan, whose `after` is the operation)
 * plus the requests that plan leaves to a private car or van (`alone`: the
 * effects of a plan of just those requests and no vehicles, whose `before` is
 * their trips alone). `shared` is the plan being reported; its `after`,
 * vehicles and notes stay. Each request's `beforeKgCO2` becomes its share in
 * the own-vehicles operation, or its trip alone. Pure arithmetic on the three
 * results; the same rounding rules as planEffects.
 */
export function rebasedPlanEffects(
  shared: PlanEffectsResult,
  own: PlanEffectsResult,
  alone: PlanEffectsResult,
): PlanEffectsResult {
  const before = side({
    kg: own.after.exactKgCO2 + alone.before.exactKgCO2,
    km: own.after.exactVehicleKm + alone.before.exactVehicleKm,
    droneKm: own.after.droneKm,
    hours: own.after.exactDriverHours + alone.before.exactDriverHours,
    dispatches: own.after.dispatches + alone.before.dispatches,
    vehicles: own.after.vehicles + alone.before.vehicles,
  });
  const beforeOf = new Map<string, number>();
  for (const a of own.allocation) beforeOf.set(a.requestId, a.afterKgCO2);
  for (const a of alone.allocation) beforeOf.set(a.requestId, a.beforeKgCO2);
  const allocation = shared.allocation.map((a) => {
    const b = beforeOf.get(a.requestId) ?? a.beforeKgCO2;
    return { ...a, beforeKgCO2: b, savedKgCO2: roundHalfUp(b - a.afterKgCO2, 3) };
  });
  return {
    ...shared,
    before,
    reduction: reductionOf(before, shared.after),
    allocation,
    notes: [...new Set([...shared.notes, ...own.notes, ...alone.notes])],
  };
}

/**
 * A plan's effects against a modal split the municipality states: of the
 * requests, `carSharePct` % would travel by private car or van today and the
 * rest by means that add nothing (walking, an existing bus, not travelling).
 * The before side (CO₂, km, hours, trips, vehicles) is that share of every
 * request alone.
 */
export function modalSplitPlanEffects(shared: PlanEffectsResult, carSharePct: number): PlanEffectsResult {
  const f = Math.min(100, Math.max(0, carSharePct)) / 100;
  const b = shared.before;
  const before = side({
    kg: b.exactKgCO2 * f,
    km: b.exactVehicleKm * f,
    droneKm: 0,
    hours: b.exactDriverHours * f,
    dispatches: Math.round(b.dispatches * f),
    vehicles: Math.round(b.vehicles * f),
  });
  const allocation = shared.allocation.map((a) => {
    const kg = roundHalfUp(a.beforeKgCO2 * f, 3);
    return { ...a, beforeKgCO2: kg, savedKgCO2: roundHalfUp(kg - a.afterKgCO2, 3) };
  });
  return { ...shared, before, reduction: reductionOf(before, shared.after), allocation };
}
