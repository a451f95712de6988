import type { AuditEntry } from "@tsunagu/db";
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

/** One `read` of each request shown that belongs to a resident (request lists, plans, searches). */
export function requestReads(
  ctx: DomainContext,
  code: string,
  rows: readonly { id: string; residentId: string | null }[],
): AuditEntry[] {
  return rows.filter((r) => r.residentId !== null).map(requestAudit(ctx, code, "read"));
}

/** The audit entry of `action` on a request of `code` (and of its resident, if any). */
export function requestAudit(ctx: DomainContext, code: string, action: "read" | "update") {
  return (row: { id: string; residentId: string | null }): AuditEntry =>
    auditEntry(ctx, {
      action,
      resourceType: "request",
      resourceId: row.id,
      residentId: row.residentId,
      municipalityCode: code,
    });
}

/** One `read` of each resident whose name or phone was shown (run sheets, plans, searches). */
export function residentReads(ctx: DomainContext, code: string, residentIds: Iterable<string>): AuditEntry[] {
  return [...new Set(residentIds)].map((id) =>
    auditEntry(ctx, {
      action: "read",
      resourceType: "resident",
      resourceId: id,
      residentId: id,
      municipalityCode: code,
    }),
  );
}

/** Requests shown with their residents' names and phones: a read of each request and of each resident. */
export function peopleShown(
  ctx: DomainContext,
  code: string,
  rows: readonly { id: string; residentId: string | null }[],
): AuditEntry[] {
  return [
    ...requestReads(ctx, code, rows),
    ...residentReads(
      ctx,
      code,
      rows.flatMap((r) => (r.residentId ? [r.residentId] : [])),
    ),
  ];
}
