/**
 * The regional (multimodal) planning model: road vehicles, timetabled bus trips whose spare room
 * is shared (混乗 / 貨客混載), drone routes for parcels, and transfer points (hubs, bus stops) —
 * one day of one municipality in one plan.
 *
 * Units: points are WGS 84 degrees; times are seconds since 00:00 of the plan day (Asia/Tokyo;
 * GTFS times past 24:00 stay > 86 400); distances are metres; weights kg; volumes litres.
 *
 * The road part is solved by the core PDPTW/DARP engine (`solve`): every road leg of an
 * itinerary becomes one core request. Timetabled trips and drone flights have fixed times, so a
 * hand-over to or from them turns into a time window on the road leg; no two road vehicles ever
 * wait for each other.
 */
import type { GeoPoint } from "../matrix";
import type { Relaxation, TimeWindow, UnassignedCode } from "../model";

/** Capacity (or load) in the four dimensions the region's vehicles are described by. */
export interface RegionalCapacity {
  /** Seats for passengers (an escort takes one). */
  readonly seats: number;
  /** Wheelchair places (a wheelchair user takes one of these, not a seat). */
  readonly wheelchairs: number;
  readonly cargoKg: number;
  readonly cargoLitres: number;
}

/** Vehicle kinds that drive on roads (drones are `DroneRoute`s, buses on timetables are `TimetabledTrip`s). */
export type RoadVehicleKind =
  | "car"
  | "van"
  | "wheelchair_van"
  | "minibus"
  | "route_bus"
  | "school_bus"
  | "truck";

/**
 * A road vehicle in its shared-service hours (e.g. a day-service van between its morning and
 * evening runs, a volunteer's car). One planned route per availability window.
 */
export interface RoadVehicle {
  readonly id: string;
  readonly kind: RoadVehicleKind;
  /** Display name (for reasons and run sheets). */
  readonly name: string;
  readonly start: GeoPoint;
  /** Default: `start`. */
  readonly end?: GeoPoint;
  /** Non-empty, non-overlapping windows on the plan clock. */
  readonly availability: readonly TimeWindow[];
  readonly capacity: RegionalCapacity;
  /**
   * Feature codes: `lift` or `ramp` (can carry a wheelchair user), `cold_box` (chilled parcels),
   * others are carried through (`child_seat`, `stretcher`).
   */
  readonly features: readonly string[];
  /** Default 1 per km (the objective then minimises kilometres). */
  readonly costPerKm?: number;
  /** Default 0. */
  readonly costPerHour?: number;
  /** Cost added once per used availability window. Default 0. */
  readonly fixedCost?: number;
  /** Maximum duration of one route. Default: no limit. */
  readonly maxRouteSeconds?: number;
}

/** One stop of a timetabled trip, at the timetable's times. */
export interface TimetabledStop {
  /** The stop's id in its feed (GTFS `stop_id`). */
  readonly stopId: string;
  readonly name: string;
  readonly point: GeoPoint;
  readonly arrival: number;
  readonly departure: number;
  /** False when the timetable forbids boarding here (GTFS pickup_type 1). Default true. */
  readonly boarding?: boolean;
  /** False when the timetable forbids alighting here (GTFS drop_off_type 1). Default true. */
  readonly alighting?: boolean;
}

/**
 * A route-bus or school-bus trip on the plan day. The bus does not move for anyone: a rider or
 * parcel only uses the room it offers between two of its stops.
 */
export interface TimetabledTrip {
  /** Unique in the problem (e.g. `feedId:tripId`). */
  readonly id: string;
  readonly service: "route_bus" | "school_bus";
  /** Display label, e.g. the route's name and headsign. */
  readonly label: string;
  /** In travel order, at least two. */
  readonly stops: readonly TimetabledStop[];
  /** Room offered on every segment of the trip (0 in a dimension = none offered). */
  readonly spare: RegionalCapacity;
  /** Feature codes of the vehicle that runs it (e.g. `ramp` for a low-floor bus). Default none. */
  readonly features?: readonly string[];
}

/** A drone route between two ports, flown by one drone on the plan day. */
export interface DroneRoute {
  readonly id: string;
  readonly fromPortId: string;
  readonly fromName: string;
  readonly from: GeoPoint;
  readonly toPortId: string;
  readonly toName: string;
  readonly to: GeoPoint;
  readonly maxPayloadKg: number;
  /** The cargo box's volume, litres, shared by the parcels of one flight. Default: no volume limit. */
  readonly maxPayloadLitres?: number;
  readonly rangeKm: number;
  /** When flights may take off and must have landed (plan clock). */
  readonly operating: TimeWindow;
  /** Cruise speed. Default 50 km/h. */
  readonly cruiseKmh?: number;
  /** Loading before and unloading after each flight, and battery swap, in seconds. Default 300. */
  readonly handlingSeconds?: number;
  /** Energy use for the effects report. Default 0.05 kWh/km. */
  readonly kWhPerKm?: number;
  /**
   * The route also flies back (`to` → `from`) with the same limits. Default true.
   */
  readonly bidirectional?: boolean;
}

/** A place where a parcel or rider may change vehicle: a hub (拠点), a drone port, a bus stop. */
export interface TransferPoint {
  readonly id: string;
  readonly name: string;
  readonly point: GeoPoint;
  /** When hand-overs may happen here. Default: all day. */
  readonly open?: TimeWindow;
  /** Minimum time between arriving with one leg and leaving with the next. */
  readonly minTransferSeconds: number;
  /**
   * Drone port ids and bus stop ids that are at this place (within a short walk), so a
   * hand-over between a van and a drone there uses this transfer time.
   */
  readonly servesPortIds?: readonly string[];
  readonly servesStopIds?: readonly string[];
}

/**
 * A person who drives road vehicles: a facility's staff member or a volunteer. When the problem
 * lists drivers, every route needs one (see `RegionalProblem.drivers`).
 */
export interface Driver {
  readonly id: string;
  /** Display name (for reasons and run sheets). */
  readonly name: string;
  /** When the driver may work, non-empty, non-overlapping windows on the plan clock. */
  readonly availability: readonly TimeWindow[];
  /** The vehicles the driver may drive (the registry's driver ↔ vehicle list). */
  readonly vehicleIds: readonly string[];
  /**
   * Qualification codes valid on the plan day (e.g. `welfare_course` for 福祉有償運送運転者講習,
   * `class2` for 普通二種). The caller leaves out expired ones. Default none.
   */
  readonly qualifications?: readonly string[];
}

/**
 * Working-time limits of a driver's day. Defaults follow 改善基準告示 (自動車運転者の労働時間等の
 * 改善のための基準, 厚生労働省告示 第367号, as revised 2022, in force April 2024) for drivers of
 * buses and hire cars: 連続運転時間 at most 4 h, then an interruption of at least 30 min in total
 * made of parts of at least about 10 min; 1日の運転時間 9 h; 1日の拘束時間 13 h.
 */
export interface DriverRules {
  /** Longest driving without a break, seconds. Default 14 400 (4 h). */
  readonly maxContinuousDrivingSeconds?: number;
  /** Total interruption that resets continuous driving, seconds. Default 1 800 (30 min). */
  readonly breakSeconds?: number;
  /** Shortest interruption that counts towards a break, seconds. Default 600 (10 min). */
  readonly minBreakPartSeconds?: number;
  /** Driving in one day (moves between vehicles included), seconds. Default 32 400 (9 h). */
  readonly maxDailyDrivingSeconds?: number;
  /** First route start to last route end (拘束時間), seconds. Default 46 800 (13 h). */
  readonly maxDutySeconds?: number;
}

/** A ride (people) or a parcel, from one point to another, within one window. */
export interface RegionalRequest {
  readonly id: string;
  readonly kind: "ride" | "parcel";
  readonly pickup: GeoPoint;
  readonly dropoff: GeoPoint;
  /** Earliest pick-up (ride) or collection (parcel). */
  readonly earliest: number;
  /** Latest arrival at the drop-off. */
  readonly latest: number;
  /** Rides: people travelling, including a wheelchair user. */
  readonly passengers?: number;
  /** Rides: one of the passengers uses a wheelchair (needs a wheelchair place and a lift/ramp). */
  readonly wheelchair?: boolean;
  /** Rides: an escort travels along and takes a seat. */
  readonly escort?: boolean;
  /**
   * Rides: how far the rider may walk to or from a bus stop, metres. 0 = door to door only
   * (wheelchair users are always 0). Default 0.
   */
  readonly maxWalkMeters?: number;
  /** Rides: maximum time on board from first pick-up to final drop-off. Default: see `RegionalOptions.maxRide`. */
  readonly maxRideSeconds?: number;
  /** Parcels. */
  readonly weightKg?: number;
  readonly sizeLitres?: number;
  /** Parcels: needs a cold box. */
  readonly cold?: boolean;
  /** Weight in the "served" objective (> 0); medical trips higher. Default 1. */
  readonly priority?: number;
  /**
   * Qualification codes the driver of this request's road legs must hold (e.g. `welfare_course`
   * for a 福祉有償運送 ride). Default none.
   */
  readonly driverQualifications?: readonly string[];
}

export interface RegionalProblem {
  /** The plan day, "YYYY-MM-DD" (carried into the plan; the engine does not use the calendar). */
  readonly date: string;
  readonly vehicles: readonly RoadVehicle[];
  readonly requests: readonly RegionalRequest[];
  /** Trips running on the plan day that offer room. Default none. */
  readonly trips?: readonly TimetabledTrip[];
  /** Drone routes flying on the plan day (the caller leaves out suspended ones). Default none. */
  readonly droneRoutes?: readonly DroneRoute[];
  readonly transferPoints?: readonly TransferPoint[];
  /**
   * The drivers who may work on the plan day. When given (even empty), every road route gets a
   * driver who may drive its vehicle, holds the qualifications its requests need, and can fit it
   * in a day within `RegionalOptions.driverRules`; a route no driver can take is not planned and
   * its requests are unassigned with `NO_DRIVER`. Absent: routes are planned without drivers.
   */
  readonly drivers?: readonly Driver[];
}

/** Tuning of the regional planner; every field optional. */
export interface RegionalOptions {
  /** Core solver budget for the whole plan, ms. Default 10 000. */
  readonly timeLimitMs?: number;
  /** Default 1. */
  readonly seed?: number;
  /** Core objective. Default `"cost"`. */
  readonly objective?: "vehicles" | "cost";
  /** Walking speed for rider walks to and from stops, km/h. Default 3.6 (elderly pace). */
  readonly walkKmh?: number;
  /** Minimum transfer time at a bus stop that is not a `TransferPoint`, seconds. Default 300. */
  readonly stopTransferSeconds?: number;
  /** Boarding/loading time at each road pick-up and drop-off, seconds. Default 120 rides, 60 parcels. */
  readonly serviceSeconds?: { readonly ride?: number; readonly parcel?: number };
  /**
   * Default maximum ride time when a request has none: `max(minSeconds, factor × direct drive
   * time + slackSeconds)`. Default factor 2, slack 600, min 1 800 (30 min).
   */
  readonly maxRide?: {
    readonly factor?: number;
    readonly slackSeconds?: number;
    readonly minSeconds?: number;
  };
  /** Working-time limits of drivers (see `DriverRules` for the defaults). */
  readonly driverRules?: DriverRules;
  /** Called with progress while the core solver runs. */
  readonly onProgress?: (p: RegionalProgress) => void;
  /** Clock for the budget (injectable for tests). Default `performance.now`. */
  readonly now?: () => number;
}

export interface RegionalProgress {
  readonly phase: "itineraries" | "construct" | "fleet" | "improve" | "finish";
  /** 0–100, by elapsed share of the budget. */
  readonly percent: number;
  readonly served: number;
  readonly unserved: number;
  readonly vehicles: number;
}

/** How a leg travels. */
export type LegMode = "vehicle" | "route_bus" | "school_bus" | "drone" | "walk";

/** A named point a leg starts or ends at. */
export interface LegEnd {
  readonly point: GeoPoint;
  /** Place name for people (stop, hub, port), or absent for a door. */
  readonly name?: string;
  /** Set when the end is a bus stop / drone port / transfer point. */
  readonly stopId?: string;
  readonly portId?: string;
  readonly transferPointId?: string;
}

/** One leg of a request's journey. Legs are consecutive: leg i+1 starts where leg i ends. */
export interface PlannedLeg {
  readonly mode: LegMode;
  /** `vehicle` legs. */
  readonly vehicleId?: string;
  readonly shift?: number;
  /** `route_bus` / `school_bus` legs. */
  readonly tripId?: string;
  /** `drone` legs. */
  readonly droneRouteId?: string;
  /** `drone` legs: the flight (index into `RegionalPlan.droneFlights`). */
  readonly flight?: number;
  readonly from: LegEnd;
  readonly to: LegEnd;
  /** Start of service at `from` (boarding / loading / take-off / start walking). */
  readonly departure: number;
  /** Arrival at `to` (before unloading). */
  readonly arrival: number;
}

/** A served request's journey. */
export interface Itinerary {
  readonly requestId: string;
  readonly legs: readonly PlannedLeg[];
}

/** One stop of a road vehicle's route. */
export interface RegionalRouteStop {
  readonly kind: "start" | "pickup" | "dropoff" | "end";
  readonly requestId?: string;
  /** Which leg of the request's itinerary this stop serves. */
  readonly legIndex?: number;
  readonly point: GeoPoint;
  readonly arrival: number;
  readonly serviceStart: number;
  readonly departure: number;
  /** On board after the stop. */
  readonly load: RegionalCapacity;
}

export interface RegionalRoute {
  readonly vehicleId: string;
  readonly shift: number;
  readonly stops: readonly RegionalRouteStop[];
  readonly distanceMeters: number;
  readonly drivingSeconds: number;
  /** The driver, when the problem lists drivers. */
  readonly driverId?: string;
}

/** One flight of a drone route (one drone: flights on a route never overlap, returns included). */
export interface DroneFlight {
  readonly droneRouteId: string;
  /** True when flown `to` → `from`. */
  readonly reverse: boolean;
  readonly takeOff: number;
  readonly landing: number;
  readonly payloadKg: number;
  readonly distanceMeters: number;
  readonly requestIds: readonly string[];
}

/** Reason codes of the regional planner: the core's plus the ones only multimodal plans have. */
export type RegionalUnassignedCode = UnassignedCode | "NO_MODE_POSSIBLE" | "NO_DRIVER";

export interface RegionalUnassigned {
  readonly requestId: string;
  readonly code: RegionalUnassignedCode;
  /** Numbers/strings for a sentence, e.g. `{ latest: 38400, vehicleIds: [...], busyFrom, busyTo }`. */
  readonly details: Readonly<Record<string, number | string | readonly string[]>>;
  readonly relaxation?: Relaxation;
}

export interface RegionalSummary {
  readonly served: number;
  readonly unserved: number;
  /** Road vehicle routes used. */
  readonly vehicles: number;
  /** Distinct drivers on the routes (0 when the problem lists none). */
  readonly drivers: number;
  readonly distanceMeters: number;
  readonly drivingSeconds: number;
  /** Requests with at least one leg of each mode. */
  readonly byMode: Readonly<Record<LegMode, number>>;
  /** Requests that change vehicle at least once. */
  readonly transfers: number;
  readonly droneFlights: number;
}

export type RegionalPlan =
  | {
      readonly status: "solved" | "partial";
      readonly date: string;
      readonly routes: readonly RegionalRoute[];
      readonly itineraries: readonly Itinerary[];
      readonly droneFlights: readonly DroneFlight[];
      readonly unassigned: readonly RegionalUnassigned[];
      readonly summary: RegionalSummary;
      readonly stats: { readonly elapsedMs: number; readonly seed: number; readonly iterations: number };
    }
  | {
      readonly status: "invalid";
      readonly issues: readonly { readonly path: string; readonly code: string; readonly message: string }[];
    };
