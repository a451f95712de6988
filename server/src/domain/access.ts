import { type Db, findMunicipality, type RequestScope } from "@tsunagu/db";
import type { Caller, DomainContext } from "./context";
import { DomainError, forbidden } from "./errors";

/** The caller, for verbs that need one (the authorisation layer has already refused anonymous calls). */
export function callerOf(ctx: DomainContext): Caller {
  if (!ctx.caller) throw new DomainError("unauthenticated", "Sign in first.");
  return ctx.caller;
}

/** Which requests the caller may see (object level), from their grant on the operation. */
export function requestScopeOf(ctx: DomainContext): RequestScope {
  const caller = callerOf(ctx);
  if (caller.grant === "own") {
    // A resident account without a linked resident row sees nothing, never everything.
    return { kind: "resident", residentId: caller.residentId ?? "\0none" };
  }
  if (caller.grant === "run_sheet") return { kind: "run_sheet", driverId: caller.driverId };
  if (caller.grant === "municipality") return { kind: "all" };
  throw forbidden(`A ${caller.role} account may not do this.`);
}

/** The municipality, or `not_found`. */
export async function requireMunicipality(db: Db, code: string) {
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new DomainError("not_found", `No municipality ${code}.`);
  return municipality;
}

/**
 * The database for a verb on municipality `code`, once that municipality is
 * known to exist (`not_found` otherwise): the first step of most tenant verbs.
 */
export async function municipalityDb(ctx: DomainContext, code: string): Promise<Db> {
  await requireMunicipality(ctx.db, code);
  return ctx.db;
}
