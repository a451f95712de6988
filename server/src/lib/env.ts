import type { Database } from "@tsunagu/db";
import type { Config } from "../config";
import type { Logger } from "./logger";

/** What the app needs from the outside world; tests inject their own. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** The clock; tests inject a fixed one so "a date in the past" is deterministic. Default: system time. */
  now?: () => Date;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
  };
}
