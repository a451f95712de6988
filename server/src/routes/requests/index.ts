import type { Config } from "../../config";
import { rateLimit } from "../../lib/rateLimit";
import { createRouter } from "../../lib/router";
import {
  createRequestHandler,
  getRequestHandler,
  listRequestsHandler,
  searchRequestsHandler,
  transitionRequestHandler,
} from "./requests.handlers";
import {
  createRequestRoute,
  getRequestRoute,
  listRequestsRoute,
  searchRequestsRoute,
  transitionRequestRoute,
} from "./requests.routes";

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
  return router
    .openapi(createRequestRoute, createRequestHandler)
    .openapi(listRequestsRoute, listRequestsHandler)
    .openapi(getRequestRoute, getRequestHandler)
    .openapi(transitionRequestRoute, transitionRequestHandler)
    .openapi(searchRequestsRoute, searchRequestsHandler);
}
