/**
 * Who owns what: the organisations, their vehicles with the idle windows they
 * share, the drone ports and route, and the delivery hub. Fuel economies are
 * typical catalogue figures for each class of vehicle in Japan.
 */
import { haversineKm, type LocalProjection, round6 } from "./geometry";
import type { Rng } from "./random";
import type { Geography, PlaceSite } from "./town";
import { COMMUNITY_BUS_SEATS, SCHOOL_BUS_SEATS } from "./transit";
import type {
  DemoDriver,
  DemoDronePort,
  DemoDroneRoute,
  DemoHub,
  DemoOrganisation,
  DemoVehicle,
  IsoWeekday,
} from "./types";

const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];
const MON_SAT: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6];
const ALL_WEEK: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export const SCHOOL_BUS_VEHICLE_ID = "veh-school-bus";

export const ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    id: "org-town",
    kind: "municipality",
    name: "つなぐ町（架空）",
    nameKana: "つなぐちょう",
    nameEn: "Tsunagu Town (fictional)",
  },
  {
    id: "org-shakyo",
    kind: "facility",
    name: "つなぐ町社会福祉協議会（架空）",
    nameKana: "つなぐちょうしゃかいふくしきょうぎかい",
    nameEn: "Tsunagu Council of Social Welfare (fictional)",
  },
  {
    id: "org-clinic",
    kind: "facility",
    name: "つなぐ町国保診療所（架空）",
    nameKana: "つなぐちょうこくほしんりょうじょ",
    nameEn: "Tsunagu Town Clinic (fictional)",
  },
  {
    id: "org-day-care-1",
    kind: "facility",
    name: "社会福祉法人ひだまり会（架空）",
    nameKana: "ひだまりかい",
    nameEn: "Hidamari Welfare Corporation (fictional)",
  },
  {
    id: "org-day-care-2",
    kind: "facility",
    name: "有限会社やまびこケア（架空）",
    nameKana: "やまびこけあ",
    nameEn: "Yamabiko Care Ltd. (fictional)",
  },
  {
    id: "org-bus",
    kind: "operator",
    name: "つなぐ交通（架空）",
    nameKana: "つなぐこうつう",
    nameEn: "Tsunagu Transport (fictional)",
  },
  {
    id: "org-post",
    kind: "operator",
    name: "つなぐ郵便局（架空）",
    nameKana: "つなぐゆうびんきょく",
    nameEn: "Tsunagu Post Office (fictional)",
  },
  {
    id: "org-school",
    kind: "school",
    name: "つなぐ町立つなぐ学園（架空）",
    nameKana: "つなぐがくえん",
    nameEn: "Tsunagu Town School (fictional)",
  },
  {
    id: "org-shop",
    kind: "shop",
    name: "スーパーつなぐ（架空）",
    nameKana: "すーぱーつなぐ",
    nameEn: "Supermarket Tsunagu (fictional)",
  },
  {
    id: "org-hub",
    kind: "hub_owner",
    name: "つなぐ町地域物流協議会（架空）",
    nameKana: "つなぐちょうちいきぶつりゅうきょうぎかい",
    nameEn: "Tsunagu Community Logistics Council (fictional)",
  },
  {
    id: "org-drone",
    kind: "drone_operator",
    name: "そらつなぐドローン（架空）",
    nameKana: "そらつなぐどろーん",
    nameEn: "Sora-Tsunagu Drone (fictional)",
  },
  {
    id: "org-volunteers",
    kind: "volunteer_group",
    name: "つなぐ町ささえあいの会（架空）",
    nameKana: "ささえあいのかい",
    nameEn: "Tsunagu Mutual-Support Volunteers (fictional)",
  },
];

export function buildVehicles(rng: Rng, routeCount: number): DemoVehicle[] {
  const vehicles: DemoVehicle[] = [];
  for (let i = 1; i <= routeCount; i++) {
    vehicles.push({
      id: `veh-bus-${i}`,
      organisationId: "org-bus",
      kind: "route_bus",
      name: `コミュニティバス ${i}号車`,
      capacity: { seats: COMMUNITY_BUS_SEATS, wheelchairs: 1, cargoKg: 80, cargoLitres: 400 },
      features: ["lift", "low_floor"],
      fuel: "diesel",
      kmPerLitre: 6.5,
      payloadKg: 2000,
      depotPlaceId: "place-town-hall",
      // The span of its timetable; what it can carry per trip is in busCapacityOffer.
      availability: [
        { days: WEEKDAYS, from: "06:40", to: "18:30" },
        { days: [6], from: "07:50", to: "15:30" },
      ],
    });
  }
  // The shared resource: day-service vans idle between the morning pick-up and the evening drop-off.
  const idleFrom = (base: number) => `10:${String(base + rng.int(0, 2) * 5).padStart(2, "0")}`;
  vehicles.push(
    {
      id: "veh-day-care-1-van",
      organisationId: "org-day-care-1",
      kind: "van",
      name: "ひだまり送迎車（ハイエース）",
      capacity: { seats: 8, wheelchairs: 0, cargoKg: 150, cargoLitres: 600 },
      features: [],
      fuel: "gasoline",
      kmPerLitre: 9.5,
      payloadKg: 500,
      depotPlaceId: "place-day-care-1",
      availability: [{ days: MON_SAT, from: idleFrom(0), to: "15:30" }],
    },
    {
      id: "veh-day-care-1-wheelchair",
      organisationId: "org-day-care-1",
      kind: "wheelchair_van",
      name: "ひだまり車いす送迎車",
      capacity: { seats: 4, wheelchairs: 2, cargoKg: 80, cargoLitres: 300 },
      features: ["lift"],
      fuel: "gasoline",
      kmPerLitre: 10.5,
      payloadKg: 350,
      depotPlaceId: "place-day-care-1",
      availability: [{ days: MON_SAT, from: idleFrom(0), to: "15:15" }],
    },
    {
      id: "veh-day-care-2-van",
      organisationId: "org-day-care-2",
      kind: "van",
      name: "やまびこ送迎車",
      capacity: { seats: 6, wheelchairs: 1, cargoKg: 100, cargoLitres: 400 },
      features: ["lift"],
      fuel: "gasoline",
      kmPerLitre: 11,
      payloadKg: 350,
      depotPlaceId: "place-day-care-2",
      availability: [{ days: WEEKDAYS, from: idleFrom(15), to: "15:00" }],
    },
    {
      id: "veh-shakyo-wheelchair",
      organisationId: "org-shakyo",
      kind: "wheelchair_van",
      name: "社協 福祉車両（車いす2台）",
      capacity: { seats: 3, wheelchairs: 2, cargoKg: 60, cargoLitres: 250 },
      features: ["lift"],
      fuel: "gasoline",
      kmPerLitre: 12,
      payloadKg: 350,
      depotPlaceId: "place-shakyo",
      availability: [{ days: WEEKDAYS, from: "08:30", to: "17:00" }],
    },
    {
      id: "veh-volunteer-1",
      organisationId: "org-volunteers",
      kind: "car",
      name: "ボランティア車両 A（軽乗用車）",
      capacity: { seats: 3, wheelchairs: 0, cargoKg: 50, cargoLitres: 200 },
      features: [],
      fuel: "gasoline",
      kmPerLitre: 20,
      payloadKg: 200,
      depotPlaceId: "place-shakyo",
      availability: [
        { days: [2, 4], from: "09:00", to: "16:00" },
        { days: [6], from: "09:00", to: "12:00" },
      ],
    },
    {
      id: "veh-volunteer-2",
      organisationId: "org-volunteers",
      kind: "car",
      name: "ボランティア車両 B（普通乗用車）",
      capacity: { seats: 4, wheelchairs: 0, cargoKg: 60, cargoLitres: 300 },
      features: [],
      fuel: "gasoline",
      kmPerLitre: 16,
      payloadKg: 300,
      depotPlaceId: "place-shakyo",
      availability: [{ days: [1, 3, 5], from: "08:30", to: "12:30" }],
    },
    {
      id: SCHOOL_BUS_VEHICLE_ID,
      organisationId: "org-school",
      kind: "school_bus",
      name: "スクールバス",
      capacity: { seats: SCHOOL_BUS_SEATS, wheelchairs: 0, cargoKg: 100, cargoLitres: 400 },
      features: [],
      fuel: "diesel",
      kmPerLitre: 7,
      payloadKg: 2000,
      depotPlaceId: "place-school",
      // Idle between the morning run and the afternoon runs.
      availability: [{ days: WEEKDAYS, from: "08:15", to: "15:00" }],
    },
    {
      id: "veh-hub-truck",
      organisationId: "org-hub",
      kind: "truck",
      name: "物流センター 軽トラック（保冷箱付）",
      capacity: { seats: 1, wheelchairs: 0, cargoKg: 350, cargoLitres: 1200 },
      features: ["cold_box"],
      fuel: "gasoline",
      kmPerLitre: 14,
      payloadKg: 350,
      depotPlaceId: "place-hub",
      availability: [{ days: MON_SAT, from: "08:00", to: "18:00" }],
    },
    {
      id: "veh-shop-ev",
      organisationId: "org-shop",
      kind: "van",
      name: "スーパーつなぐ 配達用軽EV（保冷）",
      capacity: { seats: 1, wheelchairs: 0, cargoKg: 200, cargoLitres: 800 },
      features: ["cold_box"],
      fuel: "electricity",
      kWhPerKm: 0.13,
      payloadKg: 350,
      depotPlaceId: "place-supermarket",
      availability: [{ days: ALL_WEEK, from: "13:00", to: "17:30" }],
    },
    {
      id: "veh-drone-1",
      organisationId: "org-drone",
      kind: "drone",
      name: "物流ドローン 1号機",
      capacity: { seats: 0, wheelchairs: 0, cargoKg: 5, cargoLitres: 20 },
      features: [],
      fuel: "electricity",
      kWhPerKm: 0.03,
      payloadKg: 5,
      depotPlaceId: "place-drone-port-hub",
      availability: [{ days: MON_SAT, from: "09:00", to: "16:00" }],
    },
  );
  return vehicles;
}

/** The driver row the demo driver account is linked to (社協's staff driver). */
export const DEMO_DRIVER_ID = "drv-demo";

/**
 * The town's drivers. 社協's staff driver (the demo account) may drive every road vehicle but
 * is the only one for 社協's wheelchair van; each facility's staff drive its own vans (ひだまり
 * has one driver for its two vehicles, so they never run at once); each volunteer drives their
 * own car on their days. Route buses are driven on their timetable and are not planned.
 */
export function buildDrivers(vehicles: readonly DemoVehicle[]): DemoDriver[] {
  const road = vehicles.filter((v) => v.kind !== "drone" && v.kind !== "route_bus").map((v) => v.id);
  const all = vehicles.filter((v) => v.kind !== "drone").map((v) => v.id);
  const drivers: DemoDriver[] = [
    {
      id: DEMO_DRIVER_ID,
      organisationId: "org-shakyo",
      kind: "staff",
      name: "運転手 デモ（架空）",
      nameKana: "うんてんしゅ でも",
      vehicleIds: all,
      availability: [{ days: WEEKDAYS, from: "08:30", to: "17:15" }],
    },
    {
      id: "drv-hidamari",
      organisationId: "org-day-care-1",
      kind: "staff",
      name: "日向 実（架空）",
      nameKana: "ひなた みのる",
      vehicleIds: ["veh-day-care-1-van", "veh-day-care-1-wheelchair"],
      availability: [{ days: MON_SAT, from: "09:30", to: "16:00" }],
    },
    {
      id: "drv-hidamari-2",
      organisationId: "org-day-care-1",
      kind: "staff",
      name: "日向 陽子（架空）",
      nameKana: "ひなた ようこ",
      vehicleIds: ["veh-day-care-1-van", "veh-day-care-1-wheelchair"],
      availability: [{ days: WEEKDAYS, from: "09:30", to: "16:00" }],
    },
    {
      id: "drv-yamabiko",
      organisationId: "org-day-care-2",
      kind: "staff",
      name: "山田 響子（架空）",
      nameKana: "やまだ きょうこ",
      vehicleIds: ["veh-day-care-2-van"],
      availability: [{ days: WEEKDAYS, from: "09:30", to: "15:30" }],
    },
    {
      id: "drv-volunteer-a",
      organisationId: "org-volunteers",
      kind: "volunteer",
      name: "支援 一郎（架空）",
      nameKana: "しえん いちろう",
      vehicleIds: ["veh-volunteer-1"],
      availability: [
        { days: [2, 4], from: "09:00", to: "16:00" },
        { days: [6], from: "09:00", to: "12:00" },
      ],
    },
    {
      id: "drv-volunteer-b",
      organisationId: "org-volunteers",
      kind: "volunteer",
      name: "助合 和子（架空）",
      nameKana: "すけあい かずこ",
      vehicleIds: ["veh-volunteer-2"],
      availability: [{ days: [1, 3, 5], from: "08:30", to: "12:30" }],
    },
    {
      id: "drv-school",
      organisationId: "org-school",
      kind: "staff",
      name: "学園 守（架空）",
      nameKana: "がくえん まもる",
      vehicleIds: [SCHOOL_BUS_VEHICLE_ID],
      availability: [{ days: WEEKDAYS, from: "07:00", to: "16:00" }],
    },
    {
      id: "drv-hub",
      organisationId: "org-hub",
      kind: "staff",
      name: "物流 運（架空）",
      nameKana: "ぶつりゅう はこぶ",
      vehicleIds: ["veh-hub-truck"],
      availability: [{ days: MON_SAT, from: "08:00", to: "18:00" }],
    },
    {
      id: "drv-shop",
      organisationId: "org-shop",
      kind: "staff",
      name: "配達 届（架空）",
      nameKana: "はいたつ とどけ",
      vehicleIds: ["veh-shop-ev"],
      availability: [{ days: ALL_WEEK, from: "13:00", to: "17:30" }],
    },
  ];
  // Only vehicles the town has (a seed with fewer routes still gets consistent drivers).
  return drivers
    .map((d) => ({ ...d, vehicleIds: d.vehicleIds.filter((id) => all.includes(id)) }))
    .filter((d) => d.id === DEMO_DRIVER_ID || d.vehicleIds.some((id) => road.includes(id)));
}

export function buildDrones(
  geo: Geography,
  projection: LocalProjection,
): { dronePorts: DemoDronePort[]; droneRoutes: DemoDroneRoute[]; hubs: DemoHub[] } {
  const place = (id: string) => geo.places.find((p) => p.id === id) as PlaceSite;
  const portAt = (id: string) => projection.toLatLon(place(id).at);
  const hubPort = portAt("place-drone-port-hub");
  const hamletPort = portAt("place-drone-port-hamlet");
  const dronePorts: DemoDronePort[] = [
    {
      id: "port-hub",
      name: place("place-drone-port-hub").name,
      ...hubPort,
      placeId: "place-drone-port-hub",
      hamletId: null,
    },
    {
      id: "port-hamlet",
      name: place("place-drone-port-hamlet").name,
      ...hamletPort,
      placeId: "place-drone-port-hamlet",
      hamletId: geo.remotest.id,
    },
  ];
  const distanceKm = round6(haversineKm(hubPort, hamletPort));
  const route = (id: string, from: string, to: string): DemoDroneRoute => ({
    id,
    fromPortId: from,
    toPortId: to,
    distanceKm,
    maxPayloadKg: 5,
    // Enough for the round trip with a 20 % reserve, as operators plan it.
    rangeKm: Math.max(40, Math.ceil(distanceKm * 2 * 1.2)),
    cruiseKmh: 50,
    operatingFrom: "09:00",
    operatingTo: "16:00",
    days: MON_SAT,
  });
  return {
    dronePorts,
    droneRoutes: [
      route("drone-route-out", "port-hub", "port-hamlet"),
      route("drone-route-back", "port-hamlet", "port-hub"),
    ],
    hubs: [
      {
        id: "hub-1",
        placeId: "place-hub",
        opensAt: "08:00",
        closesAt: "18:00",
        days: MON_SAT,
        minTransferMinutes: 15,
        busStopId: geo.hubStopId,
        dronePortId: "port-hub",
      },
    ],
  };
}
