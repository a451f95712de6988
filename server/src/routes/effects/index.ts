import { rateLimit } from "../../lib/rateLimit";
import { createRouter } from "../../lib/router";
import {
  effectsLegsExportHandler,
  effectsLegsHandler,
  effectsWaitingHandler,
  effectsWorkedExampleHandler,
} from "./effects.handlers";
import {
  getEffectsWorkedExample,
  postEffectsLegs,
  postEffectsLegsExport,
  postEffectsWaiting,
} from "./effects.routes";
import { costSharingHandler, effectsHistoryHandler, runEffectsHandler } from "./planEffects.handlers";
import { getEffectsHistoryRoute, getRunEffectsRoute, postCostSharingRoute } from "./planEffects.routes";

/**
 * The public calculator: no sign-in, so it is rate-limited per client (a burst
 * of 30, then one request every 2 s). One bucket set per app instance.
 */
export function effectsRoutes(
  limits: { capacity: number; refillPerSecond: number } = { capacity: 30, refillPerSecond: 0.5 },
) {
  const router = createRouter();
  router.use("/api/v1/effects/*", rateLimit(limits));
  return (
    router
      .openapi(postEffectsLegs, effectsLegsHandler)
      .openapi(postEffectsWaiting, effectsWaitingHandler)
      .openapi(postEffectsLegsExport, effectsLegsExportHandler)
      .openapi(getEffectsWorkedExample, effectsWorkedExampleHandler)
      // Tenant-scoped, signed-in (see permissions.ts): not under the calculator's rate limit.
      .openapi(getRunEffectsRoute, runEffectsHandler)
      .openapi(getEffectsHistoryRoute, effectsHistoryHandler)
      .openapi(postCostSharingRoute, costSharingHandler)
  );
}
