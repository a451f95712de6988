import type { Config } from "../config";
import type { LinkPolicy } from "../domain/accounts/links";

/**
 * Demo mode: the seeded fictional town of a non-production server (SEED_DEMO,
 * the default of `npm start`). Only then may an API response show a one-time
 * link; otherwise links go only to the account's own address, by mail.
 */
export function demoMode(config: Config): boolean {
  return config.SEED_DEMO && config.NODE_ENV !== "production";
}

/** Where links point, and whether a response may show them. */
export function linkPolicy(config: Config): LinkPolicy {
  return {
    baseUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    showLink: demoMode(config),
  };
}
