import { createRouter } from "../../lib/router";
import * as h from "./onboarding.handlers";
import * as r from "./onboarding.routes";

/** Bringing a real municipality in from its public files: boundary, population. */
export function onboardingRoutes() {
  return createRouter()
    .openapi(r.importBoundaryRoute, h.importBoundaryHandler)
    .openapi(r.importPopulationRoute, h.importPopulationHandler);
}
