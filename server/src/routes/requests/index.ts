import { createRouter } from "../../lib/router";
import {
  createRequestHandler,
  getRequestHandler,
  listRequestsHandler,
  transitionRequestHandler,
} from "./requests.handlers";
import {
  createRequestRoute,
  getRequestRoute,
  listRequestsRoute,
  transitionRequestRoute,
} from "./requests.routes";

export function requestRoutes() {
  return createRouter()
    .openapi(createRequestRoute, createRequestHandler)
    .openapi(listRequestsRoute, listRequestsHandler)
    .openapi(getRequestRoute, getRequestHandler)
    .openapi(transitionRequestRoute, transitionRequestHandler);
}
