import { createRouter } from "../../lib/router";
import { healthHandler } from "./health.handlers";
import { getHealth } from "./health.routes";

export function healthRoutes() {
  return createRouter().openapi(getHealth, healthHandler);
}
