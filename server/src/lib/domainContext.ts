import type { Context } from "hono";
import type { DomainContext } from "../domain/context";
import { clientAddress } from "./auth/authorize";
import { PERMISSIONS } from "./auth/permissions";
import type { AppEnv } from "./env";

/**
 * The domain context of one HTTP request: the database, the app's clock, the
 * signed-in caller with their grant on the matched operation (from the
 * permission table), and the request id and address for the audit log.
 */
export function domainContext(c: Context<AppEnv>): DomainContext {
  const deps = c.get("deps");
  const session = c.get("caller");
  const key = c.get("operation");
  const access = key ? PERMISSIONS[key] : undefined;
  return {
    db: deps.database.db,
    now: deps.now?.() ?? new Date(),
    caller: session && {
      userId: session.userId,
      role: session.role,
      municipalityCode: session.municipalityCode,
      residentId: session.residentId,
      driverId: session.driverId,
      grant: access?.kind === "roles" ? access.grants[session.role] : undefined,
    },
    trace: { requestId: c.get("requestId") ?? null, ip: clientAddress(c) },
  };
}
