import { z } from "@hono/zod-openapi";
import {
  EffectsExportFormatSchema,
  EffectsLegsRequestSchema,
  EffectsLegsResponseSchema,
  EffectsWaitingRequestSchema,
  EffectsWaitingResponseSchema,
  EffectsWorkedExampleResponseSchema,
} from "@tsunagu/contract";
import { MLIT_WORKED_EXAMPLE, WAITING_EXAMPLE } from "@tsunagu/effects";
import { problemResponses } from "../../lib/openapi";
import { jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("effects");

export const postEffectsLegs = route("post", "/api/v1/effects/legs", {
  summary: "CO₂ and 省力化 before vs after, leg by leg (public calculator)",
  description:
    "Computes one year's t-CO₂, ton-km and driver hours per leg by the method each leg names (燃料法, 燃費法, " +
    "改良トンキロ法, 従来トンキロ法, or electricity), with the rounding of the MLIT 総合効率化計画 application: rows to " +
    "0.1 t, totals from the unrounded rows rounded once, the reduction as the difference of rounded totals and its " +
    "rate over the rounded before-total (0.1 %). Factors: data/factors/factors.v1.json (共同ガイドライン Ver.3.1). " +
    "No sign-in; rate-limited per client. A leg missing an input its method needs → 422 naming the leg and the field.",
  request: { body: jsonBody(EffectsLegsRequestSchema, { example: MLIT_WORKED_EXAMPLE }) },
  responses: {
    200: jsonResponse(
      EffectsLegsResponseSchema,
      "Before, after and reduction (the example gives 566.9 → 394.3 t-CO₂, 172.6 t less, 30.4 %).",
    ),
    ...problemResponses(429),
  },
});

export const postEffectsWaiting = route("post", "/api/v1/effects/waiting", {
  summary: "Truck waiting time (荷待ち時間) and its target (public calculator)",
  description:
    "Yearly waiting hours per site (trucks/day × operating days × share that waits × average wait, each site rounded " +
    "to whole hours before summing), the target cut in whole hours, and the resulting average wait per waiting " +
    "handling after the change (rounded to 0.1 h, then minutes), checked against the 30-minute rule.",
  request: { body: jsonBody(EffectsWaitingRequestSchema, { example: WAITING_EXAMPLE }) },
  responses: {
    200: jsonResponse(EffectsWaitingResponseSchema, "The form's lines."),
    ...problemResponses(429),
  },
});

/** Media types of the downloadable report. */
export const EXPORT_MEDIA_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

const binary = z.string().meta({ format: "binary" });

export const postEffectsLegsExport = route("post", "/api/v1/effects/legs/export", {
  summary: "The calculator's answer as the application's CO₂ table, as CSV or XLSX (public)",
  description:
    "Same body and same engine result as POST /api/v1/effects/legs, returned as a file (content-disposition: " +
    "attachment) in the layout of the 総合効率化計画 application: for 現行 and 計画, one row per leg with 区間, 発地, " +
    "着地, 主な輸送方法, 距離(km), 積載率(%), 輸送量(t/年), 原単位(ℓ/t·km), 発熱量(GJ/kℓ), 排出係数(tC/GJ), 44/12, " +
    "排出CO₂(t-CO₂/年), 算定方法 and 備考, then the total; last, the reduction of t-CO₂, driver hours and truck " +
    "ton-km with their rates. CSV is UTF-8 with a BOM and CRLF line ends so Excel opens it. Rate-limited like the " +
    "calculator.",
  request: {
    query: z.object({ format: EffectsExportFormatSchema }),
    body: jsonBody(EffectsLegsRequestSchema, { example: MLIT_WORKED_EXAMPLE }),
  },
  responses: {
    200: {
      content: {
        [EXPORT_MEDIA_TYPES.csv]: { schema: binary },
        [EXPORT_MEDIA_TYPES.xlsx]: { schema: binary },
      },
      description: "The file, as an attachment (tsunagu-co2-report.csv or .xlsx).",
    },
    ...problemResponses(429),
  },
});

export const getEffectsWorkedExample = route("get", "/api/v1/effects/examples/worked", {
  summary: "The published worked examples, as calculator inputs",
  description:
    "The engine's own copy of the MLIT guide's worked example (the one its tests reproduce to the digit) and a " +
    "荷待ち時間 example, so a client can fill in the calculator without keeping a copy. Rate-limited like the calculator.",
  responses: {
    200: jsonResponse(
      EffectsWorkedExampleResponseSchema,
      "Request bodies for POST /api/v1/effects/legs and /waiting.",
    ),
    ...problemResponses(429),
  },
});
