import { createRouter } from "../../lib/router";
import * as h from "./municipalities.handlers";
import * as r from "./municipalities.routes";

/** The platform operator's municipalities and mail outbox. */
export function municipalityRoutes() {
  return createRouter()
    .openapi(r.createMunicipalityRoute, h.createMunicipalityHandler)
    .openapi(r.listManagedRoute, h.listManagedHandler)
    .openapi(r.archiveRoute, h.archiveHandler)
    .openapi(r.unarchiveRoute, h.unarchiveHandler)
    .openapi(r.reinviteRoute, h.reinviteHandler)
    .openapi(r.outboxRoute, h.outboxHandler);
}
