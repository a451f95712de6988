/**
 * The registry's converters: validated wire input → row values, stored rows →
 * wire shapes. JSON text columns are parsed with the wire schema itself, so a
 * stored value that is not what we wrote fails loudly (a bug worth a 500).
 */
import {
  type Archived,
  ArchiveReasonSchema,
  type Availability,
  AvailabilitySchema,
  type Driver,
  type DriverInputSchema,
  type DronePort,
  type DronePortInputSchema,
  type DroneRoute,
  type DroneRouteInputSchema,
  DroneRouteSchema,
  type Hub,
  type HubInputSchema,
  type Organisation,
  type OrganisationInputSchema,
  type Place,
  type PlaceInputSchema,
  type Resident,
  type ResidentInputSchema,
  type Vehicle,
  type VehicleInputSchema,
  VehicleSchema,
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

export type OrganisationInput = z.output<typeof OrganisationInputSchema>;
export type VehicleInput = z.output<typeof VehicleInputSchema>;
export type DriverInput = z.output<typeof DriverInputSchema>;
export type ResidentInput = z.output<typeof ResidentInputSchema>;
export type DroneRouteInput = z.output<typeof DroneRouteInputSchema>;
export type DronePortInput = z.output<typeof DronePortInputSchema>;
export type HubInput = z.output<typeof HubInputSchema>;
export type PlaceInput = z.output<typeof PlaceInputSchema>;

/** The two availability columns vehicles and drivers share. */
interface AvailabilityColumns {
  availability: string;
  availabilityExceptions: string;
}

function availabilityColumns(a: Availability): AvailabilityColumns {
  return { availability: JSON.stringify(a.weekly), availabilityExceptions: JSON.stringify(a.exceptions) };
}

function availabilityOf(row: AvailabilityColumns): Availability {
  return AvailabilitySchema.parse({
    weekly: JSON.parse(row.availability),
    exceptions: JSON.parse(row.availabilityExceptions),
  });
}

export function organisationValues(v: OrganisationInput) {
  return { kind: v.kind, name: v.name, nameKana: v.nameKana ?? null };
}

/** The archive columns as the wire's `archived` (null while in use). */
export function archivedOf(r: { archivedAt: string | null; archivedReason: string | null }): Archived {
  if (r.archivedAt === null) return null;
  // The column holds a code this module wrote; an unknown one (a later version's) reads as in use by a plan.
  const reason = ArchiveReasonSchema.safeParse(r.archivedReason);
  return { at: r.archivedAt, reason: reason.success ? reason.data : "approved_plan" };
}

export const toOrganisation = (r: OrganisationRow): Organisation => ({
  archived: archivedOf(r),
  id: r.id,
  municipalityCode: r.municipalityCode,
  kind: r.kind,
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
  address: r.address,
});

/** A place's columns; its weekly hours are stored as JSON text. */
export function placeValues(v: PlaceInput) {
  return {
    kind: v.kind,
    name: v.name,
    nameEn: v.nameEn,
    lat: v.lat,
    lon: v.lon,
    address: v.address,
    organisationId: v.organisationId,
    hours: JSON.stringify(v.hours),
  };
}

export function vehicleValues(v: VehicleInput) {
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
    ...availabilityColumns(v.availability),
  };
}

export const toVehicle = (r: VehicleRow): Vehicle => ({
  archived: archivedOf(r),
  id: r.id,
  municipalityCode: r.municipalityCode,
  kind: r.kind,
  name: r.name,
  organisationId: r.organisationId,
  seats: r.seats,
  wheelchairs: r.wheelchairs,
  cargoKg: r.cargoKg,
  cargoLitres: r.cargoLitres,
  features: VehicleSchema.shape.features.parse(JSON.parse(r.features)),
  fuel: r.fuel,
  kmPerLitre: r.kmPerLitre,
  kWhPerKm: r.kWhPerKm,
  payloadKg: r.payloadKg,
  depotPlaceId: r.depotPlaceId,
  availability: availabilityOf(r),
  createdAt: r.createdAt,
});

export function driverValues(d: DriverInput) {
  return {
    kind: d.kind,
    name: d.name,
    nameKana: d.nameKana ?? null,
    organisationId: d.organisationId,
    ...availabilityColumns(d.availability),
  };
}

export const toDriver = (r: DriverRow): Driver => ({
  archived: archivedOf(r),
  id: r.id,
  municipalityCode: r.municipalityCode,
  kind: r.kind,
  name: r.name,
  nameKana: r.nameKana,
  organisationId: r.organisationId,
  vehicleIds: r.vehicleIds,
  availability: availabilityOf(r),
  createdAt: r.createdAt,
});

export function residentValues(v: ResidentInput, now: Date, previousConsentAt: string | null) {
  return {
    name: v.name,
    nameKana: v.nameKana ?? null,
    lat: v.home.lat,
    lon: v.home.lon,
    address: v.address,
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
  archived: archivedOf(r),
  id: r.id,
  municipalityCode: r.municipalityCode,
  name: r.name,
  nameKana: r.nameKana,
  home: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
  address: r.address,
  phone: r.phone,
  birthYear: r.birthYear,
  wheelchair: r.wheelchair,
  escort: r.escort,
  maxWalkM: r.maxWalkM,
  consentAt: r.consentAt,
  createdAt: r.createdAt,
});

export const toDronePort = (r: DronePortRow): DronePort => ({
  archived: archivedOf(r),
  id: r.id,
  municipalityCode: r.municipalityCode,
  name: r.name,
  lat: r.lat,
  lon: r.lon,
  placeId: r.placeId,
});

export function droneRouteValues(v: DroneRouteInput) {
  return { ...v, days: JSON.stringify(v.days) };
}

export const toDroneRoute = (r: DroneRouteRow): DroneRoute => ({
  archived: archivedOf(r),
  id: r.id,
  municipalityCode: r.municipalityCode,
  fromPortId: r.fromPortId,
  toPortId: r.toPortId,
  maxPayloadKg: r.maxPayloadKg,
  maxPayloadLitres: r.maxPayloadLitres,
  rangeKm: r.rangeKm,
  operatingFrom: r.operatingFrom,
  operatingTo: r.operatingTo,
  days: DroneRouteSchema.shape.days.parse(JSON.parse(r.days)),
  suspensions: r.suspensions,
});

export const toHub = ({ archivedAt, archivedReason, ...r }: HubRow): Hub => ({
  ...r,
  archived: archivedOf({ archivedAt, archivedReason }),
});
