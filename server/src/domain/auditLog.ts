import { type AuditFilters, type AuditRow, listAudit } from "@tsunagu/db";
import { requireMunicipality } from "./access";
import type { DomainContext } from "./context";

/**
 * The municipality's audit log (who read or changed whose personal data),
 * newest first, narrowed by the filters. Reading it is not itself audited:
 * it holds ids, never the personal data.
 */
export async function listAuditLog(
  ctx: DomainContext,
  code: string,
  filters: AuditFilters,
): Promise<{ items: AuditRow[] }> {
  await requireMunicipality(ctx.db, code);
  return { items: await listAudit(ctx.db, code, filters) };
}
