import type { Config } from "../../config";
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
  router.use("/api/v1/municipalities/:code/requests", (c, next) =>
    c.req.method === "POST" ? limit(c, next) : next(),
  );
  return serve(router, r, h, [
    "createRequest",
    "listRequests",
    "getRequest",
    "transitionRequest",
    "searchRequests",
  ]);
}
