import { createRoute } from "@hono/zod-openapi";
import {
  EffectsLegsRequestSchema,
  EffectsLegsResponseSchema,
  EffectsWaitingRequestSchema,
  EffectsWaitingResponseSchema,
} from "@tsunagu/contract";
import { MLIT_WORKED_EXAMPLE, WAITING_EXAMPLE } from "@tsunagu/effects";
import { problemResponses } from "../../lib/openapi";

export const postEffectsLegs = createRoute({
  method: "post",
  path: "/api/v1/effects/legs",
  tags: ["effects"],
  summary: "CO₂ and 省力化 before vs after, leg by leg (public calculator)",
  description:
    "Computes one year's t-CO₂, ton-km and driver hours per leg by the method each leg names (燃料法, 燃費法, " +
    "改良トンキロ法, 従来トンキロ法, or electricity), with the rounding of the MLIT 総合効率化計画 application: rows to " +
    "0.1 t, totals from the unrounded rows rounded once, the reduction as the difference of rounded totals and its " +
    "rate over the rounded before-total (0.1 %). Factors: data/factors/factors.v1.json (共同ガイドライン Ver.3.1). " +
    "No sign-in; rate-limited per client. A leg missing an input its method needs → 422 naming the leg and the field.",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: EffectsLegsRequestSchema, example: MLIT_WORKED_EXAMPLE } },
    },
  },
  responses: {
    200: {
      content: { "application/json": { schema: EffectsLegsResponseSchema } },
      description:
        "Before, after and reduction (the example gives 566.9 → 394.3 t-CO₂, 172.6 t less, 30.4 %).",
    },
    ...problemResponses(400, 413, 415, 422, 429),
  },
});

export const postEffectsWaiting = createRoute({
  method: "post",
  path: "/api/v1/effects/waiting",
  tags: ["effects"],
  summary: "Truck waiting time (荷待ち時間) and its target (public calculator)",
  description:
    "Yearly waiting hours per site (trucks/day × operating days × share that waits × average wait, each site rounded " +
    "to whole hours before summing), the target cut in whole hours, and the resulting average wait per waiting " +
    "handling after the change (rounded to 0.1 h, then minutes), checked against the 30-minute rule.",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: EffectsWaitingRequestSchema, example: WAITING_EXAMPLE } },
    },
  },
  responses: {
    200: {
      content: { "application/json": { schema: EffectsWaitingResponseSchema } },
      description: "The form's lines.",
    },
    ...problemResponses(400, 413, 415, 422, 429),
  },
});
