/**
 * Public input and output types of the matching engine.
 *
 * Units: times are seconds on one plan clock (e.g. seconds since 00:00 of the plan day),
 * distances are metres, loads are plain numbers per capacity dimension (seats, wheelchair
 * places, kg, litres …). Benchmarks that use unit-less data simply treat their units as
 * seconds and metres.
 */

/** A closed interval `[start, end]` on the plan clock, in seconds. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** One end of a request: where and when service happens. */
export interface Stop {
  /** Index into the travel tables (row/column of `Problem.travel[profile]`). */
  readonly location: number;
  /** Hard window on the start of service. Default: no window (the vehicle's availability bounds it). */
  readonly timeWindow?: TimeWindow;
  /** Time spent at the stop (boarding, loading). Default 0. */
  readonly serviceSeconds?: number;
}

/** A vehicle (or a driver's shift with one vehicle). */
export interface Vehicle {
  readonly id: string;
  /** Key into `Problem.travel`. Default `"default"`. */
  readonly profile?: string;
  /** Location the vehicle starts from (depot, driver's home). */
  readonly startLocation: number;
  /** Location the vehicle must return to. Default: `startLocation`. */
  readonly endLocation?: number;
  /**
   * When the vehicle may be used, e.g. the idle time of a day-service van between its morning
   * and evening runs. Each window is planned as a separate route that starts and ends at the
   * depots. Must be non-empty and non-overlapping.
   */
  readonly availability: readonly TimeWindow[];
  /** Capacity per dimension; its length fixes the problem's dimension count (all vehicles and loads must agree). */
  readonly capacity: readonly number[];
  /** Features/skills this vehicle offers (e.g. "wheelchair", "cold"). Default none. */
  readonly skills?: readonly string[];
  /** Cost per kilometre driven. Default 1. */
  readonly costPerKm?: number;
  /** Cost per hour of driving (travel time, not waiting). Default 0. */
  readonly costPerHour?: number;
  /** Cost added once if the vehicle is used at all (per availability window). Default 0. */
  readonly fixedCost?: number;
  /** Maximum duration of one route, from leaving the start to reaching the end. Default: no limit. */
  readonly maxRouteSeconds?: number;
}

/** A ride or a parcel: a pickup–delivery pair served by one vehicle. */
export interface TransportRequest {
  readonly id: string;
  readonly pickup: Stop;
  readonly delivery: Stop;
  /** Load per capacity dimension (same length as vehicle capacities), all ≥ 0. */
  readonly load: readonly number[];
  /** Skills every serving vehicle must have. Default none. */
  readonly requiredSkills?: readonly string[];
  /**
   * Maximum ride time: start of service at the delivery − (start of service at the pickup +
   * pickup service time). Default: no limit (parcels).
   */
  readonly maxRideSeconds?: number;
  /**
   * Weight in the "served" term of the objective; medical trips get a higher value so they
   * are served before others. Default 1. Must be > 0.
   */
  readonly priority?: number;
}

/** A travel table for one vehicle profile: row-major `size × size`, from row to column. */
export interface TravelTable {
  readonly size: number;
  /** Seconds. */
  readonly durations: ArrayLike<number>;
  /** Metres. */
  readonly distances: ArrayLike<number>;
}

/** Everything the solver needs. Read-only: the solver never mutates it. */
export interface Problem {
  readonly vehicles: readonly Vehicle[];
  readonly requests: readonly TransportRequest[];
  /** Travel tables per vehicle profile (see `MatrixProvider` to build them). */
  readonly travel: Readonly<Record<string, TravelTable>>;
}

/**
 * Objective:
 * - `"vehicles"`: hierarchical — served priority weight first, then number of routes, then cost.
 * - `"cost"`: served priority weight first, then cost (fixed costs included).
 */
export type Objective = "vehicles" | "cost";

/** Solver options. Every field is optional; defaults are stated per field. */
export interface SolveOptions {
  /** Default `"cost"`. */
  readonly objective?: Objective;
  /** Seed of the pseudo-random generator; same seed + same `maxIterations` ⇒ same result. Default 1. */
  readonly seed?: number;
  /**
   * Wall-clock budget in milliseconds for the whole solve, validation and construction
   * included. Default 10 000.
   */
  readonly timeLimitMs?: number;
  /** Upper bound on LNS iterations (use it, not time, for reproducible runs). Default: unlimited. */
  readonly maxIterations?: number;
  /**
   * Share of the budget left after construction spent on removing routes when `objective` is
   * `"vehicles"`. Default 0.6.
   */
  readonly fleetPhaseShare?: number;
  /**
   * Share of the budget left after construction spent on removing routes when `objective` is
   * `"cost"` (routes may be re-opened afterwards if that is cheaper). Default 0.2.
   */
  readonly costFleetPhaseShare?: number;
  /** How often `onProgress` is called, in milliseconds. Default 500. */
  readonly progressIntervalMs?: number;
  /** Clock used for the time budget (injectable for tests). Default `performance.now`. */
  readonly now?: () => number;
}

/** Progress report passed to the optional `onProgress` callback of `solve`. */
export interface SolveProgress {
  readonly iterations: number;
  readonly elapsedMs: number;
  readonly bestCost: number;
  readonly served: number;
  readonly unserved: number;
  /** The ids of the requests the best solution so far leaves unserved (so a caller can count in its own terms). */
  readonly unservedIds: readonly string[];
  readonly vehicles: number;
  readonly phase: "construct" | "fleet" | "improve";
}

/** One validation problem, named by its field path (e.g. `requests[3].pickup.timeWindow`). */
export interface ValidationIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** One visit in a planned route. */
export interface PlannedStop {
  readonly kind: "start" | "pickup" | "delivery" | "end";
  /** Set for pickups and deliveries. */
  readonly requestId?: string;
  readonly location: number;
  readonly arrival: number;
  /** Start of service (≥ arrival; waiting happens before it). */
  readonly serviceStart: number;
  readonly departure: number;
  /** Load on board after this stop, per dimension. */
  readonly load: readonly number[];
}

/** The plan of one vehicle availability window. */
export interface PlannedRoute {
  readonly vehicleId: string;
  /** Index into the vehicle's `availability`. */
  readonly shift: number;
  readonly stops: readonly PlannedStop[];
  readonly distanceMeters: number;
  readonly drivingSeconds: number;
  /** From departure at the start to arrival at the end. */
  readonly durationSeconds: number;
  readonly cost: number;
}

/** Machine codes for why a request was not served. */
export type UnassignedCode =
  | "NO_VEHICLE_WITH_SKILLS"
  | "CAPACITY"
  | "NO_VEHICLE_AVAILABLE"
  | "TIME_WINDOW_UNREACHABLE"
  | "MAX_RIDE_TIME"
  | "MAX_ROUTE_DURATION"
  | "NO_ROOM_IN_PLAN";

/** Smallest change found that would make the request feasible. */
export type Relaxation =
  | { readonly kind: "delay_delivery_end"; readonly seconds: number }
  | { readonly kind: "delay_pickup_end"; readonly seconds: number }
  | { readonly kind: "increase_max_ride"; readonly seconds: number }
  | { readonly kind: "increase_capacity"; readonly dimension: number; readonly amount: number }
  | { readonly kind: "add_vehicle" };

/** A request left out of the plan, with the binding reason as a code plus data for a sentence. */
export interface UnassignedRequest {
  readonly requestId: string;
  readonly code: UnassignedCode;
  /** Numbers a UI can put into a sentence (seconds, dimension index, amounts…). */
  readonly details: Readonly<Record<string, number | string | readonly string[]>>;
  readonly relaxation?: Relaxation;
}

export interface PlanSummary {
  readonly served: number;
  readonly unserved: number;
  /** Sum of the priorities of the served requests. */
  readonly servedPriority: number;
  readonly vehicles: number;
  readonly distanceMeters: number;
  readonly drivingSeconds: number;
  readonly cost: number;
}

/**
 * Result of `solve`:
 * - `"solved"`: every request is served;
 * - `"partial"`: some requests are in `unassigned` with a reason;
 * - `"invalid"`: the input has errors listed in `issues`; no plan.
 */
export type SolveResult =
  | {
      readonly status: "solved" | "partial";
      readonly routes: readonly PlannedRoute[];
      readonly unassigned: readonly UnassignedRequest[];
      readonly summary: PlanSummary;
      readonly stats: { readonly iterations: number; readonly elapsedMs: number; readonly seed: number };
    }
  | { readonly status: "invalid"; readonly issues: readonly ValidationIssue[] };
