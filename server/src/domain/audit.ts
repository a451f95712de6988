import { type AuditEntry, appendAudit } from "@tsunagu/db";
import type { DomainContext } from "./context";

/** What was done to which record (and whose personal data it touched). */
export interface AuditFields {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  residentId?: string | null;
  municipalityCode?: string | null;
}

/** An audit entry for the verb being run: who (ids only), when, from where. */
export function auditEntry(ctx: DomainContext, fields: AuditFields): AuditEntry {
  return {
    at: ctx.now.toISOString(),
    municipalityCode: fields.municipalityCode ?? ctx.caller?.municipalityCode ?? null,
    actorUserId: ctx.caller?.userId ?? null,
    actorRole: ctx.caller?.role ?? null,
    action: fields.action,
    resourceType: fields.resourceType,
    resourceId: fields.resourceId ?? null,
    residentId: fields.residentId ?? null,
    ip: ctx.trace.ip ?? "unknown",
    requestId: ctx.trace.requestId,
  };
}

/** One `read` entry per request shown that names a resident (lists, plans, the call list). */
export function auditRequestReads(
  ctx: DomainContext,
  code: string,
  rows: Iterable<{ id: string; residentId: string | null }>,
): Promise<void> {
  return appendAudit(
    ctx.db,
    [...rows]
      .filter((r) => r.residentId !== null)
      .map((r) =>
        auditEntry(ctx, {
          action: "read",
          resourceType: "request",
          resourceId: r.id,
          residentId: r.residentId,
          municipalityCode: code,
        }),
      ),
  );
}
