/**
 * The fictional demo town as plain, readonly data. Every value is generated
 * from a seed; nothing here describes a real place, person or business.
 *
 * Conventions: coordinates are WGS 84 degrees (6 decimals); dates are
 * "YYYY-MM-DD"; times of day are "HH:MM" in Asia/Tokyo; weekdays are ISO
 * (1 = Monday … 7 = Sunday); distances are km unless a name says metres.
 */
import type { Feature, Polygon } from "geojson";

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A weekly recurring window, e.g. a day-service van idle 10:00–15:30 on weekdays. `from` < `to`, same day. */
export interface WeeklyWindow {
  readonly days: readonly IsoWeekday[];
  readonly from: string;
  readonly to: string;
}

/** Options of `generateDemoTown`. */
export interface DemoTownOptions {
  /** PRNG seed (integer, 0 … 2³²−1). Default `20261123`. The town's geography depends on the seed only. */
  readonly seed?: number;
  /** First day of the request week, "YYYY-MM-DD", must be a Monday. Default: the Monday of the week holding the day after `today` (on a Sunday, next week). */
  readonly weekStart?: string;
  /**
   * "Today", "YYYY-MM-DD". Default: the current date in Asia/Tokyo — the generator's only impure
   * input, so tests pass it explicitly. Consent dates are never after it.
   */
  readonly today?: string;
}

/** A mesh cell of the JIS X 0410 half (500 m) mesh whose centre lies inside the boundary and where someone lives. */
export interface DemoMeshCell {
  /** 9-digit half-mesh code (2分の1地域メッシュ). */
  readonly code: string;
  readonly population: number;
  /** Residents aged 65 or over (includes `aged75plus`). */
  readonly aged65plus: number;
  readonly aged75plus: number;
  readonly households: number;
}

/** An outlying settlement (集落). */
export interface DemoHamlet {
  readonly id: string;
  readonly name: string;
  readonly nameKana: string;
  readonly nameEn: string;
  readonly centre: { readonly lat: number; readonly lon: number };
  /** Straight-line distance from the town centre, km (5–20). */
  readonly distanceKm: number;
  /** Population of the mesh cells within 2 km of the hamlet centre. */
  readonly population: number;
  /** Whether a community-bus route ends here. Hamlets without one are 交通空白 candidates. */
  readonly servedByBus: boolean;
}

export type DemoPlaceKind =
  | "town_hall"
  | "clinic"
  | "supermarket"
  | "day_care"
  | "post_office"
  | "hub"
  | "school"
  | "social_welfare_council"
  | "community_centre"
  | "drone_port";

/** A point of interest. */
export interface DemoPlace {
  readonly id: string;
  readonly kind: DemoPlaceKind;
  readonly name: string;
  readonly nameEn: string;
  readonly lat: number;
  readonly lon: number;
  /** The organisation running it, when there is one. */
  readonly organisationId?: string;
}

export type DemoOrganisationKind =
  | "municipality"
  | "facility"
  | "operator"
  | "school"
  | "shop"
  | "hub_owner"
  | "drone_operator"
  | "volunteer_group";

export interface DemoOrganisation {
  readonly id: string;
  readonly kind: DemoOrganisationKind;
  readonly name: string;
  readonly nameKana: string;
  readonly nameEn: string;
}

export type DemoVehicleKind =
  | "car"
  | "van"
  | "wheelchair_van"
  | "minibus"
  | "route_bus"
  | "school_bus"
  | "truck"
  | "drone";

/** Capacity in several dimensions; 0 means "none". */
export interface DemoCapacity {
  /** Passenger seats, excluding the driver. */
  readonly seats: number;
  /** Wheelchair places (a wheelchair user needs one, not a seat). */
  readonly wheelchairs: number;
  readonly cargoKg: number;
  readonly cargoLitres: number;
}

/** Feature codes: `lift` (wheelchair lift/ramp), `cold_box` (refrigerated box), `low_floor`. */
export type DemoVehicleFeature = "lift" | "cold_box" | "low_floor";

interface DemoVehicleBase {
  readonly id: string;
  readonly organisationId: string;
  readonly kind: DemoVehicleKind;
  readonly name: string;
  readonly capacity: DemoCapacity;
  readonly features: readonly DemoVehicleFeature[];
  /** Maximum payload (最大積載量), kg: the load-class figure CO₂ methods ask for. */
  readonly payloadKg: number;
  readonly depotPlaceId: string;
  /** When the vehicle may be used for shared service (its idle time), every week. */
  readonly availability: readonly WeeklyWindow[];
}

/**
 * A person who drives the shared vehicles: a facility's staff member drives its vans, a
 * volunteer drives their own car. Every planned route needs one who is free and may drive it.
 */
export interface DemoDriver {
  readonly id: string;
  readonly organisationId: string;
  readonly kind: "staff" | "volunteer";
  readonly name: string;
  readonly nameKana: string;
  /** The vehicles the driver may drive. */
  readonly vehicleIds: readonly string[];
  /** When the driver works, every week. */
  readonly availability: readonly WeeklyWindow[];
}

/** A combustion vehicle: fuel economy in km per litre (燃費). */
export interface DemoFuelVehicle extends DemoVehicleBase {
  readonly fuel: "gasoline" | "diesel";
  readonly kmPerLitre: number;
}

/** A battery vehicle or drone: energy use in kWh per km (電費). */
export interface DemoElectricVehicle extends DemoVehicleBase {
  readonly fuel: "electricity";
  readonly kWhPerKm: number;
}

export type DemoVehicle = DemoFuelVehicle | DemoElectricVehicle;

/** A stop of the community bus, identical to the GTFS `stops.txt` row. */
export interface DemoBusStop {
  readonly stopId: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

/** A community-bus route, identical to the GTFS `routes.txt` row, with its stop order and line. */
export interface DemoBusRoute {
  readonly routeId: string;
  readonly name: string;
  readonly color: string;
  /** Stop ids from the town centre out to the terminal hamlet (direction_id 0). */
  readonly stopIds: readonly string[];
  /** The line drawn through the stops, [lon, lat] pairs (GeoJSON order). */
  readonly line: readonly (readonly [number, number])[];
  /** The hamlet at the outer end. */
  readonly hamletId: string;
}

/** Spare capacity one community-bus trip offers to 貨客混載 (parcels) and extra riders. */
export interface DemoBusCapacityOffer {
  readonly spareSeats: number;
  readonly cargoKg: number;
  readonly cargoLitres: number;
}

/** A school-bus stop. */
export interface DemoSchoolBusStop {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

/** One school-bus run, on school days. */
export interface DemoSchoolBusTrip {
  readonly id: string;
  /** `to_school`: morning, hamlet → school; `from_school`: afternoon, school → hamlet. */
  readonly direction: "to_school" | "from_school";
  readonly days: readonly IsoWeekday[];
  /** Stop times in travel order. */
  readonly stopTimes: readonly { readonly stopId: string; readonly time: string }[];
  /** Seats left after the pupils, offered to residents (混乗). */
  readonly spareSeats: number;
  readonly spareCargoKg: number;
}

/** The school bus: a fixed route with a timetable. */
export interface DemoSchoolBus {
  readonly vehicleId: string;
  readonly schoolPlaceId: string;
  /** Stops from the outer end to the school. */
  readonly stops: readonly DemoSchoolBusStop[];
  readonly trips: readonly DemoSchoolBusTrip[];
}

/** A drone port (ドローンスタンド). */
export interface DemoDronePort {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly placeId: string;
  /** The hamlet it serves, or null for the port at the hub in the centre. */
  readonly hamletId: string | null;
}

/** A drone route between two ports, flown both ways. */
export interface DemoDroneRoute {
  readonly id: string;
  readonly fromPortId: string;
  readonly toPortId: string;
  /** Straight-line length, km. */
  readonly distanceKm: number;
  readonly maxPayloadKg: number;
  /** Range on one charge, km (must cover a round trip). */
  readonly rangeKm: number;
  readonly cruiseKmh: number;
  readonly operatingFrom: string;
  readonly operatingTo: string;
  readonly days: readonly IsoWeekday[];
}

/** A parcel hub (集約・中継拠点). */
export interface DemoHub {
  readonly id: string;
  readonly placeId: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly days: readonly IsoWeekday[];
  /** Minimum time between a parcel's arrival and its next leg's departure. */
  readonly minTransferMinutes: number;
  /** The bus stop and drone port at the hub, for hand-overs. */
  readonly busStopId: string;
  readonly dronePortId: string;
}

/** A registered user of the service (not every inhabitant: the mesh holds those). */
export interface DemoResident {
  readonly id: string;
  /** Fictional name, family name first (e.g. 「山本 和子」). */
  readonly name: string;
  readonly nameKana: string;
  readonly birthYear: number;
  /** Age band in the week's year: "under65", "65-74", "75-84", "85plus". */
  readonly ageBand: "under65" | "65-74" | "75-84" | "85plus";
  readonly home: { readonly lat: number; readonly lon: number };
  /** Half-mesh code of the home. */
  readonly meshCode: string;
  /** Hamlet the home belongs to (within 2 km of its centre), or null (town centre or scattered). */
  readonly hamletId: string | null;
  readonly mobility: {
    readonly wheelchair: boolean;
    readonly escort: boolean;
    /** How far they can walk to a vehicle, metres; 0 for wheelchair users (door to door). */
    readonly maxWalkM: number;
  };
  /** Consent to use their data for planning (個人情報の利用同意). Only residents who gave it make requests. */
  readonly consent: { readonly given: boolean; readonly date: string | null };
}

/** Where a request starts or ends: a place, or a resident's home. */
export interface DemoRequestPoint {
  readonly lat: number;
  readonly lon: number;
  readonly placeId?: string;
  /** Set when the point is this resident's home. */
  readonly residentId?: string;
}

export type DemoRidePurpose = "clinic" | "shopping" | "town_hall" | "day_care" | "other";

interface DemoRequestBase {
  /** Stable for a seed and date, e.g. "rq-20261123-001". */
  readonly id: string;
  readonly date: string;
  readonly pickup: DemoRequestPoint;
  readonly dropoff: DemoRequestPoint;
  /** Earliest pick-up, "HH:MM". */
  readonly earliest: string;
  /** Latest arrival at the drop-off, "HH:MM"; later than `earliest`. */
  readonly latest: string;
  /** Higher is served first: 2 medical (通院), 1 day care / cold goods, 0 other. */
  readonly priority: 0 | 1 | 2;
}

/** A resident's ride. */
export interface DemoRideRequest extends DemoRequestBase {
  readonly kind: "ride";
  readonly residentId: string;
  readonly purpose: DemoRidePurpose;
  /** People travelling, including an escort (付添い); 1–2. */
  readonly passengers: number;
  readonly wheelchair: boolean;
  readonly escort: boolean;
  /** For a return trip, the outbound request it comes back from. */
  readonly returnOf?: string;
  /** Clinic appointment time, for 通院. */
  readonly appointment?: string;
}

/** A parcel from a sender (post office, supermarket, hub) to a resident's home. */
export interface DemoParcelRequest extends DemoRequestBase {
  readonly kind: "parcel";
  readonly purpose: "delivery";
  /** The recipient. */
  readonly residentId: string;
  readonly senderPlaceId: string;
  readonly weightKg: number;
  readonly sizeLitres: number;
  /** Needs a cold box (chilled groceries). */
  readonly cold: boolean;
  /** What it is, as the sender would write it (「食料品・日用品」). */
  readonly description: string;
  /** 置き配 allowed, or hand to the resident (chilled food and post-office parcels). */
  readonly handover: "leave_at_door" | "hand_to_person";
}

export type DemoRequest = DemoRideRequest | DemoParcelRequest;

/** The whole fictional town. */
export interface DemoTown {
  /** Always true: this town does not exist. Every UI showing it must say 架空. */
  readonly fictional: true;
  readonly seed: number;
  /** 「つなぐ町（架空）」. */
  readonly name: string;
  readonly nameKana: string;
  readonly nameEn: string;
  /**
   * 6-digit code shaped like a 全国地方公共団体コード (5 digits + check digit) but with the
   * prefecture part 99, which no prefecture has: it can never collide with a real municipality.
   */
  readonly municipalityCode: string;
  /** 「架空県」: the town belongs to no real prefecture, though it is drawn in the mountains of central Honshu. */
  readonly prefecture: string;
  readonly centre: { readonly lat: number; readonly lon: number };
  readonly timezone: "Asia/Tokyo";
  /** First day (Monday) of the request week. */
  readonly weekStart: string;
  /** The seven dates of the week, Monday first. */
  readonly weekDates: readonly string[];
  /** The `today` the town was generated for. */
  readonly today: string;
  /** Town boundary (a valley-shaped polygon, 300–700 km²). */
  readonly boundary: Feature<Polygon, { name: string; fictional: true; municipalityCode: string }>;
  readonly meshCells: readonly DemoMeshCell[];
  readonly hamlets: readonly DemoHamlet[];
  readonly places: readonly DemoPlace[];
  readonly organisations: readonly DemoOrganisation[];
  readonly vehicles: readonly DemoVehicle[];
  /** Who drives the shared road vehicles (`DEMO_DRIVER_ID` is the demo driver account's). */
  readonly drivers: readonly DemoDriver[];
  /** Community-bus stops and routes (the same as in `gtfs`). */
  readonly busStops: readonly DemoBusStop[];
  readonly busRoutes: readonly DemoBusRoute[];
  /** The community-bus timetable as a GTFS-JP zip. */
  readonly gtfs: Uint8Array;
  /** Spare capacity per community-bus trip, keyed by GTFS trip_id. */
  readonly busCapacityOffer: Readonly<Record<string, DemoBusCapacityOffer>>;
  readonly schoolBus: DemoSchoolBus;
  readonly dronePorts: readonly DemoDronePort[];
  readonly droneRoutes: readonly DemoDroneRoute[];
  readonly hubs: readonly DemoHub[];
  readonly residents: readonly DemoResident[];
  /**
   * The resident the demo account signs in as. Every week they have a clinic
   * visit there and back on `busiestDate`, a parcel the next weekday and a
   * shopping trip there and back the weekday after (see `demoResidentDrafts`).
   */
  readonly demoResidentId: string;
  /** The weekday of the week with the most requests (the earliest on a tie). */
  readonly busiestDate: string;
  /** A week of requests, Monday to Sunday. */
  readonly requests: readonly DemoRequest[];
}
