/**
 * The verbs every registry resource shares — list, read, create, replace,
 * remove — written once. A resource says how its rows are stored, checked and
 * shown (`RegistryResource`); the verbs add the municipality check, the
 * reference checks, the audit of personal data and the error model.
 */
import { type ArchiveReason, type RegistryArchived, tokyoDate } from "@tsunagu/contract";
import { type ArchivableKind, appendAudit, type Db, isForeignKeyViolation, setArchived } from "@tsunagu/db";
import { requireMunicipality } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError, invalidField, notFound } from "../errors";

/** A record an input names by id (an organisation, a depot place …), checked to be the municipality's. */
export interface Reference {
  /** Dotted path of the id in the input, e.g. "body.depotPlaceId". */
  path: string;
  id: string;
  /** What it must be, for the message: "an organisation". */
  what: string;
  find(db: Db, code: string, id: string): Promise<unknown>;
}

/** How one kind of registry record is read and shown. */
export interface RegistryResource<Row extends { id: string }, Wire> {
  /** Its name in messages: "drone route". */
  noun: string;
  /** Archived rows only with `withArchived` (the list's `?archived=true`). */
  list(db: Db, code: string, options?: { withArchived?: boolean }): Promise<Row[]>;
  find(db: Db, code: string, id: string): Promise<Row | undefined>;
  toWire(row: Row): Wire;
  /**
   * For personal data: every record read or written is audited under this
   * resource type, with the record's id as the resident whose data it is.
   */
  auditedAs?: "resident";
}

/** A resource registered through the API. */
export interface RegistrableResource<Row extends { id: string }, Wire, Input>
  extends RegistryResource<Row, Wire> {
  /** The records the input names; each must exist in the municipality. */
  references?(input: Input): Reference[];
  insert(ctx: DomainContext, code: string, input: Input): Promise<Row>;
}

/** A resource replaced through the API. */
export interface ReplaceableResource<Row extends { id: string }, Wire, Input>
  extends RegistryResource<Row, Wire> {
  references?(input: Input): Reference[];
  /** Undefined when the record vanished since it was found. */
  update(ctx: DomainContext, code: string, id: string, input: Input, existing: Row): Promise<Row | undefined>;
}

/**
 * A resource that can be removed: deleted when nothing needs it any more,
 * archived (kept, hidden, restorable) while something still does.
 */
export interface RemovableResource<Row extends { id: string }, Wire> extends RegistryResource<Row, Wire> {
  /** Its archive table. */
  kind: ArchivableKind;
  /** Why the record must be kept (an approved plan, a future request uses it), or null when it may go. */
  keep?(db: Db, code: string, id: string, today: string): Promise<ArchiveReason | null>;
  /** True when a row was deleted; absent for records that are only ever archived (a resident's data). */
  delete?(db: Db, code: string, id: string): Promise<boolean>;
}

/** What the UI tells the user when a removal archived instead, in Japanese. */
export const archiveMessages: Record<ArchiveReason, string> = {
  approved_plan: "承認済みの計画で使われているため、削除ではなく保管（アーカイブ）にしました",
  future_request: "今日以降の予約で使われているため、削除ではなく保管（アーカイブ）にしました",
  personal_data:
    "住民の個人情報は削除せず保管（アーカイブ）にしました。個人情報の消去は本人の申出による消去の手続きで行います",
};

/** The municipality's database handle, after checking the municipality exists. */
async function tenantDb(ctx: DomainContext, code: string): Promise<Db> {
  await requireMunicipality(ctx.db, code);
  return ctx.db;
}

async function auditPersonalData<Row extends { id: string }>(
  ctx: DomainContext,
  code: string,
  resource: RegistryResource<Row, unknown>,
  action: "read" | "create" | "update",
  rows: readonly Row[],
): Promise<void> {
  const resourceType = resource.auditedAs;
  if (!resourceType) return;
  await appendAudit(
    ctx.db,
    rows.map((row) =>
      auditEntry(ctx, {
        action,
        resourceType,
        resourceId: row.id,
        residentId: row.id,
        municipalityCode: code,
      }),
    ),
  );
}

/** Refuses (422, naming the first field at fault) an input that names a record of no one here. */
async function checkReferences(db: Db, code: string, references: readonly Reference[]): Promise<void> {
  const found = await Promise.all(references.map((r) => r.find(db, code, r.id)));
  const missing = references.find((_, i) => !found[i]);
  if (missing) throw invalidField(missing.path, `is not ${missing.what} of this municipality`);
}

export function listVerb<Row extends { id: string }, Wire>(resource: RegistryResource<Row, Wire>) {
  return async (
    ctx: DomainContext,
    code: string,
    options: { withArchived?: boolean } = {},
  ): Promise<{ items: Wire[] }> => {
    const rows = await resource.list(await tenantDb(ctx, code), code, options);
    await auditPersonalData(ctx, code, resource, "read", rows);
    return { items: rows.map(resource.toWire) };
  };
}

export function readVerb<Row extends { id: string }, Wire>(resource: RegistryResource<Row, Wire>) {
  return async (ctx: DomainContext, code: string, id: string): Promise<Wire> => {
    const row = await resource.find(await tenantDb(ctx, code), code, id);
    if (!row) throw notFound(resource.noun, id);
    await auditPersonalData(ctx, code, resource, "read", [row]);
    return resource.toWire(row);
  };
}

export function createVerb<Row extends { id: string }, Wire, Input>(
  resource: RegistrableResource<Row, Wire, Input>,
) {
  return async (ctx: DomainContext, code: string, input: Input): Promise<Wire> => {
    const db = await tenantDb(ctx, code);
    await checkReferences(db, code, resource.references?.(input) ?? []);
    const row = await resource.insert(ctx, code, input);
    await auditPersonalData(ctx, code, resource, "create", [row]);
    return resource.toWire(row);
  };
}

export function replaceVerb<Row extends { id: string }, Wire, Input>(
  resource: ReplaceableResource<Row, Wire, Input>,
) {
  return async (ctx: DomainContext, code: string, id: string, input: Input): Promise<Wire> => {
    const db = await tenantDb(ctx, code);
    // Existence first: another municipality's id answers 404 whatever the body says.
    const existing = await resource.find(db, code, id);
    if (!existing) throw notFound(resource.noun, id);
    await checkReferences(db, code, resource.references?.(input) ?? []);
    const row = await resource.update(ctx, code, id, input, existing);
    if (!row) throw notFound(resource.noun, id);
    await auditPersonalData(ctx, code, resource, "update", [row]);
    return resource.toWire(row);
  };
}

/**
 * Removes a record: deleted (undefined) when nothing still needs it, else
 * archived with the reason, which the answer gives in Japanese. Another
 * municipality's id is not found; what other registry records still name
 * (a vehicle's organisation) is refused (409 in_use) until those change.
 */
export function removeVerb<Row extends { id: string }, Wire>(resource: RemovableResource<Row, Wire>) {
  return async (ctx: DomainContext, code: string, id: string): Promise<RegistryArchived | undefined> => {
    const db = await tenantDb(ctx, code);
    if (!(await resource.find(db, code, id))) throw notFound(resource.noun, id);
    const reason =
      (await resource.keep?.(db, code, id, tokyoDate(ctx.now))) ?? (resource.delete ? null : "personal_data");
    if (reason !== null || !resource.delete) {
      const kept = reason ?? "personal_data";
      await setArchived(db, resource.kind, code, id, { at: ctx.now.toISOString(), reason: kept });
      return { outcome: "archived", reason: kept, message: archiveMessages[kept] };
    }
    let deleted: boolean;
    try {
      deleted = await resource.delete(db, code, id);
    } catch (error) {
      // Something still points at the row: the caller's to resolve (409), not our fault (500).
      if (isForeignKeyViolation(error))
        throw new DomainError(
          "in_use",
          `The ${resource.noun} ${id} is still used by other records; remove those first.`,
        );
      throw error;
    }
    if (!deleted) throw notFound(resource.noun, id);
    return undefined;
  };
}

/** Brings an archived record back: offered to matching and pickers again. */
export function restoreVerb<Row extends { id: string }, Wire>(resource: RemovableResource<Row, Wire>) {
  return async (ctx: DomainContext, code: string, id: string): Promise<Wire> => {
    const db = await tenantDb(ctx, code);
    if (!(await setArchived(db, resource.kind, code, id, null))) throw notFound(resource.noun, id);
    const row = await resource.find(db, code, id);
    if (!row) throw notFound(resource.noun, id);
    await auditPersonalData(ctx, code, resource, "update", [row]);
    return resource.toWire(row);
  };
}

/** Remove and restore: the archive verbs of a removable resource. */
export function removableVerbs<Row extends { id: string }, Wire>(resource: RemovableResource<Row, Wire>) {
  return { remove: removeVerb(resource), restore: restoreVerb(resource) };
}

/** List, read, register and replace: the verbs of a resource that is never removed through the API. */
export function writableVerbs<Row extends { id: string }, Wire, Input>(
  resource: RegistrableResource<Row, Wire, Input> & ReplaceableResource<Row, Wire, Input>,
) {
  return {
    list: listVerb(resource),
    read: readVerb(resource),
    create: createVerb(resource),
    replace: replaceVerb(resource),
  };
}

/** Every verb of a resource the API fully manages. */
export function crudVerbs<Row extends { id: string }, Wire, Input>(
  resource: RegistrableResource<Row, Wire, Input> &
    ReplaceableResource<Row, Wire, Input> &
    RemovableResource<Row, Wire>,
) {
  return { ...writableVerbs(resource), ...removableVerbs(resource) };
}
