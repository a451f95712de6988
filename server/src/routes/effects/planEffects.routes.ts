import {
  CostSharingRequestSchema,
  CostSharingStreamLineSchema,
  EffectsHistoryResponseSchema,
  PlanBaselineQuerySchema,
  PlanEffectsResponseSchema,
} from "@tsunagu/contract";
import { z } from "zod";
import { problemResponses } from "../../lib/openapi";
import { TenantParams } from "../../lib/params";
import { jsonBody, jsonResponse, taggedRoutes } from "../../lib/routeShapes";

const route = taggedRoutes("effects");

const m = "/api/v1/municipalities/{code}";

export const getRunEffectsRoute = route("get", `${m}/match-runs/{runId}/effects`, {
  summary: "CO₂ and 省力化 of one run's plan against every request travelling alone",
  description:
    "Before = each served request alone (a ride by private car door to door, a parcel by a dedicated light-van round " +
    "trip; defaults in `baseline`); after = what the plan's vehicles add: every road route in full, nothing for a leg " +
    "on a timetabled bus, kWh × grid factor for a drone flight. Per-request allocation of each vehicle's emissions " +
    "(empty running included) by mass × distance on board (ISO 14083 / GLEC style; a passenger counts 100 kg). " +
    "Roles: municipal staff and coordinators. 409 run_not_done until the run has finished; 409 " +
    "plan_effects_unavailable (with errors) when a planned vehicle lacks its fuel economy.",
  request: {
    params: TenantParams.extend({ runId: z.string().min(1).max(100) }),
    query: PlanBaselineQuerySchema,
  },
  responses: { 200: jsonResponse(PlanEffectsResponseSchema, "The effects."), ...problemResponses(409) },
});

export const getEffectsHistoryRoute = route("get", `${m}/effects/history`, {
  summary: "Month and year roll-ups of the effects of the approved plans",
  description:
    "One plan per date — the approved run (approved routes, and the requests whose every vehicle leg is on one) — " +
    "summed unrounded per month and for the year, then rounded once (t-CO₂ 0.1 t, km and hours whole), reductions " +
    "as differences of rounded totals (EMISSIONS.md). Roles: municipal staff and coordinators.",
  request: {
    params: TenantParams,
    query: PlanBaselineQuerySchema.extend({ year: z.coerce.number().int().min(2000).max(2100) }),
  },
  responses: { 200: jsonResponse(EffectsHistoryResponseSchema, "The roll-ups.") },
});

export const postCostSharingRoute = route("post", `${m}/cost-sharing`, {
  summary: "Who pays what: usage share and Shapley value, by re-running the matching per coalition",
  description:
    "Each party brings its organisations' vehicles and the requests attributed to it: a parcel goes to the party " +
    "of the organisation of its pick-up place, else of its drop-off place; rides, and parcels between places of no " +
    "organisation, go to the `residents` party, which also brings the vehicles of no organisation; parcels of an " +
    "organisation no party lists are left out (counted in unattributedRequests). v(S) = the cost of serving S's " +
    "requests of the period (all but cancelled) with S's vehicles only, day by day: yen per km + yen per vehicle shift + a taxi fare per " +
    "unserved request, or everything by taxi when that is cheaper; computed by re-running the matching engine per " +
    "coalition and day with a fixed iteration budget (deterministic). The Shapley value is exact up to 10 parties " +
    "(every coalition) and estimated from random orderings for 11–20 parties (seeded, with each share's standard " +
    "error). At most 8,000 coalition-day matchings are run per request (about 100 s); a longer period is refused " +
    "with 422 naming body.to. Both allocations are scaled to `yearlyCost`; `standAlone` is v({party}) on the same " +
    "scale. The answer is streamed as newline-delimited JSON (CostSharingStreamLine): `progress` lines while the " +
    "matchings run, then one `result` line (or an `error` line). Bad input is a 422 problem+json before any line. " +
    "One computation runs per server process at a time; another meanwhile gets 429 cost_sharing_busy (Retry-After).",
  request: { params: TenantParams, body: jsonBody(CostSharingRequestSchema) },
  responses: {
    200: {
      content: { "application/x-ndjson": { schema: CostSharingStreamLineSchema } },
      description: "Progress lines, then the two allocations (one JSON object per line).",
    },
    ...problemResponses(429),
  },
});
