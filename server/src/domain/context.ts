/**
 * The domain layer's one input shape. A verb is a plain async function of a
 * `DomainContext` and its own input; it returns a result or throws a
 * `DomainError` (./errors). It knows nothing of HTTP: routes build the
 * context from the request (lib/domainContext.ts), the CLI and the job
 * runner build it themselves.
 */
import type { Db, Role } from "@tsunagu/db";

/**
 * What one role may reach through one operation (the permission table's word):
 * - `municipality`: anything of the caller's own municipality (platform admin: any municipality);
 * - `own`: only the caller's own objects (a resident's own requests, their own account);
 * - `run_sheet`: only what the driver's run sheets grant: the approved routes of the vehicles he may drive.
 */
export type Grant = "municipality" | "own" | "run_sheet";

/** The signed-in account a verb acts for. */
export interface Caller {
  userId: string;
  role: Role;
  /** Null only for platform admins. */
  municipalityCode: string | null;
  /** The linked residents row of a resident account. */
  residentId: string | null;
  /** The linked drivers row of a driver account. */
  driverId: string | null;
  /**
   * What the caller's role may reach through the operation being carried out;
   * undefined for operations open to any signed-in account (and for public ones).
   */
  grant?: Grant | undefined;
}

/** Where a call came from: written to the audit log with every access to personal data, nowhere else. */
export interface Trace {
  requestId: string | null;
  ip: string | null;
}

export interface DomainContext {
  db: Db;
  /** The moment the verb runs at: "today" in Japan, deadlines and audit times all come from it. */
  now: Date;
  /** Undefined for public operations and for system work (seed, jobs) done on nobody's behalf. */
  caller: Caller | undefined;
  trace: Trace;
}
