import type { RouteHandler } from "@hono/zod-openapi";
import {
  changeRequestStatus,
  listRequestPage,
  readRequest,
  submitRequest,
} from "../../domain/requests/requests";
import { searchDayRequests } from "../../domain/requests/search";
import { domainContext } from "../../lib/domainContext";
import type { AppEnv } from "../../lib/env";
import type {
  createRequestRoute,
  getRequestRoute,
  listRequestsRoute,
  searchRequestsRoute,
  transitionRequestRoute,
} from "./requests.routes";

export const createRequestHandler: RouteHandler<typeof createRequestRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  const { logger } = c.get("deps");
  const { request, replayed } = await submitRequest(domainContext(c), code, c.req.valid("json"), {
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    onPlacementFailure: (requestId, error) =>
      logger.error("live placement failed; the request stays submitted", {
        requestId,
        message: error instanceof Error ? error.message : String(error),
      }),
  });
  if (replayed) c.header("idempotent-replayed", "true");
  c.header("location", `/api/v1/municipalities/${code}/requests/${request.id}`);
  return c.json(request, 201);
};

export const listRequestsHandler: RouteHandler<typeof listRequestsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await listRequestPage(domainContext(c), code, c.req.valid("query")), 200);
};

export const getRequestHandler: RouteHandler<typeof getRequestRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  return c.json(await readRequest(domainContext(c), code, id), 200);
};

export const transitionRequestHandler: RouteHandler<typeof transitionRequestRoute, AppEnv> = async (c) => {
  const { code, id } = c.req.valid("param");
  return c.json(await changeRequestStatus(domainContext(c), code, id, c.req.valid("json")), 200);
};

export const searchRequestsHandler: RouteHandler<typeof searchRequestsRoute, AppEnv> = async (c) => {
  const { code } = c.req.valid("param");
  return c.json(await searchDayRequests(domainContext(c), code, c.req.valid("query")), 200);
};
