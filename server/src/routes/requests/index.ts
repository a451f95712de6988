import type { Config } from "../../config";
import { isAnsweredRetry } from "../../domain/requests/requests";
import { domainContext } from "../../lib/domainContext";
import { rateLimit } from "../../lib/rateLimit";
import { createRouter, serve } from "../../lib/router";
import * as h from "./requests.handlers";
import * as r from "./requests.routes";

export function requestRoutes(config: Config) {
  const router = createRouter();
  // Per account: a stuck button or a script cannot flood the coordinators' queue (429 problem+json).
  const limit = rateLimit({
    capacity: config.REQUEST_CREATE_BURST,
    refillPerSecond: config.REQUEST_CREATE_PER_MINUTE / 60,
    keyOf: (c) => c.get("caller")?.userId ?? "anonymous",
    // Shared by every server process on the database.
    shared: { name: "request-create" },
  });
  // A retry of an already answered Idempotency-Key gets its stored answer even when the limit is
  // spent: the client must learn whether its booking was stored (the handler replays it).
  router.use("/api/v1/municipalities/:code/requests", async (c, next) => {
    if (c.req.method !== "POST") return next();
    const key = c.req.header("idempotency-key");
    const code = c.req.param("code");
    if (key && code && (await isAnsweredRetry(domainContext(c), code, key))) return next();
    return limit(c, next);
  });
  return serve(router, r, h, [
    "createRequest",
    "listRequests",
    "getRequest",
    "transitionRequest",
    "searchRequests",
  ]);
}
