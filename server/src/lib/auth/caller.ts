import type { AuditEntry, RequestScope } from "@tsunagu/db";
import type { Context } from "hono";
import type { AppEnv, Caller } from "../env";
import { ApiProblem } from "../problem";
import { clientAddress } from "./authorize";
import { PERMISSIONS } from "./permissions";

/** The signed-in caller; the authorize middleware has already refused anonymous calls to non-public operations. */
export function callerOf(c: Context<AppEnv>): Caller {
  const caller = c.get("caller");
  if (!caller) throw new ApiProblem(401, "unauthenticated", "Sign in first.");
  return caller;
}

/** The grant the permission table gives the caller's role on this operation. */
export function grantOf(c: Context<AppEnv>) {
  const caller = callerOf(c);
  const key = c.get("operation");
  const access = key ? PERMISSIONS[key] : undefined;
  if (access?.kind !== "roles") return undefined;
  return access.grants[caller.role];
}

/** Which requests the caller may see (object level), from their grant on this operation. */
export function requestScopeOf(c: Context<AppEnv>): RequestScope {
  const caller = callerOf(c);
  const grant = grantOf(c);
  if (grant === "own") {
    // A resident account without a linked resident row sees nothing, never everything.
    return { kind: "resident", residentId: caller.residentId ?? "\0none" };
  }
  if (grant === "run_sheet") return { kind: "run_sheet", driverId: caller.driverId };
  if (grant === "municipality") return { kind: "all" };
  throw new ApiProblem(403, "forbidden", `A ${caller.role} account may not do this.`);
}

/** An audit entry for the current request: who (ids only), when, from where. */
export function auditEntry(
  c: Context<AppEnv>,
  fields: {
    action: string;
    resourceType: string;
    resourceId?: string | null;
    residentId?: string | null;
    municipalityCode?: string | null;
  },
): AuditEntry {
  const caller = c.get("caller");
  const now = c.get("deps").now?.() ?? new Date();
  return {
    at: now.toISOString(),
    municipalityCode: fields.municipalityCode ?? caller?.municipalityCode ?? null,
    actorUserId: caller?.userId ?? null,
    actorRole: caller?.role ?? null,
    action: fields.action,
    resourceType: fields.resourceType,
    resourceId: fields.resourceId ?? null,
    residentId: fields.residentId ?? null,
    ip: clientAddress(c),
    requestId: c.get("requestId"),
  };
}
