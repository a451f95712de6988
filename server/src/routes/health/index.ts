import { createRouter } from "../../lib/router";
import { healthHandler, metricsHandler } from "./health.handlers";
import { getHealth, getMetrics } from "./health.routes";

export function healthRoutes() {
  const router = createRouter();
  // The scraper's credential is a static bearer token, not a session (docs/operations.md).
  router.openAPIRegistry.registerComponent("securitySchemes", "metricsToken", {
    type: "http",
    scheme: "bearer",
    description: "The METRICS_TOKEN of the server's configuration.",
  });
  return router.openapi(getHealth, healthHandler).openapi(getMetrics, metricsHandler);
}
