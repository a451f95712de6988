import type {
  ParcelDetails,
  ParsedRequestInput,
  TransportRequest,
  TransportRequestDetail,
} from "@tsunagu/contract";
import { isWithdrawalMove, PARCEL_SIZE_CLASSES, REQUEST_TRANSITIONS, sizeClassOf } from "@tsunagu/contract";
import type { NewRequestRow, RequestEventRow, RequestRow } from "@tsunagu/db";

/** A pick-up or drop-off after the server looked up the place or the resident's home. */
export interface ResolvedPoint {
  lat: number;
  lon: number;
  placeId: string | null;
  home: boolean;
}

/** Validated wire input + resolved points → the row to insert. */
export function toRequestRow(
  input: ParsedRequestInput,
  pickup: ResolvedPoint,
  dropoff: ResolvedPoint,
): NewRequestRow {
  const ride = input.kind === "ride" ? input : undefined;
  const parcel = input.kind === "parcel" ? input : undefined;
  // A parcel booked by its class counts at the class's limits (the contract checked that a
  // weight or volume given with a class is within them).
  const limit = parcel?.sizeClass ? PARCEL_SIZE_CLASSES[parcel.sizeClass] : undefined;
  const weightKg = parcel?.weightKg ?? limit?.maxKg ?? 0;
  const sizeLitres = parcel?.sizeLitres ?? limit?.maxLitres ?? 0;
  return {
    kind: input.kind,
    residentId: input.residentId,
    date: input.date,
    earliest: input.earliest,
    latest: input.latest,
    purpose: input.purpose,
    priority: input.priority,
    pickupLat: pickup.lat,
    pickupLon: pickup.lon,
    pickupPlaceId: pickup.placeId,
    pickupHome: pickup.home,
    dropoffLat: dropoff.lat,
    dropoffLon: dropoff.lon,
    dropoffPlaceId: dropoff.placeId,
    dropoffHome: dropoff.home,
    passengers: ride?.passengers ?? 0,
    wheelchair: ride?.wheelchair ?? false,
    escort: ride?.escort ?? false,
    weightKg,
    sizeLitres,
    cold: parcel?.cold ?? false,
    parcelDescription: parcel?.description ?? null,
    parcelSizeClass: parcel ? (parcel.sizeClass ?? sizeClassOf(weightKg, sizeLitres)) : null,
    receiverName: parcel?.receiverName ?? null,
    receiverPhone: parcel?.receiverPhone ?? null,
    parcelHandover: parcel?.handover ?? null,
    source: input.source,
    notes: input.notes,
  };
}

/** A parcel row's what, class, receiver and hand-over (rows stored before these existed read as 手渡し). */
export function parcelDetailsOf(
  row: Pick<
    RequestRow,
    | "kind"
    | "weightKg"
    | "sizeLitres"
    | "parcelDescription"
    | "parcelSizeClass"
    | "receiverName"
    | "receiverPhone"
    | "parcelHandover"
  >,
): ParcelDetails | null {
  if (row.kind !== "parcel") return null;
  return {
    description: row.parcelDescription,
    sizeClass: row.parcelSizeClass ?? sizeClassOf(row.weightKg, row.sizeLitres),
    receiverName: row.receiverName,
    receiverPhone: row.receiverPhone,
    handover: row.parcelHandover ?? "hand_to_person",
  };
}

export function toTransportRequest(row: RequestRow): TransportRequest {
  return {
    id: row.id,
    municipalityCode: row.municipalityCode,
    kind: row.kind,
    status: row.status,
    statusReason: row.statusReason,
    residentId: row.residentId,
    date: row.date,
    earliest: row.earliest,
    latest: row.latest,
    purpose: row.purpose,
    priority: row.priority,
    pickup: { lat: row.pickupLat, lon: row.pickupLon, placeId: row.pickupPlaceId, home: row.pickupHome },
    dropoff: { lat: row.dropoffLat, lon: row.dropoffLon, placeId: row.dropoffPlaceId, home: row.dropoffHome },
    passengers: row.passengers,
    wheelchair: row.wheelchair,
    escort: row.escort,
    weightKg: row.weightKg,
    sizeLitres: row.sizeLitres,
    cold: row.cold,
    parcel: parcelDetailsOf(row),
    source: row.source,
    notes: row.notes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toRequestDetail(row: RequestRow, events: RequestEventRow[]): TransportRequestDetail {
  const status = row.status;
  return {
    ...toTransportRequest(row),
    history: events.map((e) => ({
      from: e.fromStatus,
      to: e.toStatus,
      reason: e.reason,
      at: e.at,
    })),
    allowedTransitions: REQUEST_TRANSITIONS[status].filter((to) => !isWithdrawalMove(status, to)),
  };
}
