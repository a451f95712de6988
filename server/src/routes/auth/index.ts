import type { Config } from "../../config";
import { rateLimit } from "../../lib/rateLimit";
import { createRouter, serve } from "../../lib/router";
import * as h from "./auth.handlers";
import * as r from "./auth.routes";

/** Sign-in and sessions, accounts, the audit log and residents' own-data rights. */
export function authRoutes(config: Config) {
  const router = createRouter();
  // Per client address: slows password guessing (ASVS 6.3.1) without locking the account out.
  // The buckets are in the database, so several server processes do not multiply the allowance.
  const perMinute = config.SIGNIN_PER_MINUTE / 60;
  router.use(
    "/api/v1/auth/sign-in",
    rateLimit({ capacity: config.SIGNIN_BURST, refillPerSecond: perMinute, shared: { name: "sign-in" } }),
  );
  for (const path of ["/api/v1/auth/password-reset", "/api/v1/auth/invitation"])
    router.use(
      path,
      rateLimit({
        capacity: config.SIGNIN_BURST,
        refillPerSecond: perMinute,
        shared: { name: "password-reset" },
      }),
    );
  return serve(router, r, h, [
    "signIn",
    "session",
    "signOut",
    "signOutEverywhere",
    "changePassword",
    "redeemReset",
    "acceptInvitation",
    "listUsers",
    "createUser",
    "issueReset",
    "disableUser",
    "enableUser",
    "auditLog",
    "myData",
    "eraseMe",
    "eraseResident",
  ]);
}
