/**
 * The registers as files: facilities and places, vehicles, drivers and the
 * residents register (名簿), imported from CSV or XLSX (UTF-8 with or without
 * BOM, CP932; 全角 digits, spaces and hyphens normalised) and exported in the
 * same layout, so a clerk can round-trip through Excel. `packages/registers`
 * reads and writes the files; this checks ids and references against the
 * municipality, stores the whole file or nothing and audits personal data.
 */
import { randomUUID } from "node:crypto";
import type { ImportIssue, RegisterImportResult } from "@tsunagu/contract";
import {
  type AuditEntry,
  appendAudit,
  listDrivers,
  listOrganisations,
  listPlaces,
  listResidents,
  listVehicles,
  type RegisterValues,
  type RegisterWrite,
  registerIds,
  saveRegisterRows,
} from "@tsunagu/db";
import {
  REGISTER_COLUMNS,
  type RegisterEntry,
  type RegisterKind,
  type RegisterProblem,
  type RegisterRow,
  type RegisterValue,
  readRegister,
  writeRegisterCsv,
  writeRegisterXlsx,
} from "@tsunagu/registers";
import { requireMunicipality } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";
import {
  driverValues,
  placeValues,
  residentValues,
  toDriver,
  toResident,
  toVehicle,
  vehicleValues,
} from "../registry/convert";
import { requireImport } from "./boundary";

function registerIssue(p: RegisterProblem): ImportIssue {
  const column = p.column ? `, column ${p.columnLetter ? `${p.columnLetter} ` : ""}${p.column}` : "";
  return { path: `row ${p.row}${column}`, message: p.message, code: p.code };
}

function refused(problems: readonly RegisterProblem[]): DomainError {
  return new DomainError(
    "file_invalid",
    `The register was refused: ${problems.length} problem(s). Nothing was stored.`,
    { errors: problems.map(registerIssue) },
  );
}

const headerOf = (kind: RegisterKind, key: string) =>
  REGISTER_COLUMNS[kind].find((c) => c.key === key)?.header ?? key;

/** The ids a row names that must be records of this municipality, with their column. */
function referencesOf(kind: RegisterKind, value: RegisterValue<RegisterKind>) {
  const v = value as Partial<Record<"organisationId" | "depotPlaceId", string | null>> & {
    vehicleIds?: string[];
  };
  const refs: { key: string; id: string; what: "organisation" | "place" | "vehicle" }[] = [];
  if (v.organisationId) refs.push({ key: "organisationId", id: v.organisationId, what: "organisation" });
  if (kind === "vehicles" && v.depotPlaceId)
    refs.push({ key: "depotPlaceId", id: v.depotPlaceId, what: "place" });
  if (kind === "drivers")
    for (const id of v.vehicleIds ?? []) refs.push({ key: "vehicleIds", id, what: "vehicle" });
  return refs;
}

/** Problems with ids: a row's own id unknown here, a reference to no record of this municipality. */
async function checkIds<K extends RegisterKind>(
  ctx: DomainContext,
  code: string,
  kind: K,
  rows: readonly RegisterRow<K>[],
): Promise<{ problems: RegisterProblem[]; existing: Set<string> }> {
  const [existing, organisations, placeIds, vehicleIds] = await Promise.all([
    registerIds(ctx.db, code, kind),
    listOrganisations(ctx.db, code).then((rows) => new Set(rows.map((o) => o.id))),
    registerIds(ctx.db, code, "places"),
    registerIds(ctx.db, code, "vehicles"),
  ]);
  const known = { organisation: organisations, place: placeIds, vehicle: vehicleIds };
  const problems: RegisterProblem[] = [];
  for (const r of rows) {
    if (r.id !== null && !existing.has(r.id))
      problems.push({
        row: r.row,
        column: headerOf(kind, "id"),
        code: "REGISTER_INVALID_VALUE",
        message: `ID ${r.id} is no ${kind.slice(0, -1)} of this municipality; leave the ID blank to add a new one`,
      });
    for (const ref of referencesOf(kind, r.value))
      if (!known[ref.what].has(ref.id))
        problems.push({
          row: r.row,
          column: headerOf(kind, ref.key),
          code: "REGISTER_INVALID_VALUE",
          message: `${ref.id} is no ${ref.what} of this municipality`,
        });
  }
  return { problems, existing };
}

/** The table columns of one imported row. */
async function columnsOf<K extends RegisterKind>(
  ctx: DomainContext,
  kind: K,
  value: RegisterValue<K>,
  previousConsentAt: string | null,
): Promise<RegisterValues> {
  switch (kind) {
    case "places":
      return placeValues(value as RegisterValue<"places">);
    case "vehicles":
      return vehicleValues(value as RegisterValue<"vehicles">);
    case "drivers":
      return driverValues(value as RegisterValue<"drivers">);
    default: {
      const v = value as RegisterValue<"residents">;
      return { ...residentValues(v, ctx.now, previousConsentAt), careLevel: v.careLevel };
    }
  }
}

/**
 * Imports a register file of `kind`. Every problem is reported with its row
 * and column; any problem refuses the whole file. A row with an ID replaces
 * that record; a row without one adds a record. Importing residents is
 * audited, one entry per resident, in the same transaction.
 */
export async function importRegister<K extends RegisterKind>(
  ctx: DomainContext,
  code: string,
  kind: K,
  bytes: Uint8Array,
): Promise<RegisterImportResult> {
  await requireImport(ctx, code, bytes, "CSV or XLSX file");
  const read = await readRegister(kind, bytes);
  if (!read.ok) throw refused(read.problems);
  const { problems, existing } = await checkIds(ctx, code, kind, read.rows);
  if (problems.length > 0) throw refused(problems);
  const consent =
    kind === "residents"
      ? new Map((await listResidents(ctx.db, code)).map((r) => [r.id, r.consentAt]))
      : new Map<string, string | null>();
  const writes: RegisterWrite[] = [];
  const audit: AuditEntry[] = [];
  for (const r of read.rows) {
    const id = r.id ?? randomUUID();
    const exists = r.id !== null && existing.has(r.id);
    const values = await columnsOf(ctx, kind, r.value, consent.get(id) ?? null);
    const vehicleIds = kind === "drivers" ? (r.value as RegisterValue<"drivers">).vehicleIds : undefined;
    writes.push({ id, exists, values, ...(vehicleIds ? { vehicleIds } : {}) });
    if (kind === "residents")
      audit.push(
        auditEntry(ctx, {
          action: exists ? "update" : "create",
          resourceType: "resident",
          resourceId: id,
          residentId: id,
          municipalityCode: code,
        }),
      );
  }
  await saveRegisterRows(ctx.db, code, kind, writes, audit);
  return {
    kind,
    format: read.format,
    encoding: read.encoding,
    sheet: read.sheet,
    rows: writes.length,
    created: writes.filter((w) => !w.exists).length,
    updated: writes.filter((w) => w.exists).length,
    warnings: read.warnings.map(registerIssue),
  };
}

/** The register's records in the import layout (input shape + id). Erased residents have nothing to export. */
async function entriesOf(ctx: DomainContext, code: string, kind: RegisterKind) {
  const { db } = ctx;
  switch (kind) {
    case "places":
      return (await listPlaces(db, code)).map((p) => ({
        id: p.id,
        value: {
          kind: p.kind,
          name: p.name,
          nameEn: p.nameEn,
          lat: p.lat,
          lon: p.lon,
          address: p.address,
          hours: JSON.parse(p.hours),
          organisationId: p.organisationId,
        },
      }));
    case "vehicles":
      return (await listVehicles(db, code)).map((row) => {
        const { id, municipalityCode: _m, createdAt: _c, ...value } = toVehicle(row);
        return { id, value };
      });
    case "drivers":
      return (await listDrivers(db, code)).map((row) => {
        const { id, municipalityCode: _m, createdAt: _c, ...value } = toDriver(row);
        return { id, value };
      });
    case "residents": {
      const rows = (await listResidents(db, code)).filter((r) => r.erasedAt === null);
      return rows.map((r) => {
        const { id, municipalityCode: _m, createdAt: _c, consentAt, ...value } = toResident(r);
        return { id, value: { ...value, consent: consentAt !== null, careLevel: r.careLevel } };
      });
    }
  }
}

export interface RegisterFile {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** The register as CSV (UTF-8 with BOM, for Excel) or XLSX, in the layout the import reads. Residents' export is audited. */
export async function exportRegister(
  ctx: DomainContext,
  code: string,
  kind: RegisterKind,
  format: "csv" | "xlsx",
): Promise<RegisterFile> {
  await requireMunicipality(ctx.db, code);
  const entries = (await entriesOf(ctx, code, kind)) as RegisterEntry<RegisterKind>[];
  if (kind === "residents")
    await appendAudit(
      ctx.db,
      entries.map((e) =>
        auditEntry(ctx, {
          action: "read",
          resourceType: "resident",
          resourceId: e.id,
          residentId: e.id,
          municipalityCode: code,
        }),
      ),
    );
  const name = `${kind}-${code}`;
  return format === "csv"
    ? {
        fileName: `${name}.csv`,
        mediaType: "text/csv; charset=utf-8",
        bytes: writeRegisterCsv(kind, entries),
      }
    : {
        fileName: `${name}.xlsx`,
        mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes: await writeRegisterXlsx(kind, entries),
      };
}
