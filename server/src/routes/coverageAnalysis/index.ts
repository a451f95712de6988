import { createRouter } from "../../lib/router";
import { coverageExportHandler, coverageHandler, stopServiceHandler } from "./coverage.handlers";
import { coverageExportRoute, coverageRoute, stopServiceRoute } from "./coverage.routes";

export function coverageRoutes() {
  return createRouter()
    .openapi(stopServiceRoute, stopServiceHandler)
    .openapi(coverageRoute, coverageHandler)
    .openapi(coverageExportRoute, coverageExportHandler);
}
