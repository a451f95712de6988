import type {
  Availability,
  Driver,
  DronePort,
  DroneRoute,
  Hub,
  Organisation,
  Place,
  Resident,
  Vehicle,
} from "@tsunagu/contract";
import {
  AvailabilitySchema,
  type DriverInputSchema,
  type ResidentInputSchema,
  type VehicleInputSchema,
} from "@tsunagu/contract";
import type {
  DriverRow,
  DronePortRow,
  DroneRouteRow,
  HubRow,
  OrganisationRow,
  PlaceRow,
  ResidentRow,
  VehicleRow,
} from "@tsunagu/db";
import type { z } from "zod";

/** Stored JSON text → value; stored text is ours, so a parse failure is a bug worth a 500. */
const fromJson = <T>(text: string): T => JSON.parse(text) as T;

function availabilityFromRow(weekly: string, exceptions: string): Availability {
  return AvailabilitySchema.parse({ weekly: fromJson(weekly), exceptions: fromJson(exceptions) });
}

export const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  municipalityCode: r.municipalityCode,
  kind: r.kind as Organisation["kind"],
  name: r.name,
  nameKana: r.nameKana,
  createdAt: r.createdAt,
});

export const toPlace = (r: PlaceRow): Place => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  nameEn: r.nameEn,
  lat: r.lat,
  lon: r.lon,
});

export function vehicleValues(v: z.output<typeof VehicleInputSchema>) {
  return {
    kind: v.kind,
    name: v.name,
    organisationId: v.organisationId,
    seats: v.seats,
    wheelchairs: v.wheelchairs,
    cargoKg: v.cargoKg,
    cargoLitres: v.cargoLitres,
    features: JSON.stringify(v.features),
    fuel: v.fuel,
    kmPerLitre: v.kmPerLitre,
    kWhPerKm: v.kWhPerKm,
    payloadKg: v.payloadKg,
    depotPlaceId: v.depotPlaceId,
    availability: JSON.stringify(v.availability.weekly),
    availabilityExceptions: JSON.stringify(v.availability.exceptions),
  };
}

export const toVehicle = (r: VehicleRow): Vehicle => ({
  id: r.id,
  municipalityCode: r.municipalityCode,
  kind: r.kind as Vehicle["kind"],
  name: r.name,
  organisationId: r.organisationId,
  seats: r.seats,
  wheelchairs: r.wheelchairs,
  cargoKg: r.cargoKg,
  cargoLitres: r.cargoLitres,
  features: fromJson<string[]>(r.features),
  fuel: r.fuel,
  kmPerLitre: r.kmPerLitre,
  kWhPerKm: r.kWhPerKm,
  payloadKg: r.payloadKg,
  depotPlaceId: r.depotPlaceId,
  availability: availabilityFromRow(r.availability, r.availabilityExceptions),
  createdAt: r.createdAt,
});

export function driverValues(d: z.output<typeof DriverInputSchema>) {
  return {
    kind: d.kind,
    name: d.name,
    nameKana: d.nameKana ?? null,
    organisationId: d.organisationId,
    availability: JSON.stringify(d.availability.weekly),
    availabilityExceptions: JSON.stringify(d.availability.exceptions),
  };
}

export const toDriver = (r: DriverRow): Driver => ({
  id: r.id,
  municipalityCode: r.municipalityCode,
  kind: r.kind as Driver["kind"],
  name: r.name,
  nameKana: r.nameKana,
  organisationId: r.organisationId,
  vehicleIds: r.vehicleIds,
  availability: availabilityFromRow(r.availability, r.availabilityExceptions),
  createdAt: r.createdAt,
});

export function residentValues(
  v: z.output<typeof ResidentInputSchema>,
  now: Date,
  previousConsentAt: string | null,
) {
  return {
    name: v.name,
    nameKana: v.nameKana ?? null,
    lat: v.home.lat,
    lon: v.home.lon,
    phone: v.phone,
    birthYear: v.birthYear,
    wheelchair: v.wheelchair,
    escort: v.escort,
    maxWalkM: v.maxWalkM,
    // Keep the original consent time while consent stands; withdrawing clears it.
    consentAt: v.consent ? (previousConsentAt ?? now.toISOString()) : null,
  };
}

export const toResident = (r: ResidentRow): Resident => ({
  id: r.id,
  municipalityCode: r.municipalityCode,
  name: r.name,
  nameKana: r.nameKana,
  home: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
  phone: r.phone,
  birthYear: r.birthYear,
  wheelchair: r.wheelchair,
  escort: r.escort,
  maxWalkM: r.maxWalkM,
  consentAt: r.consentAt,
  createdAt: r.createdAt,
});

export const toDronePort = (r: DronePortRow): DronePort => ({
  id: r.id,
  municipalityCode: r.municipalityCode,
  name: r.name,
  lat: r.lat,
  lon: r.lon,
  placeId: r.placeId,
});

export const toDroneRoute = (r: DroneRouteRow): DroneRoute => ({
  id: r.id,
  municipalityCode: r.municipalityCode,
  fromPortId: r.fromPortId,
  toPortId: r.toPortId,
  maxPayloadKg: r.maxPayloadKg,
  rangeKm: r.rangeKm,
  operatingFrom: r.operatingFrom,
  operatingTo: r.operatingTo,
  days: fromJson<number[]>(r.days),
  suspensions: r.suspensions,
});

export const toHub = (r: HubRow): Hub => ({ ...r });
