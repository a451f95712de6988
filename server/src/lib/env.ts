import type { Database } from "@tsunagu/db";
import type { Config } from "../config";
import type { Caller as DomainCaller } from "../domain/context";
import type { Logger } from "./logger";

/** What the app needs from the outside world; tests inject their own. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** The clock; tests inject a fixed one so "a date in the past" is deterministic. Default: system time. */
  now?: () => Date;
  /** Aborted when the process shuts down: long-lived responses (event streams) end then. */
  shutdown?: AbortSignal;
}

/** The signed-in account behind a request, resolved once by the authorize middleware. */
export interface Caller extends Omit<DomainCaller, "grant"> {
  email: string;
  displayName: string;
  /** SHA-256 of the session id (the raw id never leaves the cookie). */
  sessionIdHash: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    /** Undefined when nobody is signed in. */
    caller: Caller | undefined;
    /** The permission-table key of the operation ("GET /api/v1/…/{id}"). */
    operation: string | undefined;
  };
}
