import type { Config } from "../config";
import type { AppRouter } from "../lib/router";
import { authRoutes } from "./auth";
import { coverageRoutes } from "./coverageAnalysis";
import { effectsRoutes } from "./effects";
import { gtfsRoutes } from "./gtfs";
import { healthRoutes } from "./health";
import { mapRoutes } from "./map";
import { matchRunRoutes } from "./matchRuns";
import { municipalityRoutes } from "./municipalities";
import { onboardingRoutes } from "./onboarding";
import { planRoutes } from "./plans";
import { registryRoutes } from "./registry";
import { requestRoutes } from "./requests";
import { runSheetRoutes } from "./runSheets";

/** Every resource's router, mounted once. Add a resource with one line here. */
export function registerRoutes(app: AppRouter, config: Config) {
  app.route("/", authRoutes(config));
  app.route("/", healthRoutes());
  app.route("/", mapRoutes());
  app.route("/", effectsRoutes());
  app.route("/", requestRoutes(config));
  app.route("/", gtfsRoutes());
  app.route("/", registryRoutes());
  app.route("/", onboardingRoutes());
  app.route("/", coverageRoutes());
  app.route("/", planRoutes());
  app.route("/", runSheetRoutes());
  app.route("/", matchRunRoutes());
  app.route("/", municipalityRoutes());
}
