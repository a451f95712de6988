import type { AppRouter } from "../lib/router";
import { coverageRoutes } from "./coverageAnalysis";
import { effectsRoutes } from "./effects";
import { gtfsRoutes } from "./gtfs";
import { healthRoutes } from "./health";
import { mapRoutes } from "./map";
import { registryRoutes } from "./registry";
import { requestRoutes } from "./requests";

/** Every resource's router, mounted once. Add a resource with one line here. */
export function registerRoutes(app: AppRouter) {
  app.route("/", healthRoutes());
  app.route("/", mapRoutes());
  app.route("/", effectsRoutes());
  app.route("/", requestRoutes());
  app.route("/", gtfsRoutes());
  app.route("/", registryRoutes());
  app.route("/", coverageRoutes());
}
