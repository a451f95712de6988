import { createRouter, serve } from "../../lib/router";
import * as h from "./municipalities.handlers";
import * as r from "./municipalities.routes";

/** The platform operator's municipalities and mail outbox. */
export function municipalityRoutes() {
  return serve(createRouter(), r, h, [
    "createMunicipality",
    "listManaged",
    "archive",
    "unarchive",
    "reinvite",
    "outbox",
  ]);
}
