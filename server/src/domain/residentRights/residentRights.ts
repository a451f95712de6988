/**
 * A resident's rights over their own data (APPI, GDPR-style): a copy of
 * everything held about them, and erasure. Both act on the caller's own
 * resident record only, and both are written to the audit log.
 */
import { tokyoDate } from "@tsunagu/contract";
import { appendAudit, type ErasureGeometry, eraseResident, residentDataExport } from "@tsunagu/db";
import { meshCentre, toMeshCode } from "@tsunagu/geo";
import { haversineMeters } from "@tsunagu/matching";
import { callerOf } from "../access";
import { auditEntry } from "../audit";
import type { DomainContext } from "../context";
import { DomainError } from "../errors";

/** The caller's resident record, or `not_found` for an account that has none. */
function ownResident(ctx: DomainContext): { code: string; residentId: string } {
  const caller = callerOf(ctx);
  if (!caller.residentId || !caller.municipalityCode)
    throw new DomainError("not_found", "This account is not linked to a resident record.");
  return { code: caller.municipalityCode, residentId: caller.residentId };
}

const noResident = () => new DomainError("not_found", "No resident record.");

/** Everything held about the caller, and the name of the file to save it as (dated in Japan). */
export async function exportOwnData(ctx: DomainContext) {
  const { code, residentId } = ownResident(ctx);
  const data = await residentDataExport(ctx.db, code, residentId);
  if (!data) throw noResident();
  await appendAudit(ctx.db, [
    auditEntry(ctx, { action: "export", resourceType: "resident", resourceId: residentId, residentId }),
  ]);
  return {
    fileName: `tsunagu-my-data-${tokyoDate(ctx.now)}.json`,
    data: { exportedAt: ctx.now.toISOString(), ...data },
  };
}

/** A home becomes the centre of its 500 m mesh cell (地域メッシュ 2分の1): near, but no house. */
const ERASURE_GEOMETRY: ErasureGeometry = {
  coarsen: (p) => meshCentre(toMeshCode(p.lat, p.lon, "half")),
  metres: haversineMeters,
};

/** Erases one resident of `code` (the query says what is kept for the statistics); the audit entry commits with it. */
async function erase(ctx: DomainContext, code: string, residentId: string): Promise<{ erasedAt: string }> {
  const erased = await eraseResident(
    ctx.db,
    code,
    residentId,
    ctx.now,
    auditEntry(ctx, {
      action: "erase",
      resourceType: "resident",
      resourceId: residentId,
      residentId,
      municipalityCode: code,
    }),
    ERASURE_GEOMETRY,
  );
  if (!erased) throw noResident();
  return { erasedAt: ctx.now.toISOString() };
}

/** Erases the caller's personal data and closes their accounts. */
export async function eraseOwnData(ctx: DomainContext): Promise<{ erasedAt: string }> {
  const { code, residentId } = ownResident(ctx);
  return erase(ctx, code, residentId);
}

/**
 * The municipality erases a resident at their request made in person or on
 * paper (staff only): the same erasure as the resident's own.
 */
export async function eraseResidentData(
  ctx: DomainContext,
  code: string,
  residentId: string,
): Promise<{ erasedAt: string }> {
  return erase(ctx, code, residentId);
}
