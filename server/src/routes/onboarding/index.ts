import { createRouter } from "../../lib/router";
import * as h from "./onboarding.handlers";
import * as r from "./onboarding.routes";

/** Bringing a real municipality in from its public files: boundary, population, the registers as CSV/XLSX. */
export function onboardingRoutes() {
  const router = createRouter()
    .openapi(r.importBoundaryRoute, h.importBoundaryHandler)
    .openapi(r.importPopulationRoute, h.importPopulationHandler)
    .openapi(r.onboardingStatusRoute, h.onboardingStatusHandler);
  for (const kind of r.REGISTER_ROUTE_KINDS) {
    const { importHandler, exportHandler } = h.registerHandlers(kind);
    router.openapi(r.registerImportRoute(kind), importHandler);
    router.openapi(r.registerExportRoute(kind), exportHandler);
  }
  return router;
}
