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
import { answer } from "../answer";
import * as r from "./requests.routes";

export const createRequestHandler: RouteHandler<typeof r.createRequestRoute, AppEnv> = async (c) => {
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

export const listRequestsHandler = answer(r.listRequestsRoute, 200, (ctx, { param, query }) =>
  listRequestPage(ctx, param.code, query),
);

export const getRequestHandler = answer(r.getRequestRoute, 200, (ctx, { param }) =>
  readRequest(ctx, param.code, param.id),
);

export const transitionRequestHandler = answer(r.transitionRequestRoute, 200, (ctx, { param, json }) =>
  changeRequestStatus(ctx, param.code, param.id, json),
);

export const searchRequestsHandler = answer(r.searchRequestsRoute, 200, (ctx, { param, query }) =>
  searchDayRequests(ctx, param.code, query),
);
